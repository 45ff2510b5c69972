"""Gradient refinement after IAM, on the committed model set (G, P, the latent signal)."""
import numpy as np
import pytest
import torch

from models.editing.pipeline import EditableDeepSC
from models.editing.refinement import RefineConfig, refine
from models.world import MAX_DEGREE, FaceWorld

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def setup():
    system = EditableDeepSC.load()
    faces = FaceWorld(0).sample("validation", 6, np.random.default_rng(11))
    with torch.no_grad():
        ws = system.E.ws(faces.images)
        degrees = system.P(system.G.synthesis(ws)).argmax(dim=2)
    return system, ws, degrees


def _one_degree_up(degrees: torch.Tensor) -> torch.Tensor:
    """Each face's attribute (row index mod 5) moved one degree, down where it is already 5."""
    expected = degrees.clone()
    rows = torch.arange(len(degrees))
    attribute = rows % 5
    current = expected[rows, attribute]
    expected[rows, attribute] = torch.where(current == MAX_DEGREE, current - 1, current + 1)
    return expected


def test_refinement_reaches_the_expected_degrees_and_is_seeded(setup):
    system, ws, degrees = setup
    expected = _one_degree_up(degrees)
    runs = [refine(system.G, system.P, system.signal, ws, expected, RefineConfig(),
                   torch.Generator().manual_seed(4)) for _ in range(2)]
    assert torch.equal(runs[0].ws, runs[1].ws)
    result = runs[0]
    with torch.no_grad():
        seen = system.P(system.G.synthesis(result.ws)).argmax(dim=2)
    assert torch.equal(result.reached, (seen == expected).all(dim=1))
    assert result.reached.float().mean() >= 0.8
    assert (result.iters <= RefineConfig().iters).all() and (result.ws - ws).abs().sum() > 0


def test_a_face_already_showing_its_degrees_only_takes_the_margin_steps(setup):
    system, ws, degrees = setup
    config = RefineConfig(margin_iters=3)
    result = refine(system.G, system.P, system.signal, ws, degrees, config, torch.Generator().manual_seed(4))
    # Counted from the start, which already shows the degrees: margin − 1 more steps of length lr each
    # (a step that leaves the degrees restarts the count, so not every face settles this fast).
    settled = result.reached & (result.iters == config.margin_iters - 1)
    assert settled.float().mean() >= 0.5
    moved = (result.ws - ws)[settled].flatten(1).norm(dim=1)
    assert (moved <= (config.margin_iters - 1) * config.lr + 1e-4).all()
