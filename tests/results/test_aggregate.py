"""Aggregations on small hand-made tables, intervals checked against numbers worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

from results.aggregate import (
    energy_breakdown,
    latency_breakdown,
    latency_cdf,
    mean_ci,
    quality_columns,
    quality_vs_snr,
    summary_table,
    wilson_interval,
)
from results.runs import REQUEST_COLUMNS

Z_975 = 1.959963984540054  # standard normal quantile at 0.975
T_975_DF3 = 3.182446305284263  # Student t quantile at 0.975, 3 degrees of freedom
T_975_DF2 = 4.302652729911275
T_950_DF3 = 2.353363434801823


def requests_frame(**columns) -> pd.DataFrame:
    """A request table with every contract column; unspecified ones are 0 (or text)."""
    n = len(next(iter(columns.values())))
    base = {c: ["x"] * n for c in REQUEST_COLUMNS["text"]}
    base |= {c: [0.0] * n for c in REQUEST_COLUMNS["numeric"]}
    base |= {"success": [True] * n, "run_id": ["r1"] * n, "status": ["ok"] * n}
    base |= {"request_id": list(range(n))}
    return pd.DataFrame(base | columns)


def test_mean_ci_of_one_to_four_uses_student_t_with_three_degrees_of_freedom():
    # mean 2.5, sample sd sqrt(5/3), standard error sqrt(5/3)/2
    half = T_975_DF3 * math.sqrt(5 / 3) / 2  # = 2.05426…
    ci = mean_ci([1, 2, 3, 4])
    assert ci.mean == pytest.approx(2.5)
    assert (ci.low, ci.high) == pytest.approx((2.5 - half, 2.5 + half))
    assert ci.low == pytest.approx(0.44574, abs=1e-5)
    assert ci.n == 4


def test_mean_ci_drops_nan_and_honours_level():
    ci = mean_ci([1, np.nan, 2, 3, 4], level=0.90)
    half = T_950_DF3 * math.sqrt(5 / 3) / 2
    assert ci.n == 4
    assert (ci.low, ci.high) == pytest.approx((2.5 - half, 2.5 + half))


def test_mean_ci_degenerate_samples():
    assert math.isnan(mean_ci([]).mean) and mean_ci([]).n == 0
    single = mean_ci([7.0])
    assert single.mean == 7.0 and math.isnan(single.low) and math.isnan(single.high)
    constant = mean_ci([3.0, 3.0, 3.0])
    assert (constant.low, constant.high) == (3.0, 3.0)


def test_wilson_interval_for_eight_of_ten():
    # p = 0.8, z² = 3.8415: centre (0.8 + z²/20)/(1 + z²/10) = 0.71674,
    # half-width z·sqrt(0.016 + z²/400)/(1 + z²/10) = 0.22657
    z2 = Z_975**2
    centre = (0.8 + z2 / 20) / (1 + z2 / 10)
    half = Z_975 * math.sqrt(0.8 * 0.2 / 10 + z2 / 400) / (1 + z2 / 10)
    low, high = wilson_interval(8, 10)
    assert (low, high) == pytest.approx((centre - half, centre + half))
    assert (low, high) == pytest.approx((0.4902, 0.9433), abs=1e-4)


def test_wilson_interval_edges():
    z2 = Z_975**2
    assert wilson_interval(0, 10) == pytest.approx((0.0, (z2 / 10) / (1 + z2 / 10)))
    assert wilson_interval(10, 10) == pytest.approx((1 / (1 + z2 / 10), 1.0))
    assert wilson_interval(0, 10)[0] == 0.0 and wilson_interval(10, 10)[1] == 1.0
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


def test_summary_table_follows_the_nan_policy():
    requests = requests_frame(
        scheme=["a", "a", "a", "a", "b", "b"],
        status=["ok", "ok", "failed_decode", "unfinished", "ok", "ok"],
        success=[True, True, False, False, True, True],
        latency_s=[1.0, 2.0, 3.0, np.nan, 0.5, 0.5],
        psnr_db=[10.0, 20.0, 30.0, np.nan, 25.0, 25.0],
        energy_radio_j=[1.0, 1.0, 1.0, np.nan, 2.0, 2.0],
        lpips=[0.1, 0.2, 0.3, np.nan, 0.4, 0.4],
        edit_success=pd.array([True, False, True, None, True, True], dtype="boolean"),
    )
    summary = summary_table(requests).set_index("scheme")
    a = summary.loc["a"]
    assert (a["requests"], a["finished"], a["successes"]) == (4, 3, 2)
    # success over all requests: the unfinished one counts as a failure
    assert a["success_rate"] == 0.5
    assert (a["success_ci_low"], a["success_ci_high"]) == pytest.approx(wilson_interval(2, 4))
    # latency over the three finished requests; numpy's linear p95 of 1, 2, 3 is 2 + 0.9
    assert (a["latency_mean_s"], a["latency_p50_s"], a["latency_p95_s"]) == pytest.approx((2.0, 2.0, 2.9))
    assert a["energy_radio_j"] == 1.0
    half = T_975_DF2 * 10 / math.sqrt(3)  # sd of 10, 20, 30 is 10
    assert (a["psnr_db_mean"], a["psnr_db_ci_low"], a["psnr_db_ci_high"]) == pytest.approx((20, 20 - half, 20 + half))
    assert a["psnr_db_n"] == 3
    # extra columns are quality metrics too; a boolean one is a proportion with a Wilson interval
    assert a["lpips_mean"] == pytest.approx(0.2)
    assert a["edit_success_mean"] == pytest.approx(2 / 3)
    assert (a["edit_success_ci_low"], a["edit_success_ci_high"]) == pytest.approx(wilson_interval(2, 3))
    assert summary.loc["b", "success_rate"] == 1.0


def test_quality_columns_are_psnr_ssim_then_extra_numeric_columns():
    requests = requests_frame(scheme=["a"], identity_distance=[0.3], note=["text"], snr_nominal_db=[3.0],
                              effective_snr_db=[2.0], codeword_errors=[1.0])
    assert quality_columns(requests, exclude=["snr_nominal_db"]) == ["psnr_db", "ssim", "identity_distance"]


def test_latency_cdf_counts_unfinished_requests_in_the_denominator():
    requests = requests_frame(scheme=["a"] * 4, latency_s=[3.0, 1.0, np.nan, 2.0])
    cdf = latency_cdf(requests)
    assert cdf["latency_s"].tolist() == [1.0, 2.0, 3.0]
    assert cdf["fraction"].tolist() == pytest.approx([0.25, 0.5, 0.75])


def stage_rows(scheme, request_id, *rows):
    """Stage rows ``(stage, kind, start_s, queue_s, service_s, airtime_s, propagation_s)``."""
    names = ["stage", "kind", "start_s", "queue_s", "service_s", "airtime_s", "propagation_s"]
    return [{"run_id": "r1", "scheme": scheme, "request_id": request_id, **dict(zip(names, row))} for row in rows]


def test_latency_breakdown_splits_stages_into_components_and_keeps_the_remainder_as_other():
    requests = requests_frame(
        scheme=["a", "a", "a", "b"], request_id=[0, 1, 2, 0], created_s=[0.0] * 4, latency_s=[2.0, 4.0, np.nan, 5.0],
    )
    stages = pd.DataFrame(
        stage_rows("a", 0, ("encode", "compute", 0.1, 0.1, 0.4, 0, 0), ("uplink", "radio", 0.6, 0.05, 0.6, 0.5, 0.01),
                   ("backhaul", "wired", 1.2, 0.0, 0.15, 0, 0.05), ("decode", "compute", 1.4, 0.05, 0.6, 0, 0))
        + stage_rows("a", 1, ("encode", "compute", 0.3, 0.3, 0.8, 0, 0), ("uplink", "radio", 1.2, 0.1, 0.6, 0.5, 0.01),
                     ("backhaul", "wired", 1.8, 0.0, 0.15, 0, 0.05), ("decode", "compute", 2.0, 0.0, 1.2, 0, 0))
        + stage_rows("a", 2, ("encode", "compute", 0.0, 0.0, 9.0, 0, 0))  # unfinished: ignored
        + stage_rows("b", 0, ("encode", "compute", 0.0, 0.0, 5.0, 0, 0))  # same request id, other scheme
    )
    breakdown = latency_breakdown(requests, stages)
    a = breakdown[breakdown["scheme"] == "a"].set_index("component")["seconds"]
    # means over a's two finished requests: queues (0.2 + 0.4) / 2, encode (0.4 + 0.8) / 2, …;
    # radio overhead = service − airtime − propagation = 0.09, backhaul = 0.15 − 0.05
    expected = {"queue": 0.3, "compute · encode": 0.6, "compute · decode": 0.9, "airtime": 0.5,
                "radio overhead": 0.09, "backhaul": 0.1, "propagation": 0.06}
    expected["other"] = 3.0 - sum(expected.values())  # mean latency 3.0 s
    assert a.to_dict() == pytest.approx(expected)
    assert list(a.index) == list(expected)
    b = breakdown[breakdown["scheme"] == "b"].set_index("component")["seconds"]
    assert b.to_dict() == pytest.approx({"compute · encode": 5.0})


def test_energy_breakdown_per_request_and_per_node():
    requests = requests_frame(scheme=["a", "a"], energy_radio_j=[1.0, 3.0], energy_compute_j=[10.0, np.nan])
    nodes = pd.DataFrame({
        "run_id": ["r1"], "node": ["edge"], "kind": ["edge"], "energy_radio_j": [0.0],
        "energy_compute_j": [5.0], "energy_idle_j": [2.0], "energy_j": [7.0],
    })
    result = energy_breakdown(requests, nodes)
    assert result.per_request.set_index("component")["energy_j"].to_dict() == {"radio": 2.0, "compute": 10.0}
    assert result.per_node.set_index("component")["energy_j"].to_dict() == {"radio": 0.0, "compute": 5.0, "idle": 2.0}
    assert energy_breakdown(requests, None).per_node.empty
    per_scheme = energy_breakdown(requests, nodes.assign(scheme="a")).per_node
    assert list(per_scheme.columns) == ["run_id", "scheme", "node", "kind", "component", "energy_j"]


def test_quality_vs_snr_gives_success_and_quality_per_snr_bin():
    requests = requests_frame(
        scheme=["a"] * 6, snr_db=[0.4, -0.3, 0.1, 5.2, 4.9, 5.0],
        success=[True, False, True, True, True, True], psnr_db=[10.0, np.nan, 12.0, 20.0, 22.0, 24.0],
    )
    table = quality_vs_snr(requests, bin_db=1.0).set_index(["snr_db", "metric"])
    success_0 = table.loc[(0.0, "success")]
    assert (success_0["n"], success_0["mean"]) == (3, pytest.approx(2 / 3))
    assert (success_0["ci_low"], success_0["ci_high"]) == pytest.approx(wilson_interval(2, 3))
    psnr_5 = table.loc[(5.0, "psnr_db")]
    half = T_975_DF2 * 2 / math.sqrt(3)
    assert (psnr_5["mean"], psnr_5["ci_low"], psnr_5["ci_high"]) == pytest.approx((22.0, 22 - half, 22 + half))
    assert table.loc[(0.0, "psnr_db"), "n"] == 2
