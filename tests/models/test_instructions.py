"""The instruction corpus: feasibility, resolution and the held-out template split."""
from __future__ import annotations

import doctest
import importlib
from collections import Counter

import numpy as np
import pytest
import torch

from models.instructions import (
    TEMPLATES,
    Instruction,
    build_tokenizer,
    make_instruction,
    resolve,
    sentences,
    templates,
)
from models.instructions.amounts import AMOUNT_PHRASES, STEP_PHRASES
from models.world import ATTRIBUTES, MAX_DEGREE


@pytest.fixture(scope="module")
def drawn():
    """2000 training and 500 held-out requests for random faces: (degrees, instruction, split)."""
    rng = np.random.default_rng(3)
    result = []
    for split, count in (("train", 2000), ("test", 500)):
        for _ in range(count):
            degrees = rng.integers(0, MAX_DEGREE + 1, size=5)
            result.append((degrees, make_instruction(degrees, rng, split), split))
    return result


def test_every_attribute_has_many_phrasings_in_both_splits():
    per_attribute = Counter(t.attribute for t in TEMPLATES)
    assert all(per_attribute[a] >= 25 for a in range(len(ATTRIBUTES)))
    for attribute in range(len(ATTRIBUTES)):
        for kind in ("increase", "decrease", "absolute"):
            assert templates("train", attribute, kind) and templates("test", attribute, kind)


def test_every_magnitude_has_words():
    assert sorted(AMOUNT_PHRASES) == sorted(STEP_PHRASES) == [1, 2, 3, 4, 5]
    phrases = [p for group in (*AMOUNT_PHRASES.values(), *STEP_PHRASES.values()) for p in group]
    assert len(phrases) == len(set(phrases)), "a phrase must name one magnitude only"


def test_generated_instructions_are_feasible_and_resolve_in_range(drawn):
    for degrees, instruction, _ in drawn:
        assert instruction.is_feasible(degrees), instruction
        target = resolve(instruction, degrees)
        assert target.dtype == torch.int64 and target.shape == (5,)
        assert 0 <= int(target.min()) and int(target.max()) <= MAX_DEGREE
        moved = target - torch.as_tensor(degrees)
        others = [i for i in range(5) if i != instruction.attribute]
        assert int(moved[instruction.attribute]) == instruction.direction * instruction.change
        assert not moved[others].any()


def test_generated_mix_covers_attributes_directions_and_forms(drawn):
    train = [instruction for _, instruction, split in drawn if split == "train"]
    assert {i.attribute for i in train} == set(range(len(ATTRIBUTES)))
    assert {i.direction for i in train} == {-1, 1}
    assert {i.change for i in train} == {1, 2, 3, 4, 5}
    absolute = sum(i.target is not None for i in train) / len(train)
    assert 0.2 < absolute < 0.4


def test_held_out_templates_never_appear_in_training_sentences(drawn):
    held_out = set().union(*(sentences(t) for t in templates("test")))
    training = set().union(*(sentences(t) for t in templates("train")))
    assert not held_out & training
    assert not {t.literal_words for t in templates("test")} & {t.literal_words for t in templates("train")}
    split_of = {t.id: t.split for t in TEMPLATES}
    for _, instruction, split in drawn:
        assert split_of[instruction.template] == split
        assert (instruction.text in held_out) == (split == "test")


def test_held_out_frames_use_training_words_and_the_probe_brings_new_ones():
    tokenizer = build_tokenizer()
    unknown = lambda t: bool((tokenizer.encode(t.literal_words, 32) == tokenizer.unk_id).any())  # noqa: E731
    assert not [t.id for t in templates("test") if unknown(t)]
    probe = templates("unseen")
    assert len(probe) >= 10 and all(unknown(t) for t in probe)
    assert {t.kind for t in probe} == {"increase", "decrease"}
    rng = np.random.default_rng(3)
    assert all(make_instruction([2, 2, 2, 2, 2], rng, split="unseen").target is None for _ in range(50))


def test_relative_requests_are_clipped_when_applied_elsewhere():
    request = Instruction(attribute=4, direction=1, change=3, text="Make the face quite a bit younger.")
    assert not request.is_feasible([0, 0, 0, 0, 4])
    assert resolve(request, [0, 0, 0, 0, 4]).tolist() == [0, 0, 0, 0, 5]
    absolute = Instruction(attribute=2, direction=-1, change=4, text="I want no beard at all.", target=0)
    assert resolve(absolute, torch.tensor([1, 2, 3, 4, 5])).tolist() == [1, 2, 0, 4, 5]


def test_invalid_instructions_and_splits_are_rejected():
    with pytest.raises(ValueError):
        Instruction(attribute=5, direction=1, change=1, text="")
    with pytest.raises(ValueError):
        Instruction(attribute=0, direction=0, change=1, text="")
    with pytest.raises(ValueError):
        make_instruction([0] * 5, np.random.default_rng(0), split="validation")


@pytest.mark.parametrize(
    "module", ["models.instructions.corpus", "models.instructions.instruction", "models.instructions.tokenizer"]
)
def test_docstring_examples(module):
    failures, _ = doctest.testmod(importlib.import_module(module))
    assert failures == 0
