"""Instruction: one edit request and the degrees it asks for."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from models.world.attributes import ATTRIBUTES, MAX_DEGREE, NUM_ATTRIBUTES


@dataclass(frozen=True)
class Instruction:
    """An edit request in words and its meaning.

    ``attribute`` indexes :data:`ATTRIBUTES`; ``direction`` is +1 (more of the
    attribute; for ``young``, younger) or -1; ``change`` is the number of degrees, 1..5.
    These three are the text-encoder labels (i_tar, d_tar, Δ_tar of Editable-DeepSC).
    An absolute request ("no beard at all") also sets ``target``, the degree it names;
    its direction and change then describe the step from the face it was made for.
    ``template`` is the id of the template that produced ``text``.
    """

    attribute: int
    direction: int
    change: int
    text: str
    target: int | None = None
    template: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.attribute < NUM_ATTRIBUTES:
            raise ValueError(f"attribute {self.attribute} outside 0..{NUM_ATTRIBUTES - 1}")
        if self.direction not in (-1, 1) or not 1 <= self.change <= MAX_DEGREE:
            raise ValueError(f"need direction ±1 and change 1..{MAX_DEGREE}, got {self.direction}, {self.change}")
        if self.target is not None and not 0 <= self.target <= MAX_DEGREE:
            raise ValueError(f"target {self.target} outside 0..{MAX_DEGREE}")

    @property
    def attribute_name(self) -> str:
        return ATTRIBUTES[self.attribute]

    def is_feasible(self, degrees) -> bool:
        """Whether the edit moves ``degrees`` [5] to a different degree without leaving 0..5."""
        current = int(degrees[self.attribute])
        if self.target is not None:
            return self.target != current
        return 0 <= current + self.direction * self.change <= MAX_DEGREE


def resolve(instruction: Instruction, degrees) -> torch.Tensor:
    """Target degrees [5] int64: ``degrees`` (any int sequence or tensor [5]) after the edit.

    A relative request is clipped to 0..5 (Editable-DeepSC eq. 10), so applying it to
    degrees it was not made for still gives valid degrees.

    >>> resolve(Instruction(2, -1, 2, "Trim the beard a fair bit shorter."), [0, 1, 3, 2, 4]).tolist()
    [0, 1, 1, 2, 4]
    """
    target = torch.as_tensor(degrees, dtype=torch.int64).clone()
    i = instruction.attribute
    if instruction.target is not None:
        target[i] = instruction.target
    else:
        target[i] = int(torch.clamp(target[i] + instruction.direction * instruction.change, 0, MAX_DEGREE))
    return target
