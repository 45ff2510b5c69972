"""benchmarks/paper_findings.py reads every finished point of a sweep, resumed ones included."""
import pandas as pd
import pytest


@pytest.fixture(scope="module")
def findings(benchmark_module):
    return benchmark_module("paper_findings")


def test_points_skipped_on_a_rerun_count_and_failed_points_do_not(findings, tmp_path):
    rows = []
    for snr, status in ((0.0, "done"), (6.0, "skipped"), (12.0, "failed")):
        run_dir = tmp_path / f"channel.snr_db={snr:g}_r0"
        run_dir.mkdir()
        pd.DataFrame({"request_id": [1, 2], "scheme": "editable_deepsc"}).to_parquet(run_dir / "requests.parquet")
        rows.append({"point_id": run_dir.name, "status": status, "run_dir": str(run_dir), "channel.snr_db": snr})
    pd.DataFrame(rows).to_parquet(tmp_path / "sweep.parquet")
    requests = findings.load_requests(tmp_path)
    assert sorted(requests.snr_point_db.unique()) == [0.0, 6.0] and len(requests) == 4


def test_a_folder_without_an_index_exits_2(findings, tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        findings.load_requests(tmp_path)
    assert exit_info.value.code == 2 and "sweep.parquet" in capsys.readouterr().err


def test_requests_left_unfinished_are_named_in_a_warning(findings):
    requests = pd.DataFrame({"scheme": ["editable_deepsc", "editable_deepsc", "deepjscc+edit_rx"],
                             "snr_point_db": [18.0, 18.0, 18.0], "status": ["ok", "unfinished", "ok"]})
    warning = findings.unfinished_warning(requests)
    assert "1 of 3 requests" in warning and "editable_deepsc at 18 dB: 1" in warning and "drain_s" in warning
    assert findings.unfinished_warning(requests.assign(status="ok")) is None


def test_the_per_scheme_table_shows_the_symbol_power_when_recorded(findings):
    base = {"request_id": [1, 2], "snr_point_db": [18.0, 18.0], "cbr": [0.05, 0.05], "bpp": [float("nan")] * 2,
            "success": [True, True], "edit_success": [1.0, 0.0], "preserved": [1.0, 1.0], "psnr_ideal_db": [24.0, 25.0],
            "ssim_ideal": [0.7, 0.8], "compute_s": [2.0, 2.0], "energy_compute_j": [3.6, 3.6], "latency_s": [1.0, 1.0]}
    hot = pd.DataFrame({**base, "scheme": "editable_deepsc", "tx_symbol_power": [2.5, 2.7]})
    digital = pd.DataFrame({**base, "scheme": "edit_tx+jpeg_ldpc", "tx_symbol_power": [float("nan")] * 2})
    rows = findings.per_scheme(findings.summarise(pd.concat([hot, digital]))).splitlines()
    assert "symbol power" in rows[0]
    assert "| 2.60 |" in rows[2] and "| — |" in rows[3]
    assert "| — |" in findings.per_scheme(findings.summarise(hot.drop(columns="tx_symbol_power"))).splitlines()[2]
