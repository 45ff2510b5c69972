"""How long a compute stage holds its worker: measured wall time, or a calibrated profile."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .scenario import ScenarioError
from .scenario.nodes import ComputeProfile, TimingConfig


def profile_key(scheme: str, stage: str) -> str:
    return f"{scheme}/{stage}"


def device_kind(device: str) -> str:
    """``cuda:1`` → ``cuda``: a profile is calibrated per kind of device."""
    return device.split(":")[0]


def read_profile(path: Path) -> dict[str, Any]:
    """The ``stages`` mapping of a profile file written by ``semsim calibrate``."""
    try:
        data = yaml.safe_load(Path(path).read_text())
    except FileNotFoundError:
        raise ScenarioError(str(path), ["timing profile not found (write one with `semsim calibrate`)"]) from None
    except (OSError, yaml.YAMLError) as error:
        raise ScenarioError(str(path), [f"timing profile is not readable YAML ({error.__class__.__name__})"]) from None
    if not isinstance(data, dict) or not isinstance(data.get("stages"), dict):
        raise ScenarioError(str(path), ["timing profile must be a mapping with a 'stages' section"])
    return data["stages"]


class StageTimer:
    """Turns a batch's real wall time into simulated service seconds for one scheme.

    ``measured``: ``wall_s × speed_factor``. ``profile``: ``(a_s + b_s × batch) × speed_factor`` with
    ``a_s``, ``b_s`` calibrated for the stage and device kind; the wall time is then ignored, so a
    fixed seed gives the same run bit for bit.
    """

    def __init__(self, timing: TimingConfig, scheme: str, profile_stages: dict[str, Any] | None = None) -> None:
        self.mode, self.scheme = timing.mode, scheme
        self.source = str(timing.profile_file)
        self.stages = profile_stages if profile_stages is not None else (
            read_profile(timing.profile_file) if timing.mode == "profile" else {})

    def check(self, stage_names: list[str], devices: list[str]) -> None:
        """Fail before the run, naming every (stage, device) the profile lacks."""
        if self.mode != "profile":
            return
        missing = [f"no entry for {profile_key(self.scheme, s)} on {device_kind(d)}"
                   for s in stage_names for d in sorted(set(devices))
                   if device_kind(d) not in self.stages.get(profile_key(self.scheme, s), {})]
        if missing:
            raise ScenarioError(self.source, [f"{m} (rerun `semsim calibrate` for this scenario)" for m in missing])

    def service_s(self, stage: str, node: ComputeProfile, batch: int, wall_s: float) -> float:
        if self.mode == "measured":
            return wall_s * node.speed_factor
        cost = self.stages[profile_key(self.scheme, stage)][device_kind(node.device)]
        return (float(cost["a_s"]) + float(cost["b_s"]) * batch) * node.speed_factor
