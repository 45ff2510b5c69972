"""Schedulers: conservation (no PRB twice, never more than the cell has) and fairness."""
import random

import pytest

from simulator.scheduling import Demand, ProportionalFair, RoundRobin


def assert_conserved(grants, demands, n_prb):
    used = set()
    need = {d.user_id: d.prbs_needed for d in demands}
    for g in grants:
        prbs = set(range(g.prb_start, g.prb_start + g.prb_count))
        assert not used & prbs, "a PRB was given twice"
        assert prbs <= set(range(n_prb))
        assert g.prb_count <= need[g.user_id]
        used |= prbs
    assert len({g.user_id for g in grants}) == len(grants)
    # Work conservation: PRBs stay unused only if every demand is met.
    if len(used) < n_prb:
        assert all(sum(g.prb_count for g in grants if g.user_id == d.user_id) == d.prbs_needed for d in demands)


@pytest.mark.parametrize("scheduler", [RoundRobin(), ProportionalFair(window_slots=20)])
def test_random_demands_are_conserved(scheduler):
    rng = random.Random(3)
    for slot in range(500):
        n_prb = rng.choice([1, 11, 51, 273])
        demands = [Demand(u, rng.randint(1, 300), rng.uniform(0.1, 6)) for u in rng.sample(range(40), rng.randint(0, 12))]
        assert_conserved(scheduler.allocate(slot, demands, n_prb), demands, n_prb)


def test_round_robin_equal_shares_and_rotation():
    rr = RoundRobin()
    demands = [Demand(u, 100, 1.0) for u in range(3)]
    first = rr.allocate(0, demands, n_prb=10)
    assert sorted(g.prb_count for g in first) == [3, 3, 4]
    totals = {u: 0 for u in range(3)}
    for slot in range(1, 301):
        for g in rr.allocate(slot, demands, n_prb=10):
            totals[g.user_id] += g.prb_count
    assert set(totals.values()) == {1000}  # the odd PRB rotates: exact equality over 3 slots


def test_round_robin_hands_unused_share_on():
    grants = RoundRobin().allocate(0, [Demand(0, 1, 1.0), Demand(1, 100, 1.0), Demand(2, 2, 1.0)], n_prb=12)
    assert {g.user_id: g.prb_count for g in grants} == {0: 1, 1: 9, 2: 2}


def test_proportional_fair_balances_time_and_favours_good_channels():
    pf = ProportionalFair(window_slots=50)
    demands = [Demand(0, 51, 4.0), Demand(1, 51, 1.0)]  # both always backlogged, full-band each
    slots = {0: 0, 1: 0}
    for slot in range(2000):
        for g in pf.allocate(slot, demands, n_prb=51):
            slots[g.user_id] += 1
    # PF gives equal time shares to always-backlogged users with constant rates (log utility).
    assert slots[0] == pytest.approx(1000, rel=0.05)
    assert slots[1] == pytest.approx(1000, rel=0.05)
    fresh = ProportionalFair(window_slots=50)
    assert fresh.allocate(0, demands, 51)[0].user_id == 0  # equal history: the better channel first


def test_proportional_fair_decays_idle_gaps():
    pf = ProportionalFair(window_slots=10, res_per_prb=144)
    pf.allocate(0, [Demand(0, 5, 2.0)], n_prb=5)
    served = pf.average[0]
    pf.allocate(11, [Demand(1, 5, 2.0)], n_prb=5)
    assert pf.average[0] == pytest.approx(served * 0.9**11)
