"""Building blocks shared by the generator, discriminator and encoder.

Every weight is stored at unit variance and scaled at run time (equalised learning rate), so one
Adam step moves every layer by the same relative amount whatever its fan-in. Initialisation
draws from an explicit ``torch.Generator``; no module touches the global random state.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

LRELU_GAIN = math.sqrt(2.0)
FIR = torch.tensor([1.0, 3.0, 3.0, 1.0])
"""The binomial 4-tap low-pass filter used around every 2× upsampling."""


def lrelu(x: torch.Tensor) -> torch.Tensor:
    """Leaky ReLU (slope 0.2) with the √2 gain that keeps activations at unit variance."""
    return F.leaky_relu(x, 0.2) * LRELU_GAIN


def fir_filter(x: torch.Tensor, pad: tuple[int, int], gain: float) -> torch.Tensor:
    """Depthwise 4×4 binomial filter of ``x`` [B, C, H, W] after padding ``pad`` = (before, after).

    Output [B, C, H + before + after − 3, W + …]; ``gain`` = 4 compensates the zeros of a 2×
    zero-insertion upsampling.
    """
    kernel = torch.outer(FIR, FIR).to(x)
    kernel = (kernel / kernel.sum() * gain).expand(x.shape[1], 1, 4, 4)
    x = F.pad(x, (pad[0], pad[1], pad[0], pad[1]))
    return F.conv2d(x, kernel, groups=x.shape[1])


def upsample2x(x: torch.Tensor) -> torch.Tensor:
    """2× upsampling [B, C, H, W] → [B, C, 2H, 2W]: zero insertion then the binomial filter."""
    b, c, h, w = x.shape
    spread = x.new_zeros(b, c, 2 * h, 2 * w)
    spread[:, :, ::2, ::2] = x
    return fir_filter(spread, (2, 1), gain=4.0)


class EqualLinear(nn.Module):
    """Fully connected layer ``x [B, in] → [B, out]`` with equalised learning rate.

    ``lr_mul`` < 1 slows the layer down (the mapping network uses it); ``activate`` applies
    :func:`lrelu` after the bias.
    """

    def __init__(
        self,
        in_features: int,
        out_features: int,
        generator: torch.Generator,
        *,
        bias_init: float = 0.0,
        lr_mul: float = 1.0,
        activate: bool = False,
    ) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.randn(out_features, in_features, generator=generator) / lr_mul)
        self.bias = nn.Parameter(torch.full((out_features,), float(bias_init)))
        self.scale = lr_mul / math.sqrt(in_features)
        self.lr_mul = lr_mul
        self.activate = activate

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        out = F.linear(x, self.weight * self.scale, self.bias * self.lr_mul)
        return lrelu(out) if self.activate else out


class EqualConv2d(nn.Module):
    """Plain k×k convolution ``[B, in, H, W] → [B, out, H, W]`` with equalised learning rate."""

    def __init__(
        self, in_channels: int, out_channels: int, kernel_size: int, generator: torch.Generator, *, bias: bool = True
    ) -> None:
        super().__init__()
        shape = (out_channels, in_channels, kernel_size, kernel_size)
        self.weight = nn.Parameter(torch.randn(shape, generator=generator))
        self.bias = nn.Parameter(torch.zeros(out_channels)) if bias else None
        self.scale = 1.0 / math.sqrt(in_channels * kernel_size**2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.conv2d(x, self.weight * self.scale, self.bias, padding=self.weight.shape[-1] // 2)


class ModulatedConv2d(nn.Module):
    """Style-modulated convolution ``x [B, in, H, W], w [B, w_dim] → [B, out, H', W']``.

    The style ``s = modulation(w)`` [B, in] scales the kernel's input channels per sample; with
    ``demodulate`` each output channel is then divided by the norm of its modulated kernel, which
    keeps activations at unit variance whatever the style. Scaling the *input* by ``s`` and the
    *output* by the demodulation factor is the same arithmetic as building one kernel per sample,
    but runs as a single ordinary convolution over the batch, which is far faster on a CPU.
    ``upsample`` doubles H and W with a stride-2 transposed convolution followed by the
    binomial filter (H' = 2H), as StyleGAN2 does.
    """

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: int,
        w_dim: int,
        generator: torch.Generator,
        *,
        demodulate: bool = True,
        upsample: bool = False,
    ) -> None:
        super().__init__()
        shape = (out_channels, in_channels, kernel_size, kernel_size)
        self.weight = nn.Parameter(torch.randn(shape, generator=generator))
        self.modulation = EqualLinear(w_dim, in_channels, generator, bias_init=1.0)
        self.scale = 1.0 / math.sqrt(in_channels * kernel_size**2)
        self.demodulate = demodulate
        self.upsample = upsample

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        style = self.modulation(w)
        weight = self.weight * self.scale
        x = x * style[:, :, None, None]
        if self.upsample:
            x = F.conv_transpose2d(x, weight.transpose(0, 1), stride=2)
            x = fir_filter(x, (1, 1), gain=4.0)
        else:
            x = F.conv2d(x, weight, padding=weight.shape[-1] // 2)
        if self.demodulate:
            norms = style.square() @ weight.square().sum(dim=(2, 3)).T
            x = x * torch.rsqrt(norms + 1e-8)[:, :, None, None]
        return x


class StyledConv(nn.Module):
    """Modulated 3×3 conv + fixed per-layer noise (learned strength) + bias + leaky ReLU.

    The noise map [1, 1, H, W] is a buffer drawn once from the seeded generator, so an image
    depends only on its latents: inversion and editing are deterministic. ``noise=False``
    builds the layer without one (no ``noise``/``noise_strength`` entries).
    """

    def __init__(
        self, in_channels: int, out_channels: int, w_dim: int, resolution: int, generator: torch.Generator,
        *, upsample: bool = False, noise: bool = True,
    ) -> None:
        super().__init__()
        self.conv = ModulatedConv2d(in_channels, out_channels, 3, w_dim, generator, upsample=upsample)
        self.bias = nn.Parameter(torch.zeros(out_channels))
        if noise:
            self.noise_strength = nn.Parameter(torch.zeros(1))
            self.register_buffer("noise", torch.randn(1, 1, resolution, resolution, generator=generator))
        else:
            self.register_parameter("noise_strength", None)
            self.register_buffer("noise", None)

    def forward(self, x: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        x = self.conv(x, w)
        if self.noise is not None:
            x = x + self.noise_strength * self.noise
        return lrelu(x + self.bias[:, None, None])


class ToRGB(nn.Module):
    """1×1 modulated conv (no demodulation) to 3 channels, added to the upsampled running image."""

    def __init__(self, in_channels: int, w_dim: int, generator: torch.Generator) -> None:
        super().__init__()
        self.conv = ModulatedConv2d(in_channels, 3, 1, w_dim, generator, demodulate=False)
        self.bias = nn.Parameter(torch.zeros(1, 3, 1, 1))

    def forward(self, x: torch.Tensor, w: torch.Tensor, skip: torch.Tensor | None) -> torch.Tensor:
        rgb = self.conv(x, w) + self.bias
        return rgb if skip is None else rgb + upsample2x(skip)


class DownBlock(nn.Module):
    """Residual block halving the resolution: ``[B, in, H, W] → [B, out, H/2, W/2]``.

    Main path: 3×3 conv at H, 2× average pooling, 3×3 conv at H/2 (convolving after the pooling
    costs a quarter of StyleGAN2's strided variant); skip path: pooling then a 1×1 conv. The sum
    is divided by √2 to keep unit variance.
    """

    def __init__(self, in_channels: int, out_channels: int, generator: torch.Generator) -> None:
        super().__init__()
        self.conv1 = EqualConv2d(in_channels, in_channels, 3, generator)
        self.conv2 = EqualConv2d(in_channels, out_channels, 3, generator)
        self.skip = EqualConv2d(in_channels, out_channels, 1, generator, bias=False)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        main = lrelu(self.conv2(F.avg_pool2d(lrelu(self.conv1(x)), 2)))
        return (main + self.skip(F.avg_pool2d(x, 2))) / math.sqrt(2.0)
