"""Text encoder SE_T: shapes, seeded training, weight and tokenizer files, committed weights on held-out phrasings."""
from __future__ import annotations

import pytest
import torch

from models.checkpoints import WEIGHTS_DIR, load_checkpoint
from models.editing import text_encoder
from models.instructions import Instruction, build_tokenizer

TINY = text_encoder.TextEncoderConfig(embed_dim=8, hidden=8, train_size=64, eval_size=16, steps=3, batch=16)


def test_shapes_and_dtypes():
    model = text_encoder.TextEncoder(build_tokenizer(), TINY).eval()
    logits = model(model.tokenize(["Make the beard a bit longer.", "No glasses."]))
    assert {k: tuple(v.shape) for k, v in logits.items()} == {
        "attribute": (2, 5), "direction": (2, 2), "change": (2, 5), "target": (2, 7)}
    attribute, direction, change = model.encode(["Smile more.", "Remove the fringe.", ""])
    assert all(t.shape == (3,) and t.dtype == torch.int64 for t in (attribute, direction, change))
    assert set(direction.tolist()) <= {-1, 1} and 1 <= int(change.min()) and int(change.max()) <= 5


def test_an_unseen_word_keeps_its_spelling():
    model = text_encoder.TextEncoder(build_tokenizer(), TINY)
    batch = model.tokenize(["Can the chin look smoother?"])  # "smoother" is in the unseen-word probe only
    column = 4  # can the chin look smoother ?
    assert int(batch.ids[0, column]) == model.tokenizer.unk_id and "smooth" in model.tokenizer.tokens
    assert int((batch.grams[0, column] > 0).sum()) == len(text_encoder.word_ngrams("smoother", 4096, 32))
    shared = set(text_encoder.word_ngrams("smoother", 4096, 32)) & set(text_encoder.word_ngrams("smooth", 4096, 32))
    assert len(shared) >= 5  # <sm, smo, moo, <smo, smoo, …: the stem carries over
    assert int(batch.grams[0, 6:].sum()) == 0  # padding has no n-grams


def test_training_is_seeded_and_round_trips(tmp_path):
    summary = text_encoder.train(1, tmp_path / "a", lambda _: None, TINY)
    text_encoder.train(1, tmp_path / "b", lambda _: None, TINY)
    state_a, meta = load_checkpoint(tmp_path / "a" / text_encoder.WEIGHTS_FILE)
    state_b, _ = load_checkpoint(tmp_path / "b" / text_encoder.WEIGHTS_FILE)
    assert all(torch.equal(state_a[k], state_b[k]) for k in state_a)
    assert meta["config"]["hidden"] == 8 and summary["wall_s"] >= 0
    assert {"exact", "exact_text_only"} <= set(summary["test_templates"])
    loaded = text_encoder.load(tmp_path / "a")
    assert not loaded.training and loaded.tokenizer.tokens == build_tokenizer().tokens
    assert all(torch.equal(loaded.state_dict()[k], state_a[k]) for k in state_a)


@pytest.mark.skipif(not (WEIGHTS_DIR / text_encoder.WEIGHTS_FILE).exists(), reason="text encoder not trained")
def test_committed_weights_understand_requests():
    model = text_encoder.load()
    texts, faces, labels = text_encoder.corpus(300, "test", seed=77)
    scores = text_encoder.evaluate(model, texts, faces, labels)
    assert scores["attribute"] >= 0.9 and scores["exact"] >= 0.6
    # An absolute request becomes the exact step from whatever degree the face has now.
    request = Instruction(2, -1, 3, "Shave the beard off completely.", target=0)
    attribute, direction, change = model.encode([request.text] * 2, torch.tensor([[0, 0, 3, 0, 0], [0, 0, 5, 0, 0]]))
    assert attribute.tolist() == [2, 2] and direction.tolist() == [-1, -1] and change.tolist() == [3, 5]
