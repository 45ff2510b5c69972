"""The separate schemes: M1 edits at the receiver, M2 at the transmitter, over DeepJSCC or JPEG+LDPC."""
from __future__ import annotations

import numpy as np
import torch

from simulator.scenario.scheme_params import SeparateJpegParams
from .jpeg_ldpc import build_jpeg_ldpc

from simulator.request import Request
from simulator.scenario.scheme_params import SeparateJsccParams
from simulator.stages import Stage
from .deepjscc import build_deepjscc
from .edit_stages import edit_stage, instruction_at_transmitter, inversion_stage, render_latents
from .text_stages import text_stages


def build_edit_tx_deepjscc(params: SeparateJsccParams, channel_snr_db: float | None) -> list[Stage]:
    """M2: UE inverts, edits and renders the edited image, then sends it with DeepJSCC."""

    def invert_input(request: Request) -> np.ndarray:
        instruction_at_transmitter(request)
        return request.image

    return [
        inversion_stage("ue", params, invert_input),
        edit_stage("edit_render", "ue", params, render_latents),
        *build_deepjscc(params, channel_snr_db, source=lambda r: r.payload.data),
    ]


def build_deepjscc_edit_rx(params: SeparateJsccParams, channel_snr_db: float | None) -> list[Stage]:
    """M1: UE sends the image with DeepJSCC and the instruction as text (error-free, or Huffman +
    Reed–Solomon + QAM appended to the same transmission); the edge inverts and edits."""
    attach, read = text_stages(params)
    link = build_deepjscc(params, channel_snr_db, final=False, after_uplink=[read])
    return [
        link[0],
        attach,
        *link[1:],
        inversion_stage("edge", params, lambda r: r.payload.data),
        edit_stage("edit_render", "edge", params, render_final),
    ]


def render_final(requests: list[Request], ws: torch.Tensor) -> None:
    """Render the edited latents as the receiver's final image."""
    render_latents(requests, ws)
    for request in requests:
        request.received = request.payload.data


def _invert_transmitted(request: Request) -> np.ndarray:
    instruction_at_transmitter(request)
    return request.image


def build_edit_tx_jpeg_ldpc(params: SeparateJpegParams) -> list[Stage]:
    """M2 over the digital chain: UE inverts, edits and renders, then sends the image as JPEG+LDPC."""
    return [
        inversion_stage("ue", params, _invert_transmitted),
        edit_stage("edit_render", "ue", params, render_latents),
        *build_jpeg_ldpc(params, source=lambda r: r.payload.data),
    ]


def build_jpeg_ldpc_edit_rx(params: SeparateJpegParams) -> list[Stage]:
    """M1 over the digital chain: JPEG+LDPC image plus the instruction text; the edge edits."""
    attach, read = text_stages(params)
    return [
        *build_jpeg_ldpc(params, final=False, after_encode=[attach], after_uplink=[read]),
        inversion_stage("edge", params, lambda r: r.payload.data),
        edit_stage("edit_render", "edge", params, render_final),
    ]
