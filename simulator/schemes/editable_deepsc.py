"""Editable-DeepSC in the loop: inversion and JECC on the UE, latent symbols over the air, G at the edge."""
from __future__ import annotations

import torch

from models.editing.latent_signal import GAIN_BITS, unit_power
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import EditableDeepScParams
from simulator.stages import ComputeStage, RadioStage, Stage, WiredStage
from .edit_stages import adapters, edit_stage, editing_models, instruction_at_transmitter, inversion_stage
from .iq_forward import iq_forward_stage

DEFAULT_ADAPTER_SNR_DB = 12.0


def build_editable_deepsc(params: EditableDeepScParams, channel_snr_db: float | None) -> list[Stage]:
    """UE: SE_I, then SE_T + M (+IAM) + ACE → k complex symbols; gNB forwards I/Q; edge: ACD + G.

    With ``power_control: per_image`` each image's symbols are scaled to unit power and the gain
    (16 bits, float16) goes with them as side information; the edge multiplies it back."""
    snr = params.adapter_snr_db if params.adapter_snr_db is not None else (
        channel_snr_db if channel_snr_db is not None else DEFAULT_ADAPTER_SNR_DB)
    ace, acd = adapters(snr) if params.finetune else (None, None)

    def to_symbols(requests: list[Request], ws: torch.Tensor) -> None:
        symbols = editing_models().to_symbols(ws, ace)
        gains = [None] * len(requests)
        if params.power_control == "per_image":
            symbols, gains = unit_power(symbols)
        for request, row, gain in zip(requests, symbols, gains):
            # The gain travels as uplink control information, not on the noisy data symbols.
            meta = {} if gain is None else {"power_gain": float(gain), "side_bits": GAIN_BITS}
            request.payload = Payload(row.clone(), channel_uses=int(row.numel()), meta=meta)

    def decode_batch(requests: list[Request]) -> None:
        received = torch.stack([r.payload.data for r in requests])
        gain = None
        if params.power_control == "per_image":
            gain = torch.tensor([r.payload.meta["power_gain"] for r in requests])
        images = editing_models().from_symbols(received, acd, gain)
        for request, image in zip(requests, images):
            request.received = image.numpy()

    def invert_input(request: Request):
        instruction_at_transmitter(request)
        return request.image

    return [
        inversion_stage("ue", params, invert_input),
        edit_stage("jecc_edit", "ue", params, to_symbols),
        RadioStage(),
        iq_forward_stage(params.iq_bits),
        WiredStage(),
        ComputeStage("jscd_decode", "edge", lambda r: decode_batch([r]), decode_batch),
    ]
