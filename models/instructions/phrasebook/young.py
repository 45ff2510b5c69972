"""Requests about age (degree 5 is the youngest: "younger" raises the degree)."""
from __future__ import annotations

INCREASE = (
    "Make the face {amount} younger.",
    "The person could look {amount} younger.",
    "Can you make them look {amount} more youthful?",
    "Make the person appear {amount} younger, please.",
    "I want the face to be {amount} more youthful.",
    "Reduce the age {steps}.",
    "Let's try a look that is {amount} younger.",
    "Rejuvenate the face {steps}.",
    "The face should seem {amount} less aged.",
    "Turn back the clock {steps}.",
    "Could the person seem {amount} younger?",
)
DECREASE = (
    "Make the face {amount} older.",
    "The person could look {amount} older.",
    "Can you make them look {amount} more mature?",
    "Age the face {steps}.",
    "I want the face to be {amount} more aged.",
    "Make the person appear {amount} older, please.",
    "Let's try a look that is {amount} older.",
    "Add years to the face {steps}.",
    "The face should seem {amount} more weathered.",
    "Increase the age {steps}.",
    "Could the person seem {amount} older?",
)
LEVELS = {
    0: ("an elderly person", "a very old person"),
    1: ("an old person", "a senior"),
    2: ("a middle-aged person", "someone in middle age"),
    3: ("a young adult", "someone in their twenties"),
    4: ("a teenager", "a youthful teenager"),
    5: ("a small child", "a young child"),
}
ABSOLUTE = (
    ("Make the person look like {level}.", range(6)),
    ("Turn the face into {level}.", range(6)),
    ("What would they look like as {level}?", range(6)),
    ("Show this person as {level}.", range(6)),
    ("I'd like the face to look like {level}.", range(6)),
    ("Let's see {level} instead.", range(6)),
    ("Make the person look as young as possible.", (5,)),
    ("Picture the face as {level}.", range(6)),
    ("Age the face all the way to old age.", (0,)),
)

LEXICON = {
    # Training-only frames for the words of the held-out templates above (see bangs.LEXICON).
    "increase": (
        "Could you rejuvenate the person {steps}?",
        "Take years off the face {steps}.",
    ),
    "decrease": (
        "Put years on the person {steps}.",
        # "age" as a verb: the other training text has it only in an absolute request and as a noun
        # in "Reduce/Increase the age", which read the held-out "Age the face {steps}." backwards.
        "Could you age the person {steps}?",
    ),
    "absolute": (
        ("Picture this person as {level}.", range(6)),
    ),
}
UNSEEN_WORDS = {
    # Probe only: the direction lives in a word no training text contains.
    "increase": ("Make the face look {amount} fresher.",),
    "decrease": ("Make the skin {amount} wrinklier.", "Make the person look {amount} greyer."),
}
