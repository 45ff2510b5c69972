"""Latency figures: the end-to-end latency CDF and the stacked breakdown per scheme."""

from __future__ import annotations

import plotly.graph_objects as go

from results.aggregate import latency_breakdown, latency_cdf
from results.report.escaping import plot_text
from results.report.figure_style import DASHES, SCHEME_PALETTE, colour_map, stacked_bars, styled
from results.report.run_groups import GROUP_BY, RunGroups

# Above this max/min ratio a linear axis squeezes the fast schemes into one pixel column.
LOG_AXIS_SPAN = 50.0


def latency_cdf_figure(groups: RunGroups) -> go.Figure:
    """One step curve per scheme (and group): colour = scheme, dash = group."""
    cdf = latency_cdf(groups.requests, by=GROUP_BY)
    colours = colour_map(groups.schemes, SCHEME_PALETTE)
    fig = go.Figure()
    for (group, scheme), part in cdf.groupby(GROUP_BY, sort=True, observed=True):
        name = f"{scheme} · {group}" if groups.several else scheme
        fig.add_trace(go.Scatter(
            x=part["latency_s"], y=part["fraction"], mode="lines", line_shape="hv",
            name=plot_text(name), legendgroup=plot_text(scheme),
            line={"color": colours[scheme], "dash": DASHES[groups.labels.index(group) % len(DASHES)]},
            hovertemplate="%{fullData.name}<br>%{x:.4g} s: %{y:.1%}<extra></extra>",
        ))
    styled(fig, "End-to-end latency CDF", "end-to-end latency (s)", "fraction of all requests completed")
    fig.update_yaxes(range=[0, 1.02], tickformat=".0%")
    latency = cdf["latency_s"].to_numpy(dtype=float)
    latency = latency[latency > 0]
    if latency.size and latency.max() / latency.min() > LOG_AXIS_SPAN:
        fig.update_xaxes(type="log", title_text="end-to-end latency (s, log scale)")
    return fig


def latency_breakdown_figure(groups: RunGroups) -> go.Figure:
    """Stacked mean time per finished request: queueing, each compute stage, airtime, …"""
    frame = latency_breakdown(groups.requests, groups.stages, by=GROUP_BY)
    fig = stacked_bars(frame, "scheme", "component", "seconds", "s", outer="group" if groups.several else None)
    x_title = "run group / scheme" if groups.several else "scheme"
    # Tall enough for the legend to list every component without scrolling.
    height = max(440, 220 + 26 * frame["component"].nunique())
    return styled(fig, "Latency breakdown, mean per finished request", x_title, "time per request (s)", height=height)
