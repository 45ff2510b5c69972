"""Named random streams derived from one scenario seed (no global random state)."""
from __future__ import annotations

import hashlib

import numpy as np
import torch


def _name_key(name: str) -> int:
    # A stable hash (Python's hash() is salted per process).
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "little")


class RandomStreams:
    """Independent, reproducible generators keyed by ``(seed, name)``.

    The same seed and name always give the same sequence, whatever other
    streams were drawn before, so adding a consumer never shifts another's draws.

    >>> s = RandomStreams(7)
    >>> float(s.numpy("traffic/0").random()) == float(RandomStreams(7).numpy("traffic/0").random())
    True
    """

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def numpy(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, _name_key(name)])

    def torch(self, name: str) -> torch.Generator:
        generator = torch.Generator()
        generator.manual_seed(int(self.numpy(name).integers(0, 2**63 - 1)))
        return generator

    def integer(self, name: str) -> int:
        return int(self.numpy(name).integers(0, 2**31 - 1))
