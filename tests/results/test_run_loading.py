"""Loading run directories, the errors for broken ones, and differing scenario parameters."""

import json

import pandas as pd
import pytest

from results.runs import Run, RunDirError, differing_parameters, flatten_mapping, load_run


def test_load_run_reads_every_table(make_run_dir):
    run = load_run(make_run_dir("full", snr_db=6.0))
    assert run.run_id == "full" and run.name == "full"
    assert run.scenario["channel"]["snr_db"] == 6.0
    assert len(run.requests) == 36 and set(run.stages["kind"]) == {"compute", "radio", "wired"}
    assert run.nodes is not None and run.allocations is not None
    assert run.samples and run.samples[0].files["original"].exists()
    assert run.missing == []


def test_optional_files_may_be_missing(make_run_dir):
    run = load_run(make_run_dir("bare", optional=False))
    assert run.nodes is None and run.allocations is None and run.samples is None
    assert run.missing == ["nodes.parquet", "allocations.parquet", "samples/index.json"]


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "requests.parquet").unlink(), r"requests\.parquet: missing; expected a parquet table"),
        (lambda d: (d / "stages.parquet").write_bytes(b"not parquet"), r"stages\.parquet: not a readable parquet"),
        (lambda d: (d / "meta.json").write_text("{broken"), r"meta\.json: not valid JSON"),
        (lambda d: (d / "meta.json").write_text("{}"), r"meta\.json: expected a JSON object with at least a 'run_id'"),
        (lambda d: (d / "scenario.yaml").unlink(), r"scenario\.yaml: missing"),
        (lambda d: (d / "scenario.yaml").write_text("- a\n- b\n"), r"scenario\.yaml: expected a YAML mapping"),
        (lambda d: (d / "samples" / "index.json").write_text('{"a": 1}'), r"index\.json: expected a JSON list"),
    ],
)
def test_broken_files_name_the_file_and_the_expectation(make_run_dir, damage, message):
    folder = make_run_dir("broken")
    damage(folder)
    with pytest.raises(RunDirError, match=message):
        load_run(folder)


def test_missing_and_mistyped_columns_are_named(make_run_dir):
    folder = make_run_dir("columns")
    requests = pd.read_parquet(folder / "requests.parquet")
    requests.drop(columns=["latency_s", "bits"]).to_parquet(folder / "requests.parquet")
    with pytest.raises(RunDirError, match=r"requests\.parquet: missing column\(s\) latency_s, bits"):
        load_run(folder)
    requests.assign(latency_s="fast").to_parquet(folder / "requests.parquet")
    with pytest.raises(RunDirError, match=r"requests\.parquet: column\(s\) latency_s should be numeric"):
        load_run(folder)


def test_tables_of_another_run_are_rejected(make_run_dir):
    folder = make_run_dir("mixed")
    stages = pd.read_parquet(folder / "stages.parquet")
    stages.assign(run_id="someone-else").to_parquet(folder / "stages.parquet")
    with pytest.raises(RunDirError, match=r"stages\.parquet: run_id \['someone-else'\] does not match"):
        load_run(folder)


def test_sample_files_outside_the_samples_folder_are_refused(make_run_dir):
    folder = make_run_dir("escape")
    index = [{"request_id": 0, "scheme": "deepjscc", "instruction": None, "files": {"original": "../meta.json"}}]
    (folder / "samples" / "index.json").write_text(json.dumps(index))
    with pytest.raises(RunDirError, match="outside the samples folder"):
        load_run(folder)


def test_not_a_directory(tmp_path):
    with pytest.raises(RunDirError, match="expected a run directory"):
        load_run(tmp_path / "nowhere")


def test_flatten_mapping_uses_dotted_paths_and_list_indices():
    scenario = {"name": "x", "channel": {"snr_db": 6, "fading": {"k": 3}}, "users": [{"count": 2}, {"count": 5}],
                "schemes": [], "extra": {}}
    assert flatten_mapping(scenario) == {
        "name": "x", "channel.snr_db": 6, "channel.fading.k": 3, "users.0.count": 2, "users.1.count": 5,
        "schemes": [], "extra": {},
    }


def _run(run_id: str, scenario: dict) -> Run:
    empty = pd.DataFrame()
    return Run(path=None, meta={"run_id": run_id}, scenario=scenario, requests=empty, stages=empty)


def test_differing_parameters_keeps_only_what_differs():
    base = {"name": "sweep", "seed": 1, "channel": {"snr_db": 0, "model": "awgn"}, "users": [{"count": 4}]}
    runs = [
        _run("a", base),
        _run("b", {**base, "channel": {"snr_db": 6, "model": "awgn"}}),
        _run("c", {**base, "channel": {"snr_db": 12.0, "model": "awgn"}, "users": [{"count": 8}], "seed": 2}),
        _run("d", {**base, "cell": {"n_prb": 51}}),
    ]
    assert differing_parameters(runs) == {
        "a": {"cell.n_prb": None, "channel.snr_db": 0, "seed": 1, "users.0.count": 4},
        "b": {"cell.n_prb": None, "channel.snr_db": 6, "seed": 1, "users.0.count": 4},
        "c": {"cell.n_prb": None, "channel.snr_db": 12.0, "seed": 2, "users.0.count": 8},
        "d": {"cell.n_prb": 51, "channel.snr_db": 0, "seed": 1, "users.0.count": 4},
    }


def test_differing_parameters_of_identical_or_single_runs_is_empty():
    scenario = {"channel": {"snr_db": 3}}
    assert differing_parameters([_run("a", scenario)]) == {"a": {}}
    assert differing_parameters([_run("a", scenario), _run("b", dict(scenario))]) == {"a": {}, "b": {}}


def test_numbers_that_are_equal_do_not_differ():
    runs = [_run("a", {"snr_db": 6}), _run("b", {"snr_db": 6.0}), _run("c", {"snr_db": True})]
    assert differing_parameters(runs[:2]) == {"a": {}, "b": {}}
    assert differing_parameters([runs[0], runs[2]]) == {"a": {"snr_db": 6}, "c": {"snr_db": True}}
