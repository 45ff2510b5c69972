"""Optional PNG export of the report's figures through kaleido.

kaleido (>= 1) drives a Chrome or Chromium browser to render figures. Neither is a
dependency of semsim: install them to use ``png_dir`` (``pip install kaleido`` in the
environment, and a browser, e.g. ``apt-get install chromium`` on Debian). Without them
:func:`check_png_export` says exactly what is missing before any work is done.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import plotly.io as pio

from results.report.figure_style import FIGURE_HEIGHT_PX
from results.report.page import FigureBlock

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
PNG_SCALE = 2


class PngExportError(RuntimeError):
    """PNG export was asked for but kaleido or a browser for it is missing."""


def find_browser() -> str | None:
    """The browser kaleido will drive: ``$BROWSER_PATH`` if it exists, else one on ``PATH``."""
    configured = os.environ.get("BROWSER_PATH")
    if configured and Path(configured).exists():
        return configured
    return next((found for name in BROWSER_NAMES if (found := shutil.which(name))), None)


def check_png_export() -> str:
    """Return the browser to use, or raise :class:`PngExportError` naming what is missing."""
    problems = []
    if importlib.util.find_spec("kaleido") is None:
        problems.append("the Python package 'kaleido' (>= 1) is not installed in this environment "
                        "(pip install kaleido)")
    browser = find_browser()
    if browser is None:
        problems.append("no Chrome or Chromium browser was found on PATH or in $BROWSER_PATH "
                        "(on Debian: apt-get install chromium)")
    if problems:
        raise PngExportError("PNG export of the report figures needs kaleido and a browser: " + "; ".join(problems))
    return browser


def export_pngs(blocks: list[FigureBlock], png_dir: Path) -> list[Path]:
    """Write each figure as ``<png_dir>/<name>.png`` and return the paths."""
    browser = check_png_export()
    # kaleido's browser lookup reads BROWSER_PATH; point it at the one we checked.
    os.environ.setdefault("BROWSER_PATH", browser)
    png_dir.mkdir(parents=True, exist_ok=True)
    paths = [png_dir / f"{block.name}.png" for block in blocks]
    pio.write_images(
        [block.figure for block in blocks], paths, scale=PNG_SCALE,
        width=[1200] * len(blocks), height=[block.figure.layout.height or FIGURE_HEIGHT_PX for block in blocks],
    )
    return paths
