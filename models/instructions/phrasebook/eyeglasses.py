"""Requests about eyeglasses (degree: none, thin, thick, lightly tinted, tinted, sunglasses)."""
from __future__ import annotations

INCREASE = (
    "Make the glasses {amount} more obvious.",
    "The eyeglasses could be {amount} thicker.",
    "Make the lenses {amount} darker.",
    "I'd like the glasses to stand out {amount} more.",
    "Can the frames be {amount} heavier?",
    "Let's make the glasses {amount} more prominent.",
    "Darken the lenses {steps}.",
    "The glasses should be {amount} bolder.",
    "Go {amount} heavier on the eyewear.",
    "Make the eyewear {amount} more visible.",
    "Turn the glasses up {steps}.",
)
DECREASE = (
    "Make the glasses {amount} less obvious.",
    "The eyeglasses could be {amount} thinner.",
    "Make the lenses {amount} lighter.",
    "Tone the glasses down {steps}.",
    "I want the glasses to be {amount} more subtle.",
    "Can the frames be {amount} lighter?",
    "The lenses are too dark, make them {amount} clearer.",
    "Let's make the eyewear {amount} less noticeable.",
    "Lighten the glasses {steps}.",
    "Could you make the glasses {amount} less heavy?",
    "I kind of want the glasses to be {amount} less striking.",
)
LEVELS = {
    0: ("no glasses at all", "no glasses", "no eyewear"),
    1: ("thin glasses", "thin-framed glasses", "light wire-frame glasses"),
    2: ("thick glasses", "thick-framed glasses", "heavy frames"),
    3: ("lightly tinted glasses", "glasses with a light tint"),
    4: ("tinted glasses", "darkly tinted glasses"),
    5: ("sunglasses", "dark sunglasses", "big dark shades"),
}
ABSOLUTE = (
    ("Let's add {level}.", range(1, 6)),
    ("What about {level}?", range(6)),
    ("I'd prefer {level}.", range(6)),
    ("Put {level} on the face.", range(1, 6)),
    ("Try {level} instead.", range(6)),
    ("Give the person {level}.", range(1, 6)),
    ("Take the glasses off entirely.", (0,)),
    ("Swap the eyewear for {level}.", range(1, 6)),
    ("How would {level} look?", range(6)),
    ("Remove the glasses, please.", (0,)),
)

LEXICON = {
    # Training-only frames for the words of the held-out templates above (see bangs.LEXICON).
    "increase": (
        "Make the frames {amount} bolder.",
        "Let the glasses stand out {steps}.",
    ),
    "decrease": (
        "Make the glasses {amount} less noticeable.",
    ),
    "absolute": (
        ("Put {level} on the person.", range(1, 6)),
        ("Swap the glasses for {level}.", range(1, 6)),
    ),
}
UNSEEN_WORDS = {
    # Probe only: the direction lives in a word no training text contains.
    "increase": ("Make the spectacles {amount} chunkier.",),
    "decrease": ("Make the glasses {amount} daintier.", "Make the lenses {amount} paler."),
}
