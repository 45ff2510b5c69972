"""Hair: the identity's style behind and over the head, and the ``bangs`` fringe."""
from __future__ import annotations

import numpy as np

from .. import shapes
from ..canvas import Canvas
from ..geometry import BROW_V, FaceFrame
from ..identity import HairStyle
from ..parts import Part
from .ageing import AgeLook

# Indexed by the ``bangs`` degree: how far the fringe's lower edge comes down, as a
# fraction of the way from the hairline to just below the brows.
_FRINGE_REACH = (0.0, 0.26, 0.44, 0.62, 0.8, 1.0)
_FRINGE_LIMIT_V = BROW_V + 0.08
_SIDE_DROP = {HairStyle.CROP: 0.45, HairStyle.BOB: 0.7, HairStyle.LONG: 0.7}


def _strands(frame: FaceFrame, look: AgeLook, across: np.ndarray, brightness: float) -> np.ndarray:
    """Hair colour [3, N, N] with fine light/dark strands running across ``across``."""
    wave = 0.5 + 0.5 * np.sin(across * 34.0 + 3.0 * np.sin(across * 5.0 + frame.identity.fringe_phase))
    shade = brightness * (0.88 + 0.15 * wave)
    return np.asarray(look.hair, dtype=np.float32)[:, None, None] * shade


def paint_back_hair(canvas: Canvas, frame: FaceFrame, look: AgeLook) -> None:
    """Hair behind the head that hangs beside the face for bob and long styles."""
    identity = frame.identity
    if identity.hair_style == HairStyle.CROP:
        return
    bottom = frame.point(0.0, 0.62)[1] if identity.hair_style == HairStyle.BOB else 1.2
    half_width = frame.w * (1.12 + identity.hair_volume + (0.1 if identity.hair_style == HairStyle.LONG else 0.0))
    crown = frame.point(0.0, -0.05)
    top = shapes.ellipse(canvas.x, canvas.y, crown, (half_width, frame.h * (1.0 + identity.hair_volume)))
    hanging = shapes.rounded_box(
        canvas.x, canvas.y, (crown[0], (crown[1] + bottom) / 2), (half_width, (bottom - crown[1]) / 2), 0.25 * frame.w
    )
    angle = np.arctan2(frame.u, -frame.v - 0.3)
    canvas.paint(canvas.coverage(shapes.union(top, hanging)), _strands(frame, look, angle, 0.8), Part.HAIR)


def paint_hair(canvas: Canvas, frame: FaceFrame, look: AgeLook, bangs: int) -> None:
    """The hair on top of the head and the fringe of ``bangs`` degree 0..5."""
    identity = frame.identity
    outer = shapes.ellipse(
        canvas.x,
        canvas.y,
        frame.point(0.0, -0.04),
        (frame.w * (1.0 + identity.hair_volume), frame.h * (1.0 + 0.8 * identity.hair_volume)),
    )
    hairline = identity.hairline + _SIDE_DROP[identity.hair_style] * np.abs(frame.u) ** 4
    cap = shapes.intersection(outer, (frame.v - hairline) * frame.h)
    angle = np.arctan2(frame.u, -frame.v - 0.3)
    canvas.paint(canvas.coverage(cap), _strands(frame, look, angle, 1.0), Part.HAIR)
    if bangs == 0:
        return
    reach = identity.hairline + _FRINGE_REACH[bangs] * (_FRINGE_LIMIT_V - identity.hairline)
    # Uneven strand tips; the wave is identity-fixed so only the length changes between degrees.
    edge = reach + 0.025 * np.sin(frame.u * 19.0 + identity.fringe_phase) - 0.05 * frame.u**2
    fringe = shapes.intersection(outer, (frame.v - edge) * frame.h, (np.abs(frame.u) - 0.86) * frame.w)
    canvas.paint(canvas.coverage(fringe), _strands(frame, look, frame.u * 1.6, 1.05), Part.HAIR)
