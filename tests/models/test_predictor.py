"""Attribute predictor P: shapes, seeded training, weight files, and the committed weights' accuracy."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoints import WEIGHTS_DIR, load_checkpoint
from models.editing import predictor
from models.editing.augment import degrade
from models.world import FaceWorld

TINY = predictor.PredictorConfig(widths=(4, 8), train_identities=4, train_per_identity=2, eval_identities=2,
                                 eval_per_identity=2, epochs=1, batch=4)


def test_shapes_and_dtypes():
    model = predictor.AttributePredictor((4, 8)).eval()
    images = torch.rand(3, 3, 64, 64)
    logits = model(images)
    assert logits.shape == (3, 5, 6) and logits.dtype == torch.float32
    degrees = model.predict(images)
    assert degrees.shape == (3, 5) and degrees.dtype == torch.int64
    assert int(degrees.min()) >= 0 and int(degrees.max()) <= 5


def test_degradations_stay_in_range_and_follow_the_generator():
    images = torch.rand(6, 3, 64, 64)
    first = degrade(images, torch.Generator().manual_seed(4))
    again = degrade(images, torch.Generator().manual_seed(4))
    assert torch.equal(first, again) and first.shape == images.shape
    assert float(first.min()) >= 0.0 and float(first.max()) <= 1.0
    assert not torch.equal(first, images)


def test_training_is_seeded_and_round_trips(tmp_path):
    logs = []
    first = predictor.train(3, tmp_path / "a", logs.append, TINY, cache_dir=tmp_path)
    predictor.train(3, tmp_path / "b", logs.append, TINY, cache_dir=tmp_path)
    state_a, meta = load_checkpoint(tmp_path / "a" / predictor.WEIGHTS_FILE)
    state_b, _ = load_checkpoint(tmp_path / "b" / predictor.WEIGHTS_FILE)
    assert state_a.keys() == state_b.keys() and all(torch.equal(state_a[k], state_b[k]) for k in state_a)
    assert meta["widths"] == [4, 8] and meta["seed"] == 3
    assert first["wall_s"] > 0 and set(first["test_accuracy_per_attribute"]) == {
        "bangs", "eyeglasses", "beard", "smiling", "young"}
    assert (tmp_path / "a" / "predictor.train.json").exists()
    loaded = predictor.load(tmp_path / "a")
    assert not loaded.training
    assert all(torch.equal(loaded.state_dict()[k], state_a[k]) for k in state_a)


@pytest.mark.skipif(not (WEIGHTS_DIR / predictor.WEIGHTS_FILE).exists(), reason="predictor weights not trained")
def test_committed_weights_read_fresh_test_faces():
    batch = FaceWorld(0).sample("test", 64, np.random.default_rng(2024))
    model = predictor.load()
    accuracy = (model.predict(batch.images) == batch.degrees).float().mean()
    assert float(accuracy) >= 0.85
