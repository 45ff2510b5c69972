"""UplinkPhy: SNR calibration over AWGN and TDL, LS estimation, fading statistics, seeding."""

import dataclasses
import doctest

import pytest
import torch
from sionna.phy import config as sionna_config

from channels import ChannelRealisation, Numerology, UplinkPhy, uplink_phy

N_PRB, N_SLOTS = 51, 2  # 20 MHz at 30 kHz, 1 ms: 14688 data REs


def _unit_gaussian_symbols(n: int, seed: int) -> torch.Tensor:
    generator = torch.Generator().manual_seed(seed)
    parts = torch.randn(2, n, generator=generator)
    return torch.complex(parts[0], parts[1]) / 2**0.5


def _measured_snr_db(phy: UplinkPhy, realisation: ChannelRealisation) -> float:
    """Signal power over residual noise power on the received grid's data REs.

    With perfect CSI the SISO LMMSE output is y/h, so h*(x_hat - x) is exactly the
    added noise; dividing by the transmit power (not |h x|^2) keeps fading out of it.
    """
    x = _unit_gaussian_symbols(phy.data_res(realisation.n_prb, realisation.n_slots), seed=1)
    x_hat, _ = phy.apply(x, realisation)
    h = realisation.h[phy.data_re_mask(realisation.n_prb, realisation.n_slots)]
    noise_power = (h * (x_hat - x)).abs().square().mean()
    return 10 * torch.log10(x.abs().square().mean() / noise_power).item()


@pytest.mark.parametrize("snr_db", [0.0, 10.0, 20.0])
def test_awgn_measured_snr_matches_set_snr(snr_db):
    phy = UplinkPhy("awgn", generator=0)
    assert _measured_snr_db(phy, phy.generate(N_PRB, N_SLOTS, snr_db)) == pytest.approx(snr_db, abs=0.3)


@pytest.mark.parametrize("model", ["tdl-a", "tdl-c", "tdl-e"])
def test_tdl_measured_snr_matches_set_snr(model):
    phy = UplinkPhy(model, speed_mps=30.0, delay_spread_s=300e-9, generator=1)
    realisation = phy.generate(N_PRB, N_SLOTS, 10.0)
    assert _measured_snr_db(phy, realisation) == pytest.approx(10.0, abs=0.3)


def test_ls_estimation_mse_falls_with_snr():
    phy = UplinkPhy("tdl-c", csi="ls", generator=2)
    symbols = _unit_gaussian_symbols(phy.data_res(N_PRB, N_SLOTS), seed=3)
    channel = phy.generate(N_PRB, N_SLOTS, 0.0)
    mse = []
    for snr_db in (0.0, 10.0, 20.0):
        # Same channel draw at every SNR, so only the noise changes.
        realisation = dataclasses.replace(channel, snr_db=snr_db, no=10 ** (-snr_db / 10))
        h_hat, err_var = phy.estimate(phy.propagate(symbols, realisation), realisation)
        mse.append((h_hat - realisation.h).abs().square().mean().item())
        assert err_var.dtype == torch.float32 and err_var.shape == realisation.h.shape
    assert mse[0] > 5 * mse[1] > 25 * mse[2]


def test_ls_equalisation_reports_larger_noise_than_perfect_csi():
    symbols = _unit_gaussian_symbols(1000, seed=4)
    no_eff = {}
    for csi in ("perfect", "ls"):
        phy = UplinkPhy("awgn", csi=csi, generator=5)
        _, no_eff[csi] = phy.apply(symbols, phy.generate(4, 2, 10.0))
    assert no_eff["perfect"].mean().item() == pytest.approx(0.1, rel=1e-3)
    assert no_eff["ls"].mean() > no_eff["perfect"].mean()


@pytest.mark.parametrize("model", ["rayleigh", "rician", "tdl-a", "tdl-d"])
def test_fading_has_unit_mean_power(model):
    phy = UplinkPhy(model, generator=6)
    gains = torch.stack([phy.generate(1, 1, 0.0).h.abs().square().mean() for _ in range(300)])
    assert gains.mean().item() == pytest.approx(1.0, abs=0.15)


def test_flat_fading_is_one_coefficient_per_transmission():
    h = UplinkPhy("rician", rician_k_db=6.0, generator=7).generate(2, 3, 0.0).h
    assert torch.all(h == h[0, 0])


def test_tdl_doppler_follows_speed():
    def drift(speed_mps: float) -> float:
        h = UplinkPhy("tdl-a", speed_mps=speed_mps, generator=8).generate(4, 4, 0.0).h
        return ((h[-1] - h[0]).abs().square().mean() / h.abs().square().mean()).item()

    assert drift(0.0) < 1e-10
    assert drift(30.0) > 1e-2


def test_seeded_runs_repeat_and_leave_global_rng_alone():
    torch_state, sionna_state = torch.get_rng_state(), sionna_config.torch_rng("cpu").get_state()
    outputs = []
    for _ in range(2):
        phy = UplinkPhy("tdl-c", csi="ls", generator=9)
        realisation = phy.generate(3, 2, 5.0)
        outputs.append(phy.apply(torch.ones(100, dtype=torch.complex64), realisation))
    assert torch.equal(outputs[0][0], outputs[1][0]) and torch.equal(outputs[0][1], outputs[1][1])
    assert torch.equal(torch_state, torch.get_rng_state())
    assert torch.equal(sionna_state, sionna_config.torch_rng("cpu").get_state())


def test_grid_arithmetic_and_capacity():
    phy = UplinkPhy("awgn", numerology=Numerology(0), dmrs_symbols=(3,), generator=10)
    assert phy.data_res(2, 3) == 3 * 2 * 12 * 13
    assert int(phy.data_re_mask(2, 3).sum()) == phy.data_res(2, 3)
    realisation = phy.generate(2, 3, 0.0)
    with pytest.raises(ValueError):
        phy.apply(torch.ones(phy.data_res(2, 3) + 1, dtype=torch.complex64), realisation)


def test_realisation_summary_is_plain_python():
    summary = UplinkPhy("rayleigh", generator=11).generate(2, 1, 12.0).summary()
    assert all(isinstance(v, (int, float, str)) for v in summary.values())
    assert summary["effective_snr_db"] == pytest.approx(summary["snr_db"] + summary["mean_gain_db"])


def test_docstring_example():
    result = doctest.testmod(uplink_phy)
    assert result.attempted > 0 and result.failed == 0
