"""Phrasings of edit requests, one module per attribute.

Each module defines ``INCREASE`` and ``DECREASE`` (patterns with an ``{amount}`` or
``{steps}`` slot), ``LEVELS`` (phrases naming each degree 0..5) and ``ABSOLUTE``
(``(pattern, degrees)`` pairs: a ``{level}`` pattern and the degrees whose phrases fit
it, or a literal sentence naming one degree). Order matters: the catalogue holds out
every fourth pattern of each list for testing.
"""
from . import bangs, beard, eyeglasses, smiling, young

BY_ATTRIBUTE = (bangs, eyeglasses, beard, smiling, young)
"""Phrasebook modules in the order of ``models.world.ATTRIBUTES``."""
