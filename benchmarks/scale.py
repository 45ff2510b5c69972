"""Benchmark: how far one machine scales, with and without the semantic link abstraction.

Run with ``.venv/bin/python benchmarks/scale.py [--json FILE]`` (a few minutes on two cores).

1. *Engine*: SimPy events per second of the real cell, scheduler and backhaul with no PHY or models.
2. *Model in the loop vs abstraction*: ``scenarios/city_1000.yaml`` cut to ``--compare-users`` users
   and ``--compare-s`` simulated seconds, once with every model and the Sionna channel applied
   (``fidelity: full``) and once looked up (``fidelity: abstract``); requests per wall second of
   each and their ratio. Both use the city's timing profile, so only the fidelity differs.
3. *Scale*: the abstract city with 10, 100 and 1000 users for ``--scale-s`` simulated seconds, each
   in a fresh process: wall time and peak resident memory (``getrusage``).
"""
from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import torch

from engine_throughput import engine_events_per_s
from simulator.run import run_scenario
from simulator.scenario import load_scenario

ROOT = Path(__file__).resolve().parents[1]
CITY = ROOT / "scenarios/city_1000.yaml"


def city(users: int, duration_s: float, fidelity: str):
    """The city scenario with ``users`` users (spread over its cells) for ``duration_s`` seconds."""
    scenario = load_scenario(CITY, [f"users.0.count={users}", f"duration_s={duration_s}"])
    schemes = [s.model_copy(update={"fidelity": fidelity}) for s in scenario.schemes]
    return scenario.model_copy(update={"schemes": schemes})


def requests_per_s(users: int, duration_s: float, fidelity: str) -> dict:
    scenario = city(users, duration_s, fidelity)
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        run_dir = run_scenario(scenario, Path(folder), run_id=f"bench-{fidelity}")
        wall = time.perf_counter() - start
        requests = pd.read_parquet(run_dir / "requests.parquet")
    return {"fidelity": fidelity, "users": users, "sim_s": duration_s, "requests": len(requests),
            "success": float(requests.success.mean()), "mean_psnr_db": float(requests.psnr_db.mean()),
            "wall_s": wall, "requests_per_s": len(requests) / wall}


def one_size(users: int, duration_s: float) -> dict:
    """One abstract city run in this process; peak RSS is this process's high-water mark."""
    measured = requests_per_s(users, duration_s, "abstract")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return measured | {"peak_rss_mib": peak_kib / 1024}


def scale(sizes: list[int], duration_s: float) -> list[dict]:
    rows = []
    for users in sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(users), "--scale-s", str(duration_s)],
                              capture_output=True, text=True, check=True, cwd=ROOT)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="also write the measurements here")
    parser.add_argument("--compare-users", type=int, default=20)
    parser.add_argument("--compare-s", type=float, default=60.0)
    parser.add_argument("--scale-s", type=float, default=120.0)
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    torch.set_num_threads(1)
    if args.one is not None:
        print(json.dumps(one_size(args.one, args.scale_s)))
        return
    engine = engine_events_per_s("proportional_fair")
    full = requests_per_s(args.compare_users, args.compare_s, "full")
    abstract = requests_per_s(args.compare_users, args.compare_s, "abstract")
    sizes = scale([int(n) for n in args.sizes.split(",")], args.scale_s)
    print(f"engine: {engine['events_per_s']:,.0f} events/s ({engine['users']} users, proportional fair)")
    print(f"\ncity, {args.compare_users} users, {args.compare_s:g} s simulated, 2 schemes:")
    print(f"{'fidelity':10s} {'requests':>9s} {'wall s':>8s} {'requests/s':>11s} {'success':>8s} {'PSNR dB':>8s}")
    for row in (full, abstract):
        print(f"{row['fidelity']:10s} {row['requests']:9d} {row['wall_s']:8.2f} {row['requests_per_s']:11.1f} "
              f"{row['success']:8.1%} {row['mean_psnr_db']:8.2f}")
    ratio = abstract["requests_per_s"] / full["requests_per_s"]
    print(f"abstraction speed-up: {ratio:.1f}x requests/s")
    print(f"\nabstract city, {args.scale_s:g} s simulated, 2 schemes:")
    print(f"{'users':>6s} {'requests':>9s} {'wall s':>8s} {'requests/s':>11s} {'peak RSS MiB':>13s}")
    for row in sizes:
        print(f"{row['users']:6d} {row['requests']:9d} {row['wall_s']:8.2f} {row['requests_per_s']:11.1f} "
              f"{row['peak_rss_mib']:13.0f}")
    if args.json:
        args.json.write_text(json.dumps({
            "machine": {"python": platform.python_version(), "torch": torch.__version__,
                        "processor": platform.processor() or platform.machine()},
            "engine": engine, "full": full, "abstract": abstract, "abstract_speedup": ratio, "scale": sizes,
        }, indent=2) + "\n")


if __name__ == "__main__":
    main()
