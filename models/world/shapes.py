"""Signed-distance primitives on broadcast coordinate grids.

Every function takes image coordinates ``x`` [1, N] and ``y`` [N, 1] (float32, image
units: the image spans -1..1 on both axes, ``y`` pointing down) and returns an
approximate signed distance [N, N] float32 in image units, negative inside the shape.
Shapes are anti-aliased by :meth:`Canvas.coverage`, which only needs the distance to be
accurate within a pixel or two of the edge, so cheap approximations suffice.
"""
from __future__ import annotations

import functools

import numpy as np


def ellipse(x: np.ndarray, y: np.ndarray, centre: tuple[float, float], radii: tuple[float, float]) -> np.ndarray:
    """Axis-aligned ellipse; ``radii`` = (half-width, half-height)."""
    rx, ry = radii
    r = np.sqrt(((x - centre[0]) / rx) ** 2 + ((y - centre[1]) / ry) ** 2)
    return (r - 1.0) * min(rx, ry)


def rounded_box(
    x: np.ndarray, y: np.ndarray, centre: tuple[float, float], half: tuple[float, float], radius: float
) -> np.ndarray:
    """Axis-aligned box of half-size ``half`` with corners rounded by ``radius``."""
    qx = np.abs(x - centre[0]) - (half[0] - radius)
    qy = np.abs(y - centre[1]) - (half[1] - radius)
    outside = np.sqrt(np.maximum(qx, 0.0) ** 2 + np.maximum(qy, 0.0) ** 2)
    inside = np.minimum(np.maximum(qx, qy), 0.0)
    return outside + inside - radius


def stroke(x: np.ndarray, y: np.ndarray, points: np.ndarray, half_width: float) -> np.ndarray:
    """Polyline through ``points`` [K, 2] (image units) thickened to ``half_width``, round caps."""
    start, end = points[:-1], points[1:]
    px = x[None] - start[:, 0, None, None]
    py = y[None] - start[:, 1, None, None]
    dx = (end[:, 0] - start[:, 0])[:, None, None]
    dy = (end[:, 1] - start[:, 1])[:, None, None]
    t = np.clip((px * dx + py * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0.0, 1.0)
    distance = np.sqrt((px - t * dx) ** 2 + (py - t * dy) ** 2).min(axis=0)
    return distance - half_width


def union(*distances: np.ndarray) -> np.ndarray:
    """Inside any of the shapes (operands broadcast against each other)."""
    return functools.reduce(np.minimum, distances)


def intersection(*distances: np.ndarray) -> np.ndarray:
    """Inside all of the shapes (operands broadcast against each other)."""
    return functools.reduce(np.maximum, distances)
