"""Timeline figures: a Gantt chart of stage executions per node and worker, and the
cell's PRB utilisation over time from the scheduler's allocations."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from results.report.escaping import plot_text
from results.report.figure_style import COMPONENT_PALETTE, DASHES, SCHEME_PALETTE, colour_map, styled
from results.runs import Run

# Enough bars to see pipelining and batching, few enough to keep the page light.
MAX_GANTT_BARS = 400
# A window of this many median stage durations draws a typical stage a few pixels wide.
GANTT_SPAN_IN_MEDIAN_STAGES = 200
MAX_UTILISATION_POINTS = 200
NODE_KIND_RANK = {"ue": 0, "cell": 1, "gnb": 2, "edge": 3}


def gantt_window_s(stages: pd.DataFrame, max_bars: int = MAX_GANTT_BARS) -> tuple[float, float]:
    """``(start, end)`` of the window shown: from the first stage execution for at most
    ``max_bars`` executions and at most ``GANTT_SPAN_IN_MEDIAN_STAGES`` median durations."""
    starts = np.sort(stages["start_s"].to_numpy(dtype=float))
    end = float(starts[max_bars - 1]) if starts.size > max_bars else float(stages["end_s"].max())
    typical = float((stages["end_s"] - stages["start_s"]).median())
    if typical > 0:
        end = min(end, starts[0] + GANTT_SPAN_IN_MEDIAN_STAGES * typical)
    return float(starts[0]), end


def gantt_figure(run: Run, label: str) -> go.Figure:
    """Horizontal bars from ``start_s`` to ``end_s``, a lane per node and worker (compute) or
    per node and link kind (radio, wired), coloured by stage. With several schemes each has
    its own lanes: the simulator gives every scheme its own cell and nodes."""
    first, last = gantt_window_s(run.stages)
    shown = run.stages[run.stages["start_s"] <= last].sort_values("start_s", kind="stable")
    lane = np.where(
        shown["kind"] == "compute",
        shown["node"].astype(str) + " · worker " + shown["worker"].astype(str),
        shown["node"].astype(str) + " · " + shown["kind"].astype(str),
    )
    if shown["scheme"].nunique() > 1:
        lane = shown["scheme"].astype(str) + " · " + lane
    shown = shown.assign(lane=[plot_text(v) for v in lane])
    node_kinds = dict(zip(run.nodes["node"].astype(str), run.nodes["kind"].astype(str))) if run.nodes is not None else {}
    keys = {row.lane: _lane_key(row, node_kinds) for row in shown.itertuples()}
    lanes = sorted(keys, key=keys.get)
    colours = colour_map(list(dict.fromkeys(shown["stage"])), COMPONENT_PALETTE)
    fig = go.Figure()
    for stage, part in shown.groupby("stage", sort=False):
        hover = [
            plot_text(f"{stage} · request {r.request_id} · {r.scheme}")
            + f"<br>{r.start_s:.4g}–{r.end_s:.4g} s, queued {r.queue_s:.3g} s, batch {r.batch_size}"
            for r in part.itertuples()
        ]
        fig.add_trace(go.Bar(
            y=part["lane"], x=part["end_s"] - part["start_s"], base=part["start_s"], orientation="h",
            name=plot_text(stage), marker_color=colours[stage], hovertext=hover,
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    styled(fig, f"Stage executions from {first:.3g} s to {last:.3g} s of {label}", "simulated time (s)",
           "node · worker", height=160 + 26 * len(lanes))
    fig.update_layout(barmode="overlay", bargap=0.25)
    fig.update_yaxes(categoryorder="array", categoryarray=lanes, autorange="reversed")
    return fig


def _lane_key(row, node_kinds: dict[str, str]) -> tuple:
    """Lanes read top-down by scheme, then along the pipeline: UEs, the cell, the gNB, edge
    servers; nodes in natural order (ue2 before ue10); compute workers before links."""
    node = str(row.node)
    kind = node_kinds.get(node, node.rstrip("0123456789"))
    natural = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", node) if p)
    rank = NODE_KIND_RANK.get(kind, len(NODE_KIND_RANK))
    return str(row.scheme), rank, natural, row.kind != "compute", int(row.worker), str(row.kind)


def prb_utilisation(allocations: pd.DataFrame, n_prb: int, slot_s: float, duration_s: float) -> pd.DataFrame:
    """Share of one cell's PRBs granted, ``[time_s, utilisation]``, averaged over bins of whole
    slots so that a long run gives at most ``MAX_UTILISATION_POINTS`` points."""
    # Requests still in flight at duration_s are served to the end, so slots may run past it.
    last_slot = int(allocations["slot"].max()) + 1 if len(allocations) else 1
    n_slots = max(last_slot, math.ceil(duration_s / slot_s))
    bin_slots = max(1, math.ceil(n_slots / MAX_UTILISATION_POINTS))
    granted = allocations.groupby(allocations["slot"] // bin_slots)["prb_count"].sum()
    bins = np.arange(math.ceil(n_slots / bin_slots))
    granted = granted.reindex(bins, fill_value=0).to_numpy(dtype=float)
    return pd.DataFrame({"time_s": bins * bin_slots * slot_s, "utilisation": granted / (n_prb * bin_slots)})


def prb_utilisation_figure(runs: list[Run], labels: dict[str, str], schemes: list[str]) -> go.Figure:
    """A step line per cell: per run, and per scheme when each scheme had a cell of its own
    (a ``scheme`` column in allocations.parquet). Colour = scheme, dash = run."""
    colours = colour_map(schemes, SCHEME_PALETTE)
    fig = go.Figure()
    for index, run in enumerate(runs):
        allocations = run.allocations
        duration_s = float(run.meta.get("sim_duration_s") or 0.0)
        cells = allocations.groupby("scheme", sort=True) if "scheme" in allocations.columns else [(None, allocations)]
        for scheme, granted in cells:
            series = prb_utilisation(granted, int(run.meta["n_prb"]), float(run.meta["slot_s"]), duration_s)
            name_run = len(runs) > 1 or scheme is None
            parts = ([scheme] if scheme is not None else []) + ([labels[run.run_id]] if name_run else [])
            fig.add_trace(go.Scatter(
                x=series["time_s"], y=series["utilisation"], mode="lines", line_shape="hv",
                name=plot_text(" · ".join(parts)),
                line={"color": colours.get(scheme), "dash": DASHES[index % len(DASHES)]},
                hovertemplate="%{fullData.name}<br>%{x:.4g} s: %{y:.1%}<extra></extra>",
            ))
    styled(fig, "PRB utilisation over time", "simulated time (s)", "PRBs granted (share of the cell)")
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return fig
