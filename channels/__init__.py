"""Physical layer of semsim: NR numerology, path loss, link budget, OFDM uplink, LDPC/QAM."""

from .digital import DigitalChain, Framing
from .link_budget import noise_power_dbm, snr_db
from .numerology import Numerology, data_res_per_prb, prbs_for_bandwidth
from .pathloss import pathloss_db, shadowing_std_db
from .realisation import ChannelRealisation
from .uplink_phy import UplinkPhy

__all__ = [
    "ChannelRealisation",
    "DigitalChain",
    "Framing",
    "Numerology",
    "UplinkPhy",
    "data_res_per_prb",
    "noise_power_dbm",
    "pathloss_db",
    "prbs_for_bandwidth",
    "shadowing_std_db",
    "snr_db",
]
