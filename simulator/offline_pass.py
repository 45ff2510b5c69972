"""Running a scheme's stages outside the SimPy clock: the warm-up pass and calibration.

The uplink is crossed over a clean AWGN link (30 dB) so every later stage gets a realistic input.
"""
from __future__ import annotations

import math
import time
from typing import Callable

import numpy as np

from channels import Numerology, UplinkPhy
from .request import Payload, Request
from .stages import ComputeStage, RadioStage, Stage

# (stage, batch size, wall seconds of the call) for every compute stage run
StageTiming = Callable[[ComputeStage, int, float], None]


def offline_requests(images: list[np.ndarray], faces: list | None = None) -> list[Request]:
    """Requests outside the clock; with ``faces`` each also gets a (seeded) edit instruction, so
    editing stages do real edits while warming up or calibrating."""
    from models.instructions import make_instruction

    requests = [Request(-1 - i, 0, "offline", "offline", image, 0.0) for i, image in enumerate(images)]
    rng = np.random.default_rng(0)
    for request, face in zip(requests, faces or []):
        request.face = face
        request.instruction = make_instruction(face.degrees, rng, split="test")
    return requests


def run_offline(stages: list[Stage], requests: list[Request], numerology: Numerology,
                dmrs_symbols: tuple[int, ...], res_per_prb: int, n_prb: int,
                on_stage: StageTiming | None = None) -> None:
    """Push ``requests`` through every stage, compute stages as one batched call each."""
    phy = UplinkPhy("awgn", numerology=numerology, dmrs_symbols=dmrs_symbols, generator=0)
    for stage in stages:
        alive = [r for r in requests if not r.failure]
        if not alive:
            return
        if isinstance(stage, ComputeStage):
            started = time.perf_counter()
            stage.call(alive)
            if on_stage:
                on_stage(stage, len(alive), time.perf_counter() - started)
        elif isinstance(stage, RadioStage):
            for request in alive:
                symbols = request.payload.data
                n_slots = math.ceil(symbols.numel() / (res_per_prb * n_prb))
                prbs = math.ceil(symbols.numel() / (res_per_prb * n_slots))
                realisation = phy.generate(prbs, n_slots, 30.0)
                request.payload = Payload(phy.apply(symbols, realisation), request.payload.bits,
                                          int(symbols.numel()), request.payload.meta)
