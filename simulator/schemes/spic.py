"""SPIC over the uplink: segment + thumbnail at the UE → LDPC/QAM → map-guided diffusion SR at the edge."""
from __future__ import annotations

import struct

import numpy as np
import torch

from models.checkpoints import WEIGHTS_DIR
from models.codecs import MapDecodeError, png_map_decode, png_map_encode
from models.spic import CoarseDecodeError, coarse_decode, coarse_encode
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import SpicParams
from simulator.stages import ComputeStage, RadioStage, Stage, WiredStage
from .ldpc_link import ldpc_stages

_HEADER = struct.Struct(">H")
"""Length of the PNG map in bytes; the WebP thumbnail fills the rest of the stream."""


def build_spic(params: SpicParams) -> list[Stage]:
    """Stages: UE segments and codes, LDPC-encodes; gNB decodes (a failed CRC fails the request);
    the edge splits the stream, decodes both parts and samples the reconstruction."""
    from models.segmentation.training import load as load_segmentation
    from models.spic.training import load as load_receiver

    segmenter, receiver = load_segmentation(WEIGHTS_DIR), load_receiver(WEIGHTS_DIR)
    receiver.sampling_steps = params.sampling_steps
    ldpc_encode, ldpc_decode = ldpc_stages(params)

    def source_encode_batch(requests: list[Request]) -> None:
        parts = segmenter.segment(torch.from_numpy(np.stack([r.image for r in requests]))).numpy()
        for request, labels in zip(requests, parts):
            segmap, coarse = png_map_encode(labels), coarse_encode(request.image, params.coarse_quality)
            data = _HEADER.pack(len(segmap)) + segmap + coarse
            request.payload = Payload(data, bits=8 * len(data),
                                      meta={"map_bits": 8 * len(segmap), "coarse_bits": 8 * len(coarse)})

    def reconstruct_batch(requests: list[Request]) -> None:
        ready, coarse, parts = [], [], []
        for request in requests:
            _, height, width = request.image.shape
            data: bytes = request.payload.data
            try:
                (map_len,) = _HEADER.unpack_from(data)
                parts.append(png_map_decode(data[2:2 + map_len], height, width))
                coarse.append(coarse_decode(data[2 + map_len:], height, width))
                ready.append(request)
            except (struct.error, MapDecodeError, CoarseDecodeError) as error:
                request.failure = f"spic decode failed: {error}"
        if not ready:
            return
        # One noise draw per request, so a request's reconstruction does not depend on its batch.
        noise = torch.stack([torch.randn(coarse[0].shape, generator=torch.Generator().manual_seed(r.request_id))
                             for r in ready])
        images = receiver.reconstruct(torch.from_numpy(np.stack(coarse)), torch.from_numpy(np.stack(parts)),
                                      noise=noise)
        for request, image in zip(ready, images):
            request.received = image.numpy()

    return [
        ComputeStage("spic_encode", "ue", lambda r: source_encode_batch([r]), source_encode_batch),
        ldpc_encode,
        RadioStage(),
        ldpc_decode,
        WiredStage(),
        ComputeStage("spic_decode", "edge", lambda r: reconstruct_batch([r]), reconstruct_batch),
    ]
