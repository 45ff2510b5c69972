"""Energy figures: radio and compute energy per request, and each node's energy by component."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from results.aggregate import energy_breakdown
from results.report.escaping import plot_text
from results.report.figure_style import FIGURE_HEIGHT_PX, stacked_bars, styled
from results.report.run_groups import GROUP_BY, RunGroups

PANEL_HEIGHT_PX = 300


def energy_per_request_figure(groups: RunGroups) -> go.Figure:
    """Stacked mean radio + compute energy per request, per scheme (and group)."""
    frame = energy_breakdown(groups.requests, None, by=GROUP_BY).per_request
    fig = stacked_bars(frame, "scheme", "component", "energy_j", "J", outer="group" if groups.several else None)
    x_title = "run group / scheme" if groups.several else "scheme"
    return styled(fig, "Energy per request", x_title, "mean energy per request (J)")


def energy_per_node_figure(groups: RunGroups) -> go.Figure:
    """Stacked radio, compute and idle energy per node, under its scheme when each scheme
    was simulated with nodes of its own (a ``scheme`` column in nodes.parquet); one panel
    per run group when there are several, averaging the runs of a group."""
    per_node = energy_breakdown(groups.requests, groups.nodes, by=GROUP_BY).per_node
    per_node["group"] = per_node["run_id"].astype(str).map(groups.group_of).astype(groups.requests["group"].dtype)
    outer = "scheme" if "scheme" in per_node.columns else None
    keys = ["group", *([outer] if outer else []), "node", "component"]
    frame = per_node.groupby(keys, sort=False, observed=True)["energy_j"].mean().reset_index()
    frame = frame.sort_values(["group", *([outer] if outer else [])], kind="stable")
    x_title = "scheme / node" if outer else "node"
    if not groups.several:
        fig = stacked_bars(frame, "node", "component", "energy_j", "J", outer=outer)
        return styled(fig, "Energy per node over the run", x_title, "energy (J)")
    labels = groups.labels
    fig = make_subplots(rows=len(labels), cols=1, subplot_titles=[plot_text(label) for label in labels],
                        vertical_spacing=0.3 / len(labels))
    styled(fig, "Energy per node over the run", x_title, "energy (J)",
           height=max(FIGURE_HEIGHT_PX, 120 + PANEL_HEIGHT_PX * len(labels)))
    for row, label in enumerate(labels, start=1):
        panel = stacked_bars(frame[frame["group"] == label], "node", "component", "energy_j", "J", outer=outer)
        for trace in panel.data:
            trace.update(legendgroup=trace.name, showlegend=row == 1)
            fig.add_trace(trace, row=row, col=1)
        if row < len(labels):
            fig.update_xaxes(title_text="", row=row, col=1)
    fig.update_layout(barmode="stack")
    return fig
