"""Differentiable structural-similarity losses: the stand-in for LPIPS in inversion and training.

LPIPS needs pretrained backbone weights that cannot be fetched here, so the perceptual term of
the inversion objective (paper eq. 8) is a named substitute: ``1 − MS-SSIM`` (default) or
``1 − SSIM``. Every result records which one it used (:data:`PERCEPTUAL_LOSSES` names).
"""
from __future__ import annotations

from typing import Callable

import torch
import torch.nn.functional as F

WINDOW_SIGMA = 1.5
WINDOW_SIZE = 7
MS_SSIM_WEIGHTS = (0.0448, 0.2856, 0.3001)
"""Wang et al. (2003) weights of the three finest scales; renormalised below, since a 64×64 image
has room for only three scales with a 7×7 window (16×16 is the coarsest)."""
K1, K2 = 0.01, 0.03


def _window(channels: int, like: torch.Tensor) -> torch.Tensor:
    """Separable Gaussian window [C, 1, S, S] (σ = 1.5 px, S = 7) for depthwise filtering."""
    coords = torch.arange(WINDOW_SIZE, dtype=like.dtype, device=like.device) - (WINDOW_SIZE - 1) / 2
    g = torch.exp(-(coords**2) / (2 * WINDOW_SIGMA**2))
    g = g / g.sum()
    return torch.outer(g, g).expand(channels, 1, WINDOW_SIZE, WINDOW_SIZE)


def _ssim_terms(x: torch.Tensor, y: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-image mean luminance·contrast·structure and contrast·structure terms, each [B].

    x, y: [B, C, H, W] float in [0, 1]; statistics over a valid (unpadded) Gaussian window.
    """
    c1, c2 = K1**2, K2**2
    window = _window(x.shape[1], x)
    blur = lambda t: F.conv2d(t, window, groups=x.shape[1])  # noqa: E731
    mu_x, mu_y = blur(x), blur(y)
    var_x = blur(x * x) - mu_x**2
    var_y = blur(y * y) - mu_y**2
    cov = blur(x * y) - mu_x * mu_y
    cs = (2 * cov + c2) / (var_x + var_y + c2)
    luminance = (2 * mu_x * mu_y + c1) / (mu_x**2 + mu_y**2 + c1)
    return (luminance * cs).flatten(1).mean(1), cs.flatten(1).mean(1)


def ssim(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Single-scale SSIM per image [B] of x, y [B, C, H, W] in [0, 1] (channels averaged).

    >>> x = torch.rand(2, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    >>> [round(v, 4) for v in ssim(x, x).tolist()]
    [1.0, 1.0]
    """
    return _ssim_terms(x, y)[0]


def ms_ssim(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """Three-scale MS-SSIM per image [B] of x, y [B, C, H, W] in [0, 1], H, W ≥ 28.

    Contrast-structure terms of the two finer scales and the full SSIM of the coarsest, raised
    to the renormalised Wang et al. weights; negative terms are clipped to 0 first so the
    product stays real.
    """
    weights = torch.tensor(MS_SSIM_WEIGHTS, dtype=x.dtype, device=x.device)
    weights = weights / weights.sum()
    value = torch.ones(x.shape[0], dtype=x.dtype, device=x.device)
    for scale, weight in enumerate(weights):
        full, cs = _ssim_terms(x, y)
        term = full if scale == len(weights) - 1 else cs
        value = value * term.clamp_min(1e-6) ** weight
        x, y = F.avg_pool2d(x, 2), F.avg_pool2d(y, 2)
    return value


PERCEPTUAL_LOSSES: dict[str, Callable[[torch.Tensor, torch.Tensor], torch.Tensor]] = {
    "ms-ssim": lambda x, y: 1.0 - ms_ssim(x, y),
    "ssim": lambda x, y: 1.0 - ssim(x, y),
    "none": lambda x, y: torch.zeros(x.shape[0], dtype=x.dtype, device=x.device),
}
"""Perceptual terms by name: each maps x, y [B, 3, H, W] in [0, 1] to a per-image loss [B] ≥ 0."""


def perceptual_loss(name: str) -> Callable[[torch.Tensor, torch.Tensor], torch.Tensor]:
    """The perceptual term called ``name``; an unknown name lists the valid ones."""
    if name not in PERCEPTUAL_LOSSES:
        raise ValueError(f"unknown perceptual loss {name!r}; expected one of {', '.join(PERCEPTUAL_LOSSES)}")
    return PERCEPTUAL_LOSSES[name]
