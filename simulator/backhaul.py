"""The wired FIFO link from gNB to edge: serialisation at a bandwidth, then a fixed delay."""
from __future__ import annotations

from dataclasses import dataclass

import simpy


@dataclass(frozen=True)
class WiredHop:
    """Timing of one payload over the link (simulated seconds)."""

    arrive_s: float
    start_s: float
    end_s: float
    serialisation_s: float
    propagation_s: float


class Backhaul:
    """One payload at a time is serialised (``bits / bandwidth_bps``); the delay does not block the link."""

    def __init__(self, env: simpy.Environment, bandwidth_bps: float, delay_s: float) -> None:
        self.env, self.bandwidth_bps, self.delay_s = env, bandwidth_bps, delay_s
        self.link = simpy.Resource(env, capacity=1)

    def send(self, bits: int):
        """SimPy process: carry ``bits`` to the far end; returns a :class:`WiredHop`."""
        arrive = self.env.now
        with self.link.request() as turn:
            yield turn
            start = self.env.now
            serialisation = bits / self.bandwidth_bps
            yield self.env.timeout(serialisation)
        yield self.env.timeout(self.delay_s)
        return WiredHop(arrive, start, self.env.now, serialisation, self.delay_s)
