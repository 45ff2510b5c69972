"""Soak: the edge cell offered twice its edge capacity keeps a bounded backlog, drops and reports."""
from pathlib import Path

import pandas as pd
import pytest

from simulator.recorder import Recorder
from simulator.run import run_scenario
from simulator.scenario import load_scenario

SOAK = Path(__file__).resolve().parents[2] / "scenarios/edge_cell_soak.yaml"


def soak(tmp_path, *changes: str):
    scenario = load_scenario(SOAK, ["duration_s=900", *changes])
    run_dir = run_scenario(scenario, tmp_path, run_id="soak")
    return scenario, {name: pd.read_parquet(run_dir / f"{name}.parquet") for name in ("requests", "nodes", "queues")}


def test_capped_edge_at_twice_capacity_drops_half_and_keeps_a_bounded_backlog(tmp_path):
    scenario, tables = soak(tmp_path)
    requests, queues = tables["requests"], tables["queues"]
    edge = tables["nodes"].set_index("node").loc["edge"]
    cap = scenario.nodes.edge.max_queue
    assert sorted(requests.request_id) == list(range(len(requests)))  # created == recorded
    assert 0.35 < (requests.status == "dropped").mean() < 0.65
    assert edge.dropped == (requests.status == "dropped").sum() and edge.max_waiting == cap
    backlog = queues[queues.node == "edge"]
    offered = backlog[backlog.time_s <= scenario.duration_s]  # then the drain empties the queue
    assert backlog.waiting.max() <= cap and offered.waiting.iloc[len(offered) // 2:].min() >= cap // 2
    assert backlog.waiting.iloc[-1] == 0
    bound = cap + scenario.nodes.edge.workers * scenario.nodes.edge.max_batch + scenario.users[0].count
    assert backlog.in_flight.max() <= bound  # nothing else accumulates


def test_uncapped_edge_reports_a_growing_backlog_instead_of_failing(tmp_path):
    scenario, tables = soak(tmp_path, "nodes.edge.max_queue=null")
    backlog = tables["queues"].query(f"node == 'edge' and time_s <= {scenario.duration_s}").waiting.to_numpy()
    assert (tables["requests"].status == "dropped").sum() == 0
    quarter = len(backlog) // 4
    assert backlog[3 * quarter] > 2 * backlog[quarter] > 100  # grows linearly, about 1.9 requests/s


@pytest.mark.parametrize("threshold", [0, 3, 10_000])
def test_compacted_rows_give_the_same_tables(threshold):
    recorder = Recorder()
    for i in range(25):
        recorder.queues.append(("r", 0, "s", float(i), "edge", i, 0, i))
        recorder.compact(threshold)
    assert recorder.count("queues") == 25
    table = recorder.tables()["queues"]
    assert table.time_s.tolist() == [float(i) for i in range(25)] and table.waiting.tolist() == list(range(25))


def test_spilled_chunks_write_the_same_tables_with_widened_types(tmp_path):
    # A column empty in the first chunk (every PSNR None) and numeric later must come back as one
    # float column, whether the chunks stayed in memory or went to disk.
    written = {}
    for spill in (None, tmp_path / ".spill"):
        recorder = Recorder(spill_dir=spill)
        for i in range(12):
            recorder.requests.append({"request_id": i, "psnr_db": None if i < 5 else 20.0 + i, "status": "ok"})
            recorder.compact(4)
        assert spill is None or len(list(spill.glob("requests-*.parquet"))) == 2  # rows 0-4, 5-9
        run_dir = recorder.write(tmp_path / f"run-{spill is None}", {}, {})
        written[spill is None] = pd.read_parquet(run_dir / "requests.parquet")
        assert spill is None or not spill.exists()
    memory, disk = written[True], written[False]
    pd.testing.assert_frame_equal(memory, disk)
    assert memory.request_id.tolist() == list(range(12)) and memory.psnr_db.dtype == "float64"
    assert memory.psnr_db.isna().sum() == 5 and memory.psnr_db.iloc[-1] == 31.0
