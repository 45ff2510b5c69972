"""FaceWorld splits, batches and the torch dataset."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.world import SPLITS, Face, FaceDataset, FaceWorld, render


@pytest.fixture
def world():
    return FaceWorld(seed=7, split_sizes={"train": 50, "validation": 10, "test": 10})


def test_splits_are_disjoint_identity_ranges(world):
    ranges = [set(world.split_range(split)) for split in SPLITS]
    assert all(not (a & b) for i, a in enumerate(ranges) for b in ranges[i + 1 :])
    rng = np.random.default_rng(0)
    for split in SPLITS:
        drawn = world.draw_identity_indices(split, 200, rng)
        assert set(drawn.tolist()) <= set(world.split_range(split))
        assert {world.split_of(int(i)) for i in drawn} == {split}


def test_identity_depends_only_on_seed_and_index(world):
    assert world.identity(3) == FaceWorld(seed=7).identity(3)
    assert world.identity(3) != world.identity(4)
    assert world.identity(3) != FaceWorld(seed=8).identity(3)


def test_sample_returns_a_consistent_batch(world):
    batch = world.sample("validation", 4, np.random.default_rng(1))
    assert batch.images.shape == (4, 3, 64, 64) and batch.images.dtype == torch.float32
    assert batch.degrees.shape == (4, 5) and batch.degrees.dtype == torch.int64
    assert batch.parts.shape == (4, 64, 64) and batch.parts.dtype == torch.int64
    assert batch.identity_indices.dtype == torch.int64 and len(batch.identities) == 4
    assert all(world.split_of(int(i)) == "validation" for i in batch.identity_indices)
    again = world.sample("validation", 4, np.random.default_rng(1))
    assert torch.equal(batch.images, again.images) and torch.equal(batch.degrees, again.degrees)
    face = batch.faces()[2]
    assert torch.equal(render(face)[0], batch.images[2])


def test_sample_with_given_degrees_and_size(world):
    degrees = np.array([[0, 1, 2, 3, 4], [5, 4, 3, 2, 1]])
    batch = world.sample("test", 2, np.random.default_rng(2), size=128, degrees=degrees)
    assert batch.images.shape == (2, 3, 128, 128)
    assert batch.degrees.tolist() == degrees.tolist()


def test_unknown_split_is_rejected(world):
    with pytest.raises(ValueError, match="validation"):
        world.sample("val", 1, np.random.default_rng(0))
    with pytest.raises(ValueError):
        FaceDataset(world, "holdout", length=3)


def test_dataset_items_are_reproducible_and_in_split(world):
    data = FaceDataset(world, "test", length=5, seed=4)
    item = data[1]
    assert torch.equal(item["image"], data[1]["image"])
    assert world.split_of(int(item["identity"])) == "test"
    face = Face(world.identity(int(item["identity"])), tuple(item["degrees"].tolist()))
    assert torch.equal(render(face)[1], item["parts"])
    loaded = next(iter(torch.utils.data.DataLoader(data, batch_size=5)))
    assert loaded["image"].shape == (5, 3, 64, 64) and loaded["identity"].shape == (5,)
    with pytest.raises(IndexError):
        data[5]
