"""Render a face to an image and a part-label map."""
from __future__ import annotations

import torch

from .attributes import BANGS, BEARD, EYEGLASSES, SMILING, YOUNG
from .canvas import Canvas
from .face import Face
from .features.ageing import AgeLook, paint_age_marks
from .features.beard import paint_beard
from .features.eyes import paint_brows, paint_eyes
from .features.glasses import paint_glasses
from .features.hair import paint_back_hair, paint_hair
from .features.head import paint_background, paint_head, paint_neck_and_ears
from .features.mouth import paint_mouth, paint_smile_lines
from .features.nose import paint_nose
from .geometry import FaceFrame


def render(face: Face, size: int = 64) -> tuple[torch.Tensor, torch.Tensor]:
    """Render ``face`` at ``size``×``size`` pixels.

    Returns the image [3, size, size] float32 RGB in [0, 1] and the part labels
    [size, size] int64 (ids of :class:`Part`). Geometry is resolution-independent, so
    size 128 shows the same face as size 64 with finer detail. Rendering the same
    identity with one degree changed is the exact ideal edit: layers an attribute does
    not touch come out bit-identical.

    >>> from models.world import Identity
    >>> import numpy as np
    >>> image, parts = render(Face(Identity.sample(np.random.default_rng(0)), (0, 1, 2, 3, 4)))
    >>> image.shape, image.dtype, parts.shape, parts.dtype
    (torch.Size([3, 64, 64]), torch.float32, torch.Size([64, 64]), torch.int64)
    """
    canvas = Canvas(size)
    frame = FaceFrame(face.identity, canvas)
    degrees = face.degrees
    look = AgeLook.of(face.identity, degrees[YOUNG])
    # Back to front; the order decides which layer owns a pixel's label.
    paint_background(canvas, frame)
    paint_back_hair(canvas, frame, look)
    paint_neck_and_ears(canvas, frame, look)
    paint_head(canvas, frame, look)
    paint_age_marks(canvas, frame, look)
    paint_smile_lines(canvas, frame, look, degrees[SMILING])
    paint_nose(canvas, frame, look)
    paint_beard(canvas, frame, look, degrees[BEARD])
    paint_mouth(canvas, frame, degrees[SMILING])
    paint_eyes(canvas, frame, look)
    paint_brows(canvas, frame, look)
    paint_hair(canvas, frame, look, degrees[BANGS])
    paint_glasses(canvas, frame, degrees[EYEGLASSES])
    image, parts = canvas.finish()
    return torch.from_numpy(image), torch.from_numpy(parts)
