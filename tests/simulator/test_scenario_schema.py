"""The scenario schema: valid files load; every problem is one line naming its YAML path."""
from pathlib import Path

import pytest
import yaml

from simulator.scenario import ScenarioError, load_scenario, parse_scenario

QUICKSTART = Path(__file__).resolve().parents[2] / "scenarios" / "quickstart.yaml"


def quickstart() -> dict:
    return yaml.safe_load(QUICKSTART.read_text())


def problems(data: dict | str) -> list[str]:
    text = data if isinstance(data, str) else yaml.safe_dump(data)
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, source="s.yaml")
    return caught.value.problems


def test_quickstart_is_valid_and_frozen():
    scenario = load_scenario(QUICKSTART)
    assert scenario.cell.prbs == 51
    assert scenario.n_users == 6
    with pytest.raises(Exception):
        scenario.cell.numerology = 2


def test_bad_numerology_names_path_and_allowed_values():
    data = quickstart()
    data["cell"]["numerology"] = 7
    assert problems(data) == ["cell.numerology: must be one of 0, 1, 2, 3 (got 7)"]


def test_unknown_keys_are_rejected_by_path_with_the_allowed_keys():
    data = quickstart()
    data["cell"]["bandwith_hz"] = 20e6
    data["users"][1]["traffic"]["burst"] = 3
    found = problems(data)
    assert found[0].startswith("cell.bandwith_hz: unknown key (allowed: carrier_hz, bandwidth_hz")
    assert found[1].startswith("users.1.traffic.burst: unknown key (allowed: poisson_rate_hz, period_s)")


def test_every_problem_is_reported_once():
    data = quickstart()
    data["duration_s"] = -1
    data["channel"]["model"] = "tdl-z"
    data["schemes"][0]["bpp"] = 0
    data["schemes"][1]["scheme"] = "jpg"
    found = problems(data)
    assert found[:3] == [
        "duration_s: must be > 0 (got -1)",
        "channel.model: must be one of awgn, rayleigh, rician, tdl-a, tdl-b, tdl-c, tdl-d, tdl-e (got 'tdl-z')",
        "schemes.0.bpp: must be > 0.05 (got 0)",
    ]
    assert found[3].startswith("schemes.1: scheme must be one of jpeg_ldpc, deepjscc, editable_deepsc")
    assert found[3].endswith("(got 'jpg')") and len(found) == 4


def test_cross_field_checks():
    data = quickstart()
    data["users"][0]["placement"] = {"disc_radius_m": 100, "distance_m": 50}
    data["nodes"]["edge"]["busy_w"] = 1
    data["cell"]["bandwidth_hz"] = 7e6
    found = problems(data)
    assert any(p.startswith("cell: 7 MHz at 30 kHz") for p in found), found
    assert "users.0.placement: give exactly one of disc_radius_m or distance_m" in found
    assert "nodes.edge: busy_w (1.0) must be at least idle_w (60.0)" in found


def test_missing_sections_and_wrong_types():
    assert problems("name: x\n") == [
        "duration_s: required field is missing",
        "users: required field is missing",
        "schemes: required field is missing",
    ]
    assert problems("- 1\n- 2\n") == ["expected a mapping of scenario sections at the top level (got list)"]
    data = quickstart()
    data["users"][0]["count"] = "many"
    assert problems(data) == ["users.0.count: input should be a valid integer, unable to parse string as an integer (got 'many')"]


def test_yaml_syntax_error_names_line():
    assert problems("name: x\ncell: [\n")[0].startswith("line 3, column 1: not valid YAML")


def test_duplicate_scheme_labels_need_a_label():
    data = quickstart()
    data["schemes"][1].pop("label")
    assert problems(data)[0].startswith("schemes: scheme labels must be unique")


def test_yaml_tags_are_not_executed(tmp_path):
    text = "!!python/object/apply:os.system ['echo hacked']\n"
    assert problems(text)[0].startswith("line 1, column 1: not valid YAML")


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "nope.yaml")
    assert str(caught.value).endswith("nope.yaml: file not found")


def test_overrides_apply_before_validation():
    text = QUICKSTART.read_text()
    scenario = parse_scenario(text, overrides=["channel.snr_db=0", "users.1.count=5", "schemes.0.bpp=2"])
    assert scenario.channel.snr_db == 0 and scenario.users[1].count == 5 and scenario.schemes[0].bpp == 2
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, source="q.yaml", overrides=["cell.numerology=5"])
    assert caught.value.problems == ["cell.numerology: must be one of 0, 1, 2, 3 (got 5)"]
    with pytest.raises(ScenarioError, match="expected dotted.path=value"):
        parse_scenario(text, overrides=["channel.snr_db"])


def test_iam_confidence_is_a_probability_below_one():
    data = yaml.safe_load((QUICKSTART.parent / "paper_snr_sweep.yaml").read_text())
    editing = next(i for i, s in enumerate(data["schemes"]) if s["scheme"] == "editable_deepsc")
    data["schemes"][editing]["confidence"] = 0.7
    assert parse_scenario(yaml.safe_dump(data)).schemes[editing].confidence == 0.7
    data["schemes"][editing]["confidence"] = 1.0
    assert problems(data) == [f"schemes.{editing}.confidence: must be < 1 (got 1.0)"]
