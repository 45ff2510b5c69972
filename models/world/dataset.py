"""Torch datasets over a :class:`FaceWorld` split."""
from __future__ import annotations

import numpy as np
import torch
from torch.utils.data import Dataset

from .attributes import NUM_ATTRIBUTES, NUM_DEGREES
from .face import Face
from .render import render
from .world import FaceWorld


class FaceDataset(Dataset):
    """``length`` faces from one split; item ``i`` is always the same face.

    Item ``i`` draws its identity and degrees from the seed ``(seed, i)``, so the dataset
    needs no storage, shuffles and shards freely across workers, and reproduces exactly.
    Each item is a dict: ``image`` [3, S, S] float32, ``degrees`` [5] int64, ``parts``
    [S, S] int64 and ``identity`` [] int64 (the identity's index in the world).

    >>> data = FaceDataset(FaceWorld(seed=0), "validation", length=10)
    >>> item = data[3]
    >>> tuple(item["image"].shape), bool(torch.equal(item["image"], data[3]["image"]))
    ((3, 64, 64), True)
    """

    def __init__(self, world: FaceWorld, split: str, length: int, size: int = 64, seed: int = 0) -> None:
        self.world = world
        self.split = split
        self.length = length
        self.size = size
        self.seed = seed
        world.split_range(split)  # an unknown split fails here rather than in a loader worker

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, i: int) -> dict[str, torch.Tensor]:
        if not 0 <= i < self.length:
            raise IndexError(f"item {i} outside 0..{self.length - 1}")
        rng = np.random.default_rng(np.random.SeedSequence((self.seed, i)))
        index = int(self.world.draw_identity_indices(self.split, 1, rng)[0])
        degrees = tuple(int(d) for d in rng.integers(0, NUM_DEGREES, size=NUM_ATTRIBUTES))
        image, parts = render(Face(self.world.identity(index), degrees), self.size)
        return {
            "image": image,
            "degrees": torch.tensor(degrees, dtype=torch.int64),
            "parts": parts,
            "identity": torch.tensor(index, dtype=torch.int64),
        }
