"""Cached face sets with their per-pixel part labels, for training and scoring segmentation."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from models.disk_cache import load_or_compute
from models.rendered import CACHE_DIR, SET_SEEDS, WORLD_SEED
from models.world import FaceWorld


@dataclass(frozen=True)
class PartsSet:
    """images: [N, 3, S, S] uint8 (0..255); parts: [N, S, S] uint8 part ids (``models.world.Part``);
    degrees: [N, 5] int64 attribute degrees 0..5."""

    images: torch.Tensor
    parts: torch.Tensor
    degrees: torch.Tensor

    def __len__(self) -> int:
        return len(self.images)

    def floats(self, index: torch.Tensor | slice) -> torch.Tensor:
        """Images [n, 3, S, S] float32 in [0, 1]."""
        return self.images[index].float() / 255.0

    def labels(self, index: torch.Tensor | slice) -> torch.Tensor:
        """Part ids [n, S, S] int64."""
        return self.parts[index].long()


def parts_set(split: str, n: int, size: int = 64, cache_dir: Path = CACHE_DIR,
              log: Callable[[str], None] = print, chunk: int = 500) -> PartsSet:
    """``n`` faces of random identities of ``split`` with uniform degrees, from the split's fixed
    seed (independent of any model's seed), rendered once and cached in ``cache_dir``."""
    def render_all() -> dict[str, torch.Tensor]:
        world = FaceWorld(WORLD_SEED)
        rng = np.random.default_rng(np.random.SeedSequence((WORLD_SEED, SET_SEEDS[split], n, 9)))
        images, parts, degrees = [], [], []
        for start in range(0, n, chunk):
            batch = world.sample(split, min(chunk, n - start), rng, size)
            images.append((batch.images * 255.0).round().to(torch.uint8))
            parts.append(batch.parts.to(torch.uint8))
            degrees.append(batch.degrees)
            log(f"rendered {start + len(batch.images)}/{n} {split} faces with part labels")
        return {"images": torch.cat(images), "parts": torch.cat(parts), "degrees": torch.cat(degrees)}

    return PartsSet(**load_or_compute(Path(cache_dir) / f"parts_{split}_w{WORLD_SEED}_{n}_{size}px.pt", render_all))
