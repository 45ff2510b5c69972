"""Requests about facial hair (degree: clean-shaven, stubble light/heavy, goatee, full, long)."""
from __future__ import annotations

INCREASE = (
    "Make the beard {amount} thicker.",
    "Let the beard grow {amount} longer.",
    "I'd like {amount} more facial hair.",
    "The beard could be {amount} fuller.",
    "Can you make the beard {amount} bushier?",
    "Add {amount} more beard.",
    "Grow the beard out {steps}.",
    "Give the face {amount} more beard, please.",
    "Thicken the beard {steps}.",
    "The facial hair should be {amount} heavier.",
    "Let's see {amount} more stubble on the chin.",
)
DECREASE = (
    "Make the beard {amount} shorter.",
    "Trim the beard {amount} shorter.",
    "I'd like {amount} less facial hair.",
    "The beard could be {amount} thinner.",
    "Can you make the beard {amount} lighter?",
    "Shave the beard down {steps}.",
    "Thin out the beard {steps}.",
    "The facial hair should be {amount} sparser.",
    "Make the stubble {amount} lighter.",
    "Let's have {amount} less beard, please.",
    "Could the beard be {amount} neater and shorter?",
)
LEVELS = {
    0: ("no beard at all", "no beard", "a clean-shaven face", "a smooth shaven chin"),
    1: ("light stubble", "a hint of stubble"),
    2: ("heavy stubble", "a dark five o'clock shadow"),
    3: ("a moustache and goatee", "a short goatee"),
    4: ("a full beard", "a thick beard"),
    5: ("a long bushy beard", "a long full beard"),
}
ABSOLUTE = (
    ("Let's go with {level}.", range(6)),
    ("What about {level}?", range(6)),
    ("I want {level}.", range(6)),
    ("Let the person grow {level}.", range(1, 6)),
    ("Change the beard to {level}.", range(1, 6)),
    ("How would {level} look?", range(6)),
    ("Shave the beard off completely.", (0,)),
    ("I'd rather see {level}.", range(6)),
    ("No facial hair whatsoever, please.", (0,)),
)

LEXICON = {
    # Training-only frames for the words of the held-out templates above (see bangs.LEXICON).
    "increase": (
        "Make the beard {amount} fuller.",
    ),
    "decrease": (
        "Let the beard grow {amount} sparser.",
    ),
    "absolute": (
        ("I would rather have {level}.", range(6)),
    ),
}
UNSEEN_WORDS = {
    # Probe only: the direction lives in a word no training text contains.
    "increase": ("Make the beard {amount} shaggier.",),
    "decrease": ("Make the beard {amount} patchier.", "Make the chin {amount} smoother."),
}
