"""Lossless coding of a part-label map as a palette PNG (Pillow, zlib level 9), SPIC's map codec."""
from __future__ import annotations

import io

import numpy as np
from PIL import Image



class MapDecodeError(ValueError):
    """The received bytes are not a decodable PNG map of the expected size."""


def png_map_encode(parts: np.ndarray) -> bytes:
    """[H, W] integer part ids in 0..255 → palette PNG bytes (identity gray palette, no metadata).

    The encoder picks the smallest bit depth the values allow, so nine labels cost 4 bits per
    pixel before zlib; the achieved bpp is ``8 · len(bytes) / (H · W)``.

    >>> data = png_map_encode(np.zeros((64, 64), np.int64))
    >>> int(png_map_decode(data, 64, 64).max())
    0
    """
    labels = np.asarray(parts)
    if labels.ndim != 2 or labels.min(initial=0) < 0 or labels.max(initial=0) > 255:
        raise ValueError(f"need an [H, W] map of ids in 0..255, got shape {labels.shape}")
    buffer = io.BytesIO()
    bits = max(1, int(labels.max(initial=0)).bit_length())
    depth = next(d for d in (1, 2, 4, 8) if d >= bits)
    image = Image.fromarray(labels.astype(np.uint8), mode="L").convert("P")
    image.putpalette([v for i in range(256) for v in (i, i, i)])
    image.save(buffer, format="PNG", optimize=True, bits=depth)
    return buffer.getvalue()


def png_map_decode(data: bytes, height: int, width: int) -> np.ndarray:
    """PNG bytes → [height, width] int64 part ids; :class:`MapDecodeError` if not decodable."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            labels = np.asarray(picture, dtype=np.int64)
    except Exception as error:  # Pillow raises many types for corrupt streams
        raise MapDecodeError(f"{error.__class__.__name__}: {error}") from None
    if labels.shape != (height, width):
        raise MapDecodeError(f"decoded map size {labels.shape} differs from {(height, width)}")
    return labels
