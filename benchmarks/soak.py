"""Soak: the edge cell at twice its edge worker's capacity for hours of simulated time.

Run with ``.venv/bin/python benchmarks/soak.py [--hours 2] [--json FILE]`` (about a minute).

The arrival rate is derived, not guessed: the edge's capacity is ``workers × max_batch`` requests
per batch service time ``(a_s + b_s × max_batch) × speed_factor`` from the scenario's timing
profile, and the users together offer ``--load`` (default 2) times that. Each run is a fresh
process (peak resident memory from ``getrusage``) of ``scenarios/edge_cell_soak.yaml``:

* capped queue (the file's ``max_queue``) for a quarter, half and all of ``--hours``: throughput,
  drops, the edge backlog over time and peak memory up to the written tables — result rows go to
  disk in chunks as the run goes, so a bounded run's peak should not grow with simulated time;
* uncapped queue (``max_queue: null``) for the same time: the backlog then grows without bound,
  and its growth rate (requests per simulated minute) is what the cap prevents.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

from simulator.run import run_scenario
from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
SOAK = ROOT / "scenarios/edge_cell_soak.yaml"


def edge_capacity_per_s(scenario) -> float:
    """Requests per second the edge serves with full batches, from the scenario's timing profile."""
    profile = yaml.safe_load((SOAK.parent / scenario.timing.profile_file).read_text())
    edge = scenario.nodes.edge
    from simulator.abstraction import load_abstraction

    scheme = scenario.schemes[0]
    table = load_abstraction(SOAK.parent / scheme.abstraction_table, scheme.display_name, scheme.scheme,
                             "schemes.0.abstraction_table")
    edge_stages = [s["name"] for s in table.stages if s["placement"] == "edge"]
    batch_s = sum(float(profile["stages"][f"{scheme.display_name}/{name}"][edge.device]["a_s"])
                  + float(profile["stages"][f"{scheme.display_name}/{name}"][edge.device]["b_s"]) * edge.max_batch
                  for name in edge_stages) * edge.speed_factor
    return edge.workers * edge.max_batch / batch_s


def one_run(hours: float, load: float, capped: bool) -> dict:
    base = load_scenario(SOAK)
    users = base.users[0].count
    rate = load * edge_capacity_per_s(base) / users
    changes = [f"duration_s={hours * 3600}", f"users.0.traffic.poisson_rate_hz={rate}"]
    if not capped:
        changes.append("nodes.edge.max_queue=null")
    scenario = load_scenario(SOAK, changes)
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        run_dir = run_scenario(scenario, Path(folder), run_id="soak")
        wall = time.perf_counter() - started
        # Before this benchmark reads the tables back: the simulation's own high-water mark.
        peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        requests = pd.read_parquet(run_dir / "requests.parquet")
        queues = pd.read_parquet(run_dir / "queues.parquet")
        nodes = pd.read_parquet(run_dir / "nodes.parquet").set_index("node")
    edge = queues[queues.node == "edge"]
    offered = edge[edge.time_s <= scenario.duration_s]
    half = offered[offered.time_s >= scenario.duration_s / 2]
    growth = (half.waiting.iloc[-1] - half.waiting.iloc[0]) / max(half.time_s.iloc[-1] - half.time_s.iloc[0], 1e-9) * 60
    return {
        "capped": capped, "max_queue": scenario.nodes.edge.max_queue, "sim_h": hours, "load": load,
        "rate_per_user_hz": rate, "requests": len(requests),
        "ok": int((requests.status == "ok").sum()), "dropped": int((requests.status == "dropped").sum()),
        "served_per_s": float((requests.status == "ok").sum() / scenario.duration_s),
        "edge_max_waiting": int(nodes.loc["edge", "max_waiting"]), "edge_waiting_end": int(offered.waiting.iloc[-1]),
        "in_flight_max": int(edge.in_flight.max()), "backlog_growth_per_min": float(growth),
        "p95_latency_s": float(requests.loc[requests.status == "ok", "latency_s"].quantile(0.95)),
        "wall_s": wall, "peak_rss_mib": peak_rss_mib,
        "edge_waiting_by_quarter": [int(offered.waiting.iloc[min(len(offered) - 1, round(q * (len(offered) - 1)))])
                                    for q in (0.25, 0.5, 0.75, 1.0)],
    }


def in_fresh_process(hours: float, load: float, capped: bool) -> dict:
    done = subprocess.run([sys.executable, __file__, "--one", str(hours), "--load", str(load)]
                          + ([] if capped else ["--uncapped"]), capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"soak run of {hours} h failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hours", type=float, default=2.0, help="longest simulated time (h)")
    parser.add_argument("--load", type=float, default=2.0, help="offered load / edge capacity")
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--one", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--uncapped", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        print(json.dumps(one_run(args.one, args.load, not args.uncapped)))
        return
    capacity = edge_capacity_per_s(load_scenario(SOAK))
    rows = [in_fresh_process(args.hours * f, args.load, True) for f in (0.25, 0.5, 1.0)]
    rows.append(in_fresh_process(args.hours, args.load, False))
    print(f"edge capacity {capacity:.3f} requests/s (full batches); offered {args.load:g}x = "
          f"{args.load * capacity:.3f} requests/s")
    head = (f"{'queue cap':>9s} {'sim h':>6s} {'requests':>9s} {'served/s':>9s} {'dropped':>8s} {'max wait':>9s} "
            f"{'backlog/min':>12s} {'p95 lat s':>10s} {'wall s':>7s} {'peak MiB':>9s}  edge backlog at 1/4..4/4")
    print(head)
    for r in rows:
        cap = str(r["max_queue"]) if r["capped"] else "none"
        print(f"{cap:>9s} {r['sim_h']:6.2f} {r['requests']:9d} {r['served_per_s']:9.3f} {r['dropped']:8d} "
              f"{r['edge_max_waiting']:9d} {r['backlog_growth_per_min']:12.2f} {r['p95_latency_s']:10.1f} "
              f"{r['wall_s']:7.1f} {r['peak_rss_mib']:9.0f}  {r['edge_waiting_by_quarter']}")
    if args.json:
        args.json.write_text(json.dumps({"edge_capacity_per_s": capacity, "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
