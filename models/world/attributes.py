"""The five CelebA-Dialog attributes and what each degree looks like in the face world.

Degrees are integers 0..5; a higher degree always means *more of the attribute's name*
(so ``young`` 5 is the youngest face and "make the face younger" raises the degree).

============  ==========================================================================
attribute     degree 0 → 5
============  ==========================================================================
bangs         no fringe; the fringe's lower edge then covers about 1/4, 2/5, 3/5, 4/5 of
              the forehead, and at 5 reaches over the eyebrows
eyeglasses    none; thin frames; thick frames; thick frames with lightly tinted lenses;
              strongly tinted lenses; large opaque sunglasses
beard         clean-shaven; light stubble; heavy stubble; moustache and goatee over
              stubble; full beard; long full beard hanging below the chin
smiling       slight frown; neutral closed mouth; faint closed smile; broad closed smile
              with parted lips; open smile showing teeth; wide laugh with smile lines
young         elderly (white hair, deep wrinkles, pale skin); old; middle-aged
              (greying, fine lines); young adult (faint lines); youthful (smooth, light
              blush); childlike (rosy cheeks, larger eyes)
============  ==========================================================================
"""
from __future__ import annotations

ATTRIBUTES: tuple[str, ...] = ("bangs", "eyeglasses", "beard", "smiling", "young")
NUM_ATTRIBUTES = len(ATTRIBUTES)
MAX_DEGREE = 5
NUM_DEGREES = MAX_DEGREE + 1

BANGS, EYEGLASSES, BEARD, SMILING, YOUNG = range(NUM_ATTRIBUTES)


def attribute_index(attribute: int | str) -> int:
    """Index 0..4 of an attribute given by index or name (raises ``ValueError`` otherwise)."""
    if isinstance(attribute, str):
        if attribute not in ATTRIBUTES:
            raise ValueError(f"unknown attribute {attribute!r}; expected one of {', '.join(ATTRIBUTES)}")
        return ATTRIBUTES.index(attribute)
    if not 0 <= attribute < NUM_ATTRIBUTES:
        raise ValueError(f"attribute index {attribute} outside 0..{NUM_ATTRIBUTES - 1}")
    return int(attribute)
