"""Grouping several runs by the scenario parameters that tell them apart.

Runs whose scenarios differ only in ``name`` or ``seed`` are replications and are pooled
into one group; runs that differ in anything else (``channel.snr_db`` in a sweep) form
one group each, labelled by those parameters and ordered by their values.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from typing import Any

import pandas as pd

from results.runs import Run, differing_parameters

REPLICATION_PARAMETERS = {"name", "seed"}
SNR_PARAMETER = "channel.snr_db"
GROUP_BY = ["group", "scheme"]


@dataclass
class RunGroups:
    """The runs of one report, their group labels and their tables stacked with a
    categorical ``group`` column (in group order) so aggregates group by ``GROUP_BY``."""

    runs: list[Run]
    group_of: dict[str, str]
    parameters: dict[str, dict[str, Any]]
    requests: pd.DataFrame
    stages: pd.DataFrame
    nodes: pd.DataFrame | None
    schemes: list[str]

    @property
    def labels(self) -> list[str]:
        return list(self.requests["group"].cat.categories)

    @property
    def several(self) -> bool:
        """Whether there is more than one group, so figures must tell groups apart."""
        return len(self.labels) > 1

    def nominal_snr(self) -> dict[str, float] | None:
        """Each run's scenario ``channel.snr_db`` when every run has a numeric one, else None."""
        values = {}
        for run in self.runs:
            channel = run.scenario.get("channel")
            snr = channel.get("snr_db") if isinstance(channel, dict) else None
            if not isinstance(snr, numbers.Real) or isinstance(snr, bool):
                return None
            values[run.run_id] = float(snr)
        return values

    def run_label(self, run: Run) -> str:
        """The run's group label, with its name added when the group pools several runs."""
        label = self.group_of[run.run_id]
        pooled = sum(1 for group in self.group_of.values() if group == label) > 1
        return f"{label} · {run.name} ({run.run_id})" if pooled else label

    def missing(self, file_name: str) -> list[Run]:
        """The runs that lack an optional file."""
        return [run for run in self.runs if file_name in run.missing]


def group_runs(runs: list[Run]) -> RunGroups:
    """Label each run with its group and stack the tables of all runs."""
    if not runs:
        raise ValueError("a report needs at least one run directory")
    ids = [run.run_id for run in runs]
    if len(set(ids)) != len(ids):
        raise ValueError(f"the same run_id appears twice among the run directories: {ids}")
    parameters = {
        run_id: {k: v for k, v in params.items() if k not in REPLICATION_PARAMETERS}
        for run_id, params in differing_parameters(runs).items()
    }
    group_of = {run.run_id: _label(run, parameters[run.run_id], len(runs)) for run in runs}
    parameters_of_group = {group_of[run_id]: params for run_id, params in parameters.items()}
    ordered = sorted(parameters_of_group, key=lambda label: _sort_key(parameters_of_group[label]))
    groups = pd.CategoricalDtype(ordered, ordered=True)

    def stack(tables: list[pd.DataFrame]) -> pd.DataFrame:
        frame = pd.concat(tables, ignore_index=True)
        return frame.assign(group=frame["run_id"].astype(str).map(group_of).astype(groups))

    nodes = [run.nodes for run in runs if run.nodes is not None]
    requests = stack([run.requests for run in runs])
    return RunGroups(
        runs=runs,
        group_of=group_of,
        parameters=parameters,
        requests=requests,
        stages=stack([run.stages for run in runs]),
        nodes=stack(nodes) if nodes else None,
        schemes=sorted(requests["scheme"].astype(str).unique()),
    )


def format_value(value: Any) -> str:
    """A parameter value as it reads in a label: numbers without a trailing ``.0``."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _label(run: Run, params: dict[str, Any], n_runs: int) -> str:
    if params:
        return ", ".join(f"{path}={format_value(value)}" for path, value in params.items())
    return run.name if n_runs == 1 else "all runs"


def _sort_key(params: dict[str, Any]) -> tuple:
    """Numbers sort numerically and before text, so an SNR sweep reads −6, 0, 6, 12."""
    key = []
    for value in params.values():
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isnan(value):
            key.append((0, float(value), ""))
        else:
            key.append((1, 0.0, str(value)))
    return tuple(key)
