"""Per-pixel part labels of a rendered face."""
from __future__ import annotations

from enum import IntEnum


class Part(IntEnum):
    """Label ids of the ``parts`` map returned by :func:`render` (int64 values 0..8).

    A pixel takes the label of the front-most layer covering at least half of its
    centre sample: tinted lenses count as ``GLASSES``, clear lenses show what is behind them,
    and wrinkles or shading keep the label of the skin they are drawn on.
    """

    BACKGROUND = 0
    SKIN = 1
    HAIR = 2
    EYES = 3
    BROWS = 4
    MOUTH = 5
    GLASSES = 6
    BEARD = 7
    NOSE = 8


PART_NAMES: tuple[str, ...] = tuple(part.name.lower() for part in Part)
NUM_PARTS = len(Part)
