"""benchmarks/field_distil.py: vectors start at M's step, regression fits them, scores compare like with like."""
import numpy as np
import pytest
import torch

from models.editing import field_training
from models.editing.field import EditingField
from models.editing.pipeline import EditableDeepSC
from models.world import FaceWorld, NUM_ATTRIBUTES

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def distil(benchmark_module):
    return benchmark_module("field_distil")


@pytest.fixture(scope="module")
def system():
    return EditableDeepSC.load()


@pytest.fixture(scope="module")
def faces(system):
    images = FaceWorld(0).sample("validation", 2, np.random.default_rng(1)).images
    with torch.no_grad():
        ws = system.E.ws(images)
        return ws, system.P.predict(system.G.synthesis(ws).clamp(0, 1))


def test_pairs_index_face_times_five_plus_attribute(distil):
    faces, attributes = distil.pairs(3)
    assert torch.equal(faces * NUM_ATTRIBUTES + attributes, torch.arange(3 * NUM_ATTRIBUTES))


def test_vectors_start_at_the_committed_step_and_move_with_iterations(distil, system, faces):
    ws, degrees = faces
    D = field_training.frozen_models(field_training.WEIGHTS_DIR)[4]
    start = distil.chunk_vectors(system, D, ws, degrees, iters=0, seed=0)
    with torch.no_grad():
        expected = system.M(ws[distil.pairs(2)[0]], distil.pairs(2)[1])
    assert torch.equal(start, expected)
    moved = distil.chunk_vectors(system, D, ws, degrees, iters=3, seed=0)
    assert not torch.allclose(moved, start)


def test_regression_fits_the_vectors_and_is_seeded(distil):
    ws = torch.randn(4, 10, 128)
    per_attribute = 0.2 * torch.randn(NUM_ATTRIBUTES, 10, 128, generator=torch.Generator().manual_seed(0))
    vectors = per_attribute[distil.pairs(4)[1]]  # a step each attribute shares over faces: learnable

    def build():
        return EditingField(10, 128, hidden=64, seed=1)

    def error(M):
        with torch.no_grad():
            return float((M(ws[distil.pairs(4)[0]], distil.pairs(4)[1]) - vectors).square().mean())

    fitted = distil.regress(build, ws, vectors, steps=150)
    assert error(fitted) < 0.5 * error(build())
    again = distil.regress(build, ws, vectors, steps=150)
    assert all(torch.equal(a, b) for a, b in zip(fitted.state_dict().values(), again.state_dict().values()))


def test_held_out_scores_give_r2_one_and_cosine_one_to_the_vectors_themselves(distil, system, faces):
    from field_fit import fit_tasks

    ws, degrees = faces
    tasks = fit_tasks(ws, degrees)
    faces_, attributes = distil.pairs(2)
    with torch.no_grad():
        vectors = system.M(ws[faces_], attributes)
    mean_step = torch.zeros(NUM_ATTRIBUTES, *ws.shape[1:])
    scores = distil.held_out_scores(system, system.M, ws, vectors, tasks, mean_step)
    assert scores["r2"] == pytest.approx(1.0) and scores["cosine"] == pytest.approx(1.0, abs=1e-5)
    # rescaled to the vectors' own length, M's steps are themselves: the same single-step score
    assert scores["target_18db_rescaled"] == pytest.approx(scores["single_step"]["target_18db"])
