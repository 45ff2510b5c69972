"""Face: an identity wearing one degree of each attribute."""
from __future__ import annotations

from dataclasses import dataclass, replace

from .attributes import ATTRIBUTES, MAX_DEGREE, NUM_ATTRIBUTES, attribute_index
from .identity import Identity


@dataclass(frozen=True)
class Face:
    """``degrees`` holds one int 0..5 per attribute, in the order of :data:`ATTRIBUTES`."""

    identity: Identity
    degrees: tuple[int, ...]

    def __post_init__(self) -> None:
        degrees = tuple(int(d) for d in self.degrees)
        if len(degrees) != NUM_ATTRIBUTES or not all(0 <= d <= MAX_DEGREE for d in degrees):
            raise ValueError(f"degrees must be {NUM_ATTRIBUTES} ints in 0..{MAX_DEGREE}, got {self.degrees}")
        object.__setattr__(self, "degrees", degrees)

    def degree(self, attribute: int | str) -> int:
        return self.degrees[attribute_index(attribute)]

    def with_degree(self, attribute: int | str, degree: int) -> Face:
        """The same identity with one attribute changed: rendering it gives the ideal edit."""
        degrees = list(self.degrees)
        degrees[attribute_index(attribute)] = degree
        return replace(self, degrees=tuple(degrees))

    def describe(self) -> str:
        return ", ".join(f"{name}={d}" for name, d in zip(ATTRIBUTES, self.degrees))
