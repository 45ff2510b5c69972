"""Aggregations of run tables with confidence intervals; pure functions on DataFrames.

Missing-value policy (the simulator writes NaN where a quantity does not exist):

- **Latency** statistics use *finished* requests only (finite ``latency_s``); a request
  still in flight when the simulation stopped has no end-to-end latency. Requests that
  finished but failed to decode do count: they used the network for that long.
- **Success rate** is over *all* requests: an unfinished request was not served, so it
  counts as a failure rather than disappearing from the denominator. ``success`` values
  that are missing count as failures too.
- **Energy, bandwidth and quality** means are over the requests where that column is
  finite, column by column; ``n`` (or ``<metric>_n``) says how many that was, so a
  scheme whose failed decodes carry no PSNR shows a smaller ``n`` and its success rate
  shows the failures.
- Components of the latency breakdown that are NaN for a finished request count as 0 s.

Quality metrics are ``psnr_db`` and ``ssim`` plus any numeric or boolean column that is
not part of the request contract (``lpips``, ``edit_success``, …). Boolean metrics are
proportions with a Wilson interval; numeric ones get a Student-t interval on the mean.
"""

from __future__ import annotations

import math
from typing import Iterable, NamedTuple, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from results.runs import REQUEST_COLUMNS

KNOWN_QUALITY = ("psnr_db", "ssim")
# Numeric columns the simulator writes beyond the contract that describe the link, not the
# delivered image; without this list they would be summarised as quality metrics.
LINK_COLUMNS = {"effective_snr_db", "shadowing_db", "radio_s", "codewords", "codeword_errors", "edit_target"}
NOT_QUALITY = ({c for group in REQUEST_COLUMNS.values() for c in group} | LINK_COLUMNS) - set(KNOWN_QUALITY)
REQUEST_KEY = ["run_id", "scheme", "request_id"]  # request ids restart for every scheme of a run
BANDWIDTH_COLUMNS = ("cbr", "bpp", "channel_uses", "bits")
ENERGY_COLUMNS = {"radio": "energy_radio_j", "compute": "energy_compute_j"}
NODE_ENERGY_COLUMNS = {"radio": "energy_radio_j", "compute": "energy_compute_j", "idle": "energy_idle_j"}
SUMMARY_STATISTIC_COLUMNS = ("n", "mean", "ci_low", "ci_high")


class MeanCI(NamedTuple):
    """A sample mean with its two-sided confidence interval and the sample size."""

    mean: float
    low: float
    high: float
    n: int


class EnergyBreakdown(NamedTuple):
    """Mean energy per request by component, and each node's energy by component."""

    per_request: pd.DataFrame
    per_node: pd.DataFrame


