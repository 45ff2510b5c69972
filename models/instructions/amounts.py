"""Words for how much to change: each phrase stands for one magnitude 1..5 (degrees)."""
from __future__ import annotations

AMOUNT_PHRASES: dict[int, tuple[str, ...]] = {
    # Adverbs that sit before a comparative ("slightly longer", "a lot more obvious").
    # An unqualified comparative ("Smile more.") means one degree.
    1: ("", "slightly", "a little", "a bit", "a tad", "a little bit", "just a touch"),
    2: ("somewhat", "noticeably", "a fair bit", "moderately"),
    3: ("quite a bit", "considerably", "substantially", "a good deal"),
    4: ("a lot", "much", "far", "way"),
    5: ("drastically", "dramatically", "massively"),
}

_NUMBERS = ("one", "two", "three", "four", "five")
_UNITS = (("level", "levels"), ("notch", "notches"), ("step", "steps"), ("degree", "degrees"))

STEP_PHRASES: dict[int, tuple[str, ...]] = {
    # Counted steps that close a sentence ("Lengthen the bangs by two levels.").
    n: tuple(f"by {_NUMBERS[n - 1]} {one if n == 1 else many}" for one, many in _UNITS)
    for n in range(1, 6)
}
