"""A request and the payload it carries from stage to stage."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass
class Payload:
    """What the next stage receives.

    Attributes:
        data: bytes, a tensor, or a tuple of tensors, depending on the stage that produced it.
        bits: the information bits it stands for (what a wired hop must carry).
        channel_uses: complex symbols it occupies on the air (0 until it is modulated).
        meta: stage-to-stage side information (e.g. LDPC framing); never crosses the air.
    """

    data: Any
    bits: int = 0
    channel_uses: int = 0
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Request:
    """One user request: an image that a scheme must deliver, and everything measured on the way.

    ``image`` is float32 [3, H, W] in [0, 1]. ``received`` is set when the last stage succeeds;
    ``failure`` names why it did not (a failed reception is recorded, never dropped); ``status``
    is set only when the cause is not a failed decode (``stage_error``, ``unfinished``).
    For faces, ``face`` is the world's ground truth and ``instruction`` the user's edit request;
    ``edit`` collects what the editing stages decided (attribute, target, steps, text errors).
    """

    request_id: int
    user_id: int
    group: str
    image_id: str
    image: np.ndarray
    created_s: float
    payload: Payload | None = None
    received: np.ndarray | None = None
    failure: str | None = None
    status: str | None = None
    completed_s: float | None = None
    radio: dict[str, float] = field(default_factory=dict)
    air_bits: int = 0
    channel_uses: int = 0
    stage_rows: list[dict[str, Any]] = field(default_factory=list)
    face: Any = None
    instruction: Any = None
    edit: dict[str, Any] = field(default_factory=dict)
