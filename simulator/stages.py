"""Stages: the units of work a scheme is made of, each placed on a node role."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Literal

from .request import Request

NodeRole = Literal["ue", "gnb", "edge"]


@dataclass(frozen=True)
class ComputeStage:
    """A model or codec call on the node ``placement``; ``run`` transforms ``request.payload`` in place.

    ``run`` may set ``request.failure`` (e.g. a CRC error); later stages are then skipped.
    ``run_batch``, when given, handles several requests in one call (e.g. one batched forward
    pass); otherwise a batch is served by calling ``run`` for each request in turn.
    """

    name: str
    placement: NodeRole
    run: Callable[[Request], None]
    run_batch: Callable[[list[Request]], None] | None = None
    kind: str = "compute"

    def call(self, requests: list[Request]) -> None:
        if self.run_batch is not None:
            self.run_batch(requests)
        else:
            for request in requests:
                self.run(request)


@dataclass(frozen=True)
class RadioStage:
    """The uplink: ``request.payload.data`` (complex64 [N] symbols) crosses the cell's OFDM channel.

    Afterwards the payload holds ``(x_hat complex64 [N], no_eff float32 [N])``, the equalised
    symbols and their effective noise variance.
    """

    name: str = "uplink"
    kind: str = "radio"
    placement: NodeRole = "ue"


@dataclass(frozen=True)
class WiredStage:
    """The backhaul from gNB to edge: ``request.payload.bits`` are serialised over the link."""

    name: str = "backhaul"
    kind: str = "wired"
    placement: NodeRole = "gnb"


Stage = ComputeStage | RadioStage | WiredStage
