"""Compute nodes (UE, gNB, edge server), their power profiles, and the backhaul link."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Section
from .paths import resolve_path


class ComputeProfile(Section):
    """A node's compute: workers, speed relative to this machine, and its power draw.

    Power follows ``idle_w + (busy_w - idle_w) * busy_fraction``; a stage held for ``t`` seconds
    on one of ``workers`` workers costs ``(busy_w - idle_w) / workers * t`` joules.
    """

    device: str = Field("cpu", pattern=r"^(cpu|cuda(:\d+)?)$")
    workers: int = Field(1, ge=1, le=256)
    speed_factor: float = Field(1.0, gt=0, description="simulated time = measured wall time x speed_factor")
    idle_w: float = Field(1.0, ge=0)
    busy_w: float = Field(5.0, ge=0)
    max_batch: int = Field(1, ge=1, le=1024, description="most requests of one stage a worker runs as one call")
    max_wait_s: float = Field(0.0, ge=0, le=60, description="how long the oldest request may wait for a batch to fill")
    max_queue: int | None = Field(None, ge=0, description="requests waiting beyond this are dropped (None: no limit)")

    @model_validator(mode="after")
    def _busy_at_least_idle(self) -> "ComputeProfile":
        if self.busy_w < self.idle_w:
            raise ValueError(f"busy_w ({self.busy_w}) must be at least idle_w ({self.idle_w})")
        return self


class NodesConfig(Section):
    """One profile per node role; every user has its own UE with the ``ue`` profile."""

    ue: ComputeProfile = ComputeProfile(idle_w=0.3, busy_w=2.0, speed_factor=2.0)
    gnb: ComputeProfile = ComputeProfile(idle_w=50.0, busy_w=120.0, workers=4, speed_factor=0.05)
    edge: ComputeProfile = ComputeProfile(idle_w=60.0, busy_w=250.0, workers=2, speed_factor=0.5)


class BackhaulConfig(Section):
    """The FIFO wired link from gNB to edge server."""

    bandwidth_bps: float = Field(1e9, gt=0)
    delay_s: float = Field(0.002, ge=0, le=1)


class TimingConfig(Section):
    """How long a compute stage holds its worker in simulated time.

    ``measured``: the wall time of the real call × the node's ``speed_factor``. ``profile``: a
    calibrated ``a + b·batch`` per stage and device from ``profile_file`` (written by
    ``semsim calibrate``) × ``speed_factor``, so a fixed seed reproduces a run to the bit.
    """

    mode: Literal["measured", "profile"] = "measured"
    profile_file: Path | None = None
    threads: int = Field(1, ge=1, le=256, description="torch intra-op threads for model calls")

    _resolve = field_validator("profile_file")(resolve_path)

    @model_validator(mode="after")
    def _profile_needs_file(self) -> "TimingConfig":
        if self.mode == "profile" and self.profile_file is None:
            raise ValueError("mode 'profile' needs profile_file (write one with `semsim calibrate`)")
        return self
