"""The separate schemes over DeepJSCC: M1 edits at the receiver, M2 at the transmitter."""
from __future__ import annotations

import numpy as np
import torch

from channels.uncoded_qam import UncodedQam
from models.codecs.text_transport import instruction_text_codec
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import BITS_PER_SYMBOL, SeparateJsccParams
from simulator.stages import ComputeStage, Stage
from .deepjscc import build_deepjscc
from .edit_stages import edit_stage, instruction_at_transmitter, inversion_stage, render_latents


def build_edit_tx_deepjscc(params: SeparateJsccParams, channel_snr_db: float | None) -> list[Stage]:
    """M2: UE inverts, edits and renders the edited image, then sends it with DeepJSCC."""

    def invert_input(request: Request) -> np.ndarray:
        instruction_at_transmitter(request)
        return request.image

    return [
        inversion_stage("ue", params.r_inv, invert_input),
        edit_stage("edit_render", "ue", params.iam, params.r_edit, render_latents),
        *build_deepjscc(params, channel_snr_db, source=lambda r: r.payload.data),
    ]


def build_deepjscc_edit_rx(params: SeparateJsccParams, channel_snr_db: float | None) -> list[Stage]:
    """M1: UE sends the image with DeepJSCC and the instruction as text (error-free, or Huffman +
    Reed–Solomon + QAM appended to the same transmission); the edge inverts and edits."""
    codec = instruction_text_codec(params.rs_parity_bytes)
    qam = UncodedQam(BITS_PER_SYMBOL[params.text_modulation])

    def attach_text(request: Request) -> None:
        text = request.instruction.text if request.instruction else ""
        if params.instruction_transport == "error_free":
            request.payload.meta["text"] = text
            return
        bits = codec.encode(text)
        symbols = qam.modulate(bits)
        request.payload.meta.update(image_symbols=int(request.payload.data.numel()), text_bits=int(bits.size))
        request.payload = Payload(torch.cat([request.payload.data, symbols]), bits=int(bits.size),
                                  channel_uses=request.payload.channel_uses + int(symbols.numel()),
                                  meta=request.payload.meta)

    def read_text(request: Request) -> None:
        meta = request.payload.meta
        if params.instruction_transport == "error_free":
            request.edit["text"] = meta.get("text")
            return
        x_hat, no_eff = request.payload.data
        n = meta["image_symbols"]
        decoded = codec.decode(qam.demodulate(x_hat[n:], no_eff[n:], meta["text_bits"]))
        request.edit["text"] = decoded.text
        request.edit["text_failure"] = decoded.failure
        request.payload = Payload((x_hat[:n], no_eff[:n]), bits=meta["text_bits"], meta=meta)

    link = build_deepjscc(params, channel_snr_db, final=False,
                          after_uplink=[ComputeStage("text_decode", "gnb", read_text)])
    return [
        link[0],
        ComputeStage("text_encode", "ue", attach_text),
        *link[1:],
        inversion_stage("edge", params.r_inv, lambda r: r.payload.data),
        edit_stage("edit_render", "edge", params.iam, params.r_edit, _render_final),
    ]


def _render_final(requests: list[Request], ws: torch.Tensor) -> None:
    render_latents(requests, ws)
    for request in requests:
        request.received = request.payload.data
