"""The report's eight sections, each built from the run groups alone."""

from __future__ import annotations

from results.report.escaping import SafeHtml
from results.report.figures_bandwidth import bandwidth_figure
from results.report.figures_energy import energy_per_node_figure, energy_per_request_figure
from results.report.figures_latency import latency_breakdown_figure, latency_cdf_figure
from results.report.figures_quality import quality_vs_snr_figure, snr_axis
from results.report.figures_timeline import gantt_figure, prb_utilisation_figure
from results.report.gallery import gallery_html, gallery_rows
from results.report.page import FigureBlock, Section
from results.report.provenance import provenance_html, scenarios_html
from results.report.run_groups import SNR_PARAMETER, RunGroups
from results.report.tables import run_group_html, summary_html
from results.runs import Run


def build_sections(groups: RunGroups) -> list[Section]:
    """All sections in page order."""
    return [
        summary_section(groups), latency_section(groups), energy_section(groups), quality_section(groups),
        bandwidth_section(groups), timeline_section(groups), gallery_section(groups), provenance_section(groups),
    ]


def summary_section(groups: RunGroups) -> Section:
    section = Section("summary", "Summary per scheme")
    if len(groups.runs) > 1:
        section.heading("Run groups")
        section.note("Runs are grouped by the scenario parameters that differ between them; "
                     "runs differing only in name or seed are pooled as replications.")
        section.add(_scrolling(run_group_html(groups)))
        section.heading("Per scheme and run group")
    section.note("Success rate is over all requests (unfinished ones count as failures) with a Wilson 95 % "
                 "interval; latency is over finished requests; energy, bandwidth and quality are means over "
                 "the requests that have a value, quality with a Student-t 95 % interval in brackets.")
    section.add(_scrolling(summary_html(groups)))
    return section


def latency_section(groups: RunGroups) -> Section:
    section = Section("latency", "Latency")
    section.add(FigureBlock("latency-cdf", latency_cdf_figure(groups)))
    section.add(FigureBlock("latency-breakdown", latency_breakdown_figure(groups)))
    return section


def energy_section(groups: RunGroups) -> Section:
    section = Section("energy", "Energy")
    section.add(FigureBlock("energy-per-request", energy_per_request_figure(groups)))
    _note_missing(section, groups, "nodes.parquet", "per-node energy")
    if groups.nodes is not None:
        section.add(FigureBlock("energy-per-node", energy_per_node_figure(groups)))
    return section


def quality_section(groups: RunGroups) -> Section:
    section = Section("quality", "Quality and success vs SNR")
    axis = snr_axis(groups) if len(groups.requests) else None
    if axis is None:
        snr = groups.requests["snr_db"].dropna()
        where = f" ({snr.iloc[0]:.3g} dB)" if len(snr) else ""
        section.note(f"All requests share one SNR{where}, so there is no curve to draw; "
                     f"run a sweep over {SNR_PARAMETER} to compare schemes across SNRs.")
    else:
        section.add(FigureBlock("quality-vs-snr", quality_vs_snr_figure(groups, axis)))
    return section


def bandwidth_section(groups: RunGroups) -> Section:
    section = Section("bandwidth", "Bandwidth")
    section.add(FigureBlock("bandwidth", bandwidth_figure(groups)))
    return section


def timeline_section(groups: RunGroups) -> Section:
    section = Section("timeline", "Timeline")
    first = groups.runs[0]
    if len(groups.runs) > 1:
        section.note(f"The stage timeline shows the first run only: {groups.run_label(first)}.")
    if first.stages.empty:
        section.note(f"{first.name} ({first.run_id}) recorded no stage executions.")
    else:
        section.add(FigureBlock("stage-timeline", gantt_figure(first, groups.run_label(first))))
    _note_missing(section, groups, "allocations.parquet", "PRB utilisation")
    with_cell = [r for r in groups.runs if r.allocations is not None and {"n_prb", "slot_s"} <= r.meta.keys()]
    for run in groups.runs:
        if run.allocations is not None and run not in with_cell:
            section.note(f"meta.json of {run.name} ({run.run_id}) lacks n_prb or slot_s: "
                         "its PRB utilisation cannot be computed.")
    if with_cell:
        labels = {run.run_id: groups.run_label(run) for run in with_cell}
        section.add(FigureBlock("prb-utilisation", prb_utilisation_figure(with_cell, labels, groups.schemes)))
    return section


def gallery_section(groups: RunGroups) -> Section:
    section = Section("gallery", "Image gallery")
    _note_missing(section, groups, "samples/index.json", "sample images")
    if gallery_rows(groups):
        section.add(_scrolling(gallery_html(groups)))
    elif len(groups.missing("samples/index.json")) < len(groups.runs):
        section.note("The sample indexes list no images.")
    return section


def provenance_section(groups: RunGroups) -> Section:
    section = Section("provenance", "Scenario and provenance")
    section.add(_scrolling(provenance_html(groups)))
    section.add(scenarios_html(groups))
    return section


def _note_missing(section: Section, groups: RunGroups, file_name: str, what: str) -> None:
    missing: list[Run] = groups.missing(file_name)
    if missing:
        names = ", ".join(f"{run.name} ({run.run_id})" for run in missing)
        scope = "every run" if len(missing) == len(groups.runs) else names
        section.note(f"No {what}: {file_name} is missing in {scope}.")


def _scrolling(fragment: SafeHtml) -> SafeHtml:
    return SafeHtml(f'<div class="scroll">{fragment}</div>')
