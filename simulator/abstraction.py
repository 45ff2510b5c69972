"""Semantic link abstraction: per-scheme quality and success vs effective SNR, measured by
model-in-the-loop runs and looked up instead of running the models (the analogue of a PHY abstraction).

The table is JSON: provenance, the SNR column and bin edges, and per scheme label the base scheme,
its stage sequence with the payload sizes each stage produced (medians over the measured requests),
and per SNR bin the success probability (Wilson 95 % interval) and every quality metric's mean
(Student-t 95 % interval) over all requests, over successful ones and over failed ones.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from results.aggregate import column_ci, proportion_ci, quality_columns
from .provenance import git_revision
from .scenario import ScenarioError

FORMAT = "semsim-abstraction/1"
# Columns that describe the request or its link rather than what was delivered.
NOT_LOOKED_UP = {"height", "width", "channels", "success"}


def _placement(node: str) -> str:
    return "ue" if node.startswith("ue") else node


def _stages(stages: pd.DataFrame) -> list[dict[str, Any]]:
    """The scheme's stage sequence (from its most complete request) with median payload sizes."""
    longest = stages.groupby(["run_id", "request_id"]).size().idxmax()
    order = stages.set_index(["run_id", "request_id"]).loc[longest].sort_values("arrive_s")
    out = []
    for _, row in order.iterrows():
        same = stages[stages.stage == row.stage]
        out.append({"name": row.stage, "kind": row.kind, "placement": _placement(row.node),
                    "bits": int(same.bits.median()), "channel_uses": int(same.channel_uses.median())})
    # Compute rows record no channel uses; the stage that modulates hands its size to the uplink.
    for before, after in zip(out, out[1:]):
        if after["kind"] == "radio":
            before["channel_uses"] = after["channel_uses"]
    return out


def _stat(column: pd.Series) -> dict[str, float | int]:
    ci = column_ci(column)
    return {"mean": ci.mean, "ci_low": ci.low, "ci_high": ci.high, "n": ci.n}


def _bins(requests: pd.DataFrame, snr_column: str, edges: np.ndarray, metrics: list[str]) -> list[dict]:
    out = []
    for low, high in zip(edges[:-1], edges[1:]):
        rows = requests[(requests[snr_column] >= low) & (requests[snr_column] < high)]
        if rows.empty:
            continue
        success = proportion_ci(rows["success"])
        ok, failed = rows[rows.success], rows[~rows.success]
        out.append({
            "snr_low_db": float(low), "snr_high_db": float(high), "n": len(rows),
            "success": {"p": success.mean, "ci_low": success.low, "ci_high": success.high, "n": success.n},
            "metrics": {m: _stat(rows[m]) | {"mean_ok": _stat(ok[m])["mean"], "mean_failed": _stat(failed[m])["mean"]}
                        for m in metrics},
        })
    return out


def build_table(run_dirs: list[Path], bin_db: float = 2.0, snr_column: str = "effective_snr_db") -> dict[str, Any]:
    """The abstraction table of the finished requests (status ``ok``/``failed_decode``) of ``run_dirs``."""
    requests = pd.concat([pd.read_parquet(Path(d) / "requests.parquet") for d in run_dirs], ignore_index=True)
    stages = pd.concat([pd.read_parquet(Path(d) / "stages.parquet") for d in run_dirs], ignore_index=True)
    metas = [json.loads((Path(d) / "meta.json").read_text()) for d in run_dirs]
    scenarios = [(Path(d) / "scenario.yaml") for d in run_dirs]
    if snr_column not in requests.columns:
        raise ValueError(f"requests.parquet has no column {snr_column!r}")
    requests = requests[requests.status.isin(["ok", "failed_decode"]) & np.isfinite(requests[snr_column])]
    if requests.empty:
        raise ValueError("no finished requests with a finite SNR in the given runs")
    low = math.floor(requests[snr_column].min() / bin_db) * bin_db
    high = (math.floor(requests[snr_column].max() / bin_db) + 1) * bin_db
    edges = np.arange(low, high + bin_db / 2, bin_db)
    metrics = [m for m in quality_columns(requests) if m not in NOT_LOOKED_UP and requests[m].notna().any()]
    bases = _base_schemes(scenarios)
    schemes = {}
    for label, rows in requests.groupby("scheme", sort=False):
        schemes[label] = {
            "scheme": bases.get(label, label), "requests": len(rows),
            "metrics": [m for m in metrics if rows[m].notna().any()],
            "stages": _stages(stages[stages.scheme == label]),
            "bins": _bins(rows, snr_column, edges, [m for m in metrics if rows[m].notna().any()]),
        }
    return {
        "format": FORMAT, "snr_column": snr_column, "bin_db": bin_db,
        "provenance": {"created": datetime.now(timezone.utc).isoformat(), "git_revision": git_revision(),
                       "runs": [{"run_dir": str(d), "run_id": m.get("run_id"), "seed": m.get("seed"),
                                 "git_revision": m.get("git_revision"), "timing_mode": m.get("timing_mode")}
                                for d, m in zip(run_dirs, metas)]},
        "schemes": schemes,
    }


