"""Parameter sweeps with replications and resume: ``semsim sweep``."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

import pandas as pd
import yaml

from simulator.scenario import load_scenario
from .grid import GridAxis, SweepPoint, expand, parse_axis
from .runner import PointJob, check_points, execute, is_complete


def run_sweep(scenario_path: Path, axes: list[GridAxis], replications: int, out_root: Path,
              backend: str = "local", workers: int = 1, address: str | None = None,
              overrides: list[str] | None = None,
              on_point: Callable[[dict[str, Any]], None] | None = None) -> Path:
    """Run every point of the grid into ``out_root/<name>-sweep/``; returns that folder.

    Points whose run folder already holds a valid run of the same point are skipped; a point is
    written atomically, so an interrupted sweep leaves finished points and nothing partial.
    The index ``sweep.parquet`` lists every point with its parameters and status.
    """
    overrides = list(overrides or [])
    base = load_scenario(scenario_path, overrides)
    points = expand(axes, replications, base.seed)
    check_points(scenario_path, overrides, points)
    folder = out_root / f"{base.name}-sweep"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sweep.yaml").write_text(yaml.safe_dump({
        "scenario": str(scenario_path.resolve()), "overrides": overrides, "replications": replications,
        "grid": {a.path: list(a.values) for a in axes}}, sort_keys=False))
    rows: dict[str, dict[str, Any]] = {}
    jobs = []
    for point in points:
        meta = is_complete(folder / point.point_id, point)
        if meta is not None:
            rows[point.point_id] = {"point_id": point.point_id, "status": "skipped", "run_dir": str(folder / point.point_id),
                                    "requests": meta.get("requests"), "wall_s": 0.0, "error": ""}
            if on_point:
                on_point(rows[point.point_id])
        else:
            jobs.append(PointJob(str(scenario_path), tuple(overrides), point.overrides(), str(folder), point.point_id))

    def done(row: dict[str, Any]) -> None:
        rows[row["point_id"]] = row
        if on_point:
            on_point(row)

    execute(jobs, backend, workers, address, done)
    _write_index(folder, points, rows)
    return folder


def _write_index(folder: Path, points: list[SweepPoint], rows: dict[str, dict[str, Any]]) -> None:
    table = pd.DataFrame([{**dict(p.params), "replication": p.replication, "seed": p.seed, **rows[p.point_id]}
                          for p in points])
    partial = folder / "sweep.parquet.partial"
    table.to_parquet(partial, index=False)
    partial.replace(folder / "sweep.parquet")


__all__ = ["GridAxis", "SweepPoint", "expand", "parse_axis", "run_sweep"]
