"""A whole run: tables on disk, every request accounted for, energy conserved, the cliff effect."""
import json

import pandas as pd
import pytest
import yaml

from simulator.recorder import NODE_COLUMNS, REQUEST_COLUMNS, STAGE_COLUMNS
from simulator.run import run_scenario


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory, make_scenario):
    return run_scenario(make_scenario(), tmp_path_factory.mktemp("runs"), run_id="e2e")


def test_tables_and_files(run_dir):
    requests = pd.read_parquet(run_dir / "requests.parquet")
    stages = pd.read_parquet(run_dir / "stages.parquet")
    nodes = pd.read_parquet(run_dir / "nodes.parquet")
    assert list(requests.columns) == REQUEST_COLUMNS
    assert list(stages.columns) == STAGE_COLUMNS
    assert list(nodes.columns) == NODE_COLUMNS
    meta = json.loads((run_dir / "meta.json").read_text())
    assert meta["requests"] == len(requests) and meta["n_prb"] == 51
    assert {"git_revision", "versions", "device", "wall_s", "seed"} <= set(meta)
    assert yaml.safe_load((run_dir / "scenario.yaml").read_text())["name"] == "quickstart"
    index = json.loads((run_dir / "samples/index.json").read_text())
    assert index and all((run_dir / "samples" / f).exists() for s in index for f in s["files"].values())
    assert not list(run_dir.parent.glob(".*partial"))


def test_every_request_is_accounted_for(run_dir):
    requests = pd.read_parquet(run_dir / "requests.parquet")
    stages = pd.read_parquet(run_dir / "stages.parquet")
    for scheme, rows in requests.groupby("scheme"):
        assert sorted(rows["request_id"]) == list(range(len(rows)))  # ids are dense: none lost
        assert set(rows["user_id"]) == {0, 1, 2}
    assert set(requests["scheme"]) == {"jpeg_ldpc", "jpeg_ldpc_robust"}
    # Common random numbers: both schemes see the same arrivals and images.
    a, b = (requests[requests.scheme == s].sort_values("request_id") for s in ("jpeg_ldpc", "jpeg_ldpc_robust"))
    assert list(a["created_s"]) == list(b["created_s"]) and list(a["image_id"]) == list(b["image_id"])
    ok = requests[requests.status == "ok"]
    assert (ok["psnr_db"] > 15).all()
    failed = requests[requests.status == "failed_decode"]
    assert (failed["failure_reason"].str.startswith("crc failed")).all()
    # Latency decomposes exactly into the stage terms, and each stage starts when the last ended.
    total = requests["queue_s"] + requests["compute_s"] + requests["radio_s"] + requests["backhaul_s"]
    assert (requests["latency_s"] - total).abs().max() < 1e-9
    for (_, _), chain in stages.sort_values("arrive_s").groupby(["scheme", "request_id"]):
        assert (chain["arrive_s"].to_numpy()[1:] - chain["end_s"].to_numpy()[:-1] < 1e-12).all()
    assert (requests["cbr"] == requests["channel_uses"] / (32 * 32 * 3)).all()


def test_energy_terms_sum_to_node_totals(run_dir):
    requests = pd.read_parquet(run_dir / "requests.parquet")
    stages = pd.read_parquet(run_dir / "stages.parquet")
    nodes = pd.read_parquet(run_dir / "nodes.parquet")
    for scheme in requests["scheme"].unique():
        st, nd, rq = (t[t.scheme == scheme] for t in (stages, nodes, requests))
        compute = st[st.kind == "compute"].groupby("node")["energy_j"].sum()
        for _, node in nd.iterrows():
            assert node["energy_compute_j"] == pytest.approx(compute.get(node["node"], 0.0), abs=1e-12)
            assert node["energy_idle_j"] == pytest.approx(node["idle_w"] * node["duration_s"])
            assert node["energy_j"] == pytest.approx(node["energy_idle_j"] + node["energy_compute_j"] + node["energy_radio_j"])
        assert nd["energy_radio_j"].sum() == pytest.approx(st[st.kind == "radio"]["energy_j"].sum())
        assert rq["energy_j"].sum() == pytest.approx(nd["energy_compute_j"].sum() + nd["energy_radio_j"].sum())
        radio = st[st.kind == "radio"]
        assert radio["energy_j"].to_numpy() == pytest.approx((0.19952623 + 0.1) * radio["airtime_s"].to_numpy())


def test_cliff_effect_between_0_and_18_db(make_scenario, tmp_path):
    success = {}
    for snr in (0.0, 18.0):
        scenario = make_scenario(**{"channel.snr_db": snr, "schemes": [{"scheme": "jpeg_ldpc"}]})
        run_dir = run_scenario(scenario, tmp_path, run_id=f"snr{snr:g}")
        requests = pd.read_parquet(run_dir / "requests.parquet")
        assert (requests["snr_db"] == snr).all()
        success[snr] = requests["success"].mean()
    assert success[18.0] >= 0.8
    assert success[0.0] <= 0.1
