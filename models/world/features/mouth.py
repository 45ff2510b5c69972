"""The mouth and smile lines of the ``smiling`` attribute."""
from __future__ import annotations

import numpy as np

from .. import shapes
from ..canvas import Canvas
from ..geometry import MOUTH_V, NOSE_TIP_V, FaceFrame
from ..parts import Part
from .ageing import AgeLook

# Indexed by the ``smiling`` degree. Curve: v by which the corners rise above the middle
# (negative: a frown). Opening: v between the lips at the middle. Width: corner u scale.
_CURVE = (-0.1, 0.0, 0.08, 0.13, 0.15, 0.17)
_OPENING = (0.0, 0.0, 0.0, 0.035, 0.1, 0.18)
_WIDTH = (0.88, 1.0, 1.08, 1.16, 1.22, 1.28)
_TEETH = (False, False, False, False, True, True)
_SMILE_LINES = (0.0, 0.0, 0.0, 0.2, 0.38, 0.6)

_INSIDE = (0.24, 0.06, 0.07)
_TEETH_COLOUR = (0.95, 0.94, 0.88)


def paint_smile_lines(canvas: Canvas, frame: FaceFrame, look: AgeLook, smiling: int) -> None:
    """Creases from the nose to beyond the mouth corners, deepening as the smile widens."""
    strength = _SMILE_LINES[smiling]
    if strength == 0:
        return
    corner = frame.identity.mouth_width * _WIDTH[smiling]
    for side in (-1.0, 1.0):
        crease = frame.points(
            [
                (side * 0.17, NOSE_TIP_V + 0.03),
                (side * (corner + 0.02), MOUTH_V - 0.12),
                (side * (corner + 0.06), MOUTH_V),
            ]
        )
        window = canvas.window_around(crease, 0.014)
        alpha = canvas.coverage(shapes.stroke(window.x, window.y, crease, 0.014))
        canvas.paint(alpha * strength, np.asarray(look.skin) * 0.6, window=window)


def paint_mouth(canvas: Canvas, frame: FaceFrame, smiling: int) -> None:
    """Lips, and for the open degrees the dark inside and the upper teeth; labelled mouth."""
    identity = frame.identity
    half_width = identity.mouth_width * _WIDTH[smiling]
    window = frame.window(-half_width, MOUTH_V - 0.3, half_width, MOUTH_V + 0.3)
    u, v = frame.uv(window)
    t = np.clip(u / half_width, -1.0, 1.0)
    taper = np.sqrt(1.0 - t**2)
    curve = _CURVE[smiling]
    middle = MOUTH_V - curve * (t**2 - 0.35)
    opening = 0.5 * _OPENING[smiling] * taper
    top = middle - opening - 0.85 * identity.lip_thickness * taper**0.6
    bottom = middle + opening + 1.1 * identity.lip_thickness * taper**0.6
    sides = (np.abs(u) - half_width) * frame.w
    lips = shapes.intersection((top - v) * frame.h, (v - bottom) * frame.h, sides)
    canvas.paint(canvas.coverage(lips), identity.lips, Part.MOUTH, window)
    if _OPENING[smiling] == 0:
        seam = shapes.intersection(np.abs(v - middle) * frame.h - 0.008, sides)
        canvas.paint(canvas.coverage(seam) * 0.85, np.asarray(identity.lips) * 0.45, Part.MOUTH, window)
        return
    gap_top, gap_bottom = middle - opening, middle + opening
    inside = shapes.intersection((gap_top - v) * frame.h, (v - gap_bottom) * frame.h, sides)
    canvas.paint(canvas.coverage(inside), _INSIDE, Part.MOUTH, window)
    if _TEETH[smiling]:
        teeth_bottom = gap_top + 0.6 * (gap_bottom - gap_top)
        teeth = shapes.intersection(inside, (v - teeth_bottom) * frame.h, (np.abs(u) - 0.8 * half_width) * frame.w)
        canvas.paint(canvas.coverage(teeth), _TEETH_COLOUR, Part.MOUTH, window)
