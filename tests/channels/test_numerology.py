"""NR numerology, PRB table and link-budget arithmetic, checked against hand-computed values."""

import doctest

import pytest

from channels import Numerology, data_res_per_prb, noise_power_dbm, prbs_for_bandwidth, snr_db
from channels import link_budget, numerology, realisation


def test_mu0_by_hand():
    # 15 kHz * 2^0; 1 ms / 2^0; TS 38.101-1: 20 MHz @ 15 kHz -> 106 PRB.
    n = Numerology(0)
    assert n.subcarrier_spacing_hz == 15e3
    assert n.slot_s == 1e-3
    assert n.symbols_per_slot == 14
    assert prbs_for_bandwidth(20e6, 0) == 106
    # 12 subcarriers * (14 - 2 DMRS symbols) = 144 data REs per PRB per slot.
    assert data_res_per_prb(2) == 144
    # One slot of 20 MHz: 106 * 144 = 15264 data REs in 1 ms.
    assert prbs_for_bandwidth(20e6, 0) * data_res_per_prb(2) == 15264


def test_mu1_by_hand():
    n = Numerology(1)
    assert n.subcarrier_spacing_hz == 30e3
    assert n.slot_s == 0.5e-3
    assert n.symbols_per_slot == 14
    assert prbs_for_bandwidth(20e6, 1) == 51
    assert prbs_for_bandwidth(100e6, 1) == 273
    assert data_res_per_prb(2) == 144
    # 51 * 144 = 7344 data REs per 0.5 ms slot.
    assert prbs_for_bandwidth(20e6, 1) * data_res_per_prb(2) == 7344


@pytest.mark.parametrize("bandwidth_hz, mu", [(100e6, 0), (5e6, 2), (20e6, 3), (21e6, 1), (20.5e6, 1)])
def test_prb_table_rejects_unlisted_combinations(bandwidth_hz, mu):
    with pytest.raises(ValueError):
        prbs_for_bandwidth(bandwidth_hz, mu)


def test_numerology_range():
    with pytest.raises(ValueError):
        Numerology(4)


def test_link_budget_by_hand():
    # -174 + 10*log10(20e6) + 7 = -174 + 73.0103 + 7 = -93.9897 dBm.
    assert noise_power_dbm(20e6, 7.0) == pytest.approx(-93.9897, abs=1e-4)
    # 23 dBm - 100 dB - 3 dB shadowing - (-93.9897 dBm) = 13.9897 dB.
    assert snr_db(23.0, 100.0, 7.0, 20e6, shadowing_db=3.0) == pytest.approx(13.9897, abs=1e-4)


@pytest.mark.parametrize("module", [numerology, link_budget, realisation])
def test_docstring_examples(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0
