"""Sweep expansion: grid axes × replications → points, as a pure function."""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

import yaml

from simulator.scenario import ScenarioError


@dataclass(frozen=True)
class GridAxis:
    """One swept field: its dotted scenario path and the values it takes."""

    path: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class SweepPoint:
    """One run of a sweep: the field values it sets, its replication index and seed."""

    point_id: str
    params: tuple[tuple[str, Any], ...]
    replication: int
    seed: int

    def overrides(self) -> dict[str, Any]:
        return dict(self.params) | {"seed": self.seed}


def parse_axis(option: str) -> GridAxis:
    """``"channel.snr_db=-6,0,6"`` → ``GridAxis("channel.snr_db", (-6, 0, 6))`` (values read as YAML).

    >>> parse_axis("channel.model=awgn,tdl-c")
    GridAxis(path='channel.model', values=('awgn', 'tdl-c'))
    """
    path, sep, raw = option.partition("=")
    if not sep or not path or not raw:
        raise ScenarioError("--grid", [f"{option!r}: expected dotted.path=value1,value2,..."])
    try:
        values = tuple(yaml.safe_load(v) for v in raw.split(","))
    except yaml.YAMLError:
        raise ScenarioError("--grid", [f"{path}: values {raw!r} are not valid YAML"]) from None
    if len(set(map(repr, values))) != len(values):
        raise ScenarioError("--grid", [f"{path}: repeated values in {raw!r}"])
    return GridAxis(path, values)


def _slug(value: Any) -> str:
    return re.sub(r"[^A-Za-z0-9_.+-]", "_", str(value))


def expand(axes: list[GridAxis], replications: int, base_seed: int) -> list[SweepPoint]:
    """Every combination of the axes' values, each ``replications`` times (seeds ``base_seed + r``).

    Points are ordered by the axes as given (last axis fastest), replications innermost; ids are
    readable and depend only on the values, so a rerun finds the same points.

    >>> [p.point_id for p in expand([parse_axis("channel.snr_db=0,6")], 2, base_seed=7)]
    ['channel.snr_db=0_r0', 'channel.snr_db=0_r1', 'channel.snr_db=6_r0', 'channel.snr_db=6_r1']
    >>> expand([parse_axis("channel.snr_db=0,6")], 2, base_seed=7)[3].seed
    8
    """
    if replications < 1:
        raise ScenarioError("--replications", [f"must be >= 1 (got {replications})"])
    paths = [a.path for a in axes]
    if len(set(paths)) != len(paths):
        raise ScenarioError("--grid", [f"a path is swept twice: {', '.join(paths)}"])
    points = []
    for combination in itertools.product(*(a.values for a in axes)):
        params = tuple(zip(paths, combination))
        stem = "_".join(f"{p}={_slug(v)}" for p, v in params) or "base"
        for r in range(replications):
            points.append(SweepPoint(f"{stem}_r{r}", params, r, base_seed + r))
    return points