def _base_schemes(scenario_files: list[Path]) -> dict[str, str]:
    """label → registry scheme name, from the validated scenarios the runs wrote."""
    import yaml

    bases = {}
    for path in scenario_files:
        for entry in (yaml.safe_load(path.read_text()) or {}).get("schemes", []):
            bases[entry.get("label") or entry["scheme"]] = entry["scheme"]
    return bases


def write_table(table: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(table, indent=1, allow_nan=True) + "\n")
    return path


@dataclass(frozen=True)
class Outcome:
    """One drawn reception: success and the quality columns of the request row."""

    success: bool
    metrics: dict[str, float]


class SchemeAbstraction:
    """One scheme's entry of a table: its stages and its per-bin outcome distribution."""

    def __init__(self, entry: dict[str, Any], snr_column: str) -> None:
        self.entry, self.snr_column = entry, snr_column
        self.stages: list[dict[str, Any]] = entry["stages"]
        self.metrics: list[str] = entry["metrics"]
        self._centres = np.array([(b["snr_low_db"] + b["snr_high_db"]) / 2 for b in entry["bins"]])
        self._lows = np.array([b["snr_low_db"] for b in entry["bins"]])
        self._highs = np.array([b["snr_high_db"] for b in entry["bins"]])

    def bin_at(self, snr_db: float) -> dict[str, Any]:
        """The bin holding ``snr_db``; outside the measured range or in an empty bin, the nearest one."""
        inside = np.flatnonzero((self._lows <= snr_db) & (snr_db < self._highs))
        index = int(inside[0]) if inside.size else int(np.argmin(np.abs(self._centres - snr_db)))
        return self.entry["bins"][index]

    def draw(self, snr_db: float, rng: np.random.Generator) -> Outcome:
        """Success ~ Bernoulli(p of the bin); each metric is the bin's mean for that outcome
        (the bin's overall mean when no request of that outcome was measured there)."""
        found = self.bin_at(snr_db)
        success = bool(rng.random() < found["success"]["p"])
        metrics = {}
        for name in self.metrics:
            stat = found["metrics"][name]
            value = stat["mean_ok"] if success else stat["mean_failed"]
            metrics[name] = stat["mean"] if value is None or not math.isfinite(value) else value
        return Outcome(success, metrics)


def load_abstraction(path: Path, label: str, scheme: str, field: str) -> SchemeAbstraction:
    """``label``'s entry of the table at ``path``; a missing file, a foreign format or a missing or
    mismatching entry is a :class:`ScenarioError` naming the scenario ``field`` and the file."""
    try:
        table = json.loads(Path(path).read_text())
    except FileNotFoundError:
        raise ScenarioError(str(path), [f"{field}: abstraction table not found (write one with `semsim abstract`)"]) from None
    except (OSError, ValueError) as error:
        raise ScenarioError(str(path), [f"{field}: abstraction table is not readable JSON ({error.__class__.__name__})"]) from None
    if not isinstance(table, dict) or table.get("format") != FORMAT:
        raise ScenarioError(str(path), [f"{field}: not a semsim abstraction table (format must be {FORMAT})"])
    entry = table["schemes"].get(label)
    if entry is None:
        raise ScenarioError(str(path), [f"{field}: no entry for scheme {label!r} "
                                        f"(the table has: {', '.join(table['schemes']) or 'none'})"])
    if entry["scheme"] != scheme:
        raise ScenarioError(str(path), [f"{field}: entry {label!r} was measured with scheme {entry['scheme']!r}, "
                                        f"not {scheme!r}"])
    if not entry["bins"]:
        raise ScenarioError(str(path), [f"{field}: entry {label!r} has no measured SNR bins"])
    return SchemeAbstraction(entry, table["snr_column"])


def abstract_stages(abstraction: SchemeAbstraction) -> list:
    """The scheme's stages without their models: a compute stage only leaves behind a payload of
    the size it produced when measured (``data`` None), so links carry the real bits and symbols."""
    from .request import Payload
    from .stages import ComputeStage, RadioStage, WiredStage

    def sizer(bits: int, channel_uses: int):
        def run(request) -> None:
            meta = request.payload.meta if request.payload else {}
            request.payload = Payload(None, bits, channel_uses, meta)
        return run

    made = []
    for stage in abstraction.stages:
        if stage["kind"] == "compute":
            made.append(ComputeStage(stage["name"], stage["placement"], sizer(stage["bits"], stage["channel_uses"])))
        elif stage["kind"] == "radio":
            made.append(RadioStage(stage["name"]))
        else:
            made.append(WiredStage(stage["name"]))
    return made


def instruction_columns(request) -> dict[str, Any]:
    """The edit request's columns of a request row, without rendering the ideal edit."""
    from models.instructions import resolve
    from models.world import ATTRIBUTES

    instruction = request.instruction
    if instruction is None:
        return {"instruction": "", "edit_attribute": "", "edit_target": -1}
    target = resolve(instruction, request.face.degrees)
    return {"instruction": instruction.text, "edit_attribute": ATTRIBUTES[instruction.attribute],
            "edit_target": int(target[instruction.attribute])}
