"""Running a whole scenario: every scheme in turn, then the tables, metadata and scenario on disk."""
from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from .edit_metrics import EditJudge
from .images import ImageLibrary, build_library
from .provenance import device_description, git_revision, package_versions
from .random_streams import RandomStreams
from .recorder import Recorder
from .scenario import Scenario
from .simulation import Simulation
import torch

from channels import Numerology

ProgressFactory = Callable[[str, float], Callable[[float], None]]


def new_run_id(name: str) -> str:
    return f"{name}-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S.%fZ')}"


def run_scenario(scenario: Scenario, out_root: Path = Path("runs"), progress: ProgressFactory | None = None,
                 run_id: str | None = None, extra_meta: dict | None = None) -> Path:
    """Simulate every scheme of ``scenario`` and write ``out_root/<run_id>/``; returns that folder.

    ``progress(label, total_s)`` may return a callback taking the simulated time reached.
    """
    run_id = run_id or new_run_id(scenario.name)
    torch.set_num_threads(scenario.timing.threads)
    started_at, wall_start = datetime.now(timezone.utc).isoformat(), time.perf_counter()
    streams = RandomStreams(scenario.seed)
    libraries: dict[str, ImageLibrary] = {g.group: build_library(g.images, streams, g.group) for g in scenario.users}
    recorder = Recorder(spill_dir=out_root / f".{run_id}.spill")  # removed once the tables are written
    judge = EditJudge()
    try:
        for scheme in scenario.schemes:
            simulation = Simulation(scenario, scheme, run_id, recorder, libraries, judge=judge)
            callback = progress(scheme.display_name, scenario.duration_s) if progress else None
            simulation.run(callback)
    except BaseException:  # also Ctrl-C: a failed run leaves no spilled chunks behind
        recorder.discard()
        raise
    numerology = Numerology(scenario.cell.numerology)
    meta = {
        "run_id": run_id, "name": scenario.name, "seed": scenario.seed, "git_revision": git_revision(),
        "versions": package_versions(), "device": device_description(), "timing_mode": scenario.timing.mode,
        "torch_threads": scenario.timing.threads,
        "wall_s": time.perf_counter() - wall_start, "sim_duration_s": scenario.duration_s,
        "started_at": started_at, "n_prb": scenario.cell.prbs * scenario.cell.count, "cells": scenario.cell.count, "slot_s": numerology.slot_s,
        "requests": recorder.count("requests"), "schemes": [s.display_name for s in scenario.schemes],
        **(extra_meta or {}),
    }
    out_root.mkdir(parents=True, exist_ok=True)
    return recorder.write(out_root / run_id, meta, scenario.model_dump(mode="json"))
