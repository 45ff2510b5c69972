"""The radio cell: carrier, bandwidth, numerology, UE power, receiver noise, pathloss and scheduler."""
from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from channels.numerology import prbs_for_bandwidth  # light: no Sionna
from .base import Section

PathlossModel = Literal["free_space", "umi_los", "umi_nlos", "uma_los", "uma_nlos"]


STANDARD_BANDWIDTHS_MHZ = (5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 60, 70, 80, 90, 100)


def _has_prbs(bandwidth_hz: float, numerology: int) -> bool:
    try:
        prbs_for_bandwidth(bandwidth_hz, numerology)
        return True
    except ValueError:
        return False


class PathlossConfig(Section):
    """Large-scale fading: a 3GPP TR 38.901 model plus optional log-normal shadowing per user."""

    model: PathlossModel = "umi_nlos"
    shadowing: bool = True
    bs_height_m: float | None = Field(None, gt=0, le=100, description="default: 10 m for UMi, 25 m for UMa")
    ue_height_m: float = Field(1.5, gt=0, le=22.5)


class CellConfig(Section):
    """A 5G-NR-like uplink cell.

    Give ``bandwidth_hz`` (PRBs from the TS 38.101-1 table for the numerology) or ``n_prb`` directly.
    """

    carrier_hz: float = Field(3.5e9, ge=0.45e9, le=7.125e9, description="carrier frequency in Hz (FR1)")
    bandwidth_hz: float | None = Field(20e6, gt=0)
    n_prb: int | None = Field(None, ge=1, le=275)
    numerology: Literal[0, 1, 2, 3] = 1
    ue_tx_power_dbm: float = Field(23.0, ge=-40, le=33)
    ue_circuit_power_w: float = Field(0.1, ge=0, description="RF front-end power while transmitting")
    noise_figure_db: float = Field(7.0, ge=0, le=20, description="gNB receiver noise figure")
    pathloss: PathlossConfig = PathlossConfig()
    scheduler: Literal["round_robin", "proportional_fair"] = "proportional_fair"
    pf_window_slots: int = Field(100, ge=1, description="averaging window of the proportional-fair throughput")
    background_users: int = Field(0, ge=0, le=200, description=(
        "full-buffer users per cell outside the simulated traffic, wanting every PRB of every slot; "
        "the simulated payloads contend with them under the scheduler"))
    background_rate_bits_per_re: float = Field(2.0, gt=0, le=8, description=(
        "spectral efficiency of the background users (bit per resource element), for the scheduler"))
    count: int = Field(1, ge=1, le=256, description=(
        "identical cells, each with its own PRBs and scheduler, sharing the backhaul and edge; "
        "inter-cell interference is not modelled (orthogonal carriers)"))

    @model_validator(mode="after")
    def _bandwidth_or_prbs(self) -> "CellConfig":
        if self.n_prb is None:
            if self.bandwidth_hz is None:
                raise ValueError("give bandwidth_hz or n_prb")
            try:
                prbs_for_bandwidth(self.bandwidth_hz, self.numerology)
            except ValueError as error:
                valid = [mhz for mhz in STANDARD_BANDWIDTHS_MHZ if _has_prbs(mhz * 1e6, self.numerology)]
                raise ValueError(f"{error}; valid bandwidth_hz at numerology {self.numerology}: "
                                 f"{', '.join(f'{m}e6' for m in valid) or 'none (give n_prb)'}") from None
        return self

    @property
    def prbs(self) -> int:
        """Number of PRBs the scheduler shares out every slot."""
        if self.n_prb is not None:
            return self.n_prb
        return prbs_for_bandwidth(self.bandwidth_hz, self.numerology)
