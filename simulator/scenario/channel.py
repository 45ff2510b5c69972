"""The small-scale channel every uplink transmission crosses."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from .base import Section

ChannelModel = Literal["awgn", "rayleigh", "rician", "tdl-a", "tdl-b", "tdl-c", "tdl-d", "tdl-e"]


class ChannelConfig(Section):
    """Fading model, OFDM pilots, CSI and equaliser; ``snr_db`` (if set) overrides the link budget."""

    model: ChannelModel = "tdl-c"
    delay_spread_s: float = Field(100e-9, gt=0, le=5e-6)
    ue_speed_mps: float = Field(0.83, ge=0, le=140)
    rician_k_db: float = Field(6.0, ge=-20, le=30)
    cyclic_prefix: Literal["normal"] = "normal"
    dmrs_symbols: tuple[int, ...] = (2, 11)
    csi: Literal["perfect", "ls"] = "ls"
    equalizer: Literal["lmmse"] = "lmmse"
    snr_db: float | None = Field(None, ge=-30, le=60)

    @field_validator("dmrs_symbols")
    @classmethod
    def _dmrs_in_slot(cls, value: tuple[int, ...]) -> tuple[int, ...]:
        if not value:
            raise ValueError("at least one DMRS symbol is needed for channel estimation")
        if len(set(value)) != len(value) or any(not 0 <= s <= 13 for s in value):
            raise ValueError(f"must be distinct OFDM symbol indices in 0..13 (got {list(value)})")
        if len(value) > 4:
            raise ValueError(f"at most 4 DMRS symbols per slot (got {len(value)})")
        return tuple(sorted(value))
