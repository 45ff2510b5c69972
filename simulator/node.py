"""Compute nodes: workers that take batches of the same stage from FIFO queues, with energy accounting."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import simpy

from .energy_meter import NvmlEnergyMeter
from .request import Request
from .scenario.nodes import ComputeProfile

# (requests of one batch) -> (simulated service seconds, measured wall seconds)
BatchCall = Callable[[list[Request]], tuple[float, float]]


@dataclass(frozen=True)
class Execution:
    """One request's share of a batch run on a worker (simulated seconds, joules)."""

    worker: int
    arrive_s: float
    start_s: float
    end_s: float
    energy_j: float
    energy_source: str
    batch_size: int
    wall_s: float


@dataclass
class _Waiting:
    request: Request
    arrive_s: float
    done: simpy.Event


@dataclass
class _StageQueue:
    items: list[_Waiting] = field(default_factory=list)
    arrival: simpy.Event | None = None
    dispatching: bool = False


class ComputeNode:
    """A UE, gNB or edge server: ``workers`` workers serve stages from one FIFO queue per stage.

    A free worker takes up to ``max_batch`` queued requests of one stage; if fewer are queued it
    waits until ``max_wait_s`` after the oldest arrived (or the batch fills), then runs them as one
    call. Energy: a batch costs ``(busy_w - idle_w) / workers × service_s`` (or, on a CUDA device
    with NVML, the energy the GPU counter measured during the real call, not scaled by
    ``speed_factor``), shared equally by its requests; ``idle_w × duration`` is the node's own.
    """

    def __init__(self, env: simpy.Environment, name: str, kind: str, profile: ComputeProfile) -> None:
        self.env, self.name, self.kind, self.profile = env, name, kind, profile
        self.pool = simpy.Resource(env, capacity=profile.workers)
        self._free = list(range(profile.workers))
        self._queues: dict[str, _StageQueue] = {}
        self.busy_s = 0.0
        self.energy_compute_j = 0.0
        self.energy_radio_j = 0.0
        self.meter = NvmlEnergyMeter.for_device(profile.device)
        self.dropped = 0
        self.max_waiting = 0

    @property
    def waiting(self) -> int:
        """Requests queued on this node and not yet taken by a worker."""
        return sum(len(q.items) for q in self._queues.values())

    def submit(self, stage_name: str, request: Request, call: BatchCall) -> simpy.Event | None:
        """Queue ``request`` for ``stage_name``; the event fires with its :class:`Execution`.
        Returns None (and counts a drop) when ``max_queue`` requests are already waiting."""
        if self.profile.max_queue is not None and self.waiting >= self.profile.max_queue:
            self.dropped += 1
            return None
        queue = self._queues.setdefault(stage_name, _StageQueue())
        waiting = _Waiting(request, self.env.now, self.env.event())
        queue.items.append(waiting)
        self.max_waiting = max(self.max_waiting, self.waiting)
        if queue.arrival is not None and not queue.arrival.triggered:
            queue.arrival.succeed()
        if not queue.dispatching:
            queue.dispatching = True
            self.env.process(self._dispatch(queue, call))
        return waiting.done

    def _dispatch(self, queue: _StageQueue, call: BatchCall):
        max_batch, max_wait = self.profile.max_batch, self.profile.max_wait_s
        while queue.items:
            turn = self.pool.request()
            yield turn
            deadline = queue.items[0].arrive_s + max_wait
            while len(queue.items) < max_batch and self.env.now < deadline:
                queue.arrival = self.env.event()
                yield self.env.any_of([queue.arrival, self.env.timeout(deadline - self.env.now)])
            batch, queue.items[:max_batch] = queue.items[:max_batch], []
            worker = self._free.pop(0)
            start = self.env.now
            before = self.meter.read_j() if self.meter else 0.0
            service_s, wall_s = call([w.request for w in batch])
            measured = self.meter.read_j() - before if self.meter else None
            self.env.process(self._hold(turn, worker, batch, start, service_s, wall_s, measured))
        queue.dispatching = False

    def _hold(self, turn, worker: int, batch: list[_Waiting], start: float, service_s: float, wall_s: float,
              measured_j: float | None):
        yield self.env.timeout(service_s)
        self.pool.release(turn)
        self._free.append(worker)
        self._free.sort()
        if measured_j is None:
            energy, source = (self.profile.busy_w - self.profile.idle_w) / self.profile.workers * service_s, "profile"
        else:
            energy, source = measured_j, "nvml"
        self.busy_s += service_s
        self.energy_compute_j += energy
        for waiting in batch:
            waiting.done.succeed(Execution(worker, waiting.arrive_s, start, self.env.now, energy / len(batch),
                                           source, len(batch), wall_s / len(batch)))

    def add_radio_energy(self, joules: float) -> None:
        self.energy_radio_j += joules

    def idle_energy_j(self, duration_s: float) -> float:
        return self.profile.idle_w * duration_s
