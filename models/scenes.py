"""Procedurally generated test images: smooth gradients with shapes, reproducible from a seed.

They stand in for natural images until a scenario asks for the synthetic face world: JPEG
compresses them sensibly (smooth regions plus sharp edges), and nothing has to be downloaded.
"""
from __future__ import annotations

import numpy as np


def generate_scene(rng: np.random.Generator, size: int = 64) -> np.ndarray:
    """One RGB scene.

    Args:
        rng: the generator all draws come from.
        size: side length in pixels.

    Returns:
        float32 array [3, size, size] in [0, 1].

    >>> img = generate_scene(np.random.default_rng(0), 32)
    >>> img.shape, img.dtype, float(img.min()) >= 0.0, float(img.max()) <= 1.0
    ((3, 32, 32), dtype('float32'), True, True)
    """
    yy, xx = np.mgrid[0:size, 0:size].astype(np.float32) / size
    start, end = rng.random(3), rng.random(3)
    angle = rng.uniform(0, 2 * np.pi)
    ramp = np.cos(angle) * xx + np.sin(angle) * yy
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    image = start[:, None, None] * (1 - ramp) + end[:, None, None] * ramp
    for _ in range(int(rng.integers(3, 8))):
        colour = rng.random(3)[:, None, None]
        cx, cy = rng.random(2)
        extent = rng.uniform(0.08, 0.3)
        if rng.random() < 0.5:
            mask = (xx - cx) ** 2 + (yy - cy) ** 2 < extent**2
        else:
            mask = (np.abs(xx - cx) < extent) & (np.abs(yy - cy) < extent * rng.uniform(0.3, 1.0))
        image = np.where(mask[None], colour, image)
    texture = rng.normal(0.0, 0.02, size=(3, size, size))
    return np.clip(image + texture, 0.0, 1.0).astype(np.float32)


def generate_scenes(rng: np.random.Generator, count: int, size: int = 64) -> list[np.ndarray]:
    """``count`` scenes [3, size, size] float32, each from the same generator in turn."""
    return [generate_scene(rng, size) for _ in range(count)]
