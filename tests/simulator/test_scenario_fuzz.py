"""Property test: any mutation of a valid scenario loads, or fails with one line per problem naming
its path — never with another exception."""
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.scenario import ScenarioError, parse_scenario

BASE = yaml.safe_load((Path(__file__).resolve().parents[2] / "scenarios/quickstart.yaml").read_text())
JUNK = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=True),
                 st.text(max_size=12), st.lists(st.integers(), max_size=3),
                 st.dictionaries(st.text(max_size=5), st.integers(), max_size=2))


def _paths(node, prefix=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield prefix + (index,)
            yield from _paths(value, prefix + (index,))


PATHS = list(_paths(BASE))


def _mutate(data, path, action, junk):
    *parents, leaf = path
    node = data
    for key in parents:
        node = node[key]
    if action == "replace":
        node[leaf] = junk
    elif action == "delete" and isinstance(node, dict):
        del node[leaf]
    elif action == "extra" and isinstance(node, dict):
        node[f"unknown_{leaf}"] = junk
    return data


def _check(text: str) -> None:
    try:
        parse_scenario(text, source="fuzz.yaml")
    except ScenarioError as error:
        assert error.problems, "an error must name at least one problem"
        for problem in error.problems:
            assert problem.strip() and "\n" not in problem and "Traceback" not in problem


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations=st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(["replace", "delete", "extra"]), JUNK),
                          min_size=1, max_size=3))
def test_mutated_scenarios_never_crash(mutations):
    data = yaml.safe_load(yaml.safe_dump(BASE))
    for path, action, junk in mutations:
        try:
            data = _mutate(data, path, action, junk)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed or replaced this path
    _check(yaml.safe_dump(data))


@settings(max_examples=100, deadline=None)
@given(blob=st.binary(max_size=200))
def test_arbitrary_bytes_never_crash(blob):
    _check(blob.decode("utf-8", errors="replace"))


@settings(max_examples=60, deadline=None)
@given(text=st.text(max_size=200))
def test_arbitrary_text_never_crash(text):
    _check(text)
