"""Image-quality and bandwidth metrics: PSNR, SSIM, bpp and CBR."""
from __future__ import annotations

import numpy as np
from scipy.ndimage import gaussian_filter


def psnr_db(reference: np.ndarray, received: np.ndarray, peak: float = 1.0) -> float:
    """Peak signal-to-noise ratio in dB of two float images [C, H, W] in [0, peak]; inf if identical."""
    mse = float(np.mean((reference.astype(np.float64) - received.astype(np.float64)) ** 2))
    return float("inf") if mse == 0 else 10.0 * np.log10(peak**2 / mse)


def ssim(reference: np.ndarray, received: np.ndarray, peak: float = 1.0) -> float:
    """Structural similarity (Wang et al. 2004: Gaussian window σ = 1.5, K1 = 0.01, K2 = 0.03).

    Computed per channel of [C, H, W] float images and averaged.

    >>> x = np.random.default_rng(0).random((3, 32, 32))
    >>> round(ssim(x, x), 6)
    1.0
    """
    c1, c2 = (0.01 * peak) ** 2, (0.03 * peak) ** 2
    values = []
    for a, b in zip(reference.astype(np.float64), received.astype(np.float64)):
        blur = lambda z: gaussian_filter(z, sigma=1.5, truncate=3.5)  # noqa: E731 - 11x11 window
        mu_a, mu_b = blur(a), blur(b)
        var_a = blur(a * a) - mu_a**2
        var_b = blur(b * b) - mu_b**2
        cov = blur(a * b) - mu_a * mu_b
        index = ((2 * mu_a * mu_b + c1) * (2 * cov + c2)) / ((mu_a**2 + mu_b**2 + c1) * (var_a + var_b + c2))
        values.append(index.mean())
    return float(np.mean(values))


def bits_per_pixel(bits: int, height: int, width: int) -> float:
    """Payload bits per image pixel (all colour channels together)."""
    return bits / (height * width)


def channel_bandwidth_ratio(channel_uses: int, height: int, width: int, channels: int = 3) -> float:
    """CBR = k / (H·W·C), with k the number of complex channel uses."""
    return channel_uses / (height * width * channels)
