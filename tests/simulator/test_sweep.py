"""Sweeps: pure expansion, resume that skips finished points, and bad grids rejected up front."""
import shutil
from pathlib import Path

import pandas as pd
import pytest

from simulator.scenario import ScenarioError
from simulator.sweep import expand, parse_axis, run_sweep

ROOT = Path(__file__).resolve().parents[2]


def test_expansion_is_the_product_times_replications():
    axes = [parse_axis("channel.snr_db=-6,0,6,12,18"), parse_axis("users.count=4,16")]
    points = expand(axes, replications=3, base_seed=10)
    assert len(points) == 5 * 2 * 3
    assert len({p.point_id for p in points}) == len(points)
    assert points[0].params == (("channel.snr_db", -6), ("users.count", 4))
    assert [p.seed for p in points[:3]] == [10, 11, 12]
    assert points[3].params == (("channel.snr_db", -6), ("users.count", 16))  # last axis fastest
    assert expand(axes, 3, 10) == points  # pure: same input, same output


def test_axis_parsing_errors():
    with pytest.raises(ScenarioError, match="expected dotted.path=value1,value2"):
        parse_axis("channel.snr_db")
    with pytest.raises(ScenarioError, match="repeated values"):
        parse_axis("channel.snr_db=1,1")
    with pytest.raises(ScenarioError, match="must be >= 1"):
        expand([], 0, 0)


@pytest.fixture
def small_file(tmp_path):
    text = (ROOT / "scenarios/quickstart.yaml").read_text()
    path = tmp_path / "tiny.yaml"
    path.write_text(text)
    return path, ["duration_s=0.3", "users.count=1", "users.images.size=32", "users.traffic={period_s: 0.15}",
                  "schemes=[{scheme: jpeg_ldpc}]"]


def test_resume_skips_finished_points_and_reruns_missing_ones(small_file, tmp_path):
    path, overrides = small_file
    axes = [parse_axis("channel.snr_db=0,18")]
    seen = []
    folder = run_sweep(path, axes, 1, tmp_path / "runs", overrides=overrides, on_point=lambda r: seen.append(r["status"]))
    index = pd.read_parquet(folder / "sweep.parquet")
    assert list(index["status"]) == ["done", "done"] and list(index["channel.snr_db"]) == [0, 18]
    shutil.rmtree(folder / "channel.snr_db=18_r0")
    seen.clear()
    run_sweep(path, axes, 1, tmp_path / "runs", overrides=overrides, on_point=lambda r: seen.append(r["status"]))
    assert sorted(seen) == ["done", "skipped"]
    index = pd.read_parquet(folder / "sweep.parquet")
    assert set(index["status"]) == {"done", "skipped"} and (index["requests"] > 0).all()
    assert not list(folder.glob(".*partial"))


def test_a_bad_grid_value_fails_before_any_point_runs(small_file, tmp_path):
    path, overrides = small_file
    with pytest.raises(ScenarioError) as caught:
        run_sweep(path, [parse_axis("cell.numerology=1,9")], 1, tmp_path / "runs", overrides=overrides)
    assert caught.value.problems == ["point cell.numerology=9_r0: cell.numerology: must be one of 0, 1, 2, 3 (got 9)"]
    assert not (tmp_path / "runs" / "quickstart-sweep").exists() or not any(
        p.is_dir() for p in (tmp_path / "runs" / "quickstart-sweep").iterdir())


def test_ray_backend_runs_the_same_point_function(small_file, tmp_path):
    pytest.importorskip("ray", reason="the Ray backend is the optional extra semsim[distributed]")
    path, overrides = small_file
    folder = run_sweep(path, [parse_axis("channel.snr_db=18")], 1, tmp_path / "runs", backend="ray",
                       overrides=overrides)
    index = pd.read_parquet(folder / "sweep.parquet")
    assert list(index["status"]) == ["done"] and index["requests"].iloc[0] > 0
    requests = pd.read_parquet(folder / "channel.snr_db=18_r0" / "requests.parquet")
    assert (requests["snr_db"] == 18).all()
