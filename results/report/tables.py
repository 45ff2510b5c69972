"""HTML tables: a generic escaped table, the per-scheme summary and the run-group table."""

from __future__ import annotations

import math
from typing import Any, Sequence

import pandas as pd

from results.aggregate import quality_columns, summary_table
from results.report.escaping import SafeHtml, escape, join
from results.report.figures_quality import metric_title
from results.report.run_groups import GROUP_BY, RunGroups


def html_table(header: Sequence[Any], rows: Sequence[Sequence[Any]], css_class: str = "data") -> SafeHtml:
    """A table whose cells are escaped unless they are already :class:`SafeHtml`."""
    head = join((SafeHtml(f"<th>{escape(h)}</th>") for h in header), "")
    body = join(
        (SafeHtml("<tr>" + join((SafeHtml(f"<td>{escape(c)}</td>") for c in row), "") + "</tr>") for row in rows),
    )
    return SafeHtml(f'<table class="{escape(css_class)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>')


def number(value: Any, digits: int = 4) -> str:
    """``value`` to ``digits`` significant digits; an em dash when it is missing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{float(value):.{digits}g}"


def with_interval(mean: float, low: float, high: float, percent: bool = False) -> SafeHtml:
    """``mean [low, high]``, the interval in a smaller grey font."""
    scale, unit, digits = (100.0, " %", 3) if percent else (1.0, "", 4)
    text = escape(number(mean * scale, digits) + unit)
    if math.isnan(low) or math.isnan(high):
        return text
    interval = f"[{number(low * scale, digits)}, {number(high * scale, digits)}]"
    return SafeHtml(f'{text} <span class="ci">{escape(interval)}</span>')


def summary_html(groups: RunGroups) -> SafeHtml:
    """The per-scheme (and per-group) summary, intervals at 95 %."""
    summary = summary_table(groups.requests, by=GROUP_BY)
    metrics = quality_columns(groups.requests, exclude=GROUP_BY)
    proportions = {m for m in metrics if pd.api.types.is_bool_dtype(groups.requests[m])}
    header = (["run group"] if groups.several else []) + [
        "scheme", "requests", "finished", "success rate", "latency mean (s)", "latency p50 (s)",
        "latency p95 (s)", "radio energy / request (J)", "compute energy / request (J)", "CBR", "bpp",
        *(metric_title(m) for m in metrics),
    ]
    rows = []
    for values in summary.to_dict("records"):
        cells: list[Any] = [values["group"]] if groups.several else []
        cells += [
            values["scheme"], values["requests"], values["finished"],
            with_interval(values["success_rate"], values["success_ci_low"], values["success_ci_high"], percent=True),
            number(values["latency_mean_s"]), number(values["latency_p50_s"]), number(values["latency_p95_s"]),
            number(values["energy_radio_j"]), number(values["energy_compute_j"]),
            number(values["cbr"]), number(values["bpp"]),
        ]
        for metric in metrics:
            cells.append(with_interval(
                values[f"{metric}_mean"], values[f"{metric}_ci_low"], values[f"{metric}_ci_high"],
                percent=metric in proportions,
            ))
        rows.append(cells)
    return html_table(header, rows)


def run_group_html(groups: RunGroups) -> SafeHtml:
    """Which runs make up each group, with their seeds and request counts."""
    rows = []
    for label in groups.labels:
        members = [run for run in groups.runs if groups.group_of[run.run_id] == label]
        rows.append([
            label,
            join((f"{run.name} ({run.run_id})" for run in members), ", "),
            ", ".join(str(run.meta.get("seed", run.scenario.get("seed", "—"))) for run in members),
            sum(len(run.requests) for run in members),
        ])
    return html_table(["run group", "runs", "seeds", "requests"], rows)
