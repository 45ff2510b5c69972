"""DeepJSCC over the uplink: learned encoder → analog symbols on the OFDM grid → learned decoder."""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

from models.checkpoints import WEIGHTS_DIR
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import DeepJsccParams
from simulator.stages import ComputeStage, RadioStage, Stage, WiredStage
from .iq_forward import iq_forward_stage

DEFAULT_MODEL_SNR_DB = 12.0


def build_deepjscc(params: DeepJsccParams, channel_snr_db: float | None = None,
                   source: Callable[[Request], np.ndarray] = lambda r: r.image, final: bool = True,
                   after_uplink: list[Stage] = ()) -> list[Stage]:
    """UE encodes ``source(request)`` (batched), the symbols cross the air, the gNB forwards I/Q,
    the edge decodes into ``request.received`` (``final``) or into the payload for later stages.
    ``after_uplink`` stages run on the gNB before the I/Q forwarding (e.g. text demodulation)."""
    from models.jscc.deepjscc import load

    snr = params.model_snr_db if params.model_snr_db is not None else (
        channel_snr_db if channel_snr_db is not None else DEFAULT_MODEL_SNR_DB)
    model = load(WEIGHTS_DIR, snr_db=snr)

    @torch.no_grad()
    def encode_batch(requests: list[Request]) -> None:
        images = [source(r) for r in requests]
        for image in images:
            if image.shape[1:] != (model.size, model.size):
                raise ValueError(f"deepjscc needs {model.size}x{model.size} images, got {image.shape[1:]}")
        symbols = model.encode(torch.from_numpy(np.stack(images)))
        for request, row in zip(requests, symbols):
            meta = dict(request.payload.meta) if request.payload else {}
            request.payload = Payload(row.clone(), bits=0, channel_uses=int(row.numel()),
                                      meta=meta | {"model_snr_db": model.snr_db})

    @torch.no_grad()
    def decode_batch(requests: list[Request]) -> None:
        images = model.decode(torch.stack([r.payload.data for r in requests]))
        for request, image in zip(requests, images):
            if final:
                request.received = image.numpy()
            else:
                request.payload = Payload(image.numpy(), meta=request.payload.meta)

    return [
        ComputeStage("jscc_encode", "ue", lambda r: encode_batch([r]), encode_batch),
        RadioStage(),
        *after_uplink,
        iq_forward_stage(params.iq_bits),
        WiredStage(),
        ComputeStage("jscc_decode", "edge", lambda r: decode_batch([r]), decode_batch),
    ]
