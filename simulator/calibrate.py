"""Calibrating the ``profile`` timing mode: measure every compute stage at several batch sizes.

For each scheme of a scenario, real requests are pushed through the stages outside the clock
(:mod:`simulator.offline_pass`); each compute stage's wall time per batch size is the median of
``repeats`` runs, and ``a + b·batch`` is fitted by least squares (both kept non-negative).
"""
from __future__ import annotations

import statistics
from datetime import datetime, timezone
from typing import Any, Callable

import numpy as np
import torch

from channels import Numerology, data_res_per_prb
from .images import build_library
from .offline_pass import offline_requests, run_offline
from .provenance import device_description
from .random_streams import RandomStreams
from .scenario import Scenario
from .schemes import build_scheme
from .stages import ComputeStage
from .timing import profile_key

CALIBRATED_DEVICE = "cpu"  # stages run on this machine's CPU until model workers place them on CUDA


def fit_affine(batches: list[int], seconds: list[float]) -> tuple[float, float]:
    """Least-squares ``seconds ≈ a + b·batch`` with ``a, b ≥ 0``.

    >>> fit_affine([1, 2, 4], [0.3, 0.5, 0.9])
    (0.1, 0.2)
    """
    x, y = np.asarray(batches, float), np.asarray(seconds, float)
    if len(set(batches)) < 2:
        return float(y.mean()), 0.0
    b, a = np.polyfit(x, y, 1)
    if b < 0:
        return float(y.mean()), 0.0
    if a < 0:
        return 0.0, float((x @ y) / (x @ x))
    return round(float(a), 12), round(float(b), 12)


def calibrate(scenario: Scenario, batches: list[int], repeats: int,
              on_step: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Measure every compute stage of every scheme; returns the profile file's content."""
    torch.set_num_threads(scenario.timing.threads)
    numerology = Numerology(scenario.cell.numerology)
    res_per_prb = data_res_per_prb(len(scenario.channel.dmrs_symbols))
    group = scenario.users[0]
    library = build_library(group.images, RandomStreams(scenario.seed), group.group)
    images = [library.images[i % len(library.images)] for i in range(max(batches))]
    faces = [library.faces[i % len(library.faces)] for i in range(max(batches))] if library.faces else None
    stages_out: dict[str, Any] = {}
    for scheme in scenario.schemes:
        stages = build_scheme(scheme, scenario)
        walls: dict[str, dict[int, list[float]]] = {}

        def record(stage: ComputeStage, batch: int, wall_s: float) -> None:
            walls.setdefault(stage.name, {}).setdefault(batch, []).append(wall_s)

        offline = dict(numerology=numerology, dmrs_symbols=scenario.channel.dmrs_symbols,
                       res_per_prb=res_per_prb, n_prb=scenario.cell.prbs)
        run_offline(stages, offline_requests(images[:1], faces), **offline)  # warm-up, not recorded
        for repeat in range(repeats):
            for batch in batches:
                if on_step:
                    on_step(f"{scheme.display_name}: batch {batch}, repeat {repeat + 1}/{repeats}")
                run_offline(stages, offline_requests(images[:batch], faces), on_stage=record, **offline)
        for stage_name, by_batch in walls.items():
            sizes = sorted(by_batch)
            medians = [statistics.median(by_batch[b]) for b in sizes]
            a_s, b_s = fit_affine(sizes, medians)
            stages_out[profile_key(scheme.display_name, stage_name)] = {
                CALIBRATED_DEVICE: {"a_s": a_s, "b_s": b_s,
                                    "median_wall_s": {int(b): float(m) for b, m in zip(sizes, medians)}}}
    return {"created": datetime.now(timezone.utc).isoformat(), "machine": device_description(),
            "scenario": scenario.name, "torch_threads": scenario.timing.threads, "batches": batches, "repeats": repeats, "stages": stages_out}
