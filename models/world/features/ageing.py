"""The ``young`` attribute: greying, pallor, wrinkles; for the youngest, rosy cheeks and large eyes."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .. import shapes
from ..canvas import Canvas
from ..geometry import BROW_V, EYE_V, MOUTH_V, FaceFrame
from ..identity import RGB, Identity, as_rgb

# Indexed by the ``young`` degree (0 = elderly, 5 = childlike).
_GREY = (0.92, 0.68, 0.42, 0.18, 0.04, 0.0)
_PALLOR = (0.28, 0.18, 0.09, 0.03, 0.0, 0.0)
_WRINKLES = (0.55, 0.4, 0.26, 0.13, 0.0, 0.0)
_BLUSH = (0.0, 0.0, 0.0, 0.0, 0.25, 0.5)
_EYE_SCALE = (1.0, 1.0, 1.0, 1.0, 1.06, 1.14)  # children's eyes are large for their face

_WHITE_HAIR = np.array((0.88, 0.88, 0.86))
_BLUSH_COLOUR = (0.93, 0.42, 0.42)


@dataclass(frozen=True)
class AgeLook:
    """Colours and mark strengths of an identity at one ``young`` degree (RGB in [0, 1])."""

    skin: RGB
    hair: RGB
    brows: RGB
    beard: RGB
    wrinkles: float  # opacity of wrinkle lines
    blush: float  # opacity at the centre of each cheek
    eye_scale: float  # multiplies the identity's eye size

    @classmethod
    def of(cls, identity: Identity, young: int) -> AgeLook:
        hair = np.asarray(identity.hair)
        grey = _GREY[young]
        greyed = hair + grey * (_WHITE_HAIR - hair)
        skin = np.asarray(identity.skin)
        # Ageing skin loses colour towards its own brightness rather than towards one grey.
        washed = skin.mean() * np.array((1.04, 1.0, 0.97)) + 0.05
        aged_skin = np.clip(skin + _PALLOR[young] * (washed - skin), 0.0, 1.0)
        return cls(
            skin=as_rgb(aged_skin),
            hair=as_rgb(greyed),
            brows=as_rgb(greyed * 0.8 + 0.1 * grey),
            beard=as_rgb(greyed * 0.9),
            wrinkles=_WRINKLES[young],
            blush=_BLUSH[young],
            eye_scale=_EYE_SCALE[young],
        )


def paint_age_marks(canvas: Canvas, frame: FaceFrame, look: AgeLook) -> None:
    """Rosy cheeks or wrinkles drawn on the skin; labels are left as skin."""
    if look.blush > 0:
        radii = (0.2 * frame.w, 0.14 * frame.h)
        for side in (-1.0, 1.0):
            centre = frame.point(side * 0.5, 0.3)
            window = canvas.window_around(np.array([centre]), radii[0])
            radius = shapes.ellipse(window.x, window.y, centre, radii)
            falloff = np.clip(-radius / radii[1], 0.0, 1.0)
            canvas.paint(look.blush * falloff, _BLUSH_COLOUR, window=window)
    if look.wrinkles > 0:
        line = np.asarray(look.skin) * 0.55
        for points, weight in _wrinkle_lines(frame):
            width = 0.009 + 0.005 * weight
            polyline = frame.points(points)
            window = canvas.window_around(polyline, width)
            alpha = canvas.coverage(shapes.stroke(window.x, window.y, polyline, width))
            canvas.paint(alpha * look.wrinkles * weight, line, window=window)


def _wrinkle_lines(frame: FaceFrame) -> list[tuple[np.ndarray, float]]:
    """Polylines in head units with a relative strength each."""
    s = frame.identity.eye_spacing
    hairline = frame.identity.hairline
    lines = []
    forehead = np.linspace(-0.4, 0.4, 7)
    for k, depth in enumerate((0.3, 0.5, 0.7)):
        v = BROW_V + depth * (hairline - BROW_V) + 0.02 * np.cos(forehead * 5 + k)
        lines.append((np.stack([forehead, v], axis=1), 1.0 - 0.2 * k))
    for side in (-1.0, 1.0):
        corner = side * (s + 0.2)
        for dv in (-0.07, 0.0, 0.07):
            lines.append((np.array([(corner, EYE_V + dv * 0.5), (corner + side * 0.12, EYE_V + dv * 1.6)]), 0.8))
        bag = np.linspace(-0.13, 0.13, 5)
        lines.append((np.stack([side * s + bag, EYE_V + 0.12 + 0.03 * (1 - (bag / 0.13) ** 2)], axis=1), 0.9))
        lines.append((np.array([(side * 0.17, 0.3), (side * 0.3, 0.42), (side * 0.36, MOUTH_V + 0.08)]), 1.0))
        lines.append((np.array([(side * 0.34, MOUTH_V + 0.1), (side * 0.32, MOUTH_V + 0.3)]), 0.7))
    return lines

