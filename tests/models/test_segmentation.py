"""Segmentation: shapes, the mIoU measure, seeded training, weight files, the lossless map codec."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoints import WEIGHTS_DIR, load_checkpoint
from models.codecs import MapDecodeError, png_map_decode, png_map_encode
from models.segmentation import SegmentationNet, mean_iou, parts_set
from models.segmentation import training
from models.world import FaceWorld

TINY = training.SegmentationConfig(width=4, train_faces=8, test_faces=4, steps=2, batch=4)


def test_logits_and_labels_have_the_documented_shapes():
    model = SegmentationNet(width=4).eval()
    logits = model(torch.rand(2, 3, 64, 64))
    assert logits.shape == (2, 9, 64, 64) and logits.dtype == torch.float32
    parts = model.segment(torch.rand(2, 3, 64, 64))
    assert parts.shape == (2, 64, 64) and parts.dtype == torch.int64 and int(parts.max()) < 9


def test_mean_iou_counts_only_present_classes():
    truth = torch.zeros(1, 2, 2, dtype=torch.int64)
    truth[0, 0, 0] = 1
    assert mean_iou(truth, truth) == 1.0
    predicted = torch.zeros_like(truth)
    assert mean_iou(predicted, truth) == pytest.approx((3 / 4 + 0.0) / 2)


def test_training_is_seeded_and_round_trips(tmp_path):
    summary = training.train(3, tmp_path / "a", lambda _: None, TINY, cache_dir=tmp_path)
    training.train(3, tmp_path / "b", lambda _: None, TINY, cache_dir=tmp_path)
    state_a, meta = load_checkpoint(tmp_path / "a" / training.WEIGHTS_FILE)
    state_b, _ = load_checkpoint(tmp_path / "b" / training.WEIGHTS_FILE)
    assert all(torch.equal(state_a[k], state_b[k]) for k in state_a)
    assert meta["width"] == 4 and 0.0 <= summary["test_miou"] <= 1.0 and summary["wall_s"] > 0
    loaded = training.load(tmp_path / "a")
    assert not loaded.training and all(torch.equal(v, state_a[k]) for k, v in loaded.state_dict().items())


def test_parts_sets_are_cached_and_labelled(tmp_path):
    first = parts_set("test", 3, cache_dir=tmp_path, log=lambda _: None)
    again = parts_set("test", 3, cache_dir=tmp_path, log=lambda _: None)
    assert first.images.shape == (3, 3, 64, 64) and first.parts.shape == (3, 64, 64)
    assert torch.equal(first.parts, again.parts) and int(first.parts.max()) <= 8


def test_png_map_is_lossless_and_rejects_garbage():
    parts = FaceWorld(0).sample("test", 2, np.random.default_rng(4)).parts.numpy()
    for labels in parts:
        data = png_map_encode(labels)
        assert np.array_equal(png_map_decode(data, 64, 64), labels) and len(data) * 8 / labels.size < 2
    with pytest.raises(MapDecodeError):
        png_map_decode(b"not a png", 64, 64)
    with pytest.raises(MapDecodeError, match="size"):
        png_map_decode(png_map_encode(parts[0]), 32, 32)


@pytest.mark.skipif(not (WEIGHTS_DIR / training.WEIGHTS_FILE).exists(), reason="segmentation not trained")
def test_committed_model_segments_held_out_faces():
    batch = FaceWorld(0).sample("test", 16, np.random.default_rng(8))
    assert mean_iou(training.load().segment(batch.images), batch.parts) > 0.6
