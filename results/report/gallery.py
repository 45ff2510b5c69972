"""Image gallery: for a few images, the original, the instruction, the ideal result and
what each scheme delivered, side by side, as small base64 PNGs inside the page.

Samples of different schemes are put in one row when they share the run group, the
``image_id`` (looked up from ``requests.parquet``) and the instruction.
"""

from __future__ import annotations

import base64
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from results.report.escaping import SafeHtml, escape
from results.report.run_groups import RunGroups
from results.report.tables import html_table, number

THUMBNAIL_PX = 128
MAX_ROWS = 6


@dataclass
class GalleryRow:
    """One image's cells: reference images and instruction, then received images by scheme."""

    label: str
    image: str
    instruction: str | None
    original: Path | None = None
    ideal: Path | None = None
    received: dict[str, tuple[Path | None, str]] = field(default_factory=dict)


def gallery_rows(groups: RunGroups, max_rows: int = MAX_ROWS) -> list[GalleryRow]:
    """Collect up to ``max_rows`` rows from the runs' sample indexes, in run order."""
    rows: dict[tuple, GalleryRow] = {}
    for run in groups.runs:
        # Request ids restart for every scheme, so a sample is found by (scheme, request_id).
        requests = run.requests.drop_duplicates(["scheme", "request_id"]).set_index(["scheme", "request_id"])
        for sample in run.samples or []:
            known = (sample.scheme, sample.request_id) in requests.index
            request = requests.loc[(sample.scheme, sample.request_id)] if known else None
            image = str(request["image_id"]) if known else f"request {sample.request_id}"
            key = (groups.group_of[run.run_id], image, sample.instruction)
            if key not in rows:
                if len(rows) == max_rows:
                    continue
                rows[key] = GalleryRow(label=key[0], image=image, instruction=sample.instruction)
            row = rows[key]
            row.original = row.original or sample.files.get("original")
            row.ideal = row.ideal or sample.files.get("ideal")
            row.received.setdefault(sample.scheme, (sample.files.get("received"), _caption(request)))
    return list(rows.values())


def gallery_html(groups: RunGroups) -> SafeHtml:
    """The gallery table; columns for the schemes that appear in it, in scheme order."""
    rows = gallery_rows(groups)
    schemes = [s for s in groups.schemes if any(s in row.received for row in rows)]
    header = (["run group"] if groups.several else []) + ["image", "original", "instruction", "ideal", *schemes]
    cells = []
    for row in rows:
        line = [row.label] if groups.several else []
        line += [row.image, image_cell(row.original), row.instruction or "—", image_cell(row.ideal)]
        for scheme in schemes:
            path, caption = row.received.get(scheme, (None, ""))
            line.append(image_cell(path, caption) if scheme in row.received else "—")
        cells.append(line)
    return html_table(header, cells, css_class="gallery")


def image_cell(path: Path | None, caption: str = "") -> SafeHtml:
    """An inline thumbnail with an optional caption, or a note saying why there is none."""
    if path is None:
        return SafeHtml('<span class="note">—</span>')
    uri = thumbnail_data_uri(path)
    if uri is None:
        return SafeHtml(f'<span class="note">unreadable: {escape(path.name)}</span>')
    caption_html = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return SafeHtml(f'<figure class="thumb"><img src="{uri}" alt="{escape(path.name)}">{caption_html}</figure>')


def thumbnail_data_uri(path: Path, size_px: int = THUMBNAIL_PX) -> str | None:
    """The image shrunk to fit ``size_px`` and re-encoded as a PNG data URI; None if unreadable."""
    try:
        with Image.open(path) as image:
            image.load()
            mode = "RGBA" if "A" in image.getbands() else "RGB"
            thumb = image.convert(mode)
    except (OSError, ValueError):
        return None
    thumb.thumbnail((size_px, size_px))
    buffer = io.BytesIO()
    thumb.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _caption(request) -> str:
    """The request's outcome and quality, e.g. ``ok · PSNR 27.3 dB · SSIM 0.812``."""
    if request is None:
        return ""
    parts = [str(request["status"])]
    for column, label, unit in (("psnr_db", "PSNR", " dB"), ("ssim", "SSIM", "")):
        value = request.get(column)
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            parts.append(f"{label} {number(value, 3)}{unit}")
    return " · ".join(parts)
