"""Semantic link abstraction: a table measured from a full run reproduces that run's outcomes."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from results.aggregate import mean_ci, proportion_ci
from simulator.abstraction import SchemeAbstraction, build_table, load_abstraction, write_table
from simulator.calibrate import calibrate
from simulator.run import run_scenario
from simulator.scenario import Scenario, ScenarioError, parse_scenario

from .conftest import small_scenario

SCHEMES = [{"scheme": "deepjscc", "model_snr_db": 6}, {"scheme": "jpeg_ldpc", "bpp": 1.0, "code_rate": 0.5}]


def _scenario(profile: Path, **scheme_extra) -> Scenario:
    base = small_scenario(duration_s=4.0, seed=3)
    data = base.model_dump(mode="json")
    for group in data["users"]:
        group["images"] = {"source": "generated", "size": 64, "count": 6}
        group["placement"] = {"disc_radius_m": 300}
        group["traffic"] = {"poisson_rate_hz": 4}
    data["users"][0]["count"] = 3
    data["schemes"] = [s | scheme_extra for s in SCHEMES]
    data["timing"] = {"mode": "profile", "profile_file": str(profile)}
    data["samples_per_scheme"] = 0
    return Scenario.model_validate(data)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    """A full run, the table built from it, and the timing profile both modes use."""
    folder = tmp_path_factory.mktemp("abstraction")
    profile = folder / "profile.yaml"
    draft = _scenario(Path("unused.yaml")).model_copy(update={"timing": Scenario.model_fields["timing"].default})
    profile.write_text(yaml.safe_dump(calibrate(draft, [1, 2], 1)))
    full = run_scenario(_scenario(profile), folder / "runs", run_id="full")
    table = write_table(build_table([full]), folder / "table.json")
    return folder, profile, full, table


def test_table_has_intervals_and_stage_sizes(measured):
    _, _, full, table_path = measured
    table = build_table([full])
    entry = table["schemes"]["deepjscc"]
    assert [s["kind"] for s in entry["stages"]] == ["compute", "radio", "compute", "wired", "compute"]
    uplink = entry["stages"][1]
    assert uplink["channel_uses"] == pd.read_parquet(full / "stages.parquet").query(
        "scheme == 'deepjscc' and kind == 'radio'").channel_uses.median()
    assert sum(b["n"] for b in entry["bins"]) == entry["requests"]
    for found in entry["bins"]:
        assert found["success"]["ci_low"] <= found["success"]["p"] <= found["success"]["ci_high"]
        assert {"psnr_db", "ssim"} <= set(found["metrics"])
    assert table["provenance"]["runs"][0]["run_id"] == "full"


def test_abstract_run_agrees_with_full_run(measured):
    folder, profile, full, table = measured
    abstract = run_scenario(_scenario(profile, fidelity="abstract", abstraction_table=str(table)),
                            folder / "runs", run_id="abstract")
    a, f = (pd.read_parquet(d / "requests.parquet") for d in (abstract, full))
    assert len(a) == len(f)  # same arrivals: common random numbers
    stages = pd.read_parquet(abstract / "stages.parquet")
    assert (stages.query("kind == 'radio'").channel_uses > 0).all()
    for scheme in ("deepjscc", "jpeg_ldpc"):
        ra, rf = a[a.scheme == scheme], f[f.scheme == scheme]
        for ci_a, ci_f in [(proportion_ci(ra.success), proportion_ci(rf.success)),
                           (mean_ci(ra.psnr_db), mean_ci(rf.psnr_db))]:
            assert ci_a.low <= ci_f.high and ci_f.low <= ci_a.high, (scheme, ci_a, ci_f)


def test_draw_is_reproducible_and_clamps_outside_the_range(measured):
    _, _, _, table = measured
    entry = load_abstraction(table, "deepjscc", "deepjscc", "schemes.0.abstraction_table")
    assert isinstance(entry, SchemeAbstraction)
    assert entry.bin_at(-500.0) is entry.entry["bins"][0] and entry.bin_at(500.0) is entry.entry["bins"][-1]
    draws = [entry.draw(3.0, np.random.default_rng(1)) for _ in range(2)]
    assert draws[0] == draws[1]


def test_missing_or_mismatching_table_is_one_line_naming_the_field(measured, tmp_path):
    _, _, _, table = measured
    with pytest.raises(ScenarioError, match="schemes.0.abstraction_table: abstraction table not found"):
        load_abstraction(tmp_path / "none.json", "deepjscc", "deepjscc", "schemes.0.abstraction_table")
    with pytest.raises(ScenarioError, match="no entry for scheme 'other'"):
        load_abstraction(table, "other", "deepjscc", "schemes.0.abstraction_table")
    with pytest.raises(ScenarioError, match="measured with scheme 'deepjscc', not 'jpeg_ldpc'"):
        load_abstraction(table, "deepjscc", "jpeg_ldpc", "schemes.0.abstraction_table")
    text = (Path(__file__).resolve().parents[2] / "scenarios/quickstart.yaml").read_text()
    with pytest.raises(ScenarioError, match="schemes.0.*needs abstraction_table"):
        parse_scenario(text.replace("  - scheme: jpeg_ldpc\n    bpp", "  - scheme: jpeg_ldpc\n    fidelity: abstract\n    bpp", 1))


def test_cli_abstract_writes_table_and_reports_bad_input(measured, tmp_path):
    import subprocess
    import sys

    _, _, full, _ = measured
    root = Path(__file__).resolve().parents[2]

    def semsim(*args):
        return subprocess.run([sys.executable, "-m", "simulator.cli", *args], cwd=root, capture_output=True,
                              text=True, timeout=120)

    written = semsim("abstract", str(full), "-o", str(tmp_path / "t.json"))
    assert written.returncode == 0, written.stderr
    assert "deepjscc:" in written.stdout and (tmp_path / "t.json").is_file()
    bad = semsim("abstract", str(tmp_path), "-o", str(tmp_path / "u.json"))
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "no requests.parquet" in bad.stderr
    run = semsim("run", str(_abstract_file(tmp_path, tmp_path / "missing.json")), "-o", str(tmp_path / "runs"))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert run.stderr.strip().endswith("schemes.0.abstraction_table: abstraction table not found "
                                       "(write one with `semsim abstract`)")


def _abstract_file(folder: Path, table: Path) -> Path:
    root = Path(__file__).resolve().parents[2]
    data = yaml.safe_load((root / "scenarios/quickstart.yaml").read_text())
    data["schemes"] = [{"scheme": "jpeg_ldpc", "fidelity": "abstract", "abstraction_table": str(table)}]
    data["timing"] = {"mode": "profile", "profile_file": str(folder / "p.yaml")}
    (folder / "p.yaml").write_text(yaml.safe_dump({"stages": {}}))
    path = folder / "abstract.yaml"
    path.write_text(yaml.safe_dump(data))
    return path
