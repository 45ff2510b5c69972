"""The nose: a shaded tip with nostrils and a faint bridge shadow (identity only)."""
from __future__ import annotations

import numpy as np

from .. import shapes
from ..canvas import Canvas
from ..geometry import EYE_V, NOSE_TIP_V, FaceFrame
from ..parts import Part
from .ageing import AgeLook


def paint_nose(canvas: Canvas, frame: FaceFrame, look: AgeLook) -> None:
    skin = np.asarray(look.skin)
    size = frame.identity.nose_size
    bridge = frame.points([(0.07, EYE_V + 0.06), (0.09 * size, NOSE_TIP_V - 0.1)])
    window = canvas.window_around(bridge, 0.012 * size)
    shadow = canvas.coverage(shapes.stroke(window.x, window.y, bridge, 0.012 * size))
    canvas.paint(0.35 * shadow, skin * 0.7, window=window)
    window = frame.window(-0.15 * size, NOSE_TIP_V - 0.08 * size, 0.15 * size, NOSE_TIP_V + 0.08 * size)
    x, y = window.x, window.y
    _, v = frame.uv(window)
    tip = shapes.ellipse(x, y, frame.point(0.0, NOSE_TIP_V), (0.13 * frame.w * size, 0.07 * frame.h * size))
    # Darker underneath, as if lit from above.
    underside = np.clip((v - NOSE_TIP_V) / (0.07 * size) * 0.5 + 0.5, 0.0, 1.0)
    canvas.paint(canvas.coverage(tip), skin[:, None, None] * (0.97 - 0.12 * underside), Part.NOSE, window)
    for side in (-1.0, 1.0):
        centre = frame.point(side * 0.06 * size, NOSE_TIP_V + 0.035 * size)
        nostril = shapes.ellipse(x, y, centre, (0.035 * frame.w * size, 0.022 * frame.h * size))
        canvas.paint(canvas.coverage(nostril), skin * 0.4, Part.NOSE, window)
