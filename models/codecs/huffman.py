"""A static Huffman code over printable ASCII, fitted to a text corpus and shared by both ends."""
from __future__ import annotations

import heapq
from collections import Counter
from itertools import count

import numpy as np

END = "\x00"  # end of message: padding after it is ignored
ALPHABET = [END] + [chr(c) for c in range(32, 127)]


class HuffmanCode:
    """Prefix code with one codeword per printable ASCII character plus an end-of-message mark.

    Frequencies come from a corpus with add-one smoothing, so every printable character stays
    encodable; characters outside printable ASCII are sent as ``?``.

    >>> code = HuffmanCode.from_texts(["smile more", "more bangs"])
    >>> code.decode(code.encode("more smile!"))
    'more smile!'
    """

    def __init__(self, codewords: dict[str, str]) -> None:
        self.codewords = codewords
        self._decode_table = {bits: char for char, bits in codewords.items()}

    @classmethod
    def from_texts(cls, texts: list[str]) -> "HuffmanCode":
        counts = Counter(c for text in texts for c in text if c in ALPHABET)
        counts[END] += len(texts)
        tie = count()  # deterministic tie-breaking for equal weights
        heap = [(counts[c] + 1, next(tie), {c: ""}) for c in ALPHABET]
        heapq.heapify(heap)
        while len(heap) > 1:
            w0, _, left = heapq.heappop(heap)
            w1, _, right = heapq.heappop(heap)
            merged = {c: "0" + b for c, b in left.items()} | {c: "1" + b for c, b in right.items()}
            heapq.heappush(heap, (w0 + w1, next(tie), merged))
        return cls(heap[0][2])

    def encode(self, text: str) -> np.ndarray:
        """Text → uint8 bits [n], ending with the end-of-message codeword."""
        chars = [c if c in self.codewords and c != END else "?" for c in text] + [END]
        return np.array([int(b) for c in chars for b in self.codewords[c]], dtype=np.uint8)

    def decode(self, bits: np.ndarray) -> str:
        """Bits → text up to the end-of-message codeword (or as far as the bits decode)."""
        out, current = [], ""
        for bit in bits:
            current += "1" if bit else "0"
            char = self._decode_table.get(current)
            if char is not None:
                if char == END:
                    break
                out.append(char)
                current = ""
        return "".join(out)
