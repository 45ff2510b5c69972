"""The uplink cell: a per-slot OFDMA loop that grants PRBs to queued transmissions."""
from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

import simpy

from .scheduling import Demand, Grant, Scheduler


@dataclass
class Transmission:
    """One payload waiting for, then holding, uplink resources.

    Attributes:
        user_id: the sending user.
        res_needed: data resource elements (complex symbols) the payload occupies.
        rate_bits_per_re: the user's achievable rate, for the scheduler.
        arrive_s: when it was queued (simulated seconds).
        first_slot / last_slot: the first and last slot it was granted PRBs in.
        prb_slots: PRBs summed over its slots; slots: how many slots it transmitted in.
    """

    user_id: int
    res_needed: int
    rate_bits_per_re: float
    arrive_s: float
    done: simpy.Event
    request_id: int = -1
    res_left: int = field(init=False)
    first_slot: int | None = None
    last_slot: int | None = None
    prb_slots: int = 0
    slots: int = 0

    def __post_init__(self) -> None:
        self.res_left = self.res_needed


class Cell:
    """Shares ``n_prb`` PRBs per slot among users with queued transmissions.

    Each user's transmissions are served in FIFO order; the scheduler sees the head of each
    user's queue. A transmission holds the slots its grants need; it completes at the end of
    the slot that carries its last symbol. The loop sleeps while nobody is backlogged.

    ``background_users`` full-buffer users (ids -1, -2, …; the 3GPP full-buffer traffic model)
    want every PRB in every slot at ``background_rate_bits_per_re``; they are scheduled like any
    user, so the simulated payloads contend with them, and the loop then runs every slot.
    """

    def __init__(
        self,
        env: simpy.Environment,
        n_prb: int,
        slot_s: float,
        res_per_prb: int,
        scheduler: Scheduler,
        on_grant: Callable[[int, float, Transmission, Grant], None] | None = None,
        background_users: int = 0,
        background_rate_bits_per_re: float = 2.0,
    ) -> None:
        self.env, self.n_prb, self.slot_s, self.res_per_prb = env, n_prb, slot_s, res_per_prb
        self.scheduler = scheduler
        self.on_grant = on_grant
        self.queues: dict[int, deque[Transmission]] = {}
        self._wake: simpy.Event | None = None
        self.slots_used = 0
        self._background = [Demand(-(i + 1), n_prb, background_rate_bits_per_re) for i in range(background_users)]
        self.background_prb_slots = 0
        env.process(self._run())

    def transmit(self, user_id: int, res_needed: int, rate_bits_per_re: float, request_id: int = -1):
        """SimPy process: queue a payload of ``res_needed`` symbols; returns its :class:`Transmission`."""
        tx = Transmission(user_id, res_needed, rate_bits_per_re, self.env.now, self.env.event(), request_id)
        self.queues.setdefault(user_id, deque()).append(tx)
        if self._wake is not None and not self._wake.triggered:
            self._wake.succeed()
        yield tx.done
        return tx

    def _backlogged(self) -> list[Transmission]:
        return [q[0] for q in self.queues.values() if q]

    def _run(self):
        while True:
            if not self._backlogged() and not self._background:
                self._wake = self.env.event()
                yield self._wake
            slot = math.ceil(self.env.now / self.slot_s - 1e-9)
            yield self.env.timeout(max(0.0, slot * self.slot_s - self.env.now))
            heads = {tx.user_id: tx for tx in self._backlogged()}
            demands = [
                Demand(u, math.ceil(tx.res_left / self.res_per_prb), tx.rate_bits_per_re) for u, tx in heads.items()
            ]
            grants = self.scheduler.allocate(slot, demands + self._background, self.n_prb)
            self._check(grants, heads)
            for grant in grants:
                if grant.user_id < 0:
                    self.background_prb_slots += grant.prb_count
                    continue
                tx = heads[grant.user_id]
                tx.res_left -= grant.prb_count * self.res_per_prb
                tx.prb_slots += grant.prb_count
                tx.slots += 1
                tx.first_slot = slot if tx.first_slot is None else tx.first_slot
                tx.last_slot = slot
                if self.on_grant:
                    self.on_grant(slot, slot * self.slot_s, tx, grant)
            self.slots_used += any(g.user_id >= 0 for g in grants)
            yield self.env.timeout(self.slot_s)
            for tx in heads.values():
                if tx.res_left <= 0:
                    self.queues[tx.user_id].popleft()
                    tx.done.succeed(tx)

    def _check(self, grants: list[Grant], heads: dict[int, Transmission]) -> None:
        # A scheduler bug must stop the run, not silently double-book spectrum.
        used = [False] * self.n_prb
        for g in grants:
            known = g.user_id in heads or -len(self._background) <= g.user_id < 0
            if not known or g.prb_count <= 0:
                raise RuntimeError(f"scheduler granted an invalid allocation {g}")
            for prb in range(g.prb_start, g.prb_start + g.prb_count):
                if not 0 <= prb < self.n_prb or used[prb]:
                    raise RuntimeError(f"scheduler gave PRB {prb} twice or out of range in {grants}")
                used[prb] = True
