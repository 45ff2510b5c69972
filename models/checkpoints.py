"""Saving and loading weight files safely: state dicts plus plain metadata, never arbitrary pickles."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import torch

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"


class CheckpointError(ValueError):
    """A weight file that is missing, unsafe to load, or not what the model expects."""


def save_checkpoint(path: Path, state_dict: dict[str, torch.Tensor], meta: dict[str, Any]) -> Path:
    """Write ``{"state_dict", "meta"}`` atomically; ``meta`` must hold only plain Python values."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".partial")
    torch.save({"state_dict": {k: v.detach().cpu() for k, v in state_dict.items()}, "meta": meta}, partial)
    os.replace(partial, path)
    return path


def load_checkpoint(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Load a file written by :func:`save_checkpoint` with ``weights_only=True``.

    Raises :class:`CheckpointError` naming the file when it is missing or holds anything but
    tensors and plain values (a crafted pickle is refused, not executed).
    """
    path = Path(path)
    if not path.exists():
        raise CheckpointError(f"{path}: weight file not found (train it with `semsim train`)")
    try:
        blob = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as error:  # torch raises UnpicklingError and others for unsafe or corrupt files
        raise CheckpointError(f"{path}: refused to load ({error.__class__.__name__}): only tensors and "
                              f"plain values are accepted") from None
    if not isinstance(blob, dict) or "state_dict" not in blob:
        raise CheckpointError(f"{path}: not a semsim checkpoint (expected keys state_dict, meta)")
    return blob["state_dict"], blob.get("meta", {})
