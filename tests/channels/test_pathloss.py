"""Path loss against hand-computed TR 38.901 Table 7.4.1-1 values (fc = 3.5 GHz, h_UT = 1.5 m)."""

import doctest

import pytest

from channels import pathloss, pathloss_db, shadowing_std_db

FC_HZ = 3.5e9  # 20*log10(3.5) = 10.8814


def test_umi_los_before_breakpoint():
    # d_3D = hypot(100, 10 - 1.5) = 100.3606 m; d'_BP = 4*9*0.5*3.5e9/3e8 = 210 m > 100 m
    # PL1 = 32.4 + 21*log10(100.3606) + 20*log10(3.5) = 32.4 + 42.0328 + 10.8814
    assert pathloss_db("umi_los", 100.0, FC_HZ) == pytest.approx(85.314, abs=1e-3)


def test_umi_los_beyond_breakpoint():
    # d_3D = 1000.0361 m > d'_BP = 210 m
    # PL2 = 32.4 + 40*3.0000157 + 10.8814 - 9.5*log10(210^2 + 8.5^2 = 44172.25 -> 4.6451495)
    assert pathloss_db("umi_los", 1000.0, FC_HZ) == pytest.approx(119.153, abs=1e-3)


def test_umi_nlos():
    # d_3D = 200.1805 m: PL'_NLoS = 35.3*2.3014219 + 22.4 + 21.3*0.5440680 = 115.229
    # PL_LoS = 32.4 + 21*2.3014219 + 10.8814 = 91.611, NLoS = max(LoS, PL') = 115.229
    assert pathloss_db("umi_nlos", 200.0, FC_HZ) == pytest.approx(115.229, abs=1e-3)


def test_uma_los_both_sides_of_breakpoint():
    # h_BS = 25 m: d'_BP = 4*24*0.5*3.5e9/3e8 = 560 m.
    # 500 m: d_3D = 500.5519; PL1 = 28 + 22*2.6994492 + 10.8814 = 98.269
    assert pathloss_db("uma_los", 500.0, FC_HZ) == pytest.approx(98.269, abs=1e-3)
    # 1000 m: d_3D = 1000.2761; PL2 = 28 + 40*3.0001199 + 10.8814 - 9*log10(560^2 + 23.5^2 -> 5.4971402)
    assert pathloss_db("uma_los", 1000.0, FC_HZ) == pytest.approx(109.412, abs=1e-3)


def test_uma_nlos():
    # PL' = 13.54 + 39.08*log10(500.5519) + 20*log10(3.5) = 13.54 + 105.4945 + 10.8814
    assert pathloss_db("uma_nlos", 500.0, FC_HZ) == pytest.approx(129.916, abs=1e-3)


def test_free_space():
    # 20*log10(4*pi*100*3.5e9/3e8) = 20*log10(14660.77) = 83.323
    assert pathloss_db("free_space", 100.0, FC_HZ) == pytest.approx(83.323, abs=1e-3)


def test_shadowing_std():
    assert [shadowing_std_db(m) for m in ("umi_los", "umi_nlos", "uma_los", "uma_nlos", "free_space")] == [
        4.0, 7.82, 4.0, 6.0, 0.0
    ]


@pytest.mark.parametrize("model, distance_m", [("umi_los", 5.0), ("uma_nlos", 6000.0), ("rma_los", 100.0)])
def test_rejects_outside_validity(model, distance_m):
    with pytest.raises(ValueError):
        pathloss_db(model, distance_m, FC_HZ)


def test_docstring_examples():
    result = doctest.testmod(pathloss)
    assert result.attempted > 0 and result.failed == 0
