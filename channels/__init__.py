"""Physical layer of semsim: NR numerology, path loss, link budget, OFDM uplink, LDPC/QAM.

Names are loaded on first use (PEP 562), so that validating a scenario, which needs only the
numerology tables, does not pay for importing Sionna and its LDPC machinery.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

_EXPORTS = {
    "ChannelRealisation": "realisation",
    "DigitalChain": "digital",
    "Framing": "digital",
    "Numerology": "numerology",
    "UplinkPhy": "uplink_phy",
    "data_res_per_prb": "numerology",
    "noise_power_dbm": "link_budget",
    "pathloss_db": "pathloss",
    "prbs_for_bandwidth": "numerology",
    "shadowing_std_db": "pathloss",
    "snr_db": "link_budget",
}
__all__ = sorted(_EXPORTS)

if TYPE_CHECKING:
    from .digital import DigitalChain, Framing
    from .link_budget import noise_power_dbm, snr_db
    from .numerology import Numerology, data_res_per_prb, prbs_for_bandwidth
    from .pathloss import pathloss_db, shadowing_std_db
    from .realisation import ChannelRealisation
    from .uplink_phy import UplinkPhy


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'channels' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value
