"""The text level of MLSC-image: a caption of the face's attributes and a small embedding of it."""
from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from models.world.attributes import ATTRIBUTES

DEGREE_WORDS = ("no", "faint", "slight", "some", "strong", "full")
VOCABULARY: tuple[str, ...] = ("<pad>", "with", "and", *DEGREE_WORDS, *ATTRIBUTES)
_INDEX = {word: i for i, word in enumerate(VOCABULARY)}


def caption(degrees: Sequence[int]) -> str:
    """Five attribute degrees (0..5) → e.g. ``"a face with no bangs and strong smiling and ..."``
    minus the article: words only from :data:`VOCABULARY`.

    >>> caption((0, 5, 0, 3, 1))
    'with no bangs and full eyeglasses and no beard and some smiling and faint young'
    """
    return "with " + " and ".join(f"{DEGREE_WORDS[int(d)]} {name}" for name, d in zip(ATTRIBUTES, degrees))


def tokenize(captions: Sequence[str], length: int = 16) -> torch.Tensor:
    """Captions → token ids [B, length] int64, padded with 0; an unknown word raises ``ValueError``."""
    rows = []
    for text in captions:
        words = text.split()
        unknown = [w for w in words if w not in _INDEX]
        if unknown or len(words) > length:
            raise ValueError(f"caption {text!r}: unknown words {unknown} or longer than {length}")
        rows.append([_INDEX[w] for w in words] + [0] * (length - len(words)))
    return torch.tensor(rows, dtype=torch.int64)


class CaptionEncoder(nn.Module):
    """``forward(tokens [B, L] int64) -> features [B, dim] float32``: word embeddings with their
    position, a 1-D conv over neighbours (a degree word binds to the attribute after it), max-pooled."""

    def __init__(self, dim: int = 32, length: int = 16) -> None:
        super().__init__()
        self.words, self.positions = nn.Embedding(len(VOCABULARY), dim, padding_idx=0), nn.Embedding(length, dim)
        self.conv = nn.Conv1d(dim, dim, 3, padding=1)

    def forward(self, tokens: torch.Tensor) -> torch.Tensor:
        x = self.words(tokens) + self.positions(torch.arange(tokens.shape[1], device=tokens.device))
        h = torch.relu(self.conv(x.transpose(1, 2)))
        return h.masked_fill((tokens == 0)[:, None], float("-inf")).amax(2)
