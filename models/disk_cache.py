"""The on-disk cache of rendered face sets and computed tensors (``$SEMSIM_CACHE``, default a temp folder).

Every cached object is computed once per name and read back afterwards; the name must carry all
that the object depends on (seeds, sizes, digests of the weights used), so a stale file is never read.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

import torch

CACHE_DIR = Path(os.environ.get("SEMSIM_CACHE", Path(tempfile.gettempdir()) / "semsim-cache"))


def load_or_compute(path: Path | None, compute: Callable[[], Any]) -> Any:
    """``torch.load(path)`` when it exists, else ``compute()`` saved there (``path`` None: not cached).

    Only tensors and plain containers of them are cached: they are read with ``weights_only=True``."""
    if path is not None and Path(path).exists():
        return torch.load(path, map_location="cpu", weights_only=True)
    result = compute()
    if path is not None:
        save_atomically(result, Path(path))
    return result


def cached_tensor(name: str, key_parts: tuple, compute: Callable[[], torch.Tensor],
                  cache_dir: Path | None = CACHE_DIR, log: Callable[[str], None] = print) -> torch.Tensor:
    """``compute()`` once per ``key_parts`` (put the digests of the weights it uses in them), kept
    in ``cache_dir`` as ``<name>-<key>.pt``; ``cache_dir`` None computes every time."""
    if cache_dir is None:
        return compute()
    path = Path(cache_dir) / f"{name}-{hashlib.sha256(repr(key_parts).encode()).hexdigest()[:16]}.pt"
    if path.exists():
        log(f"read {name} from {path}")
    return load_or_compute(path, compute)


def file_digest(path: Path) -> str:
    """A short sha256 of a file, so a retrained weight file never reads a stale cache entry."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def save_atomically(value: Any, path: Path) -> None:
    """``torch.save`` to ``path`` through a partial file, so an interrupted write leaves no cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    torch.save(value, partial)
    os.replace(partial, path)
