"""Fixtures shared by every test folder."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def benchmark_module() -> Callable[[str], ModuleType]:
    """Loads ``benchmarks/<name>.py`` as a module (the folder is scripts, not a package). The folder goes
    on ``sys.path`` as when a script runs, so a benchmark can import a sibling (field_distil uses field_fit)."""
    if str(ROOT / "benchmarks") not in sys.path:
        sys.path.insert(0, str(ROOT / "benchmarks"))

    def load(name: str) -> ModuleType:
        spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    return load
