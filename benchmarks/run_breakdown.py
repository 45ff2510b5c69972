"""Where the time of finished runs went, per scheme: queueing, compute, uplink slots and airtime.

    .venv/bin/python benchmarks/run_breakdown.py RUN_DIR [RUN_DIR ...]

Loads each run folder with :func:`results.runs.load_run` (plus ``queues.parquet``) and prints
one Markdown table: requests, success, mean and p95 latency (s), mean queueing and compute (s),
uplink slots and airtime per image (ms; more slots than the payload needs = PRB contention),
the longest edge and UE-side worker queues, and mean PSNR (dB).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from results.runs import RunDirError, load_run


def breakdown(run_dir: Path) -> pd.DataFrame:
    run = load_run(run_dir)
    requests, stages = run.requests, run.stages
    queues_file = run_dir / "queues.parquet"
    if not queues_file.is_file():
        raise RunDirError(f"{queues_file}: expected the queue samples, found none")
    queues = pd.read_parquet(queues_file)
    uplink = stages[stages.stage == "uplink"].groupby("scheme")
    longest = queues.groupby(["scheme", "node"]).waiting.max().unstack("node")
    by_scheme = requests.groupby("scheme", sort=False)
    table = pd.DataFrame({
        "requests": by_scheme.size(),
        "success": by_scheme.success.mean() * 100,
        "latency_s": by_scheme.latency_s.mean(),
        "p95_latency_s": by_scheme.latency_s.quantile(0.95),
        "queue_s": by_scheme.queue_s.mean(),
        "compute_s": by_scheme.compute_s.mean(),
        "uplink_slots": uplink.slots.mean(),
        "uplink_prbs": uplink.prb_slots.mean(),
        "airtime_ms": uplink.airtime_s.mean() * 1e3,
        "edge_queue_max": longest.get("edge"),
        "ue_queue_max": longest.get("ue"),
        "psnr_db": by_scheme.psnr_db.mean(),
    })
    table.insert(0, "run", run.run_id)
    return table.reset_index(names="scheme")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", type=Path, nargs="+", help="run folders (runs/<name>-<stamp>)")
    args = parser.parse_args()
    try:
        table = pd.concat([breakdown(r) for r in args.runs], ignore_index=True)
    except RunDirError as error:
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
    print("| run | scheme | requests | success % | latency s | p95 s | queueing s | compute s | uplink slots "
          "| uplink PRB·slots | airtime ms | longest edge queue | longest UE queue | PSNR dB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in table.itertuples():
        print(f"| {r.run} | `{r.scheme}` | {r.requests} | {r.success:.0f} | {r.latency_s:.2f} | {r.p95_latency_s:.2f} "
              f"| {r.queue_s:.2f} | {r.compute_s:.2f} | {r.uplink_slots:.2f} | {r.uplink_prbs:.1f} | {r.airtime_ms:.2f} "
              f"| {r.edge_queue_max:.0f} | {r.ue_queue_max:.0f} | {r.psnr_db:.2f} |")


if __name__ == "__main__":
    main()
