"""SPIC over the uplink: segment + thumbnail at the UE → LDPC/QAM → map-guided diffusion SR at the edge."""
from __future__ import annotations

import struct

import numpy as np
import torch

from channels import DigitalChain
from models.checkpoints import WEIGHTS_DIR
from models.codecs import MapDecodeError, png_map_decode, png_map_encode
from models.spic import CoarseDecodeError, coarse_decode, coarse_encode
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import BITS_PER_SYMBOL, SpicParams
from simulator.stages import ComputeStage, RadioStage, Stage, WiredStage

_HEADER = struct.Struct(">H")
"""Length of the PNG map in bytes; the WebP thumbnail fills the rest of the stream."""


def build_spic(params: SpicParams) -> list[Stage]:
    """Stages: UE segments and codes, LDPC-encodes; gNB decodes (a failed CRC fails the request);
    the edge splits the stream, decodes both parts and samples the reconstruction."""
    from models.segmentation.training import load as load_segmentation
    from models.spic.training import load as load_receiver

    segmenter, receiver = load_segmentation(WEIGHTS_DIR), load_receiver(WEIGHTS_DIR)
    receiver.sampling_steps = params.sampling_steps
    chain = DigitalChain(code_rate=params.code_rate, bits_per_symbol=BITS_PER_SYMBOL[params.modulation],
                         info_bits_per_codeword=params.info_bits_per_codeword, ldpc_iterations=params.ldpc_iterations)

    def source_encode_batch(requests: list[Request]) -> None:
        parts = segmenter.segment(torch.from_numpy(np.stack([r.image for r in requests]))).numpy()
        for request, labels in zip(requests, parts):
            segmap, coarse = png_map_encode(labels), coarse_encode(request.image, params.coarse_quality)
            data = _HEADER.pack(len(segmap)) + segmap + coarse
            request.payload = Payload(data, bits=8 * len(data),
                                      meta={"map_bits": 8 * len(segmap), "coarse_bits": 8 * len(coarse)})

    def channel_encode(request: Request) -> None:
        bits = np.unpackbits(np.frombuffer(request.payload.data, dtype=np.uint8))
        symbols, framing = chain.encode(bits)
        request.payload = Payload(symbols, bits=bits.size, channel_uses=int(symbols.numel()),
                                  meta=request.payload.meta | {"framing": framing})

    def channel_decode_batch(requests: list[Request]) -> None:
        decoded = chain.decode_many([(*r.payload.data, r.payload.meta["framing"]) for r in requests])
        for request, (bits, crc_ok) in zip(requests, decoded):
            request.radio["codewords"] = float(crc_ok.size)
            request.radio["codeword_errors"] = float((~crc_ok).sum())
            if not crc_ok.all():
                request.failure = f"crc failed in {int((~crc_ok).sum())} of {crc_ok.size} codewords"
                continue
            request.payload = Payload(np.packbits(bits).tobytes(), bits=int(bits.size), meta=request.payload.meta)

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
        ComputeStage("ldpc_encode", "ue", channel_encode),
        RadioStage(),
        ComputeStage("ldpc_decode", "gnb", lambda r: channel_decode_batch([r]), channel_decode_batch),
        WiredStage(),
        ComputeStage("spic_decode", "edge", lambda r: reconstruct_batch([r]), reconstruct_batch),
    ]
