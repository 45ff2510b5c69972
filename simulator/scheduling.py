"""Uplink OFDMA schedulers: who gets which PRBs in a slot.

A scheduler sees one :class:`Demand` per backlogged user and returns non-overlapping
:class:`Grant` ranges of PRBs. Each user's grant is capped at what its head-of-line
transmission still needs, so no PRB is wasted while someone else waits.
"""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class Demand:
    """A backlogged user in one slot.

    Attributes:
        user_id: the user.
        prbs_needed: PRBs that would finish its head-of-line transmission this slot.
        rate_bits_per_re: achievable spectral efficiency log2(1 + SNR) in bit per resource element.
    """

    user_id: int
    prbs_needed: int
    rate_bits_per_re: float


@dataclass(frozen=True)
class Grant:
    """PRBs ``[prb_start, prb_start + prb_count)`` of one slot given to ``user_id``."""

    user_id: int
    prb_start: int
    prb_count: int


class Scheduler(ABC):
    """Shares ``n_prb`` PRBs among the demands of one slot."""

    @abstractmethod
    def allocate(self, slot: int, demands: list[Demand], n_prb: int) -> list[Grant]:
        """Return grants whose PRB ranges never overlap and fit in ``[0, n_prb)``."""


def _contiguous(order: list[int], counts: dict[int, int]) -> list[Grant]:
    grants, start = [], 0
    for user_id in order:
        if counts.get(user_id, 0) > 0:
            grants.append(Grant(user_id, start, counts[user_id]))
            start += counts[user_id]
    return grants


class RoundRobin(Scheduler):
    """Equal shares among backlogged users, the spare PRBs rotating from slot to slot.

    Shares a user cannot use (it needs fewer PRBs) are handed on to the others (water-filling).

    >>> RoundRobin().allocate(0, [Demand(0, 10, 1.0), Demand(1, 2, 1.0)], n_prb=8)
    [Grant(user_id=0, prb_start=0, prb_count=6), Grant(user_id=1, prb_start=6, prb_count=2)]
    """

    def __init__(self) -> None:
        self._next_first = 0

    def allocate(self, slot: int, demands: list[Demand], n_prb: int) -> list[Grant]:
        if not demands:
            return []
        ordered = sorted(demands, key=lambda d: d.user_id)
        pivot = next((i for i, d in enumerate(ordered) if d.user_id >= self._next_first), 0)
        ordered = ordered[pivot:] + ordered[:pivot]
        self._next_first = ordered[0].user_id + 1
        counts = {d.user_id: 0 for d in ordered}
        left, hungry = n_prb, list(ordered)
        while left > 0 and hungry:
            share, extra = divmod(left, len(hungry))
            for i, d in enumerate(hungry):
                give = min(share + (1 if i < extra else 0), d.prbs_needed - counts[d.user_id])
                counts[d.user_id] += give
                left -= give
            hungry = [d for d in hungry if counts[d.user_id] < d.prbs_needed]
            if share == 0 and extra == 0:
                break
        return _contiguous([d.user_id for d in ordered], counts)


class ProportionalFair(Scheduler):
    """Greedy proportional fair: highest ``rate / average throughput`` first, each up to its need.

    The average is an exponential moving average over ``window_slots`` slots of the bits each user
    was served (zero in slots it was not), decayed lazily over idle gaps.

    >>> pf = ProportionalFair(window_slots=10)
    >>> pf.allocate(0, [Demand(0, 4, 2.0), Demand(1, 4, 1.0)], n_prb=4)[0].user_id
    0
    >>> pf.allocate(1, [Demand(0, 4, 2.0), Demand(1, 4, 1.0)], n_prb=4)[0].user_id
    1
    """

    def __init__(self, window_slots: int = 100, res_per_prb: int = 144) -> None:
        self.window = window_slots
        self.res_per_prb = res_per_prb
        self.average: dict[int, float] = {}
        self._last_slot: int | None = None

    def allocate(self, slot: int, demands: list[Demand], n_prb: int) -> list[Grant]:
        keep = 1.0 - 1.0 / self.window
        if self._last_slot is not None and slot - self._last_slot > 1:
            decay = keep ** (slot - self._last_slot - 1)
            self.average = {u: v * decay for u, v in self.average.items()}
        self._last_slot = slot

        def metric(d: Demand) -> tuple[float, float, int]:
            average = self.average.get(d.user_id, 0.0)
            value = d.rate_bits_per_re / average if average > 0 else math.inf
            return (-value, -d.rate_bits_per_re, d.user_id)

        ranked = sorted(demands, key=metric)
        counts: dict[int, int] = {}
        left = n_prb
        for d in ranked:
            counts[d.user_id] = min(d.prbs_needed, left)
            left -= counts[d.user_id]
        served = {d.user_id: counts[d.user_id] * self.res_per_prb * d.rate_bits_per_re for d in demands}
        for user_id in set(self.average) | set(served):
            self.average[user_id] = keep * self.average.get(user_id, 0.0) + (1 - keep) * served.get(user_id, 0.0)
        return _contiguous([d.user_id for d in ranked], counts)


SCHEDULERS: Registry[type[Scheduler]] = Registry("scheduler")
SCHEDULERS.register("round_robin", RoundRobin)
SCHEDULERS.register("proportional_fair", ProportionalFair)
