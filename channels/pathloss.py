"""Large-scale path loss after 3GPP TR 38.901 Table 7.4.1-1 (UMi street canyon, UMa).

All functions work on plain floats: distances [m], frequencies [Hz], losses [dB].
``distance_m`` is the horizontal (2D) BS-UT distance; the formulas use the 3D
distance derived from it and the antenna heights, and the LoS breakpoint is
compared against the 2D distance, as in the table.
"""

from __future__ import annotations

import math

SPEED_OF_LIGHT_MPS = 3.0e8  # the value TR 38.901 uses in the breakpoint distance

MODELS = ("free_space", "umi_los", "umi_nlos", "uma_los", "uma_nlos")

_DEFAULT_BS_HEIGHT_M = {"umi": 10.0, "uma": 25.0}
# Effective environment height h_E = 1 m; for UMa this is the h_UT < 13 m case (C = 0).
_ENVIRONMENT_HEIGHT_M = 1.0
_MIN_DISTANCE_M, _MAX_DISTANCE_M = 10.0, 5000.0
_MIN_UT_HEIGHT_M, _MAX_UT_HEIGHT_M = 1.5, 22.5

_SHADOWING_STD_DB = {
    "free_space": 0.0,
    "umi_los": 4.0,
    "umi_nlos": 7.82,
    "uma_los": 4.0,
    "uma_nlos": 6.0,
}


def shadowing_std_db(model: str) -> float:
    """Log-normal shadow-fading standard deviation [dB] of ``model`` (TR 38.901 Table 7.4.1-1).

    Example:
        >>> shadowing_std_db("umi_nlos")
        7.82
    """
    _check_model(model)
    return _SHADOWING_STD_DB[model]


def pathloss_db(
    model: str,
    distance_m: float,
    carrier_hz: float,
    h_bs_m: float | None = None,
    h_ut_m: float = 1.5,
) -> float:
    """Path loss [dB] for ``model`` in :data:`MODELS`.

    Args:
        model: one of ``free_space``, ``umi_los``, ``umi_nlos``, ``uma_los``, ``uma_nlos``.
        distance_m: horizontal BS-UT distance d_2D [m]; 10..5000 m for the 3GPP models.
        carrier_hz: carrier frequency [Hz].
        h_bs_m: BS antenna height [m]. ``None`` selects 10 m for UMi and 25 m for UMa;
            for ``free_space`` it means both antennas at the same height (d_3D = d_2D).
        h_ut_m: UT antenna height [m], 1.5..22.5 m for the 3GPP models.

    Example:
        >>> round(pathloss_db("umi_los", 100.0, 3.5e9), 2)
        85.31
    """
    _check_model(model)
    if distance_m <= 0 or carrier_hz <= 0:
        raise ValueError("distance_m and carrier_hz must be positive")
    if model == "free_space":
        h_bs = h_ut_m if h_bs_m is None else h_bs_m
        d_3d = math.hypot(distance_m, h_bs - h_ut_m)
        return 20 * math.log10(4 * math.pi * d_3d * carrier_hz / SPEED_OF_LIGHT_MPS)

    scenario, condition = model.split("_")
    h_bs = _DEFAULT_BS_HEIGHT_M[scenario] if h_bs_m is None else h_bs_m
    _check_geometry(distance_m, h_ut_m)
    d_3d = math.hypot(distance_m, h_bs - h_ut_m)
    fc_ghz = carrier_hz / 1e9
    los = _los_pathloss_db(scenario, distance_m, d_3d, fc_ghz, h_bs, h_ut_m)
    if condition == "los":
        return los
    # NLoS is floored by the LoS value of the same geometry (the max() in the table).
    if scenario == "umi":
        nlos = 35.3 * math.log10(d_3d) + 22.4 + 21.3 * math.log10(fc_ghz) - 0.3 * (h_ut_m - 1.5)
    else:
        nlos = 13.54 + 39.08 * math.log10(d_3d) + 20 * math.log10(fc_ghz) - 0.6 * (h_ut_m - 1.5)
    return max(los, nlos)


def _los_pathloss_db(
    scenario: str, d_2d: float, d_3d: float, fc_ghz: float, h_bs: float, h_ut: float
) -> float:
    breakpoint_m = (
        4 * (h_bs - _ENVIRONMENT_HEIGHT_M) * (h_ut - _ENVIRONMENT_HEIGHT_M)
        * fc_ghz * 1e9 / SPEED_OF_LIGHT_MPS
    )
    intercept, near_slope, far_correction = (
        (32.4, 21.0, 9.5) if scenario == "umi" else (28.0, 22.0, 9.0)
    )
    if d_2d <= breakpoint_m:
        return intercept + near_slope * math.log10(d_3d) + 20 * math.log10(fc_ghz)
    return (
        intercept + 40 * math.log10(d_3d) + 20 * math.log10(fc_ghz)
        - far_correction * math.log10(breakpoint_m**2 + (h_bs - h_ut) ** 2)
    )


def _check_model(model: str) -> None:
    if model not in MODELS:
        raise ValueError(f"unknown path-loss model {model!r}; expected one of {MODELS}")


def _check_geometry(d_2d: float, h_ut: float) -> None:
    if not _MIN_DISTANCE_M <= d_2d <= _MAX_DISTANCE_M:
        raise ValueError(
            f"d_2D = {d_2d} m is outside the TR 38.901 validity range "
            f"[{_MIN_DISTANCE_M}, {_MAX_DISTANCE_M}] m"
        )
    if not _MIN_UT_HEIGHT_M <= h_ut <= _MAX_UT_HEIGHT_M:
        raise ValueError(
            f"h_UT = {h_ut} m is outside [{_MIN_UT_HEIGHT_M}, {_MAX_UT_HEIGHT_M}] m"
        )
