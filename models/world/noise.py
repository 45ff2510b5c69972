"""Smooth value noise pinned to head coordinates, so textures scale with the face."""
from __future__ import annotations

import numpy as np

_SPAN = 1.6  # the lattice covers u, v in [-_SPAN, _SPAN]: the head plus hair and long beard


def value_noise(seed: int, u: np.ndarray, v: np.ndarray, cells: int) -> np.ndarray:
    """Bilinearly interpolated lattice noise [N, N] float32 in [0, 1].

    ``u`` [1, N] and ``v`` [N, 1] are head coordinates; ``cells`` lattice cells span
    ``2 * _SPAN`` head units, so the pattern is the same at every render size.
    """
    lattice = np.random.default_rng(seed).random((cells + 1, cells + 1), dtype=np.float32)
    fu = np.clip((u + _SPAN) / (2 * _SPAN) * cells, 0.0, cells - 1e-3)
    fv = np.clip((v + _SPAN) / (2 * _SPAN) * cells, 0.0, cells - 1e-3)
    iu, iv = fu.astype(np.int64), fv.astype(np.int64)
    tu, tv = fu - iu, fv - iv
    top = lattice[iv, iu] * (1 - tu) + lattice[iv, iu + 1] * tu
    bottom = lattice[iv + 1, iu] * (1 - tu) + lattice[iv + 1, iu + 1] * tu
    return (top * (1 - tv) + bottom * tv).astype(np.float32)
