"""benchmarks/editing_diagnostics.py: the IAM reach counts a face only once P has read its target."""
import numpy as np
import pytest
import torch

from models.editing.pipeline import EditableDeepSC
from models.world import FaceWorld

pytestmark = pytest.mark.usefixtures("one_thread")


def test_reach_without_steps_is_the_share_already_at_target_and_steps_only_add(benchmark_module):
    reach = benchmark_module("editing_diagnostics")._reach
    system = EditableDeepSC.load()
    faces = FaceWorld(0).sample("validation", 8, np.random.default_rng(0)).images
    with torch.no_grad():
        ws = system.E.ws(faces)
        degrees = system.P(system.G.synthesis(ws)).argmax(2)
    plan = system.plan(["Make the person smile more."] * 4 + ["Remove the beard."] * 4, degrees)
    already = float((degrees[torch.arange(8), plan.attribute] == plan.target).float().mean())
    with torch.no_grad():
        still = reach(system, ws, plan, scale=0.0, budget=3)
        moved = reach(system, ws, plan, scale=1.0, budget=10)
    assert still["reached"] == pytest.approx(already)
    assert moved["reached"] >= still["reached"]
    assert set(moved["per_attribute"]) <= {"smiling", "beard"}
