"""Plain QAM without channel coding: bits → symbols and hard decisions back (for RS-protected text)."""
from __future__ import annotations

import numpy as np
import torch
from sionna.phy.mapping import Demapper, Mapper

from .realisation import COMPLEX_DTYPE, DEVICE, PRECISION, REAL_DTYPE


class UncodedQam:
    """Gray-mapped QAM with max-log hard decisions; the tail of the last symbol is zero-padded.

    >>> qam = UncodedQam(bits_per_symbol=2)
    >>> bits = np.array([1, 0, 1, 1, 0], dtype=np.uint8)
    >>> symbols = qam.modulate(bits)
    >>> symbols.shape, symbols.dtype
    (torch.Size([3]), torch.complex64)
    >>> qam.demodulate(symbols, torch.full((3,), 1e-3), n_bits=5).tolist()
    [1, 0, 1, 1, 0]
    """

    def __init__(self, bits_per_symbol: int = 4) -> None:
        self.bits_per_symbol = bits_per_symbol
        blocks = dict(precision=PRECISION, device=DEVICE)
        self._mapper = Mapper("qam", bits_per_symbol, **blocks)
        self._demapper = Demapper("maxlog", "qam", bits_per_symbol, hard_out=True, **blocks)

    def symbols_for_bits(self, n_bits: int) -> int:
        return -(-n_bits // self.bits_per_symbol)

    def modulate(self, bits: np.ndarray) -> torch.Tensor:
        """uint8 bits [n] → complex64 symbols [ceil(n / bits_per_symbol)], unit average power."""
        padded = np.zeros(self.symbols_for_bits(bits.size) * self.bits_per_symbol, np.float32)
        padded[: bits.size] = bits
        return self._mapper(torch.from_numpy(padded)).reshape(-1).to(COMPLEX_DTYPE)

    def demodulate(self, x_hat: torch.Tensor, no_eff: torch.Tensor, n_bits: int) -> np.ndarray:
        """Equalised symbols complex64 [m] and noise variances float32 [m] → uint8 bits [n_bits]."""
        hard = self._demapper(x_hat.reshape(1, -1), no_eff.to(REAL_DTYPE).reshape(1, -1))
        return hard.reshape(-1)[:n_bits].to(torch.uint8).cpu().numpy()
