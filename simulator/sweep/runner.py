"""Running sweep points locally (process pool) or on Ray, skipping points already done."""
from __future__ import annotations

import concurrent.futures as futures
import multiprocessing
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from results.runs import RunDirError, load_run
from simulator.scenario import ScenarioError, load_scenario
from .grid import SweepPoint


@dataclass(frozen=True)
class PointJob:
    """Everything a worker needs to run one point (picklable, no open resources)."""

    scenario_path: str
    overrides: tuple[str, ...]
    params: dict[str, Any]
    out_root: str
    point_id: str


def run_point(job: PointJob) -> dict[str, Any]:
    """Run one point into ``out_root/point_id`` (atomic); returns its index row. Runs in a worker."""
    from simulator.run import run_scenario

    started = time.perf_counter()
    scenario = load_scenario(job.scenario_path, list(job.overrides) + [f"{k}={_yaml(v)}" for k, v in job.params.items()])
    run_dir = run_scenario(scenario, Path(job.out_root), run_id=job.point_id,
                           extra_meta={"sweep_point": job.point_id, "sweep_params": job.params})
    requests = pd.read_parquet(run_dir / "requests.parquet")
    return {"point_id": job.point_id, "status": "done", "run_dir": str(run_dir), "requests": len(requests),
            "wall_s": time.perf_counter() - started, "error": ""}


def _yaml(value: Any) -> str:
    import yaml

    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()


def is_complete(run_dir: Path, point: SweepPoint) -> dict[str, Any] | None:
    """The run's metadata when its folder loads as a valid run made for this point, else None."""
    if not run_dir.is_dir():
        return None
    try:
        run = load_run(run_dir)
    except RunDirError:
        return None
    return run.meta if run.meta.get("sweep_point") == point.point_id else None


def check_points(scenario_path: Path, overrides: list[str], points: list[SweepPoint]) -> None:
    """Validate every point's scenario before anything runs, so a bad value fails at once."""
    problems = []
    for point in points:
        try:
            load_scenario(scenario_path, overrides + [f"{k}={_yaml(v)}" for k, v in point.overrides().items()])
        except ScenarioError as error:
            problems += [f"point {point.point_id}: {p}" for p in error.problems]
    if problems:
        raise ScenarioError(scenario_path.name, sorted(set(problems)))


def execute(jobs: list[PointJob], backend: str, workers: int, address: str | None,
            on_done: Callable[[dict[str, Any]], None]) -> None:
    """Run ``jobs`` on ``backend`` (``local`` or ``ray``), calling ``on_done`` with each index row."""
    if backend == "ray":
        from .ray_backend import execute_on_ray

        execute_on_ray(jobs, address, on_done)
        return
    if workers == 1:
        for job in jobs:
            on_done(_guarded(job))
        return
    # spawn: torch and Sionna hold threads that a forked child must not inherit
    with futures.ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = {pool.submit(_guarded, job): job for job in jobs}
        for done in futures.as_completed(pending):
            on_done(done.result())


def _guarded(job: PointJob) -> dict[str, Any]:
    """A failing point is recorded with its reason; the others still run."""
    try:
        return run_point(job)
    except Exception as error:  # noqa: BLE001 - any failure of one point is reported, not fatal
        return {"point_id": job.point_id, "status": "failed", "run_dir": "", "requests": 0, "wall_s": 0.0,
                "error": f"{error.__class__.__name__}: {error}"}

