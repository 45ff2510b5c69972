"""One untimed pass through a scheme before the clock starts.

The first call of a torch/Sionna block pays one-off costs (allocator growth, kernel selection,
lazy imports) that would otherwise be charged, as measured wall time, to whichever request
happened to come first.
"""
from __future__ import annotations

import math

import numpy as np

from channels import Numerology, UplinkPhy
from .request import Payload, Request
from .stages import ComputeStage, RadioStage, Stage


def warm_up(stages: list[Stage], image: np.ndarray, numerology: Numerology, dmrs_symbols: tuple[int, ...],
            res_per_prb: int, n_prb: int) -> None:
    """Run every stage once on ``image`` over a clean AWGN link (30 dB); nothing is recorded."""
    request = Request(-1, 0, "warm-up", "warm-up", image, 0.0)
    phy = UplinkPhy("awgn", numerology=numerology, dmrs_symbols=dmrs_symbols, generator=0)
    for stage in stages:
        if request.failure:
            return
        if isinstance(stage, ComputeStage):
            stage.run(request)
        elif isinstance(stage, RadioStage):
            symbols = request.payload.data
            n_slots = math.ceil(symbols.numel() / (res_per_prb * n_prb))
            prbs = math.ceil(symbols.numel() / (res_per_prb * n_slots))
            realisation = phy.generate(prbs, n_slots, 30.0)
            request.payload = Payload(phy.apply(symbols, realisation), request.payload.bits,
                                      int(symbols.numel()), request.payload.meta)
