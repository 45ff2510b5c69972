"""Benchmark: per-image pipeline time and energy of every scheme, and batched inversion throughput.

    .venv/bin/python benchmarks/scheme_pipeline.py [--scenario scenarios/paper_snr_sweep.yaml] [--json FILE]

Each scheme's stages run outside the clock on real faces (one warm-up pass first); the time of
every compute stage is measured at batch 1 (median of ``--repeats``) and summed per image.
Energy per image = the node's busy power × stage time / workers (the profile model). Stages are
timed on CPU (``semsim calibrate`` profiles the CPU only), so this benchmark has no GPU numbers
yet. Inversion throughput compares 16 images inverted one at a time with the same 16 in one batch.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch

from simulator.calibrate import calibrate
from simulator.provenance import device_description
from simulator.scenario import load_scenario
from simulator.schemes import build_scheme
from simulator.stages import ComputeStage

ROOT = Path(__file__).resolve().parents[1]


def pipeline_per_image(scenario, repeats: int) -> dict:
    profile = calibrate(scenario, batches=[1], repeats=repeats)["stages"]
    out = {}
    for scheme in scenario.schemes:
        stages = [s for s in build_scheme(scheme, scenario) if isinstance(s, ComputeStage)]
        rows, total_s, total_j = {}, 0.0, 0.0
        for stage in stages:
            seconds = profile[f"{scheme.display_name}/{stage.name}"]["cpu"]["median_wall_s"][1]
            node = getattr(scenario.nodes, stage.placement)
            joules = seconds * node.busy_w / node.workers
            rows[f"{stage.placement}:{stage.name}"] = {"s": seconds, "j": joules}
            total_s, total_j = total_s + seconds, total_j + joules
        out[scheme.display_name] = {"stages": rows, "seconds_per_image": total_s, "joules_per_image": total_j,
                                    "mwh_per_image": total_j / 3.6}
    return out


def inversion_throughput(n: int = 16, r_inv: int = 110) -> dict:
    from models.gan.data import face_set, to_float
    from simulator.schemes.edit_stages import editing_models

    system = editing_models()
    images = to_float(face_set(n, split="test", seed=3))
    system.invert(images[:1], 2)  # warm-up
    start = time.perf_counter()
    for i in range(n):
        system.invert(images[i:i + 1], r_inv)
    single = time.perf_counter() - start
    start = time.perf_counter()
    system.invert(images, r_inv)
    batched = time.perf_counter() - start
    return {"images": n, "r_inv": r_inv, "batch1_s": single, "batch16_s": batched,
            "images_per_s_batch1": n / single, "images_per_s_batch16": n / batched,
            "speedup": single / batched}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios/paper_snr_sweep.yaml")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    torch.set_num_threads(scenario.timing.threads)
    results = {"machine": device_description(), "scenario": scenario.name,
               "pipeline": pipeline_per_image(scenario, args.repeats), "inversion": inversion_throughput()}
    for name, row in results["pipeline"].items():
        parts = ", ".join(f"{k} {v['s']:.3f} s" for k, v in row["stages"].items())
        print(f"{name}: {row['seconds_per_image']:.2f} s/image, {row['mwh_per_image']:.3f} mWh/image ({parts})")
    inv = results["inversion"]
    print(f"inversion ({inv['r_inv']} iterations): batch 1 {inv['images_per_s_batch1']:.2f} images/s, "
          f"batch {inv['images']} {inv['images_per_s_batch16']:.2f} images/s, speed-up x{inv['speedup']:.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
