"""Requests about the fringe (degree = how far it covers the forehead)."""
from __future__ import annotations

INCREASE = (
    "Make the bangs {amount} longer.",
    "The bangs could be {amount} longer.",
    "Let the fringe grow {amount} longer.",
    "Can you make the bangs {amount} longer?",
    "I'd like the fringe to come down {amount} further.",
    "Bring the bangs {amount} lower on the forehead.",
    "Let's have {amount} more bangs.",
    "Hmm, {amount} longer bangs would look nice.",
    "The bangs should cover {amount} more of the forehead.",
    "Lengthen the bangs {steps}.",
    "Extend the fringe {steps}, please.",
    "Try a fringe that hangs {amount} lower.",
)
DECREASE = (
    "Make the bangs {amount} shorter.",
    "Could the fringe be {amount} shorter?",
    "Show {amount} more of the forehead.",
    "The bangs feel too long, trim them {amount} shorter.",
    "I want {amount} less fringe.",
    "Let's go with {amount} shorter bangs.",
    "Cut the bangs {steps}.",
    "Shorten the fringe {steps}, please.",
    "The bangs should cover {amount} less of the forehead.",
    "Lift the fringe {amount} higher up the forehead.",
    "Please trim the fringe {amount} shorter.",
)
LEVELS = {
    0: ("no bangs at all", "no bangs", "no fringe at all", "a bare forehead"),
    1: ("very short bangs", "a tiny fringe", "bangs that barely touch the forehead"),
    2: ("short bangs", "bangs that cover a third of the forehead"),
    3: ("medium bangs", "bangs that leave half of the forehead visible", "bangs covering half the forehead"),
    4: ("long bangs", "bangs that cover most of the forehead"),
    5: ("very long bangs", "bangs down over the eyebrows", "a full fringe that hides the eyebrows"),
}
ABSOLUTE = (
    ("What about trying {level}?", range(6)),
    ("Let's go for {level}.", range(6)),
    ("I'd like {level}, please.", range(6)),
    ("Style the hair with {level}.", range(1, 6)),
    ("Can we do {level} instead?", range(6)),
    ("How about {level}?", range(6)),
    ("Change the hairstyle to {level}.", range(1, 6)),
    ("I think {level} would suit this face.", range(6)),
    ("Brush the bangs away from the face entirely.", (0,)),
)

LEXICON = {
    # Training-only frames for the words of the held-out templates above, so a held-out template
    # tests a new sentence frame rather than a word the training text never contained.
    "increase": (
        "Hmm, could the bangs be {amount} longer?",
        "It would be nice if the fringe hung {amount} lower.",
        "The fringe hangs too high; bring it {amount} lower.",
    ),
    "decrease": (
        "I feel the fringe should be {amount} shorter.",
        "Could you shorten the bangs {steps}?",
    ),
    "absolute": (
        ("Style the fringe as {level}.", range(1, 6)),
        ("I think this person needs {level}.", range(6)),
        ("Would {level} suit the face?", range(6)),
    ),
}
UNSEEN_WORDS = {
    # Probe only: the direction lives in a word no training text contains.
    "increase": ("Make the fringe {amount} droopier.",),
    "decrease": ("Crop the fringe {steps}.", "Make the bangs {amount} stubbier."),
}
