"""Mild degradations of received images (noise, blur, JPEG-like blocking) for robust training.

The judging networks (predictor P, identity network F) see images that crossed a noisy channel
or a lossy codec; training on lightly degraded copies keeps their verdicts stable on those.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

BLOCK = 8


def _dct_matrix(n: int = BLOCK) -> torch.Tensor:
    """Orthonormal DCT-II matrix [n, n] float32 (rows are frequencies)."""
    k = torch.arange(n, dtype=torch.float64)[:, None]
    x = torch.arange(n, dtype=torch.float64)[None, :]
    matrix = torch.cos(math.pi * (2 * x + 1) * k / (2 * n)) * math.sqrt(2.0 / n)
    matrix[0] /= math.sqrt(2.0)
    return matrix.float()


_DCT = _dct_matrix()
_FREQUENCY_WEIGHT = 1.0 + torch.arange(BLOCK)[:, None] + torch.arange(BLOCK)[None, :]


def blockify_dct(images: torch.Tensor, step: torch.Tensor) -> torch.Tensor:
    """JPEG-like loss: quantise each 8×8 block's DCT with steps growing with frequency.

    images: [B, C, H, W] float32 (H, W multiples of 8); step: [B] float32, the DC quantiser
    step in intensity units (0.02 is barely visible, 0.08 clearly blocky). Returns [B, C, H, W].
    """
    b, c, h, w = images.shape
    blocks = images.reshape(b, c, h // BLOCK, BLOCK, w // BLOCK, BLOCK).transpose(3, 4)
    coefficients = _DCT @ blocks @ _DCT.T
    q = step.view(b, 1, 1, 1, 1, 1) * _FREQUENCY_WEIGHT
    restored = _DCT.T @ (torch.round(coefficients / q) * q) @ _DCT
    return restored.transpose(3, 4).reshape(b, c, h, w)


def gaussian_blur(images: torch.Tensor, sigma: torch.Tensor) -> torch.Tensor:
    """Blur each image [B, C, H, W] with its own Gaussian ``sigma`` [B] (pixels, 5×5 kernel)."""
    b, c, h, w = images.shape
    offsets = torch.arange(-2, 3, dtype=images.dtype)
    kernel_1d = torch.exp(-(offsets[None, :] ** 2) / (2 * sigma[:, None].clamp(min=1e-3) ** 2))
    kernel_1d = kernel_1d / kernel_1d.sum(1, keepdim=True)
    kernel = (kernel_1d[:, :, None] * kernel_1d[:, None, :]).repeat_interleave(c, 0)[:, None]
    padded = F.pad(images.reshape(1, b * c, h, w), (2, 2, 2, 2), mode="replicate")
    return F.conv2d(padded, kernel, groups=b * c).reshape(b, c, h, w)


def degrade(images: torch.Tensor, generator: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    """A randomly, mildly degraded copy of ``images`` [B, 3, H, W] float32 in [0, 1].

    Each image independently gets, with probability 1/3 each, a JPEG-like blocking, a blur
    (σ up to 1.2 px) and additive Gaussian noise (σ up to 0.08), all scaled by ``strength``;
    about 30 % come through untouched. All draws come from ``generator``.
    """
    b = images.shape[0]
    draw = lambda: torch.rand(b, generator=generator)  # noqa: E731
    pick = lambda: (draw() < 1 / 3).view(b, 1, 1, 1)  # noqa: E731
    out = images
    out = torch.where(pick(), blockify_dct(out, (0.01 + 0.07 * draw()) * strength + 1e-4), out)
    out = torch.where(pick(), gaussian_blur(out, (0.3 + 0.9 * draw()) * strength), out)
    noise = torch.randn(images.shape, generator=generator) * (0.08 * strength * draw()).view(b, 1, 1, 1)
    out = torch.where(pick(), out + noise, out)
    return out.clamp(0.0, 1.0)
