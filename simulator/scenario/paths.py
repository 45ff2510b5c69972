"""Relative paths in a scenario are read relative to the scenario file's folder."""
from __future__ import annotations

from pathlib import Path

from pydantic import ValidationInfo


def resolve_path(value: Path | None, info: ValidationInfo) -> Path | None:
    """``value`` made absolute against ``context['base_dir']`` when the loader supplies one."""
    if value is None or value.is_absolute():
        return value
    base = (info.context or {}).get("base_dir")
    return (Path(base) / value).resolve() if base else value
