"""SNR-aware channel adapters ACE / ACD (paper eq. 16–18): small residual FC layers on the symbols.

Both keep the signal's shape; ACE also keeps each transmitted vector's power, so fine-tuning
cannot buy SNR by raising the power. They start as the identity (zero-initialised output layer).
"""
from __future__ import annotations

import torch
from torch import nn


class ChannelAdapter(nn.Module):
    """x [B, k] complex64 → x + A([Re x, Im x]) [B, k] complex64, with a bottleneck of ``hidden``.

    >>> adapter = ChannelAdapter(k=4, hidden=2)
    >>> x = torch.randn(3, 4, dtype=torch.complex64)
    >>> torch.equal(adapter(x), x)  # identity before fine-tuning
    True
    """

    def __init__(self, k: int, hidden: int = 16, keep_power: bool = False, seed: int = 0) -> None:
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.keep_power = keep_power
        self.down = nn.Linear(2 * k, hidden)
        self.up = nn.Linear(hidden, 2 * k)
        with torch.no_grad():
            self.down.weight.copy_(torch.randn(self.down.weight.shape, generator=generator) / (2 * k) ** 0.5)
            self.down.bias.zero_()
            self.up.weight.zero_()
            self.up.bias.zero_()

    def forward(self, symbols: torch.Tensor) -> torch.Tensor:
        flat = torch.cat([symbols.real, symbols.imag], dim=1)
        flat = flat + self.up(torch.relu(self.down(flat)))
        k = symbols.shape[1]
        out = torch.complex(flat[:, :k], flat[:, k:])
        if self.keep_power:
            power_in = symbols.abs().pow(2).mean(dim=1, keepdim=True)
            power_out = out.abs().pow(2).mean(dim=1, keepdim=True).clamp_min(1e-12)
            out = out * (power_in / power_out).sqrt()
        return out


def adapter_pair(k: int, hidden: int = 16, seed: int = 0) -> tuple[ChannelAdapter, ChannelAdapter]:
    """(ACE, ACD): the encoder adapter keeps the transmit power, the decoder adapter need not."""
    return ChannelAdapter(k, hidden, keep_power=True, seed=seed), ChannelAdapter(k, hidden, seed=seed + 1)
