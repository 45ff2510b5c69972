"""Escaping of untrusted text for the page and for plotly.

Scenario names, parameter values, scheme, node and stage names, instructions and
version strings all come from files a user (or someone else) wrote, so none of it may
reach the page as markup. Page fragments that are already safe are :class:`SafeHtml`;
everything else goes through :func:`escape`. Plotly renders a subset of HTML in titles,
legends, ticks and hover labels and decodes ``&lt;``/``&gt;``/``&amp;`` (but not
``&quot;``), so text bound for a figure goes through :func:`plot_text` instead.
"""

from __future__ import annotations

import html
from typing import Any, Iterable


class SafeHtml(str):
    """A fragment of markup whose dynamic parts have already been escaped."""


def escape(value: Any) -> SafeHtml:
    """Escape a value for HTML text or a quoted attribute; safe fragments pass unchanged."""
    if isinstance(value, SafeHtml):
        return value
    return SafeHtml(html.escape(str(value), quote=True))


def join(fragments: Iterable[Any], separator: str = "\n") -> SafeHtml:
    """Concatenate fragments, escaping any that are not already safe."""
    return SafeHtml(separator.join(escape(f) for f in fragments))


def plot_text(value: Any) -> str:
    """Text for a plotly title, legend entry, tick label or hover label, shown literally."""
    return html.escape(str(value), quote=False)
