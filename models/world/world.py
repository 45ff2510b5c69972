"""FaceWorld: an endless population of identities, split into train/validation/test by identity."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from .attributes import NUM_ATTRIBUTES, NUM_DEGREES
from .face import Face
from .identity import Identity
from .render import render

SPLITS = ("train", "validation", "test")
DEFAULT_SPLIT_SIZES = {"train": 100_000, "validation": 5_000, "test": 5_000}


@dataclass(frozen=True)
class FaceBatch:
    """A batch of rendered faces.

    images: [B, 3, H, W] float32 in [0, 1]; degrees: [B, 5] int64 in 0..5;
    parts: [B, H, W] int64 part ids; identity_indices: [B] int64 (index in the world, -1
    when rendered from bare identities); identities: the B :class:`Identity` parameter sets.
    """

    images: torch.Tensor
    degrees: torch.Tensor
    parts: torch.Tensor
    identity_indices: torch.Tensor
    identities: tuple[Identity, ...]

    def faces(self) -> list[Face]:
        return [Face(identity, tuple(d)) for identity, d in zip(self.identities, self.degrees.tolist())]


class FaceWorld:
    """Identities numbered 0, 1, 2, …, each drawn from its own seed ``(seed, index)``.

    Splits are consecutive, disjoint index ranges (train first), so no identity is ever
    shared between training and evaluation, and identity ``i`` is the same whatever
    else was drawn before.

    >>> world = FaceWorld(seed=0)
    >>> batch = world.sample("test", 2, np.random.default_rng(1))
    >>> tuple(batch.images.shape), tuple(batch.degrees.shape), tuple(batch.parts.shape)
    ((2, 3, 64, 64), (2, 5), (2, 64, 64))
    """

    def __init__(self, seed: int, split_sizes: dict[str, int] | None = None) -> None:
        self.seed = seed
        sizes = dict(DEFAULT_SPLIT_SIZES if split_sizes is None else split_sizes)
        if sorted(sizes) != sorted(SPLITS) or min(sizes.values()) < 1:
            raise ValueError(f"split_sizes needs a positive size for each of {SPLITS}, got {sizes}")
        self.ranges: dict[str, range] = {}
        start = 0
        for split in SPLITS:
            self.ranges[split] = range(start, start + sizes[split])
            start += sizes[split]

    def identity(self, index: int) -> Identity:
        """Identity number ``index`` (deterministic in ``(seed, index)``)."""
        return Identity.sample(np.random.default_rng(np.random.SeedSequence((self.seed, index))))

    def split_of(self, index: int) -> str:
        for split, indices in self.ranges.items():
            if index in indices:
                return split
        raise ValueError(f"identity {index} is outside every split")

    def draw_identity_indices(self, split: str, n: int, rng: np.random.Generator) -> np.ndarray:
        """``n`` identity indices [n] int64 drawn uniformly (with replacement) from ``split``."""
        indices = self.split_range(split)
        return rng.integers(indices.start, indices.stop, size=n, dtype=np.int64)

    def sample(
        self, split: str, n: int, rng: np.random.Generator, size: int = 64, degrees: np.ndarray | None = None
    ) -> FaceBatch:
        """Render ``n`` faces of identities from ``split``.

        Degrees are uniform over 0..5 per attribute and independent unless ``degrees``
        [n, 5] (ints) is given. All randomness comes from ``rng``.
        """
        indices = self.draw_identity_indices(split, n, rng)
        if degrees is None:
            degrees = rng.integers(0, NUM_DEGREES, size=(n, NUM_ATTRIBUTES))
        degrees = np.asarray(degrees, dtype=np.int64).reshape(n, NUM_ATTRIBUTES)
        identities = tuple(self.identity(int(i)) for i in indices)
        return render_batch(identities, degrees, size, indices)

    def split_range(self, split: str) -> range:
        """The identity indices of ``split`` (raises ``ValueError`` for an unknown split)."""
        if split not in self.ranges:
            raise ValueError(f"unknown split {split!r}; expected one of {', '.join(SPLITS)}")
        return self.ranges[split]


def render_batch(
    identities: tuple[Identity, ...], degrees: np.ndarray, size: int = 64, indices: np.ndarray | None = None
) -> FaceBatch:
    """Render each identity with its row of ``degrees`` [B, 5] into one :class:`FaceBatch`.

    Rendering a batch's identities with edited degrees gives the ideal edited images.
    """
    rendered = [render(Face(identity, tuple(row)), size) for identity, row in zip(identities, degrees.tolist())]
    if indices is None:
        indices = np.full(len(identities), -1, dtype=np.int64)
    return FaceBatch(
        images=torch.stack([image for image, _ in rendered]),
        degrees=torch.as_tensor(degrees, dtype=torch.int64),
        parts=torch.stack([parts for _, parts in rendered]),
        identity_indices=torch.as_tensor(indices, dtype=torch.int64),
        identities=identities,
    )
