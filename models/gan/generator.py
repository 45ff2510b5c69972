"""The StyleGAN2-style generator G: mapping network z → w, synthesis network W+ → image.

Images come out as ``raw · 0.5 + 0.5`` where ``raw`` is the usual StyleGAN2 output in ≈[−1, 1],
so G's images live in ≈[0, 1] like the face world's. They are *not* clamped (clamping would cut
the gradients that inversion and training need); clamp before display or metrics.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import torch
from torch import nn

from .layers import EqualLinear, StyledConv, ToRGB


@dataclass(frozen=True)
class GeneratorConfig:
    """Shape of a generator.

    ``channels[i]`` is the width at resolution 4·2^i, so ``len(channels)`` fixes the output
    resolution 4·2^(len−1). The mapping network has ``mapping_layers`` layers of width ``w_dim``
    (``z_dim`` must equal ``w_dim``, as in StyleGAN2) with learning-rate multiplier
    ``mapping_lr_mul``. Styled convs above ``noise_max_resolution`` get no noise input (None:
    every layer has one, as in StyleGAN2). The default stops at 32×32 because a model this
    small, trained this briefly, learned to turn 64×64 per-pixel noise into speckle on its
    random samples, and inverted held-out faces were sharper without it.
    """

    channels: tuple[int, ...] = (128, 128, 64, 32, 16)
    w_dim: int = 128
    mapping_layers: int = 4
    mapping_lr_mul: float = 1.0
    noise_max_resolution: int | None = 32

    def __post_init__(self) -> None:
        if len(self.channels) < 2 or min(self.channels) < 1 or self.w_dim < 1 or self.mapping_layers < 1:
            raise ValueError(f"invalid generator config {self}")

    @property
    def resolution(self) -> int:
        return 4 * 2 ** (len(self.channels) - 1)

    @property
    def num_ws(self) -> int:
        """Style inputs: one per conv and one for the last toRGB (toRGB i shares conv i+1's)."""
        return 2 * int(math.log2(self.resolution)) - 2

    def has_noise(self, resolution: int) -> bool:
        """Whether the styled convs at ``resolution`` take a noise input."""
        return self.noise_max_resolution is None or resolution <= self.noise_max_resolution

    def to_dict(self) -> dict:
        return {**asdict(self), "channels": list(self.channels)}

    @classmethod
    def from_dict(cls, values: dict) -> GeneratorConfig:
        return cls(**{**values, "channels": tuple(values["channels"])})


class MappingNetwork(nn.Module):
    """z [B, w_dim] → w [B, w_dim]: pixel-norm, then ``layers`` equalised linear + leaky ReLU."""

    def __init__(self, config: GeneratorConfig, generator: torch.Generator) -> None:
        super().__init__()
        self.layers = nn.ModuleList(
            EqualLinear(config.w_dim, config.w_dim, generator, lr_mul=config.mapping_lr_mul, activate=True)
            for _ in range(config.mapping_layers)
        )

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        x = z * torch.rsqrt(z.square().mean(dim=1, keepdim=True) + 1e-8)
        for layer in self.layers:
            x = layer(x)
        return x


class SynthesisNetwork(nn.Module):
    """ws [B, num_ws, w_dim] → images [B, 3, R, R] float32 in ≈[0, 1].

    A learned constant [1, C₀, 4, 4]; at 4×4 one styled conv and a toRGB; at each further
    resolution an upsampling styled conv, a styled conv and a toRGB whose output is added to the
    2×-upsampled running RGB image (skip architecture). Conv k uses ws[:, k]; toRGB k uses the
    style index after its block's last conv.
    """

    def __init__(self, config: GeneratorConfig, generator: torch.Generator) -> None:
        super().__init__()
        c, w_dim = config.channels, config.w_dim
        self.const = nn.Parameter(torch.randn(1, c[0], 4, 4, generator=generator))
        self.conv1 = StyledConv(c[0], c[0], w_dim, 4, generator, noise=config.has_noise(4))
        self.to_rgb1 = ToRGB(c[0], w_dim, generator)
        self.convs = nn.ModuleList()
        self.to_rgbs = nn.ModuleList()
        for level in range(1, len(c)):
            resolution = 4 * 2**level
            noise = config.has_noise(resolution)
            self.convs.append(
                StyledConv(c[level - 1], c[level], w_dim, resolution, generator, upsample=True, noise=noise)
            )
            self.convs.append(StyledConv(c[level], c[level], w_dim, resolution, generator, noise=noise))
            self.to_rgbs.append(ToRGB(c[level], w_dim, generator))
        self.num_ws = config.num_ws

    def forward(self, ws: torch.Tensor) -> torch.Tensor:
        if ws.dim() != 3 or ws.shape[1] != self.num_ws:
            raise ValueError(f"ws must be [B, {self.num_ws}, w_dim], got {tuple(ws.shape)}")
        x = self.conv1(self.const.expand(ws.shape[0], -1, -1, -1), ws[:, 0])
        skip = self.to_rgb1(x, ws[:, 1], None)
        for block, to_rgb in enumerate(self.to_rgbs):
            k = 2 * block + 1
            x = self.convs[2 * block](x, ws[:, k])
            x = self.convs[2 * block + 1](x, ws[:, k + 1])
            skip = to_rgb(x, ws[:, k + 2], skip)
        return skip * 0.5 + 0.5


class Generator(nn.Module):
    """G = synthesis ∘ broadcast ∘ mapping.

    ``w_avg`` [w_dim] is the mean w of the mapping network (the truncation centre and the
    default starting point of inversion).

    >>> G = Generator(GeneratorConfig(channels=(16, 8), w_dim=8, mapping_layers=1), seed=0)
    >>> z = torch.randn(2, G.w_dim, generator=torch.Generator().manual_seed(0))
    >>> tuple(G(z).shape), G.num_ws, tuple(G.mapping(z).shape)
    ((2, 3, 8, 8), 4, (2, 8))
    """

    def __init__(self, config: GeneratorConfig = GeneratorConfig(), seed: int = 0) -> None:
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.config = config
        self.mapping = MappingNetwork(config, generator)
        self.synthesis = SynthesisNetwork(config, generator)
        self.register_buffer("w_avg", torch.zeros(config.w_dim))

    @property
    def num_ws(self) -> int:
        return self.config.num_ws

    @property
    def w_dim(self) -> int:
        return self.config.w_dim

    @property
    def z_dim(self) -> int:
        return self.config.w_dim

    @property
    def resolution(self) -> int:
        return self.config.resolution

    def broadcast(self, w: torch.Tensor) -> torch.Tensor:
        """w [B, w_dim] → ws [B, num_ws, w_dim] (the same style for every layer: W space)."""
        return w[:, None, :].expand(-1, self.num_ws, -1)

    def forward(self, z: torch.Tensor, truncation: float = 1.0) -> torch.Tensor:
        """z [B, w_dim] float32 → images [B, 3, R, R]; ``truncation`` < 1 pulls w toward ``w_avg``."""
        w = self.mapping(z)
        if truncation != 1.0:
            w = self.w_avg + truncation * (w - self.w_avg)
        return self.synthesis(self.broadcast(w))

    @torch.no_grad()
    def update_w_avg(self, num_samples: int = 4096, seed: int = 0) -> torch.Tensor:
        """Set ``w_avg`` to the mean of ``mapping(z)`` over ``num_samples`` seeded z; returns it."""
        z = torch.randn(num_samples, self.z_dim, generator=torch.Generator().manual_seed(seed))
        self.w_avg.copy_(self.mapping(z.to(self.w_avg.device)).mean(dim=0))
        return self.w_avg
