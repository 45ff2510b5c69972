"""A sweep killed with SIGKILL mid-run resumes to tables identical to an uninterrupted sweep."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

from simulator.calibrate import calibrate
from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[2]
GRID = "channel.snr_db=0,9,18"
POINTS = ["channel.snr_db=0_r0", "channel.snr_db=9_r0", "channel.snr_db=18_r0"]


def _scenario_file(tmp_path: Path) -> Path:
    data = yaml.safe_load((ROOT / "scenarios/quickstart.yaml").read_text())
    data.update(duration_s=0.4, schemes=[{"scheme": "jpeg_ldpc"}])
    for group in data["users"]:
        group.update(count=1, traffic={"period_s": 0.1})
        group["images"].update(size=32, count=2)
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(data))
    profile = calibrate(load_scenario(path), batches=[1, 2], repeats=1)
    (tmp_path / "profile.yaml").write_text(yaml.safe_dump(profile))
    data["timing"] = {"mode": "profile", "profile_file": "profile.yaml"}
    path.write_text(yaml.safe_dump(data))
    return path


def _sweep(path: Path, out: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "simulator.cli", "sweep", str(path), "--grid", GRID, "-o", str(out)],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)


def _tables(folder: Path) -> dict[str, pd.DataFrame]:
    return {p: pd.read_parquet(folder / p / "requests.parquet") for p in POINTS}


def test_killed_sweep_resumes_to_identical_tables(tmp_path):
    path = _scenario_file(tmp_path)
    assert _sweep(path, tmp_path / "clean").wait(timeout=300) == 0
    clean = _tables(tmp_path / "clean" / "quickstart-sweep")

    killed = _sweep(path, tmp_path / "killed")
    folder = tmp_path / "killed" / "quickstart-sweep"
    deadline = time.time() + 240
    while not (folder / POINTS[0] / "requests.parquet").exists():
        assert killed.poll() is None and time.time() < deadline, "the sweep ended before it could be killed"
        time.sleep(0.05)
    os.killpg(killed.pid, signal.SIGKILL)
    killed.wait()
    assert not (folder / POINTS[-1]).exists(), "killed too late: every point had finished"
    assert _sweep(path, tmp_path / "killed").wait(timeout=300) == 0
    index = pd.read_parquet(folder / "sweep.parquet")
    assert index.loc[0, "status"] == "skipped" and set(index["status"][1:]) == {"done"}
    resumed = _tables(folder)
    for point in POINTS:
        pd.testing.assert_frame_equal(clean[point], resumed[point])
    assert not list(folder.glob(".*partial"))  # a killed point leaves a hidden staging folder at most, now gone
