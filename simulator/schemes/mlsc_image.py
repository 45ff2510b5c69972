"""MLSC-image over the uplink: segment + caption + pixels → joint analog code → fused reconstruction."""
from __future__ import annotations

import numpy as np
import torch

from models.checkpoints import WEIGHTS_DIR
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import MlscImageParams
from simulator.stages import ComputeStage, RadioStage, Stage, WiredStage
from .iq_forward import iq_forward_stage


def build_mlsc_image(params: MlscImageParams) -> list[Stage]:
    """UE: segmentation, caption of the face's attributes (the world's truth), joint encoding;
    the symbols cross the air; gNB forwards I/Q; the edge decodes into ``request.received``."""
    from models.mlsc import caption, tokenize
    from models.mlsc.training import load
    from models.segmentation.training import load as load_segmentation

    model, segmenter = load(WEIGHTS_DIR, symbols=params.symbols), load_segmentation(WEIGHTS_DIR)

    @torch.no_grad()
    def encode_batch(requests: list[Request]) -> None:
        for request in requests:
            if request.face is None:
                raise ValueError("mlsc_image captions the face's attributes: it needs images.source: faces")
            if request.image.shape[1:] != (model.size, model.size):
                raise ValueError(f"mlsc_image needs {model.size}x{model.size} images, got {request.image.shape[1:]}")
        images = torch.from_numpy(np.stack([r.image for r in requests]))
        tokens = tokenize([caption(r.face.degrees) for r in requests])
        symbols = model.encode(images, segmenter.segment(images), tokens)
        for request, row in zip(requests, symbols):
            request.payload = Payload(row.clone(), bits=0, channel_uses=int(row.numel()), meta={"symbols": model.symbols})

    @torch.no_grad()
    def decode_batch(requests: list[Request]) -> None:
        images, _, _ = model.decode(torch.stack([r.payload.data for r in requests]))
        for request, image in zip(requests, images):
            request.received = image.numpy()

    return [
        ComputeStage("mlsc_encode", "ue", lambda r: encode_batch([r]), encode_batch),
        RadioStage(),
        iq_forward_stage(params.iq_bits),
        WiredStage(),
        ComputeStage("mlsc_decode", "edge", lambda r: decode_batch([r]), decode_batch),
    ]
