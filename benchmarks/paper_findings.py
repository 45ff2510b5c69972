"""The Editable-DeepSC comparison's findings from a finished SNR sweep, as Markdown tables.

    semsim sweep scenarios/paper_snr_sweep.yaml --grid channel.snr_db=-6,0,6,12,18 --jobs 1
    .venv/bin/python benchmarks/paper_findings.py runs/paper_snr_sweep-sweep [--json FILE]

Per scheme and SNR point, over every recorded request: CBR and bpp over the air, reception
success, edit success (P sees the instructed degree), the other attributes preserved, PSNR/SSIM
against the renderer's ideal edit, and compute time and energy per request (the sum over its
compute stages, as the simulation charged them: measured wall time × speed factor, energy from
the node's power profile).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

SCHEMES = ["editable_deepsc", "editable_deepsc+refine", "editable_deepsc+confident", "deepjscc+edit_rx",
           "edit_tx+deepjscc", "jpeg_ldpc+edit_rx", "edit_tx+jpeg_ldpc"]


def load_requests(sweep_dir: Path) -> pd.DataFrame:
    """Every request of every finished point, with the point's SNR in ``snr_point_db``."""
    index = sweep_dir / "sweep.parquet"
    if not index.is_file():
        print(f"{index}: missing; expected the index `semsim sweep` writes when its points finish", file=sys.stderr)
        raise SystemExit(2)
    points = pd.read_parquet(index)
    # A rerun sweep lists the points it found finished as "skipped": their runs count as well.
    points = points[points.status.isin(["done", "skipped"])]
    if points.empty:
        print(f"{sweep_dir}: no finished sweep point (run `semsim sweep` first)", file=sys.stderr)
        raise SystemExit(2)
    frames = []
    for _, point in points.iterrows():
        requests = pd.read_parquet(Path(point.run_dir) / "requests.parquet")
        frames.append(requests.assign(snr_point_db=point["channel.snr_db"]))
    return pd.concat(frames, ignore_index=True)


def summarise(requests: pd.DataFrame) -> pd.DataFrame:
    grouped = requests.groupby(["scheme", "snr_point_db"])
    columns = dict(requests=("request_id", "size"), cbr=("cbr", "mean"), bpp=("bpp", "mean"),
                   success=("success", "mean"), edit_success=("edit_success", "mean"),
                   preserved=("preserved", "mean"), psnr_ideal_db=("psnr_ideal_db", "mean"),
                   ssim_ideal=("ssim_ideal", "mean"), compute_s=("compute_s", "mean"),
                   energy_compute_j=("energy_compute_j", "mean"), latency_s=("latency_s", "mean"))
    if "tx_symbol_power" in requests:  # runs recorded before the column existed lack it
        columns["tx_symbol_power"] = ("tx_symbol_power", "mean")
    return grouped.agg(**columns).reset_index()


def unfinished_warning(requests: pd.DataFrame) -> str | None:
    """A warning naming the schemes and SNR points with requests still in flight when their run
    ended, or None: those requests carry no quality scores, so the schemes would be compared on
    different requests (the early ones, which queued less)."""
    open_rows = requests[requests.status == "unfinished"]
    if open_rows.empty:
        return None
    counts = open_rows.groupby(["scheme", "snr_point_db"]).size()
    where = ", ".join(f"{scheme} at {snr:g} dB: {n}" for (scheme, snr), n in counts.items())
    return (f"warning: {len(open_rows)} of {len(requests)} requests were unfinished when their run ended "
            f"({where}); the schemes are scored on different requests. Raise the scenario's drain_s.")


def _in_scheme_order(names) -> list[str]:
    """``names`` with the known schemes first, in :data:`SCHEMES` order, then any others."""
    return [s for s in SCHEMES if s in names] + [s for s in names if s not in SCHEMES]


def _pivot(table: pd.DataFrame, column: str, fmt: str) -> str:
    wide = table.pivot(index="scheme", columns="snr_point_db", values=column)
    wide = wide.reindex(_in_scheme_order(wide.index))
    head = "| scheme | " + " | ".join(f"{snr:g} dB" for snr in wide.columns) + " |"
    rule = "|---|" + "---|" * len(wide.columns)
    rows = [f"| `{name}` | " + " | ".join(fmt.format(v) if pd.notna(v) else "—" for v in row) + " |"
            for name, row in wide.iterrows()]
    return "\n".join([head, rule, *rows])


def per_scheme(table: pd.DataFrame) -> str:
    """CBR/bpp, the mean power of the symbols sent (1: the nominal SNR holds) and compute time/energy
    per request, averaged over the SNR points."""
    table = table if "tx_symbol_power" in table else table.assign(tx_symbol_power=float("nan"))
    mean = table.groupby("scheme").agg({"cbr": "mean", "bpp": "mean", "tx_symbol_power": "mean", "compute_s": "mean",
                                        "energy_compute_j": "mean", "requests": "sum"})
    mean = mean.reindex(_in_scheme_order(mean.index))
    lines = ["| scheme | requests | CBR (channel uses / H·W·C) | bpp over the air | symbol power | "
             "compute s / request | compute energy / request |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, row in mean.iterrows():
        bpp = "—" if pd.isna(row.bpp) else f"{row.bpp:.3f}"
        power = "—" if pd.isna(row.tx_symbol_power) else f"{row.tx_symbol_power:.2f}"
        lines.append(f"| `{name}` | {int(row.requests)} | {row.cbr:.4f} | {bpp} | {power} | {row.compute_s:.2f} | "
                     f"{row.energy_compute_j:.2f} J = {row.energy_compute_j / 3.6:.3f} mWh |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sweep_dir", type=Path)
    parser.add_argument("--json", type=Path, help="also write the summary rows here")
    args = parser.parse_args()
    requests = load_requests(args.sweep_dir)
    warning = unfinished_warning(requests) if "status" in requests else None
    if warning:
        print(warning, file=sys.stderr)
    table = summarise(requests)
    print("## per scheme (mean over SNR points)\n")
    print(per_scheme(table))
    for column, title, fmt in [("success", "reception success", "{:.0%}"),
                               ("edit_success", "edit success (P-judged)", "{:.0%}"),
                               ("preserved", "other attributes preserved", "{:.0%}"),
                               ("psnr_ideal_db", "PSNR vs the ideal edit (dB)", "{:.2f}"),
                               ("ssim_ideal", "SSIM vs the ideal edit", "{:.3f}"),
                               ("latency_s", "mean latency (s)", "{:.2f}")]:
        print(f"\n## {title}\n")
        print(_pivot(table, column, fmt))
    if args.json:
        args.json.write_text(json.dumps(table.to_dict(orient="records"), indent=2) + "\n")


if __name__ == "__main__":
    main()
