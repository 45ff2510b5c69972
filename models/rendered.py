"""Pre-rendered face sets for training and evaluating the default models, cached as uint8 tensors.

Rendering costs ~15 ms per 64×64 face on one core, far more than a training step needs, so each
set is rendered once and kept in a cache directory; every model trained on the same set reads
the same file.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import torch

from models.disk_cache import CACHE_DIR, load_or_compute
from models.world import NUM_ATTRIBUTES, NUM_DEGREES, SPLITS, Face, FaceWorld, Part, render

WORLD_SEED = 0
SET_SEEDS = {"train": 0, "validation": 1, "test": 2}
"""One fixed draw per split, independent of any model's training seed, so models share the cache."""


@dataclass(frozen=True)
class FaceSet:
    """``per_identity`` faces of each of several identities, each face with its own random degrees.

    images: [N, 3, S, S] uint8 (0..255); degrees: [N, 5] int64 in 0..5; identities: [N] int64
    (index of the identity in the world); background: [N, S, S] bool, the pixels labelled
    background. Faces of one identity are consecutive.
    """

    images: torch.Tensor
    degrees: torch.Tensor
    identities: torch.Tensor
    background: torch.Tensor

    def __len__(self) -> int:
        return len(self.images)

    def floats(self, index: torch.Tensor | slice) -> torch.Tensor:
        """Images [n, 3, S, S] float32 in [0, 1] for ``index`` (a slice or [n] int64 tensor)."""
        return self.images[index].float() / 255.0

    def identity_labels(self) -> torch.Tensor:
        """Identities renumbered 0..I-1 in order of first appearance: [N] int64 class labels."""
        _, labels = torch.unique_consecutive(self.identities, return_inverse=True)
        return labels


def face_set(
    split: str,
    identities: int,
    per_identity: int,
    size: int = 64,
    cache_dir: Path = CACHE_DIR,
    log: Callable[[str], None] = print,
) -> FaceSet:
    """The cached set of ``identities`` × ``per_identity`` faces of ``split``, rendering it if absent.

    Identities are drawn without replacement from the split of ``FaceWorld(0)`` and degrees are
    uniform, both from the split's fixed seed, so a set is the same on every machine.
    """
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
    def render_all() -> dict[str, torch.Tensor]:
        world = FaceWorld(WORLD_SEED)
        rng = np.random.default_rng(np.random.SeedSequence((WORLD_SEED, SET_SEEDS[split], identities, per_identity)))
        indices = world.split_range(split)
        chosen = np.sort(rng.choice(len(indices), size=identities, replace=False)) + indices.start
        n = identities * per_identity
        degrees = rng.integers(0, NUM_DEGREES, size=(n, NUM_ATTRIBUTES))
        images = torch.empty(n, 3, size, size, dtype=torch.uint8)
        background = torch.empty(n, size, size, dtype=torch.bool)
        started = time.perf_counter()
        for i in range(n):
            identity = world.identity(int(chosen[i // per_identity]))
            image, parts = render(Face(identity, tuple(int(d) for d in degrees[i])), size)
            images[i] = (image * 255.0).round().to(torch.uint8)
            background[i] = parts == Part.BACKGROUND
            if (i + 1) % 2000 == 0:
                log(f"rendered {i + 1}/{n} {split} faces in {time.perf_counter() - started:.0f} s")
        faces = FaceSet(images, torch.as_tensor(degrees, dtype=torch.int64),
                        torch.as_tensor(np.repeat(chosen, per_identity), dtype=torch.int64), background)
        return {field.name: getattr(faces, field.name) for field in fields(faces)}

    return FaceSet(**load_or_compute(Path(cache_dir) / f"{split}_w{WORLD_SEED}_{identities}x{per_identity}_{size}px.pt",
                                     render_all))
