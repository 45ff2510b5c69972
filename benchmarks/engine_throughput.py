"""Benchmark: engine events per second, and end-to-end requests per second of the quickstart.

Run with ``make bench`` or ``.venv/bin/python benchmarks/engine_throughput.py [--json FILE]``.

1. *Engine*: the SimPy kernel with the real cell, scheduler and backhaul but no PHY or models —
   many users with Poisson arrivals of random payload sizes; counts processed SimPy events.
2. *End to end*: ``scenarios/quickstart.yaml`` as users run it (every payload through Sionna,
   LDPC decoding, JPEG), requests simulated per wall-clock second.
"""
from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import simpy
import torch

from channels import Numerology, data_res_per_prb
from simulator.backhaul import Backhaul
from simulator.cell import Cell
from simulator.run import run_scenario
from simulator.scenario import load_scenario
from simulator.scheduling import SCHEDULERS, ProportionalFair

ROOT = Path(__file__).resolve().parents[1]


def engine_events_per_s(scheduler: str, users: int = 64, rate_hz: float = 20.0, sim_s: float = 5.0) -> dict:
    numerology = Numerology(1)
    env = simpy.Environment()
    res = data_res_per_prb(2)
    chosen = ProportionalFair(100, res) if scheduler == "proportional_fair" else SCHEDULERS.get(scheduler)()
    cell = Cell(env, 51, numerology.slot_s, res, chosen)
    backhaul = Backhaul(env, 1e9, 0.002)
    rng = np.random.default_rng(0)
    done = [0]

    def user(uid: int):
        while env.now < sim_s:
            yield env.timeout(rng.exponential(1 / rate_hz))
            env.process(request(uid, int(rng.integers(500, 6000))))

    def request(uid: int, symbols: int):
        yield env.process(cell.transmit(uid, symbols, float(rng.uniform(0.5, 6))))
        yield env.process(backhaul.send(symbols * 2))
        done[0] += 1

    for uid in range(users):
        env.process(user(uid))
    events, start = 0, time.perf_counter()
    while env.peek() < sim_s:
        env.step()
        events += 1
    wall = time.perf_counter() - start
    return {"scheduler": scheduler, "users": users, "sim_s": sim_s, "events": events, "requests": done[0],
            "wall_s": wall, "events_per_s": events / wall}


def quickstart_requests_per_s() -> dict:
    scenario = load_scenario(ROOT / "scenarios/quickstart.yaml")
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        run_dir = run_scenario(scenario, Path(folder), run_id="bench")
        wall = time.perf_counter() - start
        requests = pd.read_parquet(run_dir / "requests.parquet")
        stages = pd.read_parquet(run_dir / "stages.parquet")
    per_stage = stages.groupby("stage")["wall_s"].sum().to_dict()
    return {"requests": len(requests), "schemes": len(scenario.schemes), "wall_s": wall,
            "requests_per_s": len(requests) / wall, "model_wall_s_by_stage": per_stage}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    args = parser.parse_args()
    results = {
        "machine": f"{platform.processor() or platform.machine()}, {torch.get_num_threads()} torch threads",
        "engine": [engine_events_per_s(s) for s in ("round_robin", "proportional_fair")],
        "quickstart": quickstart_requests_per_s(),
    }
    for row in results["engine"]:
        print(f"engine [{row['scheduler']}]: {row['events']} events, {row['requests']} requests in "
              f"{row['wall_s']:.2f} s wall → {row['events_per_s']:,.0f} events/s")
    q = results["quickstart"]
    print(f"quickstart end to end: {q['requests']} requests ({q['schemes']} schemes) in {q['wall_s']:.1f} s wall "
          f"→ {q['requests_per_s']:.2f} requests/s")
    print("  model wall time by stage: " + ", ".join(f"{k} {v:.2f} s" for k, v in q["model_wall_s_by_stage"].items()))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
