"""The ``beard`` attribute: stubble, moustache and goatee, full and long beards."""
from __future__ import annotations

import numpy as np

from .. import shapes
from ..canvas import Canvas, Window
from ..geometry import FaceFrame
from ..noise import value_noise
from ..parts import Part
from .ageing import AgeLook

# Indexed by the ``beard`` degree.
_STUBBLE = (0.0, 0.3, 0.55, 0.55, 0.0, 0.0)  # opacity of stubble over the whole beard area
_GOATEE = (False, False, False, True, False, False)  # dense hair around the mouth and chin only
_FULL = (False, False, False, False, True, True)  # dense hair over the whole beard area
_LONG = (False, False, False, False, False, True)  # the full beard hangs below the chin


def _beard_area(frame: FaceFrame, window: Window) -> np.ndarray:
    """Signed distance [m, n] to the jaw, cheeks and upper lip where a beard grows."""
    u, v = frame.uv(window)
    # The upper boundary drops from under the nose to the sideburns.
    top = 0.34 - 0.46 * np.clip((np.abs(u) - 0.3) / 0.62, 0.0, 1.0)
    return shapes.intersection(frame.head_distance(window), (top - v) * frame.h)


def paint_beard(canvas: Canvas, frame: FaceFrame, look: AgeLook, beard: int) -> None:
    """Paint the beard of degree 0..5; the whole beard area is labelled beard from degree 1."""
    if beard == 0:
        return
    window = frame.window(-1.0, -0.2, 1.0, 1.4)
    u, v = frame.uv(window)
    area = _beard_area(frame, window)
    seed = frame.identity.texture_seed
    colour = np.asarray(look.beard, dtype=np.float32)
    # Soft edges are clipped to the head so that only a hanging beard reaches the background.
    head = canvas.coverage(frame.head_distance(window))
    soft = canvas.coverage(area, softness=0.03) * head
    canvas.label(soft >= 0.5, Part.BEARD, window)
    if _STUBBLE[beard] > 0:
        speckle = value_noise(seed, u, v, 90)
        # Stubble reads as a shadow of the hair colour, so it shows even for fair hair.
        canvas.paint(soft * _STUBBLE[beard] * (0.45 + 0.9 * speckle), colour * 0.5, window=window)
    dense = None
    if _GOATEE[beard]:
        dense = canvas.coverage(shapes.intersection(area, (np.abs(u) - 0.42) * frame.w), softness=0.015) * head
    if _FULL[beard]:
        dense = canvas.coverage(area, softness=0.015) * head
    if _LONG[beard]:
        hanging = shapes.ellipse(window.x, window.y, frame.point(0.0, 0.98), (0.62 * frame.w, 0.36 * frame.h))
        dense = np.maximum(dense, canvas.coverage(hanging, softness=0.015))
    if dense is not None:
        tufts = value_noise(seed + 1, u, v, 70)
        shade = colour[:, None, None] * (0.82 + 0.28 * tufts)
        canvas.paint(dense * 0.95, shade, Part.BEARD, window)
