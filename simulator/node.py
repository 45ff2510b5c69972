"""Compute nodes: a pool of workers behind a FIFO queue, with a power profile for energy."""
from __future__ import annotations

from dataclasses import dataclass

import simpy

from .energy_meter import NvmlEnergyMeter
from .scenario.nodes import ComputeProfile


@dataclass(frozen=True)
class Execution:
    """One stage run on a worker (simulated seconds, joules)."""

    worker: int
    arrive_s: float
    start_s: float
    end_s: float
    energy_j: float
    energy_source: str


class ComputeNode:
    """A UE, gNB or edge server with ``profile.workers`` workers serving stages first come, first served.

    Energy: each execution is charged ``(busy_w - idle_w) / workers × service_s`` (its share of the
    dynamic power); the node's idle power ``idle_w × duration`` is charged to the node itself.
    On a CUDA device with NVML, an execution is instead charged the energy the GPU's counter measured
    during the real call (not scaled by ``speed_factor``).
    Radio energy of a UE's transmissions is added with :meth:`add_radio_energy`.
    """

    def __init__(self, env: simpy.Environment, name: str, kind: str, profile: ComputeProfile) -> None:
        self.env, self.name, self.kind, self.profile = env, name, kind, profile
        self.pool = simpy.Resource(env, capacity=profile.workers)
        self._free = list(range(profile.workers))
        self.busy_s = 0.0
        self.energy_compute_j = 0.0
        self.energy_radio_j = 0.0
        self.meter = NvmlEnergyMeter.for_device(profile.device)

    def execute(self, service_s_of):
        """SimPy process: wait for a worker, run ``service_s_of()`` (the real model call returning the
        simulated service time), hold the worker that long; returns an :class:`Execution`."""
        arrive = self.env.now
        with self.pool.request() as turn:
            yield turn
            worker = self._free.pop(0)
            start = self.env.now
            try:
                before = self.meter.read_j() if self.meter else 0.0
                service_s = service_s_of()
                measured = self.meter.read_j() - before if self.meter else None
                yield self.env.timeout(service_s)
            finally:
                self._free.append(worker)
                self._free.sort()
        if measured is None:
            energy, source = (self.profile.busy_w - self.profile.idle_w) / self.profile.workers * service_s, "profile"
        else:
            energy, source = measured, "nvml"
        self.busy_s += service_s
        self.energy_compute_j += energy
        return Execution(worker, arrive, start, self.env.now, energy, source)

    def add_radio_energy(self, joules: float) -> None:
        self.energy_radio_j += joules

    def idle_energy_j(self, duration_s: float) -> float:
        return self.profile.idle_w * duration_s
