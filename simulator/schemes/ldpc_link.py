"""Bytes over the digital chain: the UE's LDPC+QAM encoding and the gNB's batched decoding, shared
by every scheme whose payload is a byte stream (JPEG+LDPC, SPIC)."""
from __future__ import annotations

import numpy as np

from channels import DigitalChain
from simulator.request import Payload, Request
from simulator.scenario.scheme_params import BITS_PER_SYMBOL
from simulator.stages import ComputeStage


def ldpc_stages(params) -> tuple[ComputeStage, ComputeStage]:
    """``ldpc_encode`` (UE: payload bytes → QAM symbols) and ``ldpc_decode`` (gNB: symbols → bytes).

    ``params`` has ``code_rate``, ``modulation``, ``info_bits_per_codeword`` and ``ldpc_iterations``.
    A codeword whose CRC fails makes the whole payload a failed reception (no HARQ is modelled),
    so the gNB forwards nothing.
    """
    chain = DigitalChain(code_rate=params.code_rate, bits_per_symbol=BITS_PER_SYMBOL[params.modulation],
                         info_bits_per_codeword=params.info_bits_per_codeword, ldpc_iterations=params.ldpc_iterations)

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

    return (ComputeStage("ldpc_encode", "ue", channel_encode),
            ComputeStage("ldpc_decode", "gnb", lambda r: channel_decode_batch([r]), channel_decode_batch))
