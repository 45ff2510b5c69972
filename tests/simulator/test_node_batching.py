"""Compute nodes: batches honour max_batch and max_wait_s, energy is shared, failures stay local."""
import numpy as np
import pytest
import simpy

from simulator.batch_call import call_with_fallback
from simulator.node import ComputeNode
from simulator.request import Payload, Request
from simulator.scenario.nodes import ComputeProfile
from simulator.stages import ComputeStage


def request(i: int) -> Request:
    return Request(i, 0, "g", f"img{i}", np.zeros((3, 4, 4), np.float32), 0.0, payload=Payload(i))


def simulate(profile: ComputeProfile, arrivals: list[float], service=lambda batch: 0.1 * len(batch)):
    env = simpy.Environment()
    node = ComputeNode(env, "edge", "edge", profile)
    calls, executions = [], {}

    def call(batch):
        calls.append((env.now, [r.request_id for r in batch]))
        return service(batch), 0.0

    def arrive(i, at):
        yield env.timeout(at)
        executions[i] = yield node.submit("stage", request(i), call)

    for i, at in enumerate(arrivals):
        env.process(arrive(i, at))
    env.run()
    return node, calls, executions


def test_batches_never_exceed_max_batch_and_keep_fifo_order():
    profile = ComputeProfile(workers=1, max_batch=3, max_wait_s=0.05, idle_w=1, busy_w=11)
    node, calls, executions = simulate(profile, [0.0, 0.01, 0.02, 0.03, 0.04, 0.4])
    assert [ids for _, ids in calls] == [[0, 1, 2], [3, 4], [5]]
    assert all(len(ids) <= 3 for _, ids in calls)
    # The first batch filled at t = 0.02; the second waited for the worker (busy until 0.32).
    assert calls[0][0] == pytest.approx(0.02) and calls[1][0] == pytest.approx(0.32)
    # The last request's wait limit passed while the worker was busy: it goes as soon as it is free.
    assert calls[2][0] == pytest.approx(0.52)
    assert {e.batch_size for e in executions.values()} == {3, 2, 1}
    total = sum(e.energy_j for e in executions.values())
    assert total == pytest.approx(node.energy_compute_j) == pytest.approx(10 * node.busy_s)


def test_max_wait_bounds_the_wait_of_the_oldest_request():
    profile = ComputeProfile(workers=2, max_batch=8, max_wait_s=0.03)
    _, calls, executions = simulate(profile, [0.0, 0.01, 0.05])
    assert calls[0] == (pytest.approx(0.03), [0, 1])  # dispatched at oldest arrival + max_wait
    assert calls[1] == (pytest.approx(0.08), [2])
    assert executions[0].start_s - executions[0].arrive_s == pytest.approx(0.03)


def test_without_batching_workers_serve_fifo_in_parallel():
    profile = ComputeProfile(workers=2, max_batch=1)
    _, calls, executions = simulate(profile, [0, 0, 0, 0])
    assert [ids for _, ids in calls] == [[0], [1], [2], [3]]
    assert sorted(e.worker for e in executions.values()) == [0, 0, 1, 1]
    assert executions[3].start_s == pytest.approx(0.1)


def test_a_failing_request_does_not_fail_its_batch():
    def run(r: Request):
        if r.request_id == 1:
            raise MemoryError("out of memory")
        r.payload = Payload(r.payload.data * 10)

    def run_batch(batch):
        for r in batch:
            run(r)

    batch = [request(i) for i in range(3)]
    call_with_fallback(ComputeStage("model", "edge", run, run_batch), batch)
    assert [r.payload.data for r in batch] == [0, 1, 20]  # request 0 rolled back and rerun once
    assert batch[1].status == "stage_error" and "MemoryError: out of memory" in batch[1].failure
    assert batch[0].failure is None and batch[2].failure is None
