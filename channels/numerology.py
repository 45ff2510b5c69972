"""5G NR numerology arithmetic: subcarrier spacing, slot timing, PRB counts.

References: 3GPP TS 38.211 §4.2-4.3 (numerologies, normal cyclic prefix)
and TS 38.101-1 Table 5.3.2-1 (FR1 maximum transmission bandwidth).
"""

from __future__ import annotations

from dataclasses import dataclass

SUBCARRIERS_PER_PRB = 12
SYMBOLS_PER_SLOT = 14  # normal cyclic prefix

_MAX_MU = 3

# TS 38.101-1 Table 5.3.2-1: N_RB per (subcarrier spacing [kHz], channel bandwidth [MHz]).
_FR1_MAX_PRBS: dict[int, dict[int, int]] = {
    15: {5: 25, 10: 52, 15: 79, 20: 106, 25: 133, 30: 160, 35: 188, 40: 216,
         45: 242, 50: 270},
    30: {5: 11, 10: 24, 15: 38, 20: 51, 25: 65, 30: 78, 35: 92, 40: 106,
         45: 119, 50: 133, 60: 162, 70: 189, 80: 217, 90: 245, 100: 273},
    60: {10: 11, 15: 18, 20: 24, 25: 31, 30: 38, 35: 44, 40: 51, 45: 58,
         50: 65, 60: 79, 70: 93, 80: 107, 90: 121, 100: 135},
}


def _check_mu(mu: int) -> None:
    if not 0 <= mu <= _MAX_MU:
        raise ValueError(f"numerology mu must be in 0..{_MAX_MU}, got {mu}")


@dataclass(frozen=True)
class Numerology:
    """NR numerology ``mu`` with normal cyclic prefix.

    Attributes (all plain Python numbers):
        mu: numerology index, 0..3.
        subcarrier_spacing_hz: 15 kHz * 2**mu [Hz].
        slot_s: slot duration 1 ms / 2**mu [s].
        symbols_per_slot: OFDM symbols per slot (14, normal CP).

    Example:
        >>> n = Numerology(1)
        >>> n.subcarrier_spacing_hz, n.slot_s, n.symbols_per_slot
        (30000.0, 0.0005, 14)
    """

    mu: int

    def __post_init__(self) -> None:
        _check_mu(self.mu)

    @property
    def subcarrier_spacing_hz(self) -> float:
        return 15e3 * 2**self.mu

    @property
    def slot_s(self) -> float:
        return 1e-3 / 2**self.mu

    @property
    def symbols_per_slot(self) -> int:
        return SYMBOLS_PER_SLOT


def prbs_for_bandwidth(bandwidth_hz: float, mu: int) -> int:
    """Maximum number of PRBs for an FR1 channel bandwidth (TS 38.101-1 Table 5.3.2-1).

    Args:
        bandwidth_hz: channel bandwidth [Hz], e.g. 20e6.
        mu: numerology index (0: 15 kHz, 1: 30 kHz, 2: 60 kHz).

    Raises:
        ValueError: if the (bandwidth, subcarrier spacing) pair is not in the table.

    Example:
        >>> prbs_for_bandwidth(20e6, 1), prbs_for_bandwidth(100e6, 1)
        (51, 273)
    """
    _check_mu(mu)
    scs_khz = 15 * 2**mu
    bandwidth_mhz = bandwidth_hz / 1e6
    by_bandwidth = _FR1_MAX_PRBS.get(scs_khz, {})
    if bandwidth_mhz != round(bandwidth_mhz) or round(bandwidth_mhz) not in by_bandwidth:
        raise ValueError(
            f"{bandwidth_mhz:g} MHz at {scs_khz} kHz subcarrier spacing is not an "
            f"FR1 configuration of TS 38.101-1 Table 5.3.2-1"
        )
    return by_bandwidth[round(bandwidth_mhz)]


def data_res_per_prb(dmrs_symbols: int) -> int:
    """Data resource elements in one PRB over one slot when ``dmrs_symbols`` carry DMRS.

    Whole DMRS symbols are reserved (no data multiplexed on them).

    Example:
        >>> data_res_per_prb(2)
        144
    """
    if not 0 <= dmrs_symbols < SYMBOLS_PER_SLOT:
        raise ValueError(f"dmrs_symbols must be in 0..{SYMBOLS_PER_SLOT - 1}")
    return SUBCARRIERS_PER_PRB * (SYMBOLS_PER_SLOT - dmrs_symbols)
