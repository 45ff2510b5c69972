"""SPIC and MLSC-image in the loop: bits or analog symbols on the air, reconstructions scored, seeded."""
import numpy as np
import pandas as pd
import pytest

from models.checkpoints import WEIGHTS_DIR
from simulator.run import run_scenario

pytestmark = pytest.mark.skipif(not (WEIGHTS_DIR / "spic_sr.pt").exists() or not (WEIGHTS_DIR / "segmentation.pt").exists(),
                                reason="SPIC models not trained")


def test_spic_runs_end_to_end_and_is_seeded(make_scenario, tmp_path):
    faces = {"source": "faces", "split": "test", "size": 64, "count": 2}
    scenario = make_scenario(**{
        "channel.snr_db": 18.0, "duration_s": 0.3,
        "users": [{"group": "a", "count": 1, "placement": {"distance_m": 60}, "traffic": {"period_s": 0.2},
                   "images": faces}],
        "schemes": [{"scheme": "spic", "sampling_steps": 4}],
    })
    tables = [pd.read_parquet(run_scenario(scenario, tmp_path, run_id=f"spic{i}") / "requests.parquet")
              for i in range(2)]
    requests = tables[0]
    assert len(requests) >= 1 and requests["success"].all()
    assert (requests["bpp"] > 0.2).all() and (requests["bpp"] < 3).all()
    assert (requests["psnr_db"] > 15).all()
    assert np.array_equal(requests["psnr_db"].to_numpy(), tables[1]["psnr_db"].to_numpy())


@pytest.mark.skipif(not (WEIGHTS_DIR / "mlsc_image_k512.pt").exists(), reason="MLSC-image not trained")
def test_mlsc_image_sends_k_analog_symbols(make_scenario, tmp_path):
    scenario = make_scenario(**{
        "channel.snr_db": 12.0, "duration_s": 0.3,
        "users": [{"group": "a", "count": 1, "placement": {"distance_m": 60}, "traffic": {"period_s": 0.2},
                   "images": {"source": "faces", "split": "test", "size": 64, "count": 2}}],
        "schemes": [{"scheme": "mlsc_image", "symbols": 512}],
    })
    requests = pd.read_parquet(run_scenario(scenario, tmp_path, run_id="mlsc") / "requests.parquet")
    assert len(requests) >= 1 and requests["success"].all()
    assert (requests["channel_uses"] == 512).all() and (requests["psnr_db"] > 15).all()
    assert np.allclose(requests["tx_symbol_power"], 1.0, atol=0.02)  # the power the channel's SNR assumes


def test_image_transmission_scenario_validates():
    from simulator.scenario import load_scenario
    from tests.simulator.conftest import ROOT

    scenario = load_scenario(ROOT / "scenarios/image_transmission.yaml")
    assert [s.display_name for s in scenario.schemes] == [
        "deepjscc", "mlsc_image_kn1-12", "mlsc_image_kn1-24", "spic", "jpeg_ldpc"]
