"""Calling a compute stage on a batch so that one failure costs only its own request."""
from __future__ import annotations

from .request import Request
from .stages import ComputeStage


def call_with_fallback(stage: ComputeStage, batch: list[Request]) -> None:
    """Run a batch; if the batched call fails, retry one request at a time so one bad input (or a
    batch too large for memory) costs only its own request, which is recorded as a stage error."""
    # Stages replace payloads rather than mutate them, so references are enough to roll back.
    saved = [(r.payload, r.received, r.failure, r.status, dict(r.radio)) for r in batch]
    try:
        stage.call(batch)
        return
    except Exception as error:  # a model failure is a recorded outcome, not a crashed run
        if len(batch) == 1:
            _mark_error(stage, batch[0], error)
            return
    for request, (payload, received, failure, status, radio) in zip(batch, saved):
        request.payload, request.received, request.failure, request.status = payload, received, failure, status
        request.radio = radio
        try:
            stage.call([request])
        except Exception as error:
            _mark_error(stage, request, error)


def _mark_error(stage: ComputeStage, request: Request, error: Exception) -> None:
    request.failure = f"{stage.name} raised {error.__class__.__name__}: {error}"
    request.status = "stage_error"
