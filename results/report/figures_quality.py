"""Quality and success rate against SNR, with 95 % confidence bands.

The SNR axis is the scenario's ``channel.snr_db`` when the runs are a sweep over it
(each run has one nominal SNR); otherwise the per-request ``snr_db``, rounded into a
handful of bins because path loss makes it vary continuously between users.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from results.aggregate import quality_vs_snr
from results.report.escaping import plot_text
from results.report.figure_style import DASHES, SCHEME_PALETTE, colour_map, styled, translucent
from results.report.run_groups import SNR_PARAMETER, RunGroups, format_value

MAX_SNR_BINS = 10
METRIC_TITLES = {
    "success": "success rate",
    "psnr_db": "PSNR (dB)",
    "ssim": "SSIM (unitless)",
    "lpips": "LPIPS (unitless, lower is better)",
    "identity_distance": "identity distance (unitless)",
    "edit_success": "edit success rate",
}
UNIT_SUFFIXES = {"_db": "dB", "_s": "s", "_j": "J"}


@dataclass(frozen=True)
class SnrAxis:
    """Requests with the SNR column to group by, its bin width and the axis title."""

    requests: pd.DataFrame
    column: str
    bin_db: float | None
    title: str


def snr_axis(groups: RunGroups) -> SnrAxis | None:
    """How to place requests on an SNR axis, or None when they all share one SNR."""
    variant = {
        run_id: ", ".join(f"{k}={format_value(v)}" for k, v in params.items() if k != SNR_PARAMETER)
        for run_id, params in groups.parameters.items()
    }
    requests = groups.requests.assign(variant=groups.requests["run_id"].astype(str).map(variant))
    nominal = groups.nominal_snr()
    if nominal and len(set(nominal.values())) > 1:
        requests["nominal_snr_db"] = requests["run_id"].astype(str).map(nominal)
        return SnrAxis(requests, "nominal_snr_db", None, f"scenario SNR {SNR_PARAMETER} (dB)")
    snr = requests["snr_db"].to_numpy(dtype=float)
    snr = snr[np.isfinite(snr)]
    distinct = np.unique(np.round(snr, 1))
    if distinct.size < 2:
        return None
    if distinct.size <= MAX_SNR_BINS:
        return SnrAxis(requests, "snr_db", 0.1, "per-request SNR (dB)")
    bin_db = float(max(1, math.ceil((distinct[-1] - distinct[0]) / MAX_SNR_BINS)))
    return SnrAxis(requests, "snr_db", bin_db, f"per-request SNR (dB, {format_value(bin_db)} dB bins)")


def metric_title(metric: str) -> str:
    """Axis title with a unit for a known metric, or one guessed from the column suffix."""
    if metric in METRIC_TITLES:
        return METRIC_TITLES[metric]
    unit = next((u for suffix, u in UNIT_SUFFIXES.items() if metric.endswith(suffix)), "unitless")
    return f"{metric} ({unit})"


def quality_vs_snr_figure(groups: RunGroups, axis: SnrAxis) -> go.Figure:
    """One panel per metric (success first); a line per scheme with its 95 % CI band."""
    table = quality_vs_snr(axis.requests, axis.column, by=("scheme", "variant"), bin_db=axis.bin_db)
    metrics = list(dict.fromkeys(table["metric"]))
    columns = 2 if len(metrics) > 1 else 1
    rows = math.ceil(len(metrics) / columns)
    fig = make_subplots(
        rows=rows, cols=columns, subplot_titles=[plot_text(metric_title(m)) for m in metrics],
        horizontal_spacing=0.1, vertical_spacing=0.5 / rows,
    )
    styled(fig, "Quality and success vs SNR (mean, 95 % CI band)", axis.title, "", height=max(360, 340 * rows))
    colours = colour_map(groups.schemes, SCHEME_PALETTE)
    variants = list(dict.fromkeys(table["variant"]))
    for index, metric in enumerate(metrics):
        row, col = index // columns + 1, index % columns + 1
        for (scheme, variant), line in table[table["metric"] == metric].groupby(["scheme", "variant"], sort=True):
            line = line.sort_values("snr_db")
            name = plot_text(f"{scheme} · {variant}" if variant else scheme)
            colour = colours[scheme]
            fig.add_trace(go.Scatter(
                x=line["snr_db"], y=line["ci_high"], mode="lines", line={"width": 0},
                hoverinfo="skip", showlegend=False, legendgroup=name,
            ), row=row, col=col)
            fig.add_trace(go.Scatter(
                x=line["snr_db"], y=line["ci_low"], mode="lines", line={"width": 0}, fill="tonexty",
                fillcolor=translucent(colour, 0.18), hoverinfo="skip", showlegend=False, legendgroup=name,
            ), row=row, col=col)
            fig.add_trace(go.Scatter(
                x=line["snr_db"], y=line["mean"], mode="lines+markers", name=name, legendgroup=name,
                showlegend=index == 0,
                line={"color": colour, "dash": DASHES[variants.index(variant) % len(DASHES)]},
                customdata=np.stack([line["ci_low"], line["ci_high"], line["n"]], axis=-1),
                hovertemplate=(
                    "%{fullData.name}<br>SNR %{x:.3g} dB: %{y:.4g}"
                    " [%{customdata[0]:.4g}, %{customdata[1]:.4g}], n=%{customdata[2]}<extra></extra>"
                ),
            ), row=row, col=col)
        fig.update_yaxes(title_text=metric_title(metric), row=row, col=col)
    return fig
