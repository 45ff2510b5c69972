"""The generated channel of one transmission, kept apart from its application so it can be logged.

This module also fixes the device and dtypes of every tensor in ``channels``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from .numerology import SUBCARRIERS_PER_PRB, SYMBOLS_PER_SLOT

DEVICE = "cpu"
PRECISION = "single"  # Sionna's name for the dtypes below
COMPLEX_DTYPE = torch.complex64
REAL_DTYPE = torch.float32


# eq=False: comparing tensors field-wise is ambiguous; realisations compare by identity.
@dataclass(frozen=True, eq=False)
class ChannelRealisation:
    """One SISO uplink channel draw over an OFDM grid.

    Attributes:
        model: channel model name, e.g. ``"tdl-c"``.
        snr_db: set average SNR [dB] per resource element for unit-power symbols
            and unit average channel gain.
        n_prb: number of PRBs (12 subcarriers each).
        n_slots: number of slots (14 OFDM symbols each).
        h: frequency response, complex64 tensor [n_slots*14, n_prb*12]
            (OFDM symbol, subcarrier); unit average power over the ensemble.
        no: complex noise variance per resource element, 10**(-snr_db/10).

    Example:
        >>> r = ChannelRealisation("awgn", 10.0, 1, 1,
        ...                        torch.ones(14, 12, dtype=COMPLEX_DTYPE), 0.1)
        >>> r.summary()["effective_snr_db"]
        10.0
    """

    model: str
    snr_db: float
    n_prb: int
    n_slots: int
    h: torch.Tensor
    no: float

    def __post_init__(self) -> None:
        expected = (self.n_slots * SYMBOLS_PER_SLOT, self.n_prb * SUBCARRIERS_PER_PRB)
        if tuple(self.h.shape) != expected or self.h.dtype != COMPLEX_DTYPE:
            raise ValueError(
                f"h must be {COMPLEX_DTYPE} of shape {expected}, "
                f"got {self.h.dtype} {tuple(self.h.shape)}"
            )

    def summary(self) -> dict[str, float | int | str]:
        """Plain-Python description for logs.

        Keys: ``model``, ``n_prb``, ``n_slots``, ``snr_db``, ``noise_variance``,
        ``mean_gain_db`` (10 log10 of |h|^2 averaged over the grid),
        ``min_gain_db`` (deepest resource-element fade) and ``effective_snr_db``
        (``snr_db + mean_gain_db``: the SNR after averaging |h|^2 over the grid).
        """
        power = self.h.abs().square()
        mean_gain_db = 10 * math.log10(power.mean().item())
        return {
            "model": self.model,
            "n_prb": self.n_prb,
            "n_slots": self.n_slots,
            "snr_db": float(self.snr_db),
            "noise_variance": float(self.no),
            "mean_gain_db": mean_gain_db,
            "min_gain_db": 10 * math.log10(max(power.min().item(), 1e-30)),
            "effective_snr_db": float(self.snr_db) + mean_gain_db,
        }
