"""The encoder E: a face → W+ latents, trained with G so that G.synthesis(E(x)) ≈ x.

E gives inversion a starting point one forward pass away from the answer, and its latent
distribution is what the mapping network is trained to match (see :mod:`models.gan.training`).
"""
from __future__ import annotations

import torch
from torch import nn

from .layers import DownBlock, EqualConv2d, EqualLinear, lrelu

DELTA_FEATURES = 16


class Encoder(nn.Module):
    """images [B, 3, R, R] in [0, 1] → (w [B, w_dim], deltas [B, num_ws, w_dim]); ws = w + deltas.

    ``w`` passes through the same leaky ReLU as the mapping network's last layer, so E's w and
    G's mapped w live in the same set. ``deltas`` are the per-layer W+ offsets; their head starts
    at zero so E begins in W space and leaves it only where reconstruction pays for it.

    >>> E = Encoder(num_ws=4, w_dim=8, channels=(8, 16), seed=0)
    >>> w, deltas = E(torch.rand(2, 3, 8, 8))
    >>> tuple(w.shape), tuple(deltas.shape), tuple(E.ws(torch.rand(2, 3, 8, 8)).shape)
    ((2, 8), (2, 4, 8), (2, 4, 8))
    """

    def __init__(
        self, num_ws: int, w_dim: int, channels: tuple[int, ...] = (32, 64, 96, 128, 128), seed: int = 0
    ) -> None:
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.num_ws, self.w_dim, self.channels = num_ws, w_dim, tuple(channels)
        self.from_rgb = EqualConv2d(3, channels[0], 3, generator)
        self.blocks = nn.Sequential(*(DownBlock(a, b, generator) for a, b in zip(channels, channels[1:])))
        self.to_w = EqualLinear(channels[-1] * 16, w_dim, generator)
        self.squeeze = EqualConv2d(channels[-1], DELTA_FEATURES, 1, generator)
        self.to_deltas = EqualLinear(DELTA_FEATURES * 16, num_ws * w_dim, generator)
        with torch.no_grad():
            self.to_deltas.weight.zero_()

    def forward(self, images: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = self.blocks(lrelu(self.from_rgb(images * 2.0 - 1.0)))
        w = lrelu(self.to_w(x.flatten(1)))
        deltas = self.to_deltas(lrelu(self.squeeze(x)).flatten(1)).view(-1, self.num_ws, self.w_dim)
        return w, deltas

    def ws(self, images: torch.Tensor) -> torch.Tensor:
        """W+ latents [B, num_ws, w_dim] of ``images`` (w broadcast plus the per-layer deltas)."""
        w, deltas = self(images)
        return w[:, None, :] + deltas
