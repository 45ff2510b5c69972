"""Bandwidth figure: CBR, bits per pixel and channel uses per request, per scheme."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from results.aggregate import metric_table
from results.report.escaping import plot_text
from results.report.figure_style import SCHEME_PALETTE, colour_map, styled
from results.report.run_groups import GROUP_BY, RunGroups

PANELS = {
    "cbr": ("CBR = k / (H·W·C)", "CBR (channel uses per value)"),
    "bpp": ("bits per pixel", "bpp (bits / pixel)"),
    "channel_uses": ("channel uses per request", "k (complex symbols)"),
}


def bandwidth_figure(groups: RunGroups) -> go.Figure:
    """Three panels of mean per request with 95 % CI error bars: bars grouped by run group,
    one colour per scheme."""
    table = metric_table(groups.requests, list(PANELS), by=GROUP_BY)
    fig = make_subplots(rows=1, cols=len(PANELS), subplot_titles=[t for t, _ in PANELS.values()],
                        horizontal_spacing=0.09)
    styled(fig, "Bandwidth per request (mean, 95 % CI)", "run group", "")
    colours = colour_map(groups.schemes, SCHEME_PALETTE)
    for col, (metric, (_, y_title)) in enumerate(PANELS.items(), start=1):
        for scheme in groups.schemes:
            part = table[(table["metric"] == metric) & (table["scheme"] == scheme)]
            fig.add_trace(go.Bar(
                x=[plot_text(g) for g in part["group"]],
                y=part["mean"],
                error_y={"type": "data", "symmetric": False,
                         "array": part["ci_high"] - part["mean"], "arrayminus": part["mean"] - part["ci_low"]},
                marker_color=colours[scheme], name=plot_text(scheme), legendgroup=plot_text(scheme),
                showlegend=col == 1,
                hovertemplate="%{fullData.name}, %{x}: %{y:.4g}<extra></extra>",
            ), row=1, col=col)
        fig.update_yaxes(title_text=y_title, row=1, col=col)
    fig.update_layout(barmode="group", margin={"t": 90})
    return fig
