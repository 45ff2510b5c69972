"""Scenario and provenance: where each run came from and how it was configured."""

from __future__ import annotations

import yaml

from results.report.escaping import SafeHtml, escape, join
from results.report.run_groups import RunGroups
from results.report.tables import html_table, number

META_FIELDS = (
    ("run id", "run_id"),
    ("name", "name"),
    ("seed", "seed"),
    ("git revision", "git_revision"),
    ("device", "device"),
    ("timing mode", "timing_mode"),
    ("started at", "started_at"),
    ("requests", "requests"),
)


def provenance_html(groups: RunGroups) -> SafeHtml:
    """One column per run: identity, revision, device, timing, durations and package versions."""
    runs = groups.runs
    rows = [["run group", *(groups.group_of[run.run_id] for run in runs)]]
    rows += [[label, *(_text(run.meta.get(key)) for run in runs)] for label, key in META_FIELDS]
    rows.append(["wall time (s)", *(number(run.meta.get("wall_s")) for run in runs)])
    rows.append(["simulated time (s)", *(number(run.meta.get("sim_duration_s")) for run in runs)])
    packages = sorted({name for run in runs for name in (run.meta.get("versions") or {})})
    rows += [[f"version: {name}", *(_text((run.meta.get("versions") or {}).get(name)) for run in runs)]
             for name in packages]
    rows.append(["run directory", *(str(run.path) for run in runs)])
    return html_table(["", *(run.name for run in runs)], rows, css_class="data provenance")


def scenarios_html(groups: RunGroups) -> SafeHtml:
    """Each run's validated scenario as YAML, the first one unfolded."""
    blocks = []
    for index, run in enumerate(groups.runs):
        text = yaml.safe_dump(run.scenario, sort_keys=False, allow_unicode=True)
        summary = f"{run.name} ({run.run_id}) — scenario.yaml"
        blocks.append(SafeHtml(
            f'<details{" open" if index == 0 else ""}><summary>{escape(summary)}</summary>'
            f"<pre>{escape(text)}</pre></details>"
        ))
    return join(blocks)


def _text(value) -> str:
    return "—" if value is None or value == "" else str(value)
