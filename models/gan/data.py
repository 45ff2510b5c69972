"""The generator's training faces: rendered once from the face world, cached as uint8 on disk.

Rendering costs ~12 ms a face on one core, so a training run that rendered on the fly would
spend most of its budget in the renderer; the set is rendered once per ``(world_seed, split,
n, seed)`` and reused (the cache file name carries all four, so a stale file is never read).
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from models.world import FaceWorld

CACHE_DIR = Path(os.environ.get("SEMSIM_CACHE", Path(tempfile.gettempdir()) / "semsim-cache"))
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
    path = None if cache_dir is None else Path(cache_dir) / f"faces-w{world_seed}-{split}-n{n}-s{seed}.pt"
    if path is not None and path.exists():
        return torch.load(path, weights_only=True)
    world = FaceWorld(world_seed)
    chunks = []
    for start in range(0, n, RENDER_CHUNK):
        rng = np.random.default_rng(np.random.SeedSequence((seed, start)))
        batch = world.sample(split, min(RENDER_CHUNK, n - start), rng)
        chunks.append((batch.images * 255).round().to(torch.uint8))
        log(f"rendered {start + len(chunks[-1])}/{n} {split} faces")
    images = torch.cat(chunks)
    if path is not None:
        save_atomically(images, path)
    return images


def cached_tensor(name: str, key_parts: tuple, compute: Callable[[], torch.Tensor],
                  cache_dir: Path | None = CACHE_DIR, log: Callable[[str], None] = print) -> torch.Tensor:
    """``compute()`` once per ``key_parts`` (put the digests of the weights it uses in them), kept
    in ``cache_dir`` as ``<name>-<key>.pt``; ``cache_dir`` None computes every time."""
    if cache_dir is None:
        return compute()
    path = Path(cache_dir) / f"{name}-{hashlib.sha256(repr(key_parts).encode()).hexdigest()[:16]}.pt"
    if path.exists():
        log(f"read {name} from {path}")
        return torch.load(path, weights_only=True)
    result = compute()
    save_atomically(result, path)
    return result


def file_digest(path: Path) -> str:
    """A short sha256 of a file, so a retrained weight file never reads a stale cache entry."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def save_atomically(tensor: torch.Tensor, path: Path) -> None:
    """``torch.save`` to ``path`` through a partial file, so an interrupted write leaves no cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(tensor, partial)
    os.replace(partial, path)


def to_float(images: torch.Tensor) -> torch.Tensor:
    """uint8 images [B, 3, H, W] → float32 in [0, 1]."""
    return images.to(torch.float32) / 255.0