def mean_ci(values: Iterable[float], level: float = 0.95) -> MeanCI:
    """Mean and Student-t confidence interval of the finite values.

    NaNs are dropped. With no values everything is NaN; with one value the interval is
    NaN (its spread is unknown); with identical values the interval collapses to the mean.
    """
    x = np.asarray(list(values), dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    if n == 0:
        return MeanCI(math.nan, math.nan, math.nan, 0)
    mean = float(x.mean())
    if n == 1:
        return MeanCI(mean, math.nan, math.nan, 1)
    half = float(stats.t.ppf((1 + level) / 2, n - 1) * x.std(ddof=1) / math.sqrt(n))
    return MeanCI(mean, mean - half, mean + half, n)


def wilson_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for a proportion of ``k`` successes in ``n`` trials (NaN if n = 0)."""
    if n == 0:
        return math.nan, math.nan
    z = float(stats.norm.ppf((1 + level) / 2))
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # At k = 0 or k = n the bound is exactly 0 or 1; rounding would leave 1e-15 behind.
    return (0.0 if k == 0 else centre - half), (1.0 if k == n else centre + half)


def proportion_ci(flags: pd.Series, level: float = 0.95) -> MeanCI:
    """Proportion of true values among the non-missing ones, with its Wilson interval."""
    known = flags.dropna().astype(bool)
    n, k = int(known.size), int(known.sum())
    low, high = wilson_interval(k, n, level)
    return MeanCI(k / n if n else math.nan, low, high, n)


def quality_columns(requests: pd.DataFrame, exclude: Iterable[str] = ()) -> list[str]:
    """Quality metric columns: PSNR and SSIM first, then any extra numeric or boolean column."""
    skip = NOT_QUALITY | set(exclude)
    extra = [
        c for c in requests.columns
        if c not in skip and c not in KNOWN_QUALITY
        and (pd.api.types.is_numeric_dtype(requests[c]) or pd.api.types.is_bool_dtype(requests[c]))
    ]
    return [c for c in KNOWN_QUALITY if c in requests.columns] + extra


def column_ci(column: pd.Series, level: float = 0.95) -> MeanCI:
    """Wilson interval for a boolean column, Student-t interval for a numeric one."""
    if pd.api.types.is_bool_dtype(column):
        return proportion_ci(column, level)
    return mean_ci(column.astype(float), level)


def metric_table(requests: pd.DataFrame, metrics: Sequence[str], by: Sequence[str] = ("scheme",)) -> pd.DataFrame:
    """Long table ``[*by, metric, n, mean, ci_low, ci_high]`` of each metric's mean per group."""
    rows = []
    for key, group in _groups(requests, by):
        for metric in metrics:
            ci = column_ci(group[metric])
            rows.append({**key, "metric": metric, "n": ci.n, "mean": ci.mean, "ci_low": ci.low, "ci_high": ci.high})
    return _with_key_dtypes(pd.DataFrame(rows, columns=[*by, "metric", *SUMMARY_STATISTIC_COLUMNS]), requests, by)


def summary_table(requests: pd.DataFrame, by: Sequence[str] = ("scheme",)) -> pd.DataFrame:
    """One row per scheme (or per ``by`` group): counts, success rate with Wilson 95 % CI,
    latency mean/p50/p95 over finished requests, mean energy per request, bandwidth, and
    each quality metric's mean with a 95 % CI (``<metric>_mean/_ci_low/_ci_high/_n``)."""
    quality = quality_columns(requests, exclude=by)
    rows = []
    for key, group in _groups(requests, by):
        latency = group["latency_s"].to_numpy(dtype=float)
        latency = latency[np.isfinite(latency)]
        flags = group["success"].fillna(False).astype(bool)
        success = proportion_ci(flags)
        row = {
            **key,
            "requests": len(group),
            "finished": int(latency.size),
            "successes": int(flags.sum()),
            "success_rate": success.mean,
            "success_ci_low": success.low,
            "success_ci_high": success.high,
            "latency_mean_s": latency.mean() if latency.size else math.nan,
            "latency_p50_s": np.percentile(latency, 50) if latency.size else math.nan,
            "latency_p95_s": np.percentile(latency, 95) if latency.size else math.nan,
        }
        for column in (*ENERGY_COLUMNS.values(), "energy_j", *BANDWIDTH_COLUMNS):
            row[column] = mean_ci(group[column]).mean
        for metric in quality:
            ci = column_ci(group[metric])
            row.update({f"{metric}_mean": ci.mean, f"{metric}_ci_low": ci.low,
                        f"{metric}_ci_high": ci.high, f"{metric}_n": ci.n})
        rows.append(row)
    return _with_key_dtypes(pd.DataFrame(rows), requests, by)


def latency_cdf(requests: pd.DataFrame, by: Sequence[str] = ("scheme",)) -> pd.DataFrame:
    """Empirical CDF ``[*by, latency_s, fraction]`` of end-to-end latency per group.

    ``fraction`` is the share of *all* the group's requests finished within ``latency_s``,
    so the curve tops out below 1 when requests were left unfinished.
    """
    parts = []
    for key, group in _groups(requests, by):
        latency = np.sort(group["latency_s"].to_numpy(dtype=float))
        latency = latency[np.isfinite(latency)]
        part = pd.DataFrame({"latency_s": latency, "fraction": np.arange(1, latency.size + 1) / len(group)})
        parts.append(part.assign(**key))
    columns = [*by, "latency_s", "fraction"]
    frame = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    return _with_key_dtypes(frame, requests, by)


def latency_breakdown(requests: pd.DataFrame, stages: pd.DataFrame, by: Sequence[str] = ("scheme",)) -> pd.DataFrame:
    """Mean seconds per finished request spent in each component, ``[*by, component, seconds]``.

    Built from the stage executions of finished requests, whose ``service_s`` contains
    their ``airtime_s`` and ``propagation_s``: ``queue`` (every stage's wait);
    ``compute · <stage>`` per compute stage, in pipeline order; ``airtime``; ``radio
    overhead`` (radio service beyond airtime and propagation: grant waits, slot
    alignment); ``backhaul`` (wired service beyond propagation); ``propagation``; and
    ``other``, the part of the mean latency no stage covers (only when positive).
    ``component`` is an ordered categorical in that order; a group lists only the
    components that took time in it.
    """
    finished = requests[np.isfinite(requests["latency_s"].to_numpy(dtype=float))]
    columns = [*REQUEST_KEY, "stage", "kind", "start_s", "queue_s", "service_s", "airtime_s", "propagation_s"]
    extra_by = [c for c in by if c not in REQUEST_KEY]
    s = stages[columns].merge(finished[[*REQUEST_KEY, "created_s", *extra_by]], on=REQUEST_KEY)
    compute, radio, wired = (s["kind"] == kind for kind in ("compute", "radio", "wired"))
    pieces = [
        s.assign(component="queue", seconds=s["queue_s"]),
        s[compute].assign(component="compute · " + s["stage"].astype(str), seconds=s["service_s"]),
        s[radio].assign(component="airtime", seconds=s["airtime_s"]),
        s[radio].assign(component="radio overhead", seconds=s["service_s"] - s["airtime_s"] - s["propagation_s"]),
        s[wired].assign(component="backhaul", seconds=s["service_s"] - s["propagation_s"]),
        s.assign(component="propagation", seconds=s["propagation_s"]),
    ]
    spent = pd.concat(pieces, ignore_index=True)
    totals = spent.groupby([*by, "component"], observed=True)["seconds"].sum().to_dict()
    stage_order = (s.loc[compute, "start_s"] - s.loc[compute, "created_s"]).groupby(s.loc[compute, "stage"]).median()
    order = ["queue", *(f"compute · {stage}" for stage in stage_order.sort_values().index),
             "airtime", "radio overhead", "backhaul", "propagation", "other"]
    rows = []
    for key, group in _groups(finished, by):
        spent_here = {name: totals.get((*key.values(), name), 0.0) / len(group) for name in order}
        # Float noise of service − airtime − propagation is ~1e-17 s; a nanosecond is real time.
        parts = {name: seconds for name, seconds in spent_here.items() if seconds > 1e-9}
        other = group["latency_s"].mean() - sum(parts.values())
        if other > 1e-3 * group["latency_s"].mean():
            parts["other"] = other
        rows.extend({**key, "component": name, "seconds": float(value)} for name, value in parts.items())
    frame = pd.DataFrame(rows, columns=[*by, "component", "seconds"])
    present = set(frame["component"])
    frame["component"] = pd.Categorical(frame["component"], [c for c in order if c in present], ordered=True)
    return _with_key_dtypes(frame, requests, by)


def energy_breakdown(
    requests: pd.DataFrame, nodes: pd.DataFrame | None, by: Sequence[str] = ("scheme",)
) -> EnergyBreakdown:
    """Mean radio and compute energy per request (``[*by, component, energy_j]``, over all
    requests with a finite value) and each node's radio, compute and idle energy
    (``[run_id, scheme, node, kind, component, energy_j]``, without ``scheme`` when the
    nodes are shared by all schemes; empty when ``nodes`` is None)."""
    rows = []
    for key, group in _groups(requests, by):
        for component, column in ENERGY_COLUMNS.items():
            rows.append({**key, "component": component, "energy_j": mean_ci(group[column]).mean})
    per_request = _with_key_dtypes(pd.DataFrame(rows, columns=[*by, "component", "energy_j"]), requests, by)
    if nodes is None:
        return EnergyBreakdown(per_request, pd.DataFrame(columns=["run_id", "node", "kind", "component", "energy_j"]))
    ids = ["run_id", *(["scheme"] if "scheme" in nodes.columns else []), "node", "kind"]
    per_node = nodes[[*ids, *NODE_ENERGY_COLUMNS.values()]].melt(id_vars=ids, var_name="component", value_name="energy_j")
    components = per_node["component"].map({v: k for k, v in NODE_ENERGY_COLUMNS.items()})
    per_node["component"] = pd.Categorical(components, list(NODE_ENERGY_COLUMNS), ordered=True)
    return EnergyBreakdown(per_request, per_node)


def quality_vs_snr(
    requests: pd.DataFrame,
    snr_column: str = "snr_db",
    by: Sequence[str] = ("scheme",),
    bin_db: float | None = None,
) -> pd.DataFrame:
    """Success rate and each quality metric per group and SNR, with 95 % CIs.

    Returns ``[*by, snr_db, metric, n, mean, ci_low, ci_high]``; ``metric`` is ``success``
    (over all requests at that SNR) or a quality column. With ``bin_db`` the SNR is
    rounded to the nearest multiple of it, for per-request SNRs that vary continuously.
    """
    snr = requests[snr_column].astype(float)
    if bin_db:
        snr = (snr / bin_db).round() * bin_db
    frame = requests.assign(snr_db=snr, success=requests["success"].fillna(False).astype(bool))
    frame = frame[np.isfinite(frame["snr_db"])]
    metrics = ["success", *quality_columns(requests, exclude=[*by, snr_column])]
    return metric_table(frame, metrics, by=[*by, "snr_db"])


def _groups(frame: pd.DataFrame, by: Sequence[str]):
    """Yield ``({column: value}, rows)`` per group, in sorted (categorical) order, empty groups skipped."""
    by = list(by)
    for values, group in frame.groupby(by, sort=True, observed=True):
        yield dict(zip(by, values)), group


def _with_key_dtypes(result: pd.DataFrame, source: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Give the grouping columns of a result their dtype in the source, so that an ordered
    categorical (e.g. run groups of a sweep) keeps its order downstream."""
    for column in by:
        if column in source.columns and column in result.columns:
            result[column] = result[column].astype(source[column].dtype)
    return result
