"""The HTML report from hand-made run directories: sections, self-containment, escaping."""

import html
import importlib.util
import re
import shutil

import pytest
from results.report import PngExportError, write_report
from results.report.figures_latency import latency_cdf_figure
from results.report.run_groups import group_runs
from results.runs import load_run

SECTION_IDS = ["summary", "latency", "energy", "quality", "bandwidth", "timeline", "gallery", "provenance"]
SWEEP_FIGURES = [
    "latency-cdf", "latency-breakdown", "energy-per-request", "energy-per-node", "quality-vs-snr",
    "bandwidth", "stage-timeline", "prb-utilisation",
]


def figure_ids(page: str) -> list[str]:
    return re.findall(r'<div id="figure-([\w-]+)" class="plotly-graph-div"', page)


def test_sweep_report_has_every_section_and_figure(sweep_report):
    page = sweep_report.read_text(encoding="utf-8")
    for anchor in SECTION_IDS:
        assert f'<section id="{anchor}">' in page
        assert f'href="#{anchor}"' in page
    assert figure_ids(page) == SWEEP_FIGURES
    # run groups are ordered by SNR, not alphabetically
    labels = re.findall(r"<td>(channel\.snr_db=-?\d+)</td><td>", page)
    assert labels[:3] == ["channel.snr_db=-2", "channel.snr_db=6", "channel.snr_db=14"]
    assert "scenario SNR channel.snr_db (dB)" in page
    assert page.count('<figure class="thumb"><img src="data:image/png;base64,') >= 6


def test_report_is_self_contained(sweep_report):
    page = sweep_report.read_text(encoding="utf-8")
    assert page.count("plotly.js v") == 1  # the bundle's banner: plotly.js is inlined exactly once
    # Outside the bundle (whose code mentions URLs it never loads here), nothing points off the page.
    bundle = re.search(r"<script[^>]*>[^<]*plotly\.js v.*?</script>", page, re.DOTALL)
    rest = page[: bundle.start()] + page[bundle.end() :]
    assert not re.search(r"<script[^>]*\bsrc=", rest)
    assert not re.search(r"<link\b", rest)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", rest)
    assert "cdn.plot.ly" not in rest


def test_scenario_strings_are_escaped(sweep_report, malicious_name):
    page = sweep_report.read_text(encoding="utf-8")
    assert malicious_name not in page
    assert html.escape(malicious_name) in page
    assert "<img src=x onerror" not in page
    assert "&lt;img src=x onerror=alert(2)&gt; add bangs" in page


def test_plot_text_is_escaped_for_plotly(make_run_dir):
    run = load_run(make_run_dir("evil-scheme"))
    evil = "<b onmouseover=alert(1)>bold</b>"
    run.requests["scheme"] = run.requests["scheme"].replace("deepjscc", evil)
    figure = latency_cdf_figure(group_runs([run]))
    names = [trace.name for trace in figure.data]
    assert "&lt;b onmouseover=alert(1)&gt;bold&lt;/b&gt;" in names
    assert not any("<b" in name for name in names)


def test_missing_optional_files_are_reported_not_fatal(make_run_dir, tmp_path):
    folder = make_run_dir("bare", optional=False)
    page = write_report([folder], tmp_path / "bare.html").read_text(encoding="utf-8")
    assert "No per-node energy: nodes.parquet is missing in every run." in page
    assert "No PRB utilisation: allocations.parquet is missing in every run." in page
    assert "No sample images: samples/index.json is missing in every run." in page
    assert "All requests share one SNR (10 dB)" in page
    assert figure_ids(page) == ["latency-cdf", "latency-breakdown", "energy-per-request", "bandwidth", "stage-timeline"]


def test_replications_are_pooled_into_one_group(make_run_dir, tmp_path):
    folders = [make_run_dir(f"rep{seed}", seed=seed) for seed in (1, 2)]
    page = write_report(folders, tmp_path / "reps.html").read_text(encoding="utf-8")
    assert "2 run(s) in 1 group(s)" in page
    assert "<td>all runs</td>" in page


def test_png_export_without_kaleido_fails_before_writing(make_run_dir, tmp_path, monkeypatch):
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "kaleido" else find_spec(name, *a))
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    out = tmp_path / "report.html"
    with pytest.raises(PngExportError, match=r"'kaleido'.*pip install kaleido.*apt-get install chromium"):
        write_report([make_run_dir("png-run")], out, png_dir=tmp_path / "png")
    assert not out.exists()


@pytest.mark.skipif(importlib.util.find_spec("kaleido") is None, reason="kaleido is not installed")
def test_png_export_writes_one_file_per_figure(make_run_dir, tmp_path):
    png_dir = tmp_path / "png"
    write_report([make_run_dir("png-run", optional=False)], tmp_path / "report.html", png_dir=png_dir)
    assert sorted(p.name for p in png_dir.iterdir()) == sorted(
        f"{name}.png" for name in ["latency-cdf", "latency-breakdown", "energy-per-request", "bandwidth", "stage-timeline"]
    )
