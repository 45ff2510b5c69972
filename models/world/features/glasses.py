"""The ``eyeglasses`` attribute: frames, lens tint and sunglasses."""
from __future__ import annotations

import numpy as np

from .. import shapes
from ..canvas import Canvas
from ..geometry import EYE_V, FaceFrame
from ..parts import Part

# Indexed by the ``eyeglasses`` degree. Frame half-thickness in image units (so the same
# fraction of the face at every size; thin frames are just over one pixel wide at 64×64,
# so every frame crosses some pixel centre and owns a label there).
_FRAME = (0.0, 0.02, 0.036, 0.036, 0.038, 0.042)
_TINT = (0.0, 0.0, 0.0, 0.35, 0.68, 0.94)  # lens opacity
_LENS_SCALE = (1.0, 1.0, 1.0, 1.0, 1.05, 1.2)


def paint_glasses(canvas: Canvas, frame: FaceFrame, eyeglasses: int) -> None:
    """Paint glasses of degree 0..5; frames and tinted lenses are labelled glasses."""
    if eyeglasses == 0:
        return
    identity = frame.identity
    scale = _LENS_SCALE[eyeglasses]
    half = (0.25 * frame.w * scale, 0.16 * frame.h * scale)
    thickness = _FRAME[eyeglasses]
    lens_v = EYE_V + 0.01 + 0.04 * (scale - 1.0)
    window = frame.window(-1.0, lens_v - 0.3 * scale, 1.0, lens_v + 0.3 * scale)
    x, y = window.x, window.y
    lenses, centres = [], []
    for side in (-1.0, 1.0):
        centre = frame.point(side * identity.eye_spacing, lens_v)
        centres.append(centre)
        lenses.append(shapes.rounded_box(x, y, centre, half, 0.45 * min(half)))
    lens = shapes.union(*lenses)
    tint = _TINT[eyeglasses]
    if tint > 0:
        cover = canvas.coverage(lens)
        canvas.paint(cover * tint, identity.lens_tint, window=window)
        canvas.label(cover >= 0.5, Part.GLASSES, window)
    bar_y = centres[0][1] - 0.45 * half[1]
    bridge = np.array([(centres[0][0] + half[0], bar_y), (centres[1][0] - half[0], bar_y)])
    arm_end = frame.point(0.99, lens_v - 0.08)
    arms = [
        np.array([(centres[1][0] + half[0], bar_y), arm_end]),
        np.array([(centres[0][0] - half[0], bar_y), (2 * frame.centre[0] - arm_end[0], arm_end[1])]),
    ]
    rims = np.abs(lens) - thickness
    bars = [shapes.stroke(x, y, points, thickness) for points in (bridge, *arms)]
    canvas.paint(canvas.coverage(shapes.union(rims, *bars)), identity.frame, Part.GLASSES, window)
