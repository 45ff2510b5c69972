"""Shared look of the report's figures: colours, layout, and the stacked-bar chart that
latency, energy-per-request and energy-per-node breakdowns all use.

Every text that comes from the data passes through :func:`plot_text` here or in the
topic modules, because plotly renders HTML in titles, legends and ticks.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd
import plotly.colors
import plotly.graph_objects as go

from results.report.escaping import plot_text

SCHEME_PALETTE = plotly.colors.qualitative.Plotly
COMPONENT_PALETTE = plotly.colors.qualitative.Set2 + plotly.colors.qualitative.Pastel1
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
FIGURE_HEIGHT_PX = 440


def colour_map(names: Sequence[str], palette: Sequence[str]) -> dict[str, str]:
    """A stable colour per name, cycling through the palette."""
    return {name: palette[i % len(palette)] for i, name in enumerate(names)}


def translucent(colour: str, alpha: float) -> str:
    """The same colour as ``rgba(...)`` with the given opacity, for confidence bands."""
    red, green, blue = plotly.colors.hex_to_rgb(colour) if colour.startswith("#") else plotly.colors.unlabel_rgb(colour)
    return f"rgba({int(red)},{int(green)},{int(blue)},{alpha})"


def styled(fig: go.Figure, title: str, x_title: str, y_title: str, height: int = FIGURE_HEIGHT_PX) -> go.Figure:
    """Apply the report's layout; ``title`` may contain data and is escaped here."""
    fig.update_layout(
        template="plotly_white",
        title={"text": plot_text(title), "x": 0.01, "xanchor": "left"},
        height=height,
        margin={"l": 70, "r": 30, "t": 60, "b": 60},
        legend={"title": {"text": ""}},
        font={"family": "system-ui, -apple-system, Segoe UI, sans-serif", "size": 13},
    )
    fig.update_xaxes(title_text=x_title)
    fig.update_yaxes(title_text=y_title)
    return fig


def stacked_bars(
    frame: pd.DataFrame,
    category: str,
    component: str,
    value: str,
    hover_unit: str,
    outer: str | None = None,
) -> go.Figure:
    """One bar per ``category`` value (under its ``outer`` value on a two-level axis when
    given), stacked by component: in category order when the component column is
    categorical, else in order of first appearance.

    Every component trace lists every bar (absent parts as 0) so that the bar order on
    the axis is the frame's order rather than the order the traces happen to add them.
    """
    if isinstance(frame[component].dtype, pd.CategoricalDtype):
        components = list(frame[component].cat.categories)
    else:
        components = list(dict.fromkeys(frame[component]))
    colours = colour_map(components, COMPONENT_PALETTE)
    levels = [outer, category] if outer else [category]
    bars = frame[levels].drop_duplicates()
    fig = go.Figure()
    for name in components:
        part = bars.merge(frame[frame[component] == name], how="left", on=levels)
        part[value] = part[value].fillna(0.0)
        x = [[plot_text(v) for v in part[level]] for level in levels]
        fig.add_trace(go.Bar(
            x=x if outer else x[0],
            y=part[value],
            name=plot_text(name),
            marker_color=colours[name],
            hovertemplate=f"%{{fullData.name}}: %{{y:.4g}} {hover_unit}<extra></extra>",
        ))
    fig.update_layout(barmode="stack")
    return fig
