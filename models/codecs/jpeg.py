"""JPEG at a target bit rate (Pillow), the source codec of the data-oriented baseline."""
from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image


@dataclass(frozen=True)
class JpegCode:
    """An encoded image: the JPEG bytes, the quality that produced them, and the achieved bpp."""

    data: bytes
    quality: int
    bpp: float


def to_uint8_hwc(image: np.ndarray) -> np.ndarray:
    """[3, H, W] float in [0, 1] → [H, W, 3] uint8."""
    return (np.clip(image, 0, 1).transpose(1, 2, 0) * 255.0 + 0.5).astype(np.uint8)


def from_uint8_hwc(pixels: np.ndarray) -> np.ndarray:
    """[H, W, 3] uint8 → [3, H, W] float32 in [0, 1]."""
    return (pixels.astype(np.float32) / 255.0).transpose(2, 0, 1).copy()


def _encode(pixels: np.ndarray, quality: int) -> bytes:
    buffer = io.BytesIO()
    # No optional metadata: every byte counts on the air.
    Image.fromarray(pixels).save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


def jpeg_encode(image: np.ndarray, target_bpp: float) -> JpegCode:
    """Encode at the highest quality whose size stays within ``target_bpp`` bits per pixel.

    If even quality 1 overshoots, quality 1 is used and the achieved bpp says so.

    Args:
        image: float32 [3, H, W] in [0, 1].
        target_bpp: bits per pixel (per H·W, all channels together).

    >>> code = jpeg_encode(np.full((3, 64, 64), 0.5, np.float32), target_bpp=2.0)
    >>> code.bpp <= 2.0
    True
    """
    pixels = to_uint8_hwc(image)
    n_pixels = pixels.shape[0] * pixels.shape[1]
    budget_bits = target_bpp * n_pixels
    low, high, best = 1, 95, None
    while low <= high:  # size grows with quality, so bisect
        quality = (low + high) // 2
        data = _encode(pixels, quality)
        if len(data) * 8 <= budget_bits:
            best, low = (data, quality), quality + 1
        else:
            high = quality - 1
    if best is None:
        best = (_encode(pixels, 1), 1)
    data, quality = best
    return JpegCode(data=data, quality=quality, bpp=len(data) * 8 / n_pixels)


class JpegDecodeError(ValueError):
    """The received bytes are not a decodable JPEG of the expected size."""


def jpeg_decode(data: bytes, height: int, width: int) -> np.ndarray:
    """Decode JPEG bytes into float32 [3, height, width]; raise :class:`JpegDecodeError` if impossible."""
    try:
        with Image.open(io.BytesIO(data)) as picture:
            picture.load()
            pixels = np.asarray(picture.convert("RGB"))
    except Exception as error:  # Pillow raises many types for corrupt streams
        raise JpegDecodeError(f"{error.__class__.__name__}: {error}") from None
    if pixels.shape[:2] != (height, width):
        raise JpegDecodeError(f"decoded size {pixels.shape[:2]} differs from {(height, width)}")
    return from_uint8_hwc(pixels)
