"""The word tokenizer built from the training templates."""
from __future__ import annotations

import numpy as np
import torch

from models.instructions import PAD, UNK, Tokenizer, build_tokenizer, make_instruction, split_words


def test_round_trip_of_training_sentences():
    tokenizer = build_tokenizer()
    rng = np.random.default_rng(0)
    for _ in range(300):
        text = make_instruction(rng.integers(0, 6, 5), rng, "train").text
        ids = tokenizer.encode(text, max_len=40)
        assert ids.dtype == torch.int64 and ids.shape == (40,)
        assert tokenizer.unk_id not in ids.tolist()
        assert tokenizer.decode(ids) == text.lower()


def test_unseen_words_become_unk_and_padding_and_truncation_apply():
    tokenizer = build_tokenizer()
    ids = tokenizer.encode("Make the beard zebra-striped.", max_len=8).tolist()
    assert ids[3] == tokenizer.unk_id and ids[5:] == [tokenizer.pad_id] * 3
    assert tokenizer.decode(ids) == f"make the beard {UNK}."
    assert tokenizer.encode("smile " * 20, max_len=4).tolist() == [tokenizer.ids["smile"]] * 4


def test_case_punctuation_and_contractions():
    assert split_words("LET'S  try Thin-Framed glasses,please?") == [
        "let's", "try", "thin-framed", "glasses", ",", "please", "?"
    ]
    tokenizer = build_tokenizer()
    assert torch.equal(tokenizer.encode("Smile MORE.", 6), tokenizer.encode("smile more .", 6))


def test_save_and_load(tmp_path):
    tokenizer = build_tokenizer()
    loaded = Tokenizer.load(tokenizer.save(tmp_path / "tokenizer.json"))
    assert loaded.tokens == tokenizer.tokens and loaded.tokens[:2] == [PAD, UNK]
    text = "I kind of want the smile to be a bit less obvious."
    assert torch.equal(loaded.encode(text, 16), tokenizer.encode(text, 16))


def test_batch_encoding():
    tokenizer = Tokenizer.from_texts(["Smile more."])
    batch = tokenizer.encode_batch(["Smile more.", "smile"], max_len=3)
    assert batch.shape == (2, 3) and batch.dtype == torch.int64
    assert batch[1].tolist() == [tokenizer.ids["smile"], 0, 0]
