"""Instruction text for the separate schemes: Huffman source code + Reed–Solomon bytes (reedsolo)."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from reedsolo import ReedSolomonError, RSCodec

from .huffman import HuffmanCode


@dataclass(frozen=True)
class DecodedText:
    """The receiver's view: the text if RS decoding succeeded, else None with the reason."""

    text: str | None
    corrected_bytes: int
    failure: str | None


class HuffmanRsText:
    """Text → Huffman bits → bytes → RS(n, n − parity) codewords → bits, and back.

    ``parity_bytes`` RS check bytes per 255-byte block correct up to ``parity_bytes // 2`` byte
    errors; beyond that decoding fails and is reported, never guessed.

    >>> codec = HuffmanRsText(HuffmanCode.from_texts(["make it younger"]), parity_bytes=8)
    >>> bits = codec.encode("make it younger")
    >>> bits[:8] ^= 1  # one corrupted byte
    >>> codec.decode(bits).text
    'make it younger'
    """

    def __init__(self, code: HuffmanCode, parity_bytes: int = 16) -> None:
        self.code, self.parity_bytes = code, parity_bytes
        self._rs = RSCodec(parity_bytes)

    def encode(self, text: str) -> np.ndarray:
        """uint8 bits [8·(payload bytes + parity bytes)]."""
        payload = np.packbits(self.code.encode(text)).tobytes()
        return np.unpackbits(np.frombuffer(bytes(self._rs.encode(payload)), dtype=np.uint8))

    def decode(self, bits: np.ndarray) -> DecodedText:
        try:
            message, _, errata = self._rs.decode(np.packbits(bits).tobytes())
        except ReedSolomonError as error:
            return DecodedText(None, 0, f"reed-solomon decoding failed ({error})")
        return DecodedText(self.code.decode(np.unpackbits(np.frombuffer(bytes(message), np.uint8))), len(errata), None)


@lru_cache(maxsize=1)
def instruction_text_codec(parity_bytes: int = 16) -> HuffmanRsText:
    """The codec fitted to the training instructions of the corpus (both ends share it)."""
    from models.instructions import vocabulary_texts

    return HuffmanRsText(HuffmanCode.from_texts(vocabulary_texts("train")), parity_bytes)
