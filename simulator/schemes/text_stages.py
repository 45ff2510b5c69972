"""The instruction's own transport for the separate schemes: error-free, or Huffman + Reed–Solomon
+ uncoded QAM appended to the image's uplink transmission (so it sees the same channel)."""
from __future__ import annotations

import torch

from channels.uncoded_qam import UncodedQam
from models.codecs.text_transport import instruction_text_codec
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import BITS_PER_SYMBOL
from simulator.stages import ComputeStage


def text_stages(params) -> tuple[ComputeStage, ComputeStage]:
    """(``text_encode`` on the UE after the image symbols exist, ``text_decode`` on the gNB right
    after the uplink). A text that Reed–Solomon cannot correct reaches the editor as None: the
    edit is refused and recorded (``edit['text_failure']``); a miscorrected text edits wrongly."""
    codec = instruction_text_codec(params.rs_parity_bytes)
    qam = UncodedQam(BITS_PER_SYMBOL[params.text_modulation])

    def attach(request: Request) -> None:
        text = request.instruction.text if request.instruction else ""
        meta = dict(request.payload.meta)
        if params.instruction_transport == "error_free":
            request.payload = Payload(request.payload.data, request.payload.bits, request.payload.channel_uses,
                                      meta | {"text": text})
            return
        bits = codec.encode(text)
        symbols = qam.modulate(bits)
        meta.update(image_symbols=int(request.payload.data.numel()), text_bits=int(bits.size))
        request.payload = Payload(torch.cat([request.payload.data, symbols]), request.payload.bits + int(bits.size),
                                  request.payload.channel_uses + int(symbols.numel()), meta)

    def read(request: Request) -> None:
        meta = request.payload.meta
        if params.instruction_transport == "error_free":
            request.edit["text"] = meta.get("text")
            return
        x_hat, no_eff = request.payload.data
        n = meta["image_symbols"]
        decoded = codec.decode(qam.demodulate(x_hat[n:], no_eff[n:], meta["text_bits"]))
        request.edit.update(text=decoded.text, text_failure=decoded.failure)
        request.payload = Payload((x_hat[:n], no_eff[:n]), request.payload.bits - meta["text_bits"], n, meta)

    return ComputeStage("text_encode", "ue", attach), ComputeStage("text_decode", "gnb", read)
