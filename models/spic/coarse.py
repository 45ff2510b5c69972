"""SPIC's coarse image: the picture downscaled ×4 (bicubic) and coded as lossy WebP (Pillow/libwebp).

At 64×64 the 16×16 thumbnail costs roughly 0.15–0.35 bits per full-resolution pixel for WebP
quality 30–90; JPEG's headers alone would cost more than that, hence WebP.
"""
from __future__ import annotations

import io

import numpy as np
from PIL import Image

from models.codecs.jpeg import from_uint8_hwc, to_uint8_hwc

SCALE = 4


class CoarseDecodeError(ValueError):
    """The received bytes are not a decodable WebP thumbnail of the expected size."""


def coarse_encode(image: np.ndarray, quality: int = 60) -> bytes:
    """[3, H, W] float32 in [0, 1] → WebP bytes of the [3, H/4, W/4] thumbnail (no metadata)."""
    _, height, width = image.shape
    small = Image.fromarray(to_uint8_hwc(image)).resize((width // SCALE, height // SCALE), Image.BICUBIC)
    buffer = io.BytesIO()
    small.save(buffer, format="WEBP", quality=int(quality), method=6)
    return buffer.getvalue()


def coarse_decode(data: bytes, height: int, width: int) -> np.ndarray:
    """WebP bytes → the thumbnail upsampled (bicubic) to [3, height, width] float32 in [0, 1]."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            small = picture.convert("RGB")
    except Exception as error:  # Pillow raises many types for corrupt streams
        raise CoarseDecodeError(f"{error.__class__.__name__}: {error}") from None
    if small.size != (width // SCALE, height // SCALE):
        raise CoarseDecodeError(f"thumbnail size {small.size} does not fit {width}x{height}")
    return from_uint8_hwc(np.asarray(small.resize((width, height), Image.BICUBIC)))
