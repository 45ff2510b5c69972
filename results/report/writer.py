"""``write_report``: run directories in, one self-contained HTML file out."""

from __future__ import annotations

from pathlib import Path

from results.report.export import check_png_export, export_pngs
from results.report.page import render_page
from results.report.run_groups import group_runs
from results.report.sections import build_sections
from results.runs import load_run

TITLE_NAMES = 3  # a sweep of many runs would otherwise put every run name in the title


def write_report(run_dirs: list[Path], out: Path, png_dir: Path | None = None) -> Path:
    """Write the HTML report comparing the schemes of ``run_dirs`` to ``out``.

    The page embeds plotly.js once and every image, so it opens offline. With
    ``png_dir`` every figure is also written there as ``<name>.png`` (needs kaleido and
    a Chrome/Chromium browser; checked first, see :mod:`results.report.export`).

    Raises:
        RunDirError: a run directory is incomplete or does not follow the contract.
        PngExportError: ``png_dir`` was given but kaleido or a browser is missing.
    """
    if png_dir is not None:
        check_png_export()
    runs = [load_run(path) for path in run_dirs]
    groups = group_runs(runs)
    sections = build_sections(groups)
    names = list(dict.fromkeys(run.name for run in runs))
    shown = ", ".join(names[:TITLE_NAMES]) + (f" and {len(names) - TITLE_NAMES} more" if len(names) > TITLE_NAMES else "")
    title = f"semsim report: {shown}"
    subtitle = (f"{len(runs)} run(s) in {len(groups.labels)} group(s); schemes: {', '.join(groups.schemes)}; "
                f"{len(groups.requests)} requests")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_page(title, subtitle, sections), encoding="utf-8")
    if png_dir is not None:
        export_pngs([figure for section in sections for figure in section.figures], Path(png_dir))
    return out
