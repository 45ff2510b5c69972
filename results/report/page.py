"""Assembly of the single, self-contained HTML page: style, table of contents, sections.

plotly.js is inlined once in the head and every figure is embedded without it, so the
file opens offline and carries the 4–5 MB bundle only once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import plotly.graph_objects as go
import plotly.io as pio
from plotly.offline import get_plotlyjs

from results.report.escaping import SafeHtml, escape, join
from results.report.figure_style import FIGURE_HEIGHT_PX

PLOT_CONFIG = {"displaylogo": False, "responsive": True}

STYLE = """
:root { --ink: #1f2933; --muted: #616e7c; --line: #d9e2ec; --accent: #2f6fb0; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); }
header { padding: 24px 40px 12px; border-bottom: 1px solid var(--line); background: #f5f7fa; }
header h1 { margin: 0 0 4px; font-size: 24px; }
header p { margin: 0; color: var(--muted); }
nav { padding: 8px 40px; border-bottom: 1px solid var(--line); }
nav ol { margin: 0; padding: 0; list-style: none; display: flex; flex-wrap: wrap; gap: 4px 22px; }
nav a, a { color: var(--accent); text-decoration: none; }
main { padding: 8px 40px 40px; max-width: 1500px; }
section { margin-top: 28px; }
h2 { font-size: 20px; border-bottom: 2px solid var(--accent); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.note { color: var(--muted); font-style: italic; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f0f4f8; }
table.data td { white-space: nowrap; }
.ci { color: var(--muted); font-size: 12px; }
table.gallery td { text-align: center; vertical-align: middle; max-width: 220px; white-space: normal; }
figure.thumb { margin: 0; }
figure.thumb img { width: 128px; image-rendering: pixelated; }
figcaption { font-size: 11px; color: var(--muted); }
figure.plot { margin: 0 0 18px; border: 1px solid var(--line); border-radius: 6px; padding: 4px; }
pre { background: #f5f7fa; border: 1px solid var(--line); padding: 10px; overflow-x: auto; font-size: 12px; }
details { margin: 6px 0; }
"""


@dataclass(frozen=True)
class FigureBlock:
    """A plotly figure with a short name, used for its element id and PNG file name."""

    name: str
    figure: go.Figure


@dataclass
class Section:
    """A titled part of the page: safe HTML fragments and figures, in order."""

    anchor: str
    title: str
    blocks: list[SafeHtml | FigureBlock] = field(default_factory=list)

    def add(self, block: SafeHtml | FigureBlock) -> None:
        if not isinstance(block, (SafeHtml, FigureBlock)):
            raise TypeError(f"section blocks must be SafeHtml or FigureBlock, not {type(block).__name__}")
        self.blocks.append(block)

    def note(self, text: str) -> None:
        """A muted line of explanation, e.g. why a figure is absent."""
        self.add(SafeHtml(f'<p class="note">{escape(text)}</p>'))

    def heading(self, text: str) -> None:
        self.add(SafeHtml(f"<h3>{escape(text)}</h3>"))

    @property
    def figures(self) -> list[FigureBlock]:
        return [b for b in self.blocks if isinstance(b, FigureBlock)]


def render_page(title: str, subtitle: str, sections: list[Section]) -> str:
    """The complete HTML document."""
    toc = join(
        (SafeHtml(f'<li><a href="#{escape(s.anchor)}">{i}. {escape(s.title)}</a></li>') for i, s in enumerate(sections, 1)),
        "",
    )
    body = join(_render_section(i, s) for i, s in enumerate(sections, 1))
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n"
        f'<script type="text/javascript">{get_plotlyjs()}</script>\n</head>\n<body>\n'
        f"<header><h1>{escape(title)}</h1><p>{escape(subtitle)}</p></header>\n"
        f'<nav aria-label="contents"><ol>{toc}</ol></nav>\n<main>\n{body}\n</main>\n</body>\n</html>\n'
    )


def _render_section(number: int, section: Section) -> SafeHtml:
    parts = [_render_block(block) for block in section.blocks]
    return SafeHtml(
        f'<section id="{escape(section.anchor)}"><h2>{number}. {escape(section.title)}</h2>\n'
        + join(parts) + "\n</section>"
    )


def _render_block(block: SafeHtml | FigureBlock) -> SafeHtml:
    if isinstance(block, SafeHtml):
        return block
    # The figure JSON is written with <, > and / as \\u escapes, so data cannot close the script.
    div = pio.to_html(
        block.figure, include_plotlyjs=False, full_html=False, config=PLOT_CONFIG,
        div_id=f"figure-{block.name}", default_height=f"{block.figure.layout.height or FIGURE_HEIGHT_PX}px",
    )
    return SafeHtml(f'<figure class="plot">{div}</figure>')
