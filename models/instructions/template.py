"""Template: one phrasing of an edit request, with at most one slot to fill."""
from __future__ import annotations

import re
from dataclasses import dataclass

KINDS = ("increase", "decrease", "absolute")
SLOTS = ("amount", "steps", "level")


@dataclass(frozen=True)
class Template:
    """A sentence pattern for one attribute.

    ``kind`` is ``increase``/``decrease`` (relative: the pattern holds an ``{amount}``
    or ``{steps}`` slot for the magnitude) or ``absolute`` (the pattern names a degree,
    through a ``{level}`` slot or literally; ``targets`` lists the degrees it can name).
    ``split`` is ``train`` or ``test``: test templates are held out from training text.
    """

    id: str
    attribute: int
    kind: str
    pattern: str
    targets: tuple[int, ...] = ()
    split: str = "train"

    @property
    def slot(self) -> str | None:
        for slot in SLOTS:
            if "{" + slot + "}" in self.pattern:
                return slot
        return None

    @property
    def literal_words(self) -> str:
        """The pattern with its slot removed: the words every filling shares."""
        return tidy(re.sub(r"\{\w+\}", " ", self.pattern))

    def fill(self, phrase: str = "") -> str:
        """The sentence with ``phrase`` in the slot (ignored by slot-less patterns)."""
        slot = self.slot
        return tidy(self.pattern if slot is None else self.pattern.replace("{" + slot + "}", phrase))


def tidy(text: str) -> str:
    """Collapse runs of spaces and drop spaces before punctuation (left by an empty slot)."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([.,!?;:])", r"\1", text)
