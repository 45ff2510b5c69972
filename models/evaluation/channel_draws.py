"""The card's AWGN draws: every editing score is averaged over the same seeded channel realisations."""
from __future__ import annotations

from typing import Callable

import torch

from models.editing.latent_signal import awgn

CHANNEL_DRAWS = 4
"""AWGN draws per condition, scores averaged. Draw 0 is the single draw earlier cards used: on it the
18 dB IAM row read 59.4 % edit success, over four draws 55.7 % (2026-12-07 card)."""


def scores_over_awgn(system, symbols: torch.Tensor, snr_db: float, seed: int,
                     score: Callable[[torch.Tensor], dict[str, torch.Tensor]], acd=None,
                     gain: torch.Tensor | None = None) -> dict[str, torch.Tensor]:
    """``score`` of what the receiver regenerates from ``symbols`` over ``CHANNEL_DRAWS`` AWGN draws, averaged
    per request: each key [B]. Draw ``d`` is seeded ``seed·100 + snr + 1000·d``, so every caller with the same
    seed and SNR sees the same noise as the card."""
    draws = []
    for draw in range(CHANNEL_DRAWS):
        generator = torch.Generator().manual_seed(int(seed * 100 + snr_db + 1000 * draw))
        draws.append(score(system.from_symbols(awgn(symbols, snr_db, generator), acd, gain)))
    return {key: torch.stack([d[key] for d in draws]).mean(0) for key in draws[0]}
