"""The data-oriented baseline: JPEG → 5G LDPC + CRC → QAM → OFDM uplink → decode → JPEG decode."""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from models.codecs import JpegDecodeError, jpeg_decode, jpeg_encode
from simulator.request import Payload, Request
from simulator.stages import ComputeStage, RadioStage, Stage, WiredStage
from simulator.scenario.scheme_params import JpegLdpcParams
from .ldpc_link import ldpc_stages


def build_jpeg_ldpc(params: JpegLdpcParams, source: Callable[[Request], np.ndarray] = lambda r: r.image,
                    final: bool = True, after_encode: Sequence[Stage] = (), after_uplink: Sequence[Stage] = ()) -> list[Stage]:
    """Stages of the scheme: UE encodes ``source(request)``, gNB channel-decodes, edge decodes the
    image into ``request.received`` (``final``) or into the payload for later stages.

    A codeword whose CRC fails makes the whole image a failed reception (no HARQ is modelled),
    so the gNB forwards nothing; the request is scored by the scheme's ``failure_policy``.
    ``after_encode`` (UE) and ``after_uplink`` (gNB) stages slot in around the air interface.
    """
    ldpc_encode, ldpc_decode = ldpc_stages(params)

    def encode_image(request: Request) -> None:
        code = jpeg_encode(source(request), params.bpp)
        request.payload = Payload(code.data, bits=len(code.data) * 8, meta={"jpeg_quality": code.quality})

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
        ldpc_encode,
        *after_encode,
        RadioStage(),
        *after_uplink,
        ldpc_decode,
        WiredStage(),
        ComputeStage("jpeg_decode", "edge", decode_image),
    ]
