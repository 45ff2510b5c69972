"""The discriminator D: a residual conv net scoring how real a face looks."""
from __future__ import annotations

import torch
from torch import nn

from .layers import DownBlock, EqualConv2d, EqualLinear, lrelu

STDDEV_GROUP = 4


def minibatch_stddev(x: torch.Tensor, group: int = STDDEV_GROUP) -> torch.Tensor:
    """Append one channel holding the feature spread within groups of ``group`` samples.

    x [B, C, H, W] → [B, C + 1, H, W]. Lets D see a batch's variety, which discourages mode
    collapse; B must be divisible by the group size actually used (min(group, B)).
    """
    b, c, h, w = x.shape
    g = min(group, b)
    if b % g:
        raise ValueError(f"batch {b} is not divisible by the stddev group {g}")
    spread = x.view(g, b // g, c, h, w).var(dim=0, unbiased=False).add(1e-8).sqrt().mean(dim=(1, 2, 3))
    return torch.cat([x, spread.repeat(g)[:, None, None, None].expand(b, 1, h, w)], dim=1)


class Discriminator(nn.Module):
    """images [B, 3, R, R] in [0, 1] → realness logits [B] float32.

    ``channels[i]`` is the width at resolution R/2^i (R = 4·2^(len−1)); a 1×1 fromRGB, residual
    :class:`DownBlock` s down to 4×4, minibatch stddev, a 3×3 conv and two linear layers.

    >>> D = Discriminator(channels=(8, 16), seed=0)
    >>> tuple(D(torch.rand(4, 3, 8, 8)).shape)
    (4,)
    """

    def __init__(self, channels: tuple[int, ...] = (16, 32, 64, 128, 128), seed: int = 0) -> None:
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.channels = tuple(channels)
        self.from_rgb = EqualConv2d(3, channels[0], 1, generator)
        self.blocks = nn.Sequential(*(DownBlock(a, b, generator) for a, b in zip(channels, channels[1:])))
        self.final_conv = EqualConv2d(channels[-1] + 1, channels[-1], 3, generator)
        self.final_linear = EqualLinear(channels[-1] * 16, channels[-1], generator, activate=True)
        self.out = EqualLinear(channels[-1], 1, generator)

    @property
    def resolution(self) -> int:
        return 4 * 2 ** (len(self.channels) - 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        x = self.blocks(lrelu(self.from_rgb(images * 2.0 - 1.0)))
        x = lrelu(self.final_conv(minibatch_stddev(x)))
        return self.out(self.final_linear(x.flatten(1)))[:, 0]
