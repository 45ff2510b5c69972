"""All templates with their train/test split, and the phrases that fill their slots."""
from __future__ import annotations

from models.world.attributes import ATTRIBUTES

from .amounts import AMOUNT_PHRASES, STEP_PHRASES
from .phrasebook import BY_ATTRIBUTE
from .template import Template

HELD_OUT_EVERY = 4
"""Every fourth pattern of each (attribute, kind) list is a test template."""

SPLITS = ("train", "test", "unseen")
"""``train``: the training text (the main lists plus each phrasebook's ``LEXICON``). ``test``:
held-out sentence frames whose words all occur in training text. ``unseen``: a probe whose
direction word occurs in no training text (from each phrasebook's ``UNSEEN_WORDS``)."""


def _build() -> tuple[Template, ...]:
    templates = []
    for attribute, (name, book) in enumerate(zip(ATTRIBUTES, BY_ATTRIBUTE)):
        groups = {
            "increase": [(pattern, ()) for pattern in book.INCREASE],
            "decrease": [(pattern, ()) for pattern in book.DECREASE],
            "absolute": [(pattern, tuple(degrees)) for pattern, degrees in book.ABSOLUTE],
        }
        for kind, entries in groups.items():
            for i, (pattern, targets) in enumerate(entries):
                split = "test" if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 else "train"
                templates.append(Template(f"{name}/{kind}/{i:02d}", attribute, kind, pattern, targets, split))
        for prefix, split, extra in (("lex", "train", book.LEXICON), ("unseen", "unseen", book.UNSEEN_WORDS)):
            for kind, entries in extra.items():
                for i, entry in enumerate(entries):
                    pattern, targets = entry if kind == "absolute" else (entry, ())
                    templates.append(Template(f"{name}/{kind}/{prefix}{i:02d}", attribute, kind, pattern,
                                              tuple(targets), split))
    return tuple(templates)


TEMPLATES: tuple[Template, ...] = _build()


def templates(split: str | None = None, attribute: int | None = None, kind: str | None = None) -> list[Template]:
    """The templates matching every filter given (``None`` matches all)."""
    return [
        t
        for t in TEMPLATES
        if (split is None or t.split == split)
        and (attribute is None or t.attribute == attribute)
        and (kind is None or t.kind == kind)
    ]


def phrases_for(template: Template, degree: int) -> tuple[str, ...]:
    """Slot fillers of ``template`` for a magnitude (relative) or a target degree (absolute)."""
    if template.slot == "amount":
        return AMOUNT_PHRASES[degree]
    if template.slot == "steps":
        return STEP_PHRASES[degree]
    if template.slot == "level":
        return BY_ATTRIBUTE[template.attribute].LEVELS[degree]
    return ("",)


def sentences(template: Template) -> set[str]:
    """Every sentence ``template`` can produce."""
    degrees = template.targets if template.kind == "absolute" else range(1, 6)
    return {template.fill(phrase) for degree in degrees for phrase in phrases_for(template, degree)}
