"""Reading run directories written by the simulator's recorder.

A run directory holds ``requests.parquet``, ``stages.parquet``, ``meta.json`` and
``scenario.yaml`` (required) plus ``nodes.parquet``, ``allocations.parquet`` and
``samples/index.json`` (optional). :func:`load_run` checks each file against the
contract and raises :class:`RunDirError` naming the file and what was expected, so a
half-written or mixed-up run never reaches the report as a confusing traceback.
"""

from __future__ import annotations

import json
import numbers
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

REQUEST_COLUMNS = {
    "text": ["run_id", "scheme", "status", "user_group", "image_id"],
    "flag": ["success"],
    "numeric": [
        "seed", "request_id", "user_id", "created_s", "completed_s", "latency_s",
        "snr_db", "distance_m", "pathloss_db", "bits", "channel_uses", "cbr", "bpp",
        "psnr_db", "ssim", "queue_s", "compute_s", "airtime_s", "backhaul_s",
        "propagation_s", "energy_radio_j", "energy_compute_j", "energy_j",
        "height", "width", "channels",
    ],
}
STAGE_COLUMNS = {
    "text": ["run_id", "scheme", "stage", "kind", "node"],
    "numeric": [
        "seed", "request_id", "user_id", "worker", "arrive_s", "start_s", "end_s",
        "queue_s", "service_s", "airtime_s", "propagation_s", "energy_j", "bits",
        "channel_uses", "prb_slots", "slots", "batch_size", "wall_s",
    ],
}
NODE_COLUMNS = {
    "text": ["run_id", "node", "kind", "device"],
    "numeric": [
        "workers", "idle_w", "busy_w", "busy_s", "energy_idle_j", "energy_compute_j",
        "energy_radio_j", "energy_j", "duration_s",
    ],
}
ALLOCATION_COLUMNS = {
    "text": ["run_id"],
    "numeric": ["slot", "time_s", "user_id", "request_id", "prb_start", "prb_count"],
}
SAMPLE_ROLES = ("original", "received", "ideal")


class RunDirError(ValueError):
    """A run directory is missing a file, or a file does not follow the contract."""


@dataclass(frozen=True)
class Sample:
    """One request's images: absolute paths by role (``original``, ``received``, ``ideal``)."""

    request_id: int
    scheme: str
    instruction: str | None
    files: dict[str, Path]


@dataclass(eq=False)
class Run:
    """Everything one simulation run wrote. Optional tables are ``None`` when absent;
    ``missing`` lists the optional files that were not found, for the report to say so.
    Runs compare by identity: comparing their DataFrames element-wise has no single answer."""

    path: Path
    meta: dict[str, Any]
    scenario: dict[str, Any]
    requests: pd.DataFrame
    stages: pd.DataFrame
    nodes: pd.DataFrame | None = None
    allocations: pd.DataFrame | None = None
    samples: list[Sample] | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def run_id(self) -> str:
        return str(self.meta["run_id"])

    @property
    def name(self) -> str:
        return str(self.meta.get("name") or self.scenario.get("name") or self.run_id)


def load_run(path: str | Path) -> Run:
    """Load and check one run directory.

    Raises:
        RunDirError: a required file is missing or unreadable, a table lacks a contract
            column or holds text where numbers belong, or the files disagree on ``run_id``.
    """
    path = Path(path)
    if not path.is_dir():
        raise RunDirError(f"{path}: expected a run directory, found none")
    meta = _read_meta(path / "meta.json")
    scenario = _read_scenario(path / "scenario.yaml")
    run = Run(
        path=path,
        meta=meta,
        scenario=scenario,
        requests=_read_table(path / "requests.parquet", REQUEST_COLUMNS),
        stages=_read_table(path / "stages.parquet", STAGE_COLUMNS),
    )
    run.nodes = _read_optional_table(path / "nodes.parquet", NODE_COLUMNS, run.missing)
    run.allocations = _read_optional_table(path / "allocations.parquet", ALLOCATION_COLUMNS, run.missing)
    index = path / "samples" / "index.json"
    if index.exists():
        run.samples = _read_samples(index)
    else:
        run.missing.append("samples/index.json")
    _check_run_ids(run)
    return run


def differing_parameters(runs: list[Run]) -> dict[str, dict[str, Any]]:
    """Scenario parameters that are not the same in every run, by run id.

    Scenarios are flattened to dotted paths (``channel.snr_db``, ``users.0.count``); a
    path absent from some runs differs and reads ``None`` there. With one run, or runs
    of identical scenarios, every run maps to an empty dict.
    """
    flat = {run.run_id: flatten_mapping(run.scenario) for run in runs}
    paths = sorted({p for params in flat.values() for p in params})
    differing = [p for p in paths if len({_comparable(params.get(p)) for params in flat.values()}) > 1]
    return {run_id: {p: params.get(p) for p in differing} for run_id, params in flat.items()}


