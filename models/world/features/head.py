"""Background, neck, ears and the skin of the head: identity only, untouched by edits."""
from __future__ import annotations

import numpy as np

from .. import shapes
from ..canvas import Canvas
from ..geometry import FaceFrame
from ..identity import HairStyle
from ..parts import Part
from .ageing import AgeLook


def paint_background(canvas: Canvas, frame: FaceFrame) -> None:
    """A linear two-colour gradient in the identity's direction."""
    identity = frame.identity
    direction = (np.cos(identity.background_angle), np.sin(identity.background_angle))
    t = np.clip((canvas.x * direction[0] + canvas.y * direction[1]) / np.sqrt(2.0) * 0.5 + 0.5, 0.0, 1.0)
    start = np.asarray(identity.background_from, dtype=np.float32)[:, None, None]
    end = np.asarray(identity.background_to, dtype=np.float32)[:, None, None]
    canvas.paint(np.ones_like(t), start + t * (end - start), Part.BACKGROUND)


def paint_neck_and_ears(canvas: Canvas, frame: FaceFrame, look: AgeLook) -> None:
    """Neck (in the head's shadow) and, for cropped hair, the ears; both labelled skin."""
    skin = np.asarray(look.skin)
    top = frame.point(0.0, 0.6)[1]
    neck = shapes.rounded_box(
        canvas.x, canvas.y, (frame.centre[0], (top + 1.2) / 2), (0.52 * frame.w, (1.2 - top) / 2), 0.05
    )
    canvas.paint(canvas.coverage(neck), skin * 0.8, Part.SKIN)
    if frame.identity.hair_style == HairStyle.CROP:
        for side in (-1.0, 1.0):
            ear = shapes.ellipse(canvas.x, canvas.y, frame.point(side * 0.98, 0.02), (0.13 * frame.w, 0.2 * frame.h))
            canvas.paint(canvas.coverage(ear), skin * 0.9, Part.SKIN)


def paint_head(canvas: Canvas, frame: FaceFrame, look: AgeLook) -> None:
    """The face's skin, darkening towards the outline to suggest a rounded head."""
    radius = frame.head_radius()
    shade = 1.0 - 0.22 * np.clip(radius - 0.45, 0.0, 1.0) ** 2
    colour = np.asarray(look.skin, dtype=np.float32)[:, None, None] * shade
    canvas.paint(canvas.coverage(frame.head_distance()), colour, Part.SKIN)
