"""Pre-rendered face sets: layout, determinism and the cache file."""
from __future__ import annotations

import pytest
import torch

from models.rendered import face_set


def test_sets_are_grouped_by_identity_and_cached(tmp_path):
    faces = face_set("validation", 3, 2, cache_dir=tmp_path, log=lambda _: None)
    assert faces.images.shape == (6, 3, 64, 64) and faces.images.dtype == torch.uint8
    assert faces.degrees.shape == (6, 5) and faces.background.shape == (6, 64, 64)
    assert faces.identities[0::2].tolist() == faces.identities[1::2].tolist()
    assert faces.identity_labels().tolist() == [0, 0, 1, 1, 2, 2]
    assert 0.0 <= float(faces.floats(slice(0, 2)).min()) and float(faces.floats(slice(0, 2)).max()) <= 1.0
    assert len(list(tmp_path.glob("*.pt"))) == 1
    again = face_set("validation", 3, 2, cache_dir=tmp_path, log=lambda _: None)
    assert torch.equal(again.images, faces.images) and torch.equal(again.background, faces.background)
    with pytest.raises(ValueError, match="unknown split"):
        face_set("holdout", 1, 1, cache_dir=tmp_path)
