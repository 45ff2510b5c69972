"""Small scenarios for the end-to-end tests, derived from the quickstart file."""
from pathlib import Path

import pytest
import yaml

from simulator.scenario import Scenario

ROOT = Path(__file__).resolve().parents[2]


def small_scenario(**changes) -> Scenario:
    """The quickstart shortened to a few requests; ``changes`` maps dotted paths to new values."""
    data = yaml.safe_load((ROOT / "scenarios/quickstart.yaml").read_text())
    data["duration_s"] = 0.6
    data["users"] = [
        {"group": "a", "count": 2, "placement": {"distance_m": 60}, "traffic": {"period_s": 0.3},
         "images": {"source": "generated", "size": 32, "count": 3}},
        {"group": "b", "count": 1, "placement": {"disc_radius_m": 120}, "traffic": {"poisson_rate_hz": 5},
         "images": {"source": "generated", "size": 32, "count": 3}},
    ]
    for path, value in changes.items():
        *parents, leaf = path.split(".")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[leaf] = value
    return Scenario.model_validate(data)


@pytest.fixture(scope="session")
def make_scenario():
    return small_scenario
