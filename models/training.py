"""Pieces every default model's ``train()`` shares: seeded construction, batch order, the summary file."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import torch

M = TypeVar("M", bound=torch.nn.Module)


def build_seeded(seed: int, build: Callable[[], M]) -> M:
    """``build()`` with its parameter initialisation drawn from ``seed``.

    Layers initialise from torch's global generator; forking it keeps that draw reproducible
    without leaving the global state changed for anyone else.
    """
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        return build()


def batch_indices(n: int, batch: int, generator: torch.Generator) -> Iterator[torch.Tensor]:
    """Endless mini-batches of indices [batch] int64 into ``n`` items, reshuffled every epoch."""
    batch = min(batch, n)
    while True:
        order = torch.randperm(n, generator=generator)
        for start in range(0, n - batch + 1, batch):
            yield order[start : start + batch]


def write_summary(out_dir: Path, name: str, summary: dict[str, Any]) -> Path:
    """Write ``summary`` (plain values) to ``out_dir/<name>.train.json``."""
    path = Path(out_dir) / f"{name}.train.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(summary, indent=2) + "\n")
    return path
