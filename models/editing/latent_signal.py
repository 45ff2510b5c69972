"""GAN latents as complex channel symbols (the halves become real and imaginary parts), and back.

Both ends share fixed statistics of the latent space (its centre ``w_avg`` and an RMS ``scale``),
so the transmitter normalises to unit *average* symbol power over the latents it sends (the
average power constraint) without sending a per-image scale factor. ``scale`` must be measured on
those latents — inversions, as M's training does — not on the GAN encoder's codes, which lie
closer to ``w_avg``: with those, inverted faces went out at ~2.5× unit power, ~4 dB above the
SNR the channel was set to.
"""
from __future__ import annotations

import torch


class LatentSignal:
    """W+ latents [B, num_ws, w_dim] ↔ complex64 symbols [B, k] with k = num_ws·w_dim / 2.

    >>> signal = LatentSignal(torch.zeros(4), scale=2.0)
    >>> ws = torch.arange(8.0).reshape(1, 2, 4)
    >>> x = signal.to_symbols(ws)
    >>> x.shape, x.dtype
    (torch.Size([1, 4]), torch.complex64)
    >>> torch.equal(signal.from_symbols(x, num_ws=2), ws)
    True
    """

    def __init__(self, w_avg: torch.Tensor, scale: float) -> None:
        self.w_avg, self.scale = w_avg, float(scale)

    def to_symbols(self, ws: torch.Tensor) -> torch.Tensor:
        flat = ((ws - self.w_avg) / self.scale).reshape(ws.shape[0], -1)
        half = flat.shape[1] // 2
        return torch.complex(flat[:, :half], flat[:, half:])

    def from_symbols(self, symbols: torch.Tensor, num_ws: int) -> torch.Tensor:
        flat = torch.cat([symbols.real, symbols.imag], dim=1)
        return flat.reshape(symbols.shape[0], num_ws, -1) * self.scale + self.w_avg


def unit_power(symbols: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-image power control: complex [B, k] → (symbols with mean |x|² = 1 per row, gain [B] float32).

    For an editing rule whose latents leave the inverted faces' spread (the confident stop walks up
    to 30 steps of M), the shared ``scale`` no longer gives unit average power; the receiver then
    multiplies by ``gain`` before decoding. The gain is rounded to float16, what the 16 bits of
    side information that carry it can hold (:data:`GAIN_BITS`).
    """
    gain = symbols.abs().square().mean(dim=1).sqrt().clamp(min=1e-6).half().float()
    return symbols / gain[:, None], gain


GAIN_BITS = 16


def latent_scale(ws: torch.Tensor, w_avg: torch.Tensor) -> float:
    """The RMS of ``ws − w_avg`` per complex symbol (two reals), so symbols have unit mean power."""
    return float(((ws - w_avg) ** 2).mean().mul(2).sqrt())


def awgn(symbols: torch.Tensor, snr_db: float, generator: torch.Generator | None = None) -> torch.Tensor:
    """y = x + n with complex Gaussian n of variance 10^(−snr/10) (unit signal power assumed)."""
    std = (10 ** (-snr_db / 10) / 2) ** 0.5
    noise = torch.randn(symbols.shape + (2,), generator=generator, dtype=torch.float32) * std
    return symbols + torch.complex(noise[..., 0], noise[..., 1])
