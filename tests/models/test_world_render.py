"""The face renderer: determinism, shapes, and edits that stay where they belong."""
from __future__ import annotations

import doctest
import importlib

import numpy as np
import pytest
import torch
from PIL import Image
from scipy.ndimage import binary_dilation, binary_erosion

from models.world import ATTRIBUTES, NUM_PARTS, Face, FaceWorld, Identity, Part, render, save_contact_sheet

# Parts whose pixels an edit of each attribute may change (in the image before or after).
# Bangs can show through tinted lenses; smiling reveals beard or skin around the mouth
# and creases the cheeks; age recolours every part of the head except the mouth.
MAY_CHANGE = {
    "bangs": {Part.HAIR, Part.GLASSES},
    "eyeglasses": {Part.GLASSES},
    "beard": {Part.BEARD},
    "smiling": {Part.MOUTH, Part.SKIN, Part.BEARD},
    "young": {Part.SKIN, Part.HAIR, Part.BROWS, Part.BEARD, Part.NOSE, Part.EYES, Part.GLASSES},
}
CHANGED = 0.02  # a pixel counts as changed when a channel moves by more than this
MIN_CHANGED_PIXELS = 12  # at 64×64, per one-degree step
EDGE_PIXELS = 2  # anti-aliased edges and soft stubble may spill this far past a part's label


@pytest.fixture(scope="module")
def ladders():
    """For six identities with random other degrees: every attribute rendered at degrees 0..5."""
    world = FaceWorld(seed=3)
    rng = np.random.default_rng(11)
    result = []
    for index in range(6):
        face = Face(world.identity(index), tuple(int(d) for d in rng.integers(0, 6, 5)))
        for attribute, name in enumerate(ATTRIBUTES):
            renders = [render(face.with_degree(attribute, degree)) for degree in range(6)]
            result.append((face, name, renders))
    return result


def test_same_seed_gives_identical_pixels_and_different_seeds_differ():
    def draw(seed: int):
        return render(Face(Identity.sample(np.random.default_rng(seed)), (2, 1, 3, 4, 2)))

    (image_a, parts_a), (image_b, parts_b) = draw(5), draw(5)
    assert torch.equal(image_a, image_b) and torch.equal(parts_a, parts_b)
    other, _ = draw(6)
    assert (image_a - other).abs().mean() > 0.02


@pytest.mark.parametrize("size", [64, 128])
def test_shapes_dtypes_and_ranges(size):
    image, parts = render(Face(Identity.sample(np.random.default_rng(0)), (5, 5, 5, 5, 0)), size)
    assert image.shape == (3, size, size) and image.dtype == torch.float32
    assert parts.shape == (size, size) and parts.dtype == torch.int64
    assert 0.0 <= image.min() and image.max() <= 1.0
    assert 0 <= parts.min() and parts.max() < NUM_PARTS
    assert set(parts.unique().tolist()) >= {Part.BACKGROUND, Part.SKIN, Part.HAIR, Part.GLASSES, Part.BEARD}


def test_larger_render_is_the_same_face_in_finer_detail():
    face = Face(Identity.sample(np.random.default_rng(1)), (3, 2, 1, 4, 2))
    small, small_parts = render(face, 64)
    large, large_parts = render(face, 128)
    pooled = torch.nn.functional.avg_pool2d(large[None], 2)[0]
    assert (small - pooled).abs().mean() < 0.005
    assert (small_parts == large_parts[::2, ::2]).float().mean() > 0.95


def test_every_degree_step_is_visible(ladders):
    for face, name, renders in ladders:
        for degree in range(1, 6):
            before, after = renders[degree - 1][0], renders[degree][0]
            changed = int(((after - before).abs().amax(0) > CHANGED).sum())
            assert changed >= MIN_CHANGED_PIXELS, f"{name} {degree - 1}->{degree} on {face.describe()}: {changed} px"


def test_edits_change_only_the_attributes_parts(ladders):
    for face, name, renders in ladders:
        allowed_ids = [int(p) for p in MAY_CHANGE[name]]
        for degree in range(1, 6):
            (before, parts_before), (after, parts_after) = renders[degree - 1], renders[degree]
            changed = ((after - before).abs().amax(0) > CHANGED).numpy()
            allowed = np.isin(parts_before.numpy(), allowed_ids) | np.isin(parts_after.numpy(), allowed_ids)
            stray = changed & ~binary_dilation(allowed, iterations=EDGE_PIXELS)
            assert not stray.any(), f"{name} {degree - 1}->{degree} changed {np.argwhere(stray)[:5].tolist()}"


def test_edits_leave_the_background_bit_identical(ladders):
    for face, name, renders in ladders:
        image_0, parts_0 = renders[0]
        for image, parts in renders[1:]:
            background = (parts_0 == Part.BACKGROUND).numpy() & (parts == Part.BACKGROUND).numpy()
            # Pixels beside a silhouette share its anti-aliased edge, which an edit may recolour.
            interior = binary_erosion(background, structure=np.ones((3, 3), bool), border_value=1)
            assert interior.sum() > 500
            same = np.array_equal(image.numpy()[:, interior], image_0.numpy()[:, interior])
            assert same, f"{name} on {face.describe()}"


def test_contact_sheet_is_written(tmp_path):
    path = save_contact_sheet(Identity.sample(np.random.default_rng(2)), tmp_path / "sheet.png", size=32, scale=1)
    with Image.open(path) as sheet:
        assert sheet.size == (6 * 32, 5 * 32) and sheet.mode == "RGB"


@pytest.mark.parametrize("module", ["models.world.canvas", "models.world.render", "models.world.world"])
def test_docstring_examples(module):
    failures, _ = doctest.testmod(importlib.import_module(module))
    assert failures == 0