def flatten_mapping(value: Any, prefix: str = "") -> dict[str, Any]:
    """Flatten nested mappings and lists into ``{"a.b.0.c": leaf}``; empty containers are leaves."""
    if isinstance(value, dict) and value:
        items = ((str(k), v) for k, v in value.items())
    elif isinstance(value, list) and value:
        items = ((str(i), v) for i, v in enumerate(value))
    else:
        return {prefix: value} if prefix else {}
    flat: dict[str, Any] = {}
    for key, child in items:
        flat.update(flatten_mapping(child, f"{prefix}.{key}" if prefix else key))
    return flat


def _comparable(value: Any) -> tuple:
    """A hashable form in which 6 and 6.0 are equal but True and 1 are not."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return ("number", float(value))
    return ("value", json.dumps(value, sort_keys=True, default=str))


def _read_meta(file: Path) -> dict[str, Any]:
    if not file.exists():
        raise RunDirError(f"{file}: missing; expected the run's metadata as a JSON object")
    try:
        meta = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunDirError(f"{file}: not valid JSON ({exc})") from exc
    if not isinstance(meta, dict) or "run_id" not in meta:
        raise RunDirError(f"{file}: expected a JSON object with at least a 'run_id' key")
    return meta


def _read_scenario(file: Path) -> dict[str, Any]:
    if not file.exists():
        raise RunDirError(f"{file}: missing; expected the validated scenario as YAML")
    try:
        scenario = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise RunDirError(f"{file}: not valid YAML ({exc})") from exc
    if not isinstance(scenario, dict):
        raise RunDirError(f"{file}: expected a YAML mapping at the top level, found {type(scenario).__name__}")
    return scenario


def _read_table(file: Path, columns: dict[str, list[str]]) -> pd.DataFrame:
    if not file.exists():
        raise RunDirError(f"{file}: missing; expected a parquet table")
    try:
        table = pd.read_parquet(file)
    except Exception as exc:  # pyarrow raises several unrelated types for a damaged file
        raise RunDirError(f"{file}: not a readable parquet table ({exc})") from exc
    expected = [c for group in columns.values() for c in group]
    missing = [c for c in expected if c not in table.columns]
    if missing:
        raise RunDirError(f"{file}: missing column(s) {', '.join(missing)}")
    not_numeric = [
        c for c in columns["numeric"] + columns.get("flag", [])
        if not (pd.api.types.is_numeric_dtype(table[c]) or table[c].isna().all())
    ]
    if not_numeric:
        raise RunDirError(f"{file}: column(s) {', '.join(not_numeric)} should be numeric")
    return table


def _read_optional_table(file: Path, columns: dict[str, list[str]], missing: list[str]) -> pd.DataFrame | None:
    """The table if its file exists; otherwise None, with the file name added to ``missing``."""
    if file.exists():
        return _read_table(file, columns)
    missing.append(file.name)
    return None


def _read_samples(index: Path) -> list[Sample]:
    try:
        entries = json.loads(index.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise RunDirError(f"{index}: not valid JSON ({exc})") from exc
    if not isinstance(entries, list):
        raise RunDirError(f"{index}: expected a JSON list of samples")
    folder = index.parent.resolve()
    samples = []
    for position, entry in enumerate(entries):
        where = f"{index}: entry {position}"
        if not isinstance(entry, dict) or not {"request_id", "scheme", "files"} <= entry.keys():
            raise RunDirError(f"{where}: expected an object with request_id, scheme and files")
        if not isinstance(entry["files"], dict):
            raise RunDirError(f"{where}: 'files' should map a role to a file name")
        files = {}
        for role, name in entry["files"].items():
            if role not in SAMPLE_ROLES or not name:
                continue
            file = (folder / str(name)).resolve()
            # The index is data, not trusted: never read images outside samples/.
            if not file.is_relative_to(folder):
                raise RunDirError(f"{where}: file {name!r} lies outside the samples folder")
            files[role] = file
        instruction = entry.get("instruction")
        samples.append(Sample(
            request_id=int(entry["request_id"]),
            scheme=str(entry["scheme"]),
            instruction=None if instruction is None else str(instruction),
            files=files,
        ))
    return samples


def _check_run_ids(run: Run) -> None:
    tables = {
        "requests.parquet": run.requests, "stages.parquet": run.stages,
        "nodes.parquet": run.nodes, "allocations.parquet": run.allocations,
    }
    for file_name, table in tables.items():
        if table is None:
            continue
        found = {str(v) for v in table["run_id"].dropna().unique()}
        if found - {run.run_id}:
            raise RunDirError(
                f"{run.path / file_name}: run_id {sorted(found)} does not match "
                f"meta.json run_id {run.run_id!r}"
            )
