"""Draw feasible edit requests for a face, phrased with train or held-out templates."""
from __future__ import annotations

import numpy as np

from models.world.attributes import MAX_DEGREE, NUM_ATTRIBUTES

from .amounts import AMOUNT_PHRASES, STEP_PHRASES
from .catalogue import SPLITS, TEMPLATES, phrases_for, templates
from .instruction import Instruction
from .phrasebook import BY_ATTRIBUTE
from .tokenizer import Tokenizer

ABSOLUTE_SHARE = 0.3
"""Fraction of requests that name a degree rather than a change."""

CHANGE_WEIGHTS = np.array([0.45, 0.25, 0.15, 0.1, 0.05])
"""Relative odds of changing by 1..5 degrees (small edits dominate, as in CelebA-Dialog)."""


def make_instruction(
    face_degrees, rng: np.random.Generator, split: str = "train", attribute: int | None = None
) -> Instruction:
    """A request that is feasible for a face with ``face_degrees`` [5] (ints 0..5).

    The attribute is uniform (unless given); a relative request picks a direction that
    has room and a change that keeps the target within 0..5; an absolute request names a
    degree other than the current one. Only ``split`` templates are used (a split without
    absolute templates, like ``unseen``, gives relative requests only).

    >>> request = make_instruction([0, 0, 5, 2, 3], np.random.default_rng(0), attribute=2)
    >>> request.is_feasible([0, 0, 5, 2, 3]), request.direction
    (True, -1)
    """
    if split not in SPLITS:
        raise ValueError(f"unknown template split {split!r}; expected one of {', '.join(SPLITS)}")
    degrees = [int(d) for d in face_degrees]
    if attribute is None:
        attribute = int(rng.integers(NUM_ATTRIBUTES))
    current = degrees[attribute]
    if rng.random() < ABSOLUTE_SHARE and templates(split, attribute, "absolute"):
        return _absolute(attribute, current, rng, split)
    return _relative(attribute, current, rng, split)


def _relative(attribute: int, current: int, rng: np.random.Generator, split: str) -> Instruction:
    directions = [d for d in (1, -1) if 0 <= current + d <= MAX_DEGREE]
    direction = directions[int(rng.integers(len(directions)))]
    room = MAX_DEGREE - current if direction > 0 else current
    weights = CHANGE_WEIGHTS[:room] / CHANGE_WEIGHTS[:room].sum()
    change = int(rng.choice(np.arange(1, room + 1), p=weights))
    kind = "increase" if direction > 0 else "decrease"
    template = _pick(templates(split, attribute, kind), rng)
    text = template.fill(_pick(phrases_for(template, change), rng))
    return Instruction(attribute, direction, change, text, None, template.id)


def _absolute(attribute: int, current: int, rng: np.random.Generator, split: str) -> Instruction:
    options = [
        (template, target)
        for template in templates(split, attribute, "absolute")
        for target in template.targets
        if target != current
    ]
    template, target = options[int(rng.integers(len(options)))]
    text = template.fill(_pick(phrases_for(template, target), rng))
    direction = 1 if target > current else -1
    return Instruction(attribute, direction, abs(target - current), text, target, template.id)


def _pick(items, rng: np.random.Generator):
    return items[int(rng.integers(len(items)))]


def vocabulary_texts(split: str = "train") -> list[str]:
    """Every word source of a template split: its patterns' literal words and all slot fillers."""
    texts = [t.literal_words for t in TEMPLATES if t.split == split]
    texts += [p for phrases in (*AMOUNT_PHRASES.values(), *STEP_PHRASES.values()) for p in phrases]
    texts += [p for book in BY_ATTRIBUTE for phrases in book.LEVELS.values() for p in phrases]
    return texts


def build_tokenizer() -> Tokenizer:
    """The tokenizer of the training templates: held-out phrasings may contain ``<UNK>`` words."""
    return Tokenizer.from_texts(vocabulary_texts("train"))
