"""A word-level tokenizer with padding and unknown-word ids, stored as JSON."""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

import torch

PAD, UNK = "<PAD>", "<UNK>"
_TOKEN = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*|[^\sa-z0-9]")
_NO_SPACE_BEFORE = {".", ",", "!", "?", ";", ":"}


def split_words(text: str) -> list[str]:
    """Lower-cased words (keeping inner apostrophes and hyphens) and punctuation marks.

    >>> split_words("Let's add thin-framed glasses, please!")
    ["let's", 'add', 'thin-framed', 'glasses', ',', 'please', '!']
    """
    return _TOKEN.findall(text.lower().replace("’", "'"))


class Tokenizer:
    """Maps words to ids: ``<PAD>`` is 0, ``<UNK>`` is 1, known words follow in a fixed order.

    >>> tokenizer = Tokenizer.from_texts(["Smile more.", "Make the smile bigger."])
    >>> ids = tokenizer.encode("Smile much more.", max_len=6)
    >>> ids.tolist(), tokenizer.decode(ids)
    ([6, 1, 5, 2, 0, 0], 'smile <UNK> more.')
    """

    pad_id = 0
    unk_id = 1

    def __init__(self, words: Iterable[str]) -> None:
        self.tokens: list[str] = [PAD, UNK]
        for word in words:
            if word not in (PAD, UNK) and word not in self.tokens:
                self.tokens.append(word)
        self.ids = {token: i for i, token in enumerate(self.tokens)}

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> Tokenizer:
        """Vocabulary of every word and mark in ``texts``, sorted so it does not depend on their order."""
        return cls(sorted({word for text in texts for word in split_words(text)}))

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, text: str, max_len: int) -> torch.Tensor:
        """Ids [max_len] int64: the words of ``text``, cut at ``max_len``, padded with ``<PAD>``."""
        ids = [self.ids.get(word, self.unk_id) for word in split_words(text)][:max_len]
        return torch.tensor(ids + [self.pad_id] * (max_len - len(ids)), dtype=torch.int64)

    def encode_batch(self, texts: Iterable[str], max_len: int) -> torch.Tensor:
        """Ids [B, max_len] int64, one row per text."""
        return torch.stack([self.encode(text, max_len) for text in texts])

    def decode(self, ids) -> str:
        """The words of ``ids`` ([L] ints) joined back into a sentence, padding dropped."""
        words = [self.tokens[int(i)] for i in ids if int(i) != self.pad_id]
        text = ""
        for word in words:
            text += word if (not text or word in _NO_SPACE_BEFORE) else " " + word
        return text

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(json.dumps({"tokens": self.tokens}, indent=0))
        return path

    @classmethod
    def load(cls, path: str | Path) -> Tokenizer:
        tokens = json.loads(Path(path).read_text())["tokens"]
        if tokens[:2] != [PAD, UNK]:
            raise ValueError(f"{path}: not a tokenizer file (expected {PAD} and {UNK} first)")
        return cls(tokens[2:])
