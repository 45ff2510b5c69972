"""The receiver's denoiser: a small U-Net on [noisy image ‖ upsampled coarse image], with SPADE
normalisation driven by the part map in every decoder block."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from models.world.parts import NUM_PARTS


def timestep_embedding(t: torch.Tensor, dim: int) -> torch.Tensor:
    """Sinusoidal features [B, dim] float32 of diffusion steps ``t`` [B] int64."""
    freqs = torch.exp(-math.log(10_000.0) * torch.arange(dim // 2, device=t.device) / (dim // 2))
    angles = t.float()[:, None] * freqs[None]
    return torch.cat([angles.sin(), angles.cos()], 1)


class Spade(nn.Module):
    """GroupNorm without its own affine, then a per-pixel scale and shift predicted from the map."""

    def __init__(self, channels: int, classes: int, hidden: int = 32) -> None:
        super().__init__()
        self.norm = nn.GroupNorm(4, channels, affine=False)
        self.shared = nn.Sequential(nn.Conv2d(classes, hidden, 3, padding=1), nn.SiLU())
        self.gamma, self.beta = nn.Conv2d(hidden, channels, 3, padding=1), nn.Conv2d(hidden, channels, 3, padding=1)

    def forward(self, x: torch.Tensor, segmap: torch.Tensor) -> torch.Tensor:
        h = self.shared(F.interpolate(segmap, size=x.shape[-2:], mode="nearest"))
        return self.norm(x) * (1 + self.gamma(h)) + self.beta(h)


class ResBlock(nn.Module):
    """Two 3×3 convs with the step embedding added between them; SPADE norms when ``classes``."""

    def __init__(self, c_in: int, c_out: int, t_dim: int, classes: int | None = None) -> None:
        super().__init__()
        self.spade = classes is not None
        self.norm1 = Spade(c_in, classes) if self.spade else nn.GroupNorm(4, c_in)
        self.norm2 = Spade(c_out, classes) if self.spade else nn.GroupNorm(4, c_out)
        self.conv1, self.conv2 = nn.Conv2d(c_in, c_out, 3, padding=1), nn.Conv2d(c_out, c_out, 3, padding=1)
        self.time = nn.Linear(t_dim, c_out)
        self.skip = nn.Conv2d(c_in, c_out, 1) if c_in != c_out else nn.Identity()

    def _norm(self, norm: nn.Module, x: torch.Tensor, segmap: torch.Tensor | None) -> torch.Tensor:
        return norm(x, segmap) if self.spade else norm(x)

    def forward(self, x: torch.Tensor, t_emb: torch.Tensor, segmap: torch.Tensor | None = None) -> torch.Tensor:
        h = self.conv1(F.silu(self._norm(self.norm1, x, segmap)))
        h = h + self.time(t_emb)[:, :, None, None]
        h = self.conv2(F.silu(self._norm(self.norm2, h, segmap)))
        return h + self.skip(x)


class SpadeUNet(nn.Module):
    """``forward(x_t [B, 3, H, W], coarse_up [B, 3, H, W] (both in [-1, 1]), t [B] int64,
    segmap [B, 9, H, W] one-hot float32) -> predicted noise [B, 3, H, W] float32``.

    Two downsamplings (H, W multiples of 4); encoder blocks see only the images, decoder blocks
    are SPADE-modulated by the map.
    """

    def __init__(self, width: int = 32, classes: int = NUM_PARTS) -> None:
        super().__init__()
        self.width, self.classes = width, classes
        w, t_dim = width, 4 * width
        self.t_mlp = nn.Sequential(nn.Linear(w, t_dim), nn.SiLU(), nn.Linear(t_dim, t_dim))
        self.inp = nn.Conv2d(6, w, 3, padding=1)
        self.enc1, self.enc2 = ResBlock(w, w, t_dim), ResBlock(w, 2 * w, t_dim)
        self.mid = ResBlock(2 * w, 2 * w, t_dim, classes)
        self.dec2 = ResBlock(4 * w, 2 * w, t_dim, classes)
        self.dec1 = ResBlock(3 * w, w, t_dim, classes)
        self.out = nn.Sequential(nn.GroupNorm(4, w), nn.SiLU(), nn.Conv2d(w, 3, 3, padding=1))

    def forward(self, x_t: torch.Tensor, coarse_up: torch.Tensor, t: torch.Tensor, segmap: torch.Tensor):
        emb = self.t_mlp(timestep_embedding(t, self.width))
        e1 = self.enc1(self.inp(torch.cat([x_t, coarse_up], 1)), emb)
        e2 = self.enc2(F.avg_pool2d(e1, 2), emb)
        m = self.mid(F.avg_pool2d(e2, 2), emb, segmap)
        d2 = self.dec2(torch.cat([F.interpolate(m, scale_factor=2.0), e2], 1), emb, segmap)
        d1 = self.dec1(torch.cat([F.interpolate(d2, scale_factor=2.0), e1], 1), emb, segmap)
        return self.out(d1)
