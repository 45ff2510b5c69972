"""Head-relative coordinates: where an identity's features sit on a canvas."""
from __future__ import annotations

import numpy as np

from .canvas import Canvas, Window
from .identity import Identity

# Feature heights in v (head-relative: -1 top of the head, +1 chin), shared by every identity
# so that attribute geometry (fringe length, lens placement, beard line) lines up with them.
BROW_V = -0.2
EYE_V = -0.02
NOSE_TIP_V = 0.27
MOUTH_V = 0.5


class FaceFrame:
    """An identity's head placed on a canvas.

    ``u`` [1, N] and ``v`` [N, 1] (float32) are the canvas sample positions in head
    units: ``u`` = (x - centre_x) / half_width, ``v`` = (y - centre_y) / half_height.
    """

    def __init__(self, identity: Identity, canvas: Canvas) -> None:
        self.identity = identity
        self.canvas = canvas
        self.centre = identity.head_centre
        self.w = identity.head_half_width
        self.h = identity.head_half_height
        self.u = ((canvas.x - self.centre[0]) / self.w).astype(np.float32)
        self.v = ((canvas.y - self.centre[1]) / self.h).astype(np.float32)
        self._head_radius: np.ndarray | None = None

    def point(self, u: float, v: float) -> tuple[float, float]:
        """Image coordinates of the head-relative point (u, v)."""
        return self.centre[0] + u * self.w, self.centre[1] + v * self.h

    def points(self, uv) -> np.ndarray:
        """Image coordinates [K, 2] float32 of head-relative points ``uv`` [K, 2]."""
        uv = np.asarray(uv, dtype=np.float32)
        return np.stack([self.centre[0] + uv[:, 0] * self.w, self.centre[1] + uv[:, 1] * self.h], axis=1)

    def uv(self, window: Window | None = None) -> tuple[np.ndarray, np.ndarray]:
        """``u`` [1, n] and ``v`` [m, 1] over ``window`` (the whole canvas without one)."""
        if window is None:
            return self.u, self.v
        return self.u[:, window.cols], self.v[window.rows, :]

    def window(self, left_u: float, top_v: float, right_u: float, bottom_v: float) -> Window:
        """The canvas window around a head-relative rectangle."""
        left, top = self.point(left_u, top_v)
        right, bottom = self.point(right_u, bottom_v)
        return self.canvas.window(left, top, right, bottom)

    def head_radius(self, window: Window | None = None) -> np.ndarray:
        """Normalised head radius [m, n]: 1 on the outline, the jaw narrowing towards the chin."""
        if self._head_radius is None:
            jaw = 1.0 - self.identity.jaw_taper * np.clip(self.v, 0.0, 1.0) ** 2
            self._head_radius = np.sqrt((self.u / jaw) ** 2 + self.v**2)
        if window is None:
            return self._head_radius
        return self._head_radius[window.rows, window.cols]

    def head_distance(self, window: Window | None = None) -> np.ndarray:
        """Approximate signed distance [m, n] (image units) to the head outline."""
        return (self.head_radius(window) - 1.0) * min(self.w, self.h)
