"""Cell slot loop, airtime arithmetic and the backhaul, on a bare SimPy clock."""
import math

import pytest
import simpy

from channels import Numerology, data_res_per_prb
from simulator.backhaul import Backhaul
from simulator.cell import Cell
from simulator.scheduling import ProportionalFair, RoundRobin


def run_transmissions(mu, n_prb, sizes, arrivals=None, scheduler=None, background=0, cells=None):
    numerology = Numerology(mu)
    env = simpy.Environment()
    grants = []
    cell = Cell(env, n_prb, numerology.slot_s, data_res_per_prb(2), scheduler or RoundRobin(),
                on_grant=lambda slot, t, tx, g: grants.append((slot, g)), background_users=background)
    if cells is not None:
        cells.append(cell)
    done = {}

    def send(user, res, at):
        yield env.timeout(at)
        done[user] = yield env.process(cell.transmit(user, res, 1.0))

    for user, res in enumerate(sizes):
        env.process(send(user, res, (arrivals or [0.0] * len(sizes))[user]))
    env.run(until=1.0)
    return done, grants, numerology


@pytest.mark.parametrize("mu, slot_s", [(0, 1e-3), (1, 0.5e-3)])
def test_airtime_by_hand(mu, slot_s):
    # 51 PRBs x 144 data REs (2 DMRS symbols) = 7344 REs per slot; 20000 REs need 3 slots.
    done, _, numerology = run_transmissions(mu, 51, [20000])
    tx = done[0]
    assert numerology.slot_s == slot_s
    assert (tx.slots, tx.first_slot, tx.last_slot) == (3, 0, 2)
    assert tx.prb_slots == math.ceil(20000 / 144)
    assert tx.slots * numerology.slot_s == pytest.approx(3 * slot_s)


def test_arrival_mid_slot_waits_for_the_next_boundary():
    done, _, numerology = run_transmissions(1, 51, [100], arrivals=[0.3e-3])
    assert done[0].first_slot == 1  # slot 0 spans [0, 0.5) ms


def test_two_users_share_and_no_prb_twice():
    done, grants, _ = run_transmissions(1, 10, [144 * 25, 144 * 5])
    by_slot = {}
    for slot, g in grants:
        by_slot.setdefault(slot, []).append(g)
    for slot, gs in by_slot.items():
        prbs = [p for g in gs for p in range(g.prb_start, g.prb_start + g.prb_count)]
        assert len(prbs) == len(set(prbs)) and max(prbs) < 10
    assert done[1].slots == 1 and done[1].prb_slots == 5  # 5 PRBs each in slot 0
    assert done[0].prb_slots == 25 and done[0].slots == 3  # 5 + 10 + 10


def test_round_robin_background_users_take_their_equal_share():
    # 10 PRBs, 4 full-buffer users + 1 payload: 2 PRBs each per slot, so 10 PRBs of payload take
    # 5 slots instead of 1, and the background gets every other PRB of the slots in between.
    cells = []
    done, grants, _ = run_transmissions(1, 10, [144 * 10], background=4, cells=cells)
    assert done[0].prb_slots == 10 and done[0].slots == 5
    assert all(g.prb_count == 2 for _, g in grants)
    cell = cells[0]
    assert cell.slots_used == 5
    assert cell.background_prb_slots == 2000 * 10 - 10  # 1 s of 0.5 ms slots, every PRB used


def test_without_payloads_background_users_keep_the_cell_busy_but_record_nothing():
    cells = []
    done, grants, _ = run_transmissions(0, 6, [], background=2, cells=cells)
    assert (done, grants, cells[0].slots_used) == ({}, [], 0)
    assert cells[0].background_prb_slots == 1000 * 6


def test_proportional_fair_serves_a_bursty_payload_ahead_of_full_buffer_users():
    # The full-buffer users' averages are high after 10 ms; a fresh payload's average is zero.
    done, _, _ = run_transmissions(1, 10, [144 * 10], arrivals=[0.01], scheduler=ProportionalFair(50),
                                   background=4)
    assert done[0].slots == 1 and done[0].prb_slots == 10


def test_backhaul_is_fifo_with_serialisation_and_delay():
    env = simpy.Environment()
    link = Backhaul(env, bandwidth_bps=1e6, delay_s=0.01)
    hops = []

    def send(bits):
        hops.append((yield env.process(link.send(bits))))

    env.process(send(1000))
    env.process(send(2000))
    env.run()
    first, second = hops
    assert first.end_s == pytest.approx(0.001 + 0.01)
    assert second.start_s == pytest.approx(0.001)  # waits for the first to be serialised, not delivered
    assert second.end_s == pytest.approx(0.003 + 0.01)
