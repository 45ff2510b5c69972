"""PNG output and contact sheets for checking the attribute degrees by eye."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .attributes import NUM_ATTRIBUTES, NUM_DEGREES
from .face import Face
from .identity import Identity
from .render import render

SHEET_BASE_DEGREES = (0, 0, 0, 1, 4)
"""Degrees of the attributes a contact-sheet row is not varying: a plain young adult."""


def contact_sheet(identity: Identity, size: int = 64, base_degrees=SHEET_BASE_DEGREES) -> torch.Tensor:
    """Image [3, 5·size, 6·size] float32: row i varies attribute i over degrees 0..5."""
    sheet = torch.zeros(3, NUM_ATTRIBUTES * size, NUM_DEGREES * size)
    base = Face(identity, tuple(base_degrees))
    for attribute in range(NUM_ATTRIBUTES):
        for degree in range(NUM_DEGREES):
            image, _ = render(base.with_degree(attribute, degree), size)
            sheet[:, attribute * size : (attribute + 1) * size, degree * size : (degree + 1) * size] = image
    return sheet


def save_png(image: torch.Tensor, path: str | Path, scale: int = 1) -> Path:
    """Write ``image`` [3, H, W] float in [0, 1] as an 8-bit PNG, enlarged ``scale`` times (nearest)."""
    pixels = (image.clamp(0, 1) * 255).round().to(torch.uint8).permute(1, 2, 0).numpy()
    if scale > 1:
        pixels = np.repeat(np.repeat(pixels, scale, axis=0), scale, axis=1)
    path = Path(path)
    Image.fromarray(pixels, "RGB").save(path)
    return path


def save_contact_sheet(identity: Identity, path: str | Path, size: int = 64, scale: int = 2) -> Path:
    """Write :func:`contact_sheet` of ``identity`` to ``path``."""
    return save_png(contact_sheet(identity, size), path, scale)
