"""Where a result came from: code revision, package versions, device."""
from __future__ import annotations

import platform
import subprocess
from importlib import metadata
from pathlib import Path

import torch

PACKAGES = ["semsim", "torch", "sionna-no-rt", "simpy", "numpy", "scipy", "pandas", "pyarrow", "pydantic", "pillow"]


def git_revision(root: Path | None = None) -> str:
    """The commit of the working tree (``+dirty`` when it has changes), or ``unknown`` outside git."""
    root = root or Path(__file__).resolve().parent.parent
    try:
        rev = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10)
        if rev.returncode != 0:
            return "unknown"
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=root,
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return rev.stdout.strip() + ("+dirty" if dirty else "")
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"


def package_versions() -> dict[str, str]:
    versions = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def device_description() -> str:
    cpu = platform.processor() or platform.machine()
    text = f"{cpu}, {torch.get_num_threads()} torch threads"
    if torch.cuda.is_available():
        text += f"; CUDA: {torch.cuda.get_device_name(0)}"
    return text
