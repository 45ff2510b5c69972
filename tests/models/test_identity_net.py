"""Identity network F: unit-norm embeddings, seeded training, weight files, committed weights on test identities."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoints import WEIGHTS_DIR, load_checkpoint
from models.editing import identity_net
from models.world import FaceWorld, render_batch

TINY = identity_net.IdentityConfig(widths=(4, 8), embedding=8, train_identities=4, train_per_identity=2,
                                   eval_identities=3, eval_per_identity=2, epochs=1, batch=4)


def test_embeddings_are_unit_vectors():
    model = identity_net.IdentityNet((4, 8), embedding=16).eval()
    embeddings = model(torch.rand(3, 3, 64, 64))
    assert embeddings.shape == (3, 16) and embeddings.dtype == torch.float32
    assert torch.allclose(embeddings.norm(dim=1), torch.ones(3), atol=1e-5)


def test_verification_statistics_on_known_embeddings():
    embeddings = torch.tensor([[1.0, 0.0], [0.96, 0.28], [0.0, 1.0], [-0.28, 0.96]])
    stats = identity_net.verification(embeddings, torch.tensor([0, 0, 1, 1]))
    assert stats["verification_accuracy"] == 1.0
    assert stats["cosine_distance_same"] < stats["cosine_distance_different"]
    assert stats["l1_distance_same"] < stats["l1_distance_different"]


def test_random_backgrounds_are_images():
    backgrounds = identity_net.random_backgrounds(2, 64, torch.Generator().manual_seed(0))
    assert backgrounds.shape == (2, 3, 64, 64) and 0.0 <= float(backgrounds.min()) <= float(backgrounds.max()) <= 1.0


def test_training_is_seeded_and_round_trips(tmp_path):
    summary = identity_net.train(5, tmp_path / "a", lambda _: None, TINY, cache_dir=tmp_path)
    identity_net.train(5, tmp_path / "b", lambda _: None, TINY, cache_dir=tmp_path)
    state_a, meta = load_checkpoint(tmp_path / "a" / identity_net.WEIGHTS_FILE)
    state_b, _ = load_checkpoint(tmp_path / "b" / identity_net.WEIGHTS_FILE)
    assert all(torch.equal(state_a[k], state_b[k]) for k in state_a)
    assert meta["embedding"] == 8 and summary["wall_s"] > 0 and "verification_accuracy" in summary["test"]
    loaded = identity_net.load(tmp_path / "a")
    assert not loaded.training and all(torch.equal(loaded.state_dict()[k], state_a[k]) for k in state_a)


@pytest.mark.skipif(not (WEIGHTS_DIR / identity_net.WEIGHTS_FILE).exists(), reason="identity network not trained")
def test_committed_weights_tell_test_identities_apart():
    world, rng = FaceWorld(0), np.random.default_rng(99)
    indices = world.draw_identity_indices("test", 12, rng).repeat(2)
    batch = render_batch(tuple(world.identity(int(i)) for i in indices), rng.integers(0, 6, size=(24, 5)))
    model = identity_net.load()
    with torch.no_grad():
        stats = identity_net.verification(model(batch.images), torch.as_tensor(indices))
    assert stats["cosine_distance_same"] < 0.5 * stats["cosine_distance_different"]
    assert stats["verification_accuracy"] >= 0.85
