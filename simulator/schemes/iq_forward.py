"""The gNB's forwarding of equalised analog symbols to the edge, shared by the analog schemes."""
from __future__ import annotations

from simulator.request import Payload, Request
from simulator.stages import ComputeStage


def iq_forward_stage(iq_bits: int) -> ComputeStage:
    """``iq_forward`` (gNB): keeps the equalised symbols x̂ [k] complex64 of the uplink's (x̂, noise
    variance) and adds ``2 · iq_bits`` bits per symbol (I and Q samples) to what the backhaul carries."""

    def forward_iq(request: Request) -> None:
        x_hat, _ = request.payload.data
        request.payload = Payload(x_hat, bits=request.payload.bits + 2 * iq_bits * int(x_hat.numel()),
                                  meta=request.payload.meta)

    return ComputeStage("iq_forward", "gnb", forward_iq)
