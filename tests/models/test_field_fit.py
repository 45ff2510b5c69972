"""benchmarks/field_fit.py: the single-step tasks are the feasible ones, and the per-face steps learn."""
import numpy as np
import pytest
import torch

from models.editing import field_training
from models.editing.pipeline import EditableDeepSC
from models.world import FaceWorld, MAX_DEGREE

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def field_fit(benchmark_module):
    return benchmark_module("field_fit")


def test_tasks_are_every_feasible_single_degree_move(field_fit):
    degrees = torch.tensor([[0, 5, 2, 1, 4]])
    tasks = field_fit.fit_tasks(torch.zeros(1, 10, 128), degrees)
    assert len(tasks["face"]) == 1 + 1 + 2 + 2 + 2  # degree 0 only up, degree 5 only down
    moved = tasks["expected"] - degrees[tasks["face"]]
    rows = torch.arange(len(moved))
    assert torch.equal(moved[rows, tasks["attribute"]], tasks["direction"])
    assert int((moved != 0).sum()) == len(moved)  # nothing else moves
    assert tasks["expected"].min() >= 0 and tasks["expected"].max() <= MAX_DEGREE
    assert torch.equal(tasks["pair"], tasks["attribute"])  # one face: one shared vector per attribute


def test_per_face_vectors_reach_targets_a_zero_step_misses(field_fit):
    fit = field_fit
    system = EditableDeepSC.load()
    D = field_training.frozen_models(field_training.WEIGHTS_DIR)[4]
    faces = FaceWorld(0).sample("validation", 2, np.random.default_rng(1)).images
    with torch.no_grad():
        ws = system.E.ws(faces)
        degrees = system.P.predict(system.G.synthesis(ws).clamp(0, 1))
    tasks = fit.fit_tasks(ws, degrees)
    zero = fit.score_steps(system, ws, torch.zeros(len(tasks["face"]), *ws.shape[1:]), tasks)
    assert zero["target_noise_free"] == 0.0 and zero["step_length"] == 0.0
    vectors = fit.per_face_vectors(system, D, ws, tasks, field_training.FieldTrainConfig(), iters=30)
    signed = tasks["direction"].view(-1, 1, 1).float() * vectors[tasks["pair"]]
    learned = fit.score_steps(system, ws, signed, tasks)
    assert learned["target_noise_free"] >= 0.5
    # the two directions of one (face, attribute) share the vector with opposite signs
    both = [p for p in tasks["pair"].unique() if int((tasks["pair"] == p).sum()) == 2]
    if both:
        a, b = (tasks["pair"] == both[0]).nonzero().flatten().tolist()
        assert torch.equal(signed[a], -signed[b])


def test_realness_takes_any_batch_and_keeps_whole_groups_as_they_are(field_fit):
    D = field_training.frozen_models(field_training.WEIGHTS_DIR)[4]
    images = torch.rand(8, 3, 64, 64)
    realness = field_fit.realness
    assert realness(D, images[:5]).shape == (5,)
    with torch.no_grad():
        assert torch.allclose(realness(D, images), D(images))
