"""Eyes and eyebrows (identity, except that brows grey and eyes grow with ``young``)."""
from __future__ import annotations

import numpy as np

from .. import shapes
from ..canvas import Canvas
from ..geometry import BROW_V, EYE_V, FaceFrame
from ..parts import Part
from .ageing import AgeLook

_WHITE = (0.96, 0.95, 0.92)
_PUPIL = (0.03, 0.03, 0.03)
_LID = (0.12, 0.09, 0.08)


def paint_eyes(canvas: Canvas, frame: FaceFrame, look: AgeLook) -> None:
    """Whites, irises, pupils and upper lids, labelled eyes."""
    identity = frame.identity
    size = identity.eye_size * look.eye_scale
    radii = (0.16 * frame.w * size, 0.078 * frame.h * size)
    for side in (-1.0, 1.0):
        centre = frame.point(side * identity.eye_spacing, EYE_V)
        window = canvas.window_around(np.array([centre]), radii[0])
        x, y = window.x, window.y
        white = shapes.ellipse(x, y, centre, radii)
        inside = canvas.coverage(white)
        canvas.paint(inside, _WHITE, Part.EYES, window)
        iris_centre = (centre[0], centre[1] + 0.1 * radii[1])
        iris = shapes.ellipse(x, y, iris_centre, (radii[1] * 1.05, radii[1] * 1.05))
        canvas.paint(canvas.coverage(iris) * inside, identity.iris, Part.EYES, window)
        pupil = shapes.ellipse(x, y, iris_centre, (radii[1] * 0.45, radii[1] * 0.45))
        canvas.paint(canvas.coverage(pupil) * inside, _PUPIL, Part.EYES, window)
        upper = y < centre[1] + 0.2 * radii[1]
        lid = canvas.coverage(np.abs(white) - 0.011) * upper
        canvas.paint(lid, _LID, Part.EYES, window)


def paint_brows(canvas: Canvas, frame: FaceFrame, look: AgeLook) -> None:
    """Arched brows above the eyes, labelled brows."""
    identity = frame.identity
    half_width = 0.03 * frame.h * identity.brow_thickness
    t = np.linspace(0.0, 1.0, 6)
    for side in (-1.0, 1.0):
        u = side * (identity.eye_spacing - 0.15 + 0.37 * t)
        v = BROW_V + 0.015 - identity.brow_arch * np.sin(np.pi * t**0.8) + 0.02 * t
        brow = frame.points(np.stack([u, v], 1))
        window = canvas.window_around(brow, half_width)
        alpha = canvas.coverage(shapes.stroke(window.x, window.y, brow, half_width))
        canvas.paint(alpha, look.brows, Part.BROWS, window)
