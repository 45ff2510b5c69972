"""Bits <-> QAM symbols through 5G NR LDPC with a CRC24A per codeword (Sionna blocks)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from sionna.phy.fec.crc import CRCDecoder, CRCEncoder
from sionna.phy.fec.ldpc import LDPC5GDecoder, LDPC5GEncoder
from sionna.phy.fec.scrambling import TB5GScrambler
from sionna.phy.mapping import Demapper, Mapper

from .realisation import COMPLEX_DTYPE, DEVICE, PRECISION, REAL_DTYPE

CRC_POLYNOMIAL = "CRC24A"
CRC_BITS = 24
BITS_PER_SYMBOL_CHOICES = (2, 4, 6)  # QPSK, 16-QAM, 64-QAM


@dataclass(frozen=True)
class Framing:
    """How a payload was cut into codewords, needed to undo it.

    Attributes:
        n_bits: payload length [bits].
        codewords: number of LDPC codewords.
        padding_bits: zero bits appended to fill the last codeword.
    """

    n_bits: int
    codewords: int
    padding_bits: int


class DigitalChain:
    """Channel coding and modulation of a bit payload.

    Each codeword carries ``info_bits_per_codeword`` payload bits plus a CRC24A
    (TS 38.212 §5.1), LDPC-encoded with 5G NR base graphs and rate matching
    (``LDPC5GEncoder``; ``code_rate`` counts the CRC as information, as in NR),
    bit-interleaved for the QAM order and scrambled with the PUSCH Gold sequence
    (TS 38.211 §6.3.1.1, the same sequence for every codeword) so that biased
    payloads and zero padding still give unit-power symbols. The receiver
    max-log demaps, descrambles the LLRs, runs ``ldpc_iterations`` of belief
    propagation and checks the CRC, so a failed codeword is detected as a real
    receiver would.

    Tensors: payload bits numpy uint8 [n]; symbols torch complex64 [m] with unit
    average power; ``no_eff`` torch float32 [m] (noise variance per symbol);
    ``crc_ok`` numpy bool [codewords].

    Example:
        >>> chain = DigitalChain(code_rate=0.5, bits_per_symbol=4)
        >>> bits = np.ones(3000, dtype=np.uint8)
        >>> symbols, framing = chain.encode(bits)
        >>> framing.codewords, symbols.shape[0] == chain.symbols_for_bits(3000)
        (3, True)
        >>> bits_hat, crc_ok = chain.decode(symbols, torch.full((symbols.shape[0],), 0.01), framing)
        >>> bool((bits_hat == bits).all()), crc_ok.tolist()
        (True, [True, True, True])
    """

    def __init__(
        self,
        code_rate: float,
        bits_per_symbol: int,
        info_bits_per_codeword: int = 1024,
        ldpc_iterations: int = 20,
    ) -> None:
        if bits_per_symbol not in BITS_PER_SYMBOL_CHOICES:
            raise ValueError(f"bits_per_symbol must be one of {BITS_PER_SYMBOL_CHOICES}")
        if not 0 < code_rate < 1:
            raise ValueError("code_rate must be in (0, 1)")
        self.code_rate = code_rate
        self.bits_per_symbol = bits_per_symbol
        self.info_bits_per_codeword = info_bits_per_codeword
        ldpc_k = info_bits_per_codeword + CRC_BITS
        # Whole symbols per codeword, so codewords never share a symbol.
        self.coded_bits_per_codeword = bits_per_symbol * math.ceil(
            ldpc_k / code_rate / bits_per_symbol
        )
        blocks = dict(precision=PRECISION, device=DEVICE)
        self._crc_encoder = CRCEncoder(CRC_POLYNOMIAL, k=info_bits_per_codeword, **blocks)
        self._crc_decoder = CRCDecoder(self._crc_encoder, **blocks)
        self._ldpc_encoder = LDPC5GEncoder(
            ldpc_k, self.coded_bits_per_codeword, num_bits_per_symbol=bits_per_symbol, **blocks
        )
        self._ldpc_decoder = LDPC5GDecoder(
            self._ldpc_encoder, hard_out=True, return_infobits=True,
            num_iter=ldpc_iterations, **blocks,
        )
        self._scrambler = TB5GScrambler(channel_type="PUSCH", **blocks)
        self._mapper = Mapper("qam", bits_per_symbol, **blocks)
        self._demapper = Demapper("maxlog", "qam", bits_per_symbol, **blocks)

    @property
    def symbols_per_codeword(self) -> int:
        return self.coded_bits_per_codeword // self.bits_per_symbol

    def codewords_for_bits(self, n_bits: int) -> int:
        """Number of codewords a payload of ``n_bits`` occupies."""
        return math.ceil(n_bits / self.info_bits_per_codeword)

    def symbols_for_bits(self, n_bits: int) -> int:
        """Channel uses (QAM symbols) needed for a payload of ``n_bits``."""
        return self.codewords_for_bits(n_bits) * self.symbols_per_codeword

    def encode(self, bits: np.ndarray) -> tuple[torch.Tensor, Framing]:
        """Encode uint8 bits [n] into complex64 symbols [symbols_for_bits(n)]."""
        if bits.ndim != 1 or bits.size == 0:
            raise ValueError("bits must be a non-empty 1-D array")
        codewords = self.codewords_for_bits(bits.size)
        framing = Framing(bits.size, codewords, codewords * self.info_bits_per_codeword - bits.size)
        padded = np.concatenate([bits.astype(np.float32), np.zeros(framing.padding_bits, np.float32)])
        info = torch.from_numpy(padded).reshape(codewords, self.info_bits_per_codeword)
        coded = self._ldpc_encoder(self._crc_encoder(info))
        scrambled = self._scrambler(coded)
        return self._mapper(scrambled).reshape(-1).to(COMPLEX_DTYPE), framing

    def decode(
        self, x_hat: torch.Tensor, no_eff: torch.Tensor, framing: Framing
    ) -> tuple[np.ndarray, np.ndarray]:
        """Decode equalised symbols (complex64 [m]) with their noise variance (float32 [m]).

        Returns the payload estimate, uint8 [framing.n_bits], and per-codeword CRC
        results, bool [framing.codewords].
        """
        return self.decode_many([(x_hat, no_eff, framing)])[0]

    def decode_many(
        self, received: list[tuple[torch.Tensor, torch.Tensor, Framing]]
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        """Decode several payloads in one demapper/decoder call (their codewords stacked).

        Each item is ``(x_hat complex64 [m_i], no_eff float32 [m_i], framing_i)``; the result
        holds ``(bits uint8 [n_i], crc_ok bool [codewords_i])`` per item, in order.
        """
        counts = [framing.codewords for _, _, framing in received]
        shape = (sum(counts), self.symbols_per_codeword)
        x_hat = torch.cat([x for x, _, _ in received]).reshape(shape)
        no_eff = torch.cat([no.to(REAL_DTYPE) for _, no, _ in received]).reshape(shape)
        llr = self._scrambler(self._demapper(x_hat, no_eff), binary=False)
        info_hat, crc_ok = self._crc_decoder(self._ldpc_decoder(llr))
        results, start = [], 0
        for (_, _, framing), count in zip(received, counts):
            bits = info_hat[start:start + count].reshape(-1)[: framing.n_bits]
            results.append((bits.to(torch.uint8).cpu().numpy(), crc_ok[start:start + count, 0].cpu().numpy()))
            start += count
        return results
