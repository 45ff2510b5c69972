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


def requests_with_instructions(n: int):
    """``n`` validation faces as requests, each with a held-out-template instruction read at the transmitter."""
    import numpy as np

    from models.instructions import make_instruction
    from models.world import FaceWorld
    from simulator.request import Payload, Request
    from simulator.schemes.edit_stages import instruction_at_transmitter

    rng = np.random.default_rng(3)
    faces = FaceWorld(0).sample("validation", n, rng)
    requests = []
    for i in range(n):
        request = Request(i, i, "g", f"face{i}", faces.images[i].numpy(), 0.0, payload=Payload(None))
        request.instruction = make_instruction(faces.degrees[i].numpy(), rng, split="test")
        instruction_at_transmitter(request)
        requests.append(request)
    return requests


@pytest.fixture(scope="session")
def edit_requests():
    """Factory: ``edit_requests(n)`` builds fresh requests (tests change them)."""
    return requests_with_instructions
