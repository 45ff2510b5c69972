"""Requests about the smile (degree: frown, neutral, faint, broad, toothy, laughing)."""
from __future__ import annotations

INCREASE = (
    "Smile {amount} more.",
    "Make the smile {amount} bigger.",
    "The smile could be {amount} wider.",
    "Can the person look {amount} happier?",
    "I kind of want the smile to be {amount} more obvious.",
    "Make the expression {amount} more cheerful.",
    "Widen the smile {steps}.",
    "Let's see {amount} more of a smile.",
    "Turn the grin up {steps}.",
    "The face should look {amount} more joyful.",
    "Could you make the mouth smile {amount} more?",
)
DECREASE = (
    "Smile {amount} less.",
    "Make the smile {amount} smaller.",
    "I kind of want the smile to be {amount} less obvious.",
    "The expression could be {amount} more serious.",
    "Can the person look {amount} less happy?",
    "Tone down the smile {steps}.",
    "Make the grin {amount} subtler.",
    "Let's have {amount} less of a smile.",
    "Narrow the smile {steps}.",
    "The face should look {amount} more solemn.",
    "Could the mouth relax {amount} more?",
)
LEVELS = {
    0: ("a frown", "a slight frown", "a sad expression"),
    1: ("a neutral expression", "a straight face", "a relaxed, closed mouth"),
    2: ("a faint smile", "a gentle closed smile"),
    3: ("a broad closed smile", "a warm smile with parted lips"),
    4: ("a big smile showing teeth", "a toothy grin"),
    5: ("a wide laugh", "a huge laughing grin"),
}
ABSOLUTE = (
    ("Give the face {level}.", range(6)),
    ("Let's try {level}.", range(6)),
    ("I'd like to see {level}.", range(6)),
    ("Change the expression to {level}.", range(6)),
    ("What about {level}?", range(6)),
    ("Could the person wear {level}?", range(6)),
    ("Stop smiling entirely.", (1,)),
    ("Make the person laugh out loud.", (5,)),
    ("Let the face show {level} instead.", range(6)),
)

LEXICON = {
    # Training-only frames for the words of the held-out templates above (see bangs.LEXICON).
    "increase": (
        "Make the face {amount} happier.",
    ),
    "decrease": (
        "Make the expression {amount} more serious.",
    ),
    "absolute": (
        ("Let them laugh loud.", (5,)),
    ),
}
UNSEEN_WORDS = {
    # Probe only: the direction lives in a word no training text contains.
    "increase": ("Make the face {amount} merrier.",),
    "decrease": ("Make the face look {amount} grumpier.", "Make the mouth {amount} sterner."),
}
