"""Overload: a saturated edge with a queue limit drops and reports instead of growing without bound."""
import pandas as pd


def test_saturated_edge_drops_and_reports(make_scenario, tmp_path):
    from simulator.run import run_scenario

    # The edge is made 2000x slower than this machine: far beyond saturation at this arrival rate.
    scenario = make_scenario(**{"nodes.edge.speed_factor": 2000.0, "nodes.edge.workers": 1,
                                "nodes.edge.max_queue": 2, "drain_s": 2.0,
                                "schemes": [{"scheme": "jpeg_ldpc", "label": "overloaded"}]})
    run_dir = run_scenario(scenario, tmp_path, run_id="soak")
    requests = pd.read_parquet(run_dir / "requests.parquet")
    nodes = pd.read_parquet(run_dir / "nodes.parquet").set_index("node")
    statuses = requests["status"].value_counts().to_dict()
    assert statuses.get("dropped", 0) == nodes.loc["edge", "dropped"] > 0
    assert nodes.loc["edge", "max_waiting"] <= 2
    assert sorted(requests["request_id"]) == list(range(len(requests)))  # every request accounted for
    assert (requests.loc[requests.status == "dropped", "failure_reason"].str.startswith("dropped at edge")).all()
