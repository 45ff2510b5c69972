"""The generator's training faces: rendered once from the face world, cached as uint8 on disk.

Rendering costs ~12 ms a face on one core, so a training run that rendered on the fly would
spend most of its budget in the renderer; the set is rendered once per ``(world_seed, split,
n, seed)`` and reused (the cache file name carries all four, so a stale file is never read).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import torch

from models.disk_cache import CACHE_DIR, load_or_compute
from models.world import FaceWorld

RENDER_CHUNK = 500


def face_set(
    n: int,
    *,
    split: str = "train",
    seed: int = 0,
    world_seed: int = 0,
    cache_dir: Path | None = CACHE_DIR,
    log: Callable[[str], None] = print,
) -> torch.Tensor:
    """``n`` faces of ``split`` as images [n, 3, 64, 64] uint8 (0..255).

    Face ``i`` depends only on ``(world_seed, split, seed)`` and ``i``'s chunk, so the set is
    reproducible; with ``cache_dir`` set it is written there once and read back afterwards.
    """
    def render_all() -> torch.Tensor:
        world = FaceWorld(world_seed)
        chunks = []
        for start in range(0, n, RENDER_CHUNK):
            rng = np.random.default_rng(np.random.SeedSequence((seed, start)))
            batch = world.sample(split, min(RENDER_CHUNK, n - start), rng)
            chunks.append((batch.images * 255).round().to(torch.uint8))
            log(f"rendered {start + len(chunks[-1])}/{n} {split} faces")
        return torch.cat(chunks)

    path = None if cache_dir is None else Path(cache_dir) / f"faces-w{world_seed}-{split}-n{n}-s{seed}.pt"
    return load_or_compute(path, render_all)


def to_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 images [B, 3, H, W] → float32 in [0, 1]."""
    return images.to(torch.float32) / 255.0
