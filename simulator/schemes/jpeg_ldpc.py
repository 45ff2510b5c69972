"""The data-oriented baseline: JPEG → 5G LDPC + CRC → QAM → OFDM uplink → decode → JPEG decode."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from channels import DigitalChain
from models.codecs import JpegDecodeError, jpeg_decode, jpeg_encode
from simulator.request import Payload, Request
from simulator.stages import ComputeStage, RadioStage, Stage, WiredStage
from simulator.scenario.scheme_params import BITS_PER_SYMBOL, JpegLdpcParams


def build_jpeg_ldpc(params: JpegLdpcParams, source: Callable[[Request], np.ndarray] = lambda r: r.image,
                    final: bool = True, after_encode: Sequence[Stage] = (), after_uplink: Sequence[Stage] = ()) -> list[Stage]:
    """Stages of the scheme: UE encodes ``source(request)``, gNB channel-decodes, edge decodes the
    image into ``request.received`` (``final``) or into the payload for later stages.

    A codeword whose CRC fails makes the whole image a failed reception (no HARQ is modelled),
    so the gNB forwards nothing; the request is scored by the scheme's ``failure_policy``.
    ``after_encode`` (UE) and ``after_uplink`` (gNB) stages slot in around the air interface.
    """
    chain = DigitalChain(
        code_rate=params.code_rate,
        bits_per_symbol=BITS_PER_SYMBOL[params.modulation],
        info_bits_per_codeword=params.info_bits_per_codeword,
        ldpc_iterations=params.ldpc_iterations,
    )

    def encode_image(request: Request) -> None:
        code = jpeg_encode(source(request), params.bpp)
        request.payload = Payload(code.data, bits=len(code.data) * 8, meta={"jpeg_quality": code.quality})

    def channel_encode(request: Request) -> None:
        data: bytes = request.payload.data
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8))
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

    def decode_image(request: Request) -> None:
        _, height, width = request.image.shape
        try:
            image = jpeg_decode(request.payload.data, height, width)
            if final:
                request.received = image
            else:
                request.payload = Payload(image, meta=request.payload.meta)
        except JpegDecodeError as error:
            request.failure = f"jpeg decode failed: {error}"

    return [
        ComputeStage("jpeg_encode", "ue", encode_image),
        ComputeStage("ldpc_encode", "ue", channel_encode),
        *after_encode,
        RadioStage(),
        *after_uplink,
        ComputeStage("ldpc_decode", "gnb", lambda r: channel_decode_batch([r]), channel_decode_batch),
        WiredStage(),
        ComputeStage("jpeg_decode", "edge", decode_image),
    ]
