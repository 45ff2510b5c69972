"""A supersampled painter's canvas that keeps a part label per sample."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .parts import Part

SUPERSAMPLE = 3
"""Samples per output pixel along each axis; odd, so one sample sits at each pixel centre."""


@dataclass(frozen=True)
class Window:
    """A rectangle of canvas samples: ``x`` [1, n] and ``y`` [m, 1] are its sample positions.

    Small features are computed and painted inside a window rather than over the
    whole canvas, which is what keeps rendering fast.
    """

    rows: slice
    cols: slice
    x: np.ndarray
    y: np.ndarray


class Canvas:
    """RGB buffer [3, N, N] float32 and part labels [N, N] int64 at ``N = size * SUPERSAMPLE``.

    Layers are painted back to front; :meth:`finish` box-filters the colours down to
    ``size`` (anti-aliasing) and reads each pixel's label at its centre sample.

    >>> canvas = Canvas(8)
    >>> canvas.paint(canvas.coverage(np.hypot(canvas.x, canvas.y) - 0.5), (1.0, 0.0, 0.0), Part.SKIN)
    >>> image, parts = canvas.finish()
    >>> image.shape, parts.shape, int(parts[4, 4]) == Part.SKIN
    ((3, 8, 8), (8, 8), True)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        samples = size * SUPERSAMPLE
        centres = ((np.arange(samples, dtype=np.float32) + 0.5) * (2.0 / samples) - 1.0).astype(np.float32)
        self.x = centres[None, :]
        self.y = centres[:, None]
        self.sample_width = 2.0 / samples
        self.rgb = np.zeros((3, samples, samples), dtype=np.float32)
        self.labels = np.full((samples, samples), int(Part.BACKGROUND), dtype=np.int64)

    def window(self, left: float, top: float, right: float, bottom: float) -> Window:
        """The samples inside the image-unit rectangle, grown by two samples for the edge ramps."""
        samples = self.x.shape[1]
        margin = 2 * self.sample_width

        def index(position: float) -> int:
            return int(np.clip(np.floor((position + 1.0) / self.sample_width), 0, samples))

        rows = slice(index(top - margin), index(bottom + margin) + 1)
        cols = slice(index(left - margin), index(right + margin) + 1)
        return Window(rows, cols, self.x[:, cols], self.y[rows, :])

    def window_around(self, points: np.ndarray, reach: float) -> Window:
        """The window holding ``points`` [K, 2] (image units) and everything within ``reach`` of them."""
        low, high = points.min(axis=0) - reach, points.max(axis=0) + reach
        return self.window(float(low[0]), float(low[1]), float(high[0]), float(high[1]))

    def coverage(self, distance: np.ndarray, softness: float = 0.0) -> np.ndarray:
        """Fraction (float32, shaped like ``distance``) of each sample inside a shape.

        ``softness`` (image units) widens the edge ramp beyond one sample, for blurry
        features such as stubble or blush.
        """
        width = self.sample_width + softness
        return np.clip(0.5 - distance / width, 0.0, 1.0).astype(np.float32)

    def paint(self, alpha: np.ndarray, colour, part: Part | None = None, window: Window | None = None) -> None:
        """Blend ``colour`` (RGB triple or [3, m, n]) with opacity ``alpha`` [m, n] over ``window``.

        Without a window, ``alpha`` covers the whole canvas ([N, N]). Samples with
        ``alpha >= 0.5`` take the label ``part``; ``None`` leaves labels as they are
        (shading and wrinkles belong to whatever they are drawn on).
        """
        rgb, labels = self._region(window)
        colour = np.asarray(colour, dtype=np.float32)
        if colour.ndim == 1:
            colour = colour[:, None, None]
        rgb += alpha * (colour - rgb)
        if part is not None:
            labels[alpha >= 0.5] = int(part)

    def label(self, mask: np.ndarray, part: Part, window: Window | None = None) -> None:
        """Give ``part`` to the samples in ``mask`` (bool, shaped like the window).

        For faint layers, such as stubble or lightly tinted lenses, that own their area
        although they cover less than half of it.
        """
        _, labels = self._region(window)
        labels[mask] = int(part)

    def _region(self, window: Window | None) -> tuple[np.ndarray, np.ndarray]:
        if window is None:
            return self.rgb, self.labels
        return self.rgb[:, window.rows, window.cols], self.labels[window.rows, window.cols]

    def finish(self) -> tuple[np.ndarray, np.ndarray]:
        """Image [3, size, size] float32 in [0, 1] and part labels [size, size] int64."""
        s, k = self.size, SUPERSAMPLE
        image = self.rgb.reshape(3, s, k, s, k).mean(axis=(2, 4))
        parts = self.labels[k // 2 :: k, k // 2 :: k]
        return np.clip(image, 0.0, 1.0).astype(np.float32), np.ascontiguousarray(parts)
