"""Profile timing: calibration fits a + b·batch, and a fixed seed reproduces a run bit for bit."""
import pandas as pd
import pytest
import yaml

from simulator.calibrate import calibrate, fit_affine
from simulator.run import run_scenario
from simulator.scenario import ScenarioError


def test_affine_fit_by_hand():
    assert fit_affine([1, 2, 4], [0.3, 0.5, 0.9]) == pytest.approx((0.1, 0.2))
    assert fit_affine([1, 2], [0.5, 0.4]) == (pytest.approx(0.45), 0.0)  # never a negative slope
    assert fit_affine([4], [2.0]) == (2.0, 0.0)


@pytest.fixture(scope="module")
def profile_file(tmp_path_factory, make_scenario):
    scenario = make_scenario()
    profile = calibrate(scenario, batches=[1, 2], repeats=1)
    stages = {"jpeg_encode", "ldpc_encode", "ldpc_decode", "jpeg_decode"}
    assert set(profile["stages"]) == {f"{s}/{n}" for s in ("jpeg_ldpc", "jpeg_ldpc_robust") for n in stages}
    path = tmp_path_factory.mktemp("profile") / "profile.yaml"
    path.write_text(yaml.safe_dump(profile))
    return path


def test_profile_mode_is_reproducible_to_the_bit(profile_file, make_scenario, tmp_path):
    scenario = make_scenario(**{"timing": {"mode": "profile", "profile_file": str(profile_file)},
                                "nodes.edge.max_batch": 4, "nodes.edge.max_wait_s": 0.01})
    tables = []
    for attempt in range(2):
        run_dir = run_scenario(scenario, tmp_path / str(attempt), run_id="same")
        tables.append(pd.read_parquet(run_dir / "requests.parquet"))
        stages = pd.read_parquet(run_dir / "stages.parquet")
        compute = stages[stages.kind == "compute"]
        costs = yaml.safe_load(profile_file.read_text())["stages"]
        row = compute.iloc[0]
        cost = costs[f"{row['scheme']}/{row['stage']}"]["cpu"]
        speed = getattr(scenario.nodes, "ue" if row["node"].startswith("ue") else row["node"]).speed_factor
        assert row["service_s"] == pytest.approx((cost["a_s"] + cost["b_s"] * row["batch_size"]) * speed)
    pd.testing.assert_frame_equal(tables[0], tables[1])


def test_profile_missing_a_stage_fails_before_the_run(profile_file, make_scenario, tmp_path):
    scenario = make_scenario(**{"timing": {"mode": "profile", "profile_file": str(profile_file)},
                                "schemes": [{"scheme": "jpeg_ldpc", "label": "uncalibrated"}]})
    with pytest.raises(ScenarioError, match="no entry for uncalibrated/jpeg_encode on cpu"):
        run_scenario(scenario, tmp_path)
    assert not list(tmp_path.iterdir())
