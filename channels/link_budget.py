"""Link budget: thermal noise power and received SNR, all in dB/dBm on plain floats."""

from __future__ import annotations

import math

THERMAL_NOISE_DBM_PER_HZ = -174.0  # kT at 290 K


def noise_power_dbm(bandwidth_hz: float, noise_figure_db: float) -> float:
    """Receiver noise power [dBm] over ``bandwidth_hz``: -174 dBm/Hz + 10 log10(B) + NF.

    Example:
        >>> round(noise_power_dbm(20e6, 7.0), 2)
        -93.99
    """
    if bandwidth_hz <= 0:
        raise ValueError("bandwidth_hz must be positive")
    return THERMAL_NOISE_DBM_PER_HZ + 10 * math.log10(bandwidth_hz) + noise_figure_db


def snr_db(
    tx_power_dbm: float,
    pathloss_db: float,
    noise_figure_db: float,
    bandwidth_hz: float,
    shadowing_db: float = 0.0,
) -> float:
    """Average received SNR [dB] = P_tx - PL - SF - N, antenna gains included in ``tx_power_dbm``.

    ``shadowing_db`` is an extra loss (a positive value lowers the SNR).

    Example:
        >>> round(snr_db(23.0, 100.0, 7.0, 20e6), 2)
        16.99
    """
    return tx_power_dbm - pathloss_db - shadowing_db - noise_power_dbm(bandwidth_hz, noise_figure_db)
