"""Cell slot loop, airtime arithmetic and the backhaul, on a bare SimPy clock."""
import math

import pytest
import simpy

from channels import Numerology, data_res_per_prb
from simulator.backhaul import Backhaul
from simulator.cell import Cell
from simulator.scheduling import RoundRobin


def run_transmissions(mu, n_prb, sizes, arrivals=None):
    numerology = Numerology(mu)
    env = simpy.Environment()
    grants = []
    cell = Cell(env, n_prb, numerology.slot_s, data_res_per_prb(2), RoundRobin(),
                on_grant=lambda slot, t, tx, g: grants.append((slot, g)))
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
