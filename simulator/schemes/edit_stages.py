"""Stages shared by the editing schemes: inversion, editing, and the receiver's generator."""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

import numpy as np
import torch

from simulator.request import Payload, Request
from simulator.scenario.scheme_params import EditingParams
from simulator.stages import ComputeStage, NodeRole


@lru_cache(maxsize=1)
def editing_models():
    """The Editable-DeepSC model set, loaded once per process."""
    from models.editing.pipeline import EditableDeepSC

    return EditableDeepSC.load()


@lru_cache(maxsize=8)
def adapters(snr_db: float):
    from models.editing.adapter_training import load

    return load(snr_db=snr_db)


def inversion_stage(placement: NodeRole, params: EditingParams, source: Callable[[Request], np.ndarray]) -> ComputeStage:
    """SE_I on ``source(request)`` images, B of them as one optimisation (``params.r_inv`` iterations,
    Φ-feature weight ``params.inversion_features``); payload: W+ latents. P's reading of those images
    goes with them (``edit['source_degrees']``): eq. 10 starts from it."""

    def run_batch(requests: list[Request]) -> None:
        system = editing_models()
        images = torch.from_numpy(np.stack([source(r) for r in requests])).float()
        result = system.invert(images, params.r_inv, params.inversion_features)
        degrees = system.P.predict(images)
        for request, ws, iters, read in zip(requests, result.latents.detach(), result.iters_run, degrees):
            request.edit["inversion_iters"] = int(iters)
            request.edit["source_degrees"] = read.tolist()
            request.payload = Payload(ws, meta=dict(request.payload.meta) if request.payload else {})

    return ComputeStage("gan_inversion", placement, lambda r: run_batch([r]), run_batch)


def edit_stage(name: str, placement: NodeRole, params: EditingParams,
               finish: Callable[[list[Request], torch.Tensor], None]) -> ComputeStage:
    """Read each request's instruction text (``edit['text']``), edit its latent with M as the
    scheme's editing knobs ``params`` say (IAM, r_edit, confidence, refinement), then
    ``finish(requests, edited_ws)``. A request without a readable instruction is not edited
    (the refusal is recorded) and its latent passes unchanged. Eq. 10 starts from the
    ``source_degrees`` the inversion stage recorded. What the transmitter planned is
    recorded in ``edit``: ``plan_attribute``, signed ``plan_change``, ``plan_target`` (a_exp of eq. 10)."""

    def run_batch(requests: list[Request]) -> None:
        system = editing_models()
        ws = torch.stack([r.payload.data for r in requests])
        readable = [i for i, r in enumerate(requests) if r.edit.get("text")]
        edited = ws.clone()
        if readable:
            degrees = torch.tensor([requests[i].edit["source_degrees"] for i in readable])
            plan = system.plan([requests[i].edit["text"] for i in readable], degrees)
            # The refinement's channel-noise draws are seeded per batch so a run is reproducible.
            result = system.edit(ws[readable], plan, iam=params.iam, r_edit=params.r_edit,
                                 refine_iters=params.refine_iters, generator=torch.Generator().manual_seed(0),
                                 confidence=params.confidence)
            edited[readable] = result.ws
            for j, i in enumerate(readable):
                requests[i].edit.update(steps=int(result.steps[j]), reached=bool(result.reached[j]),
                                        plan_attribute=int(plan.attribute[j]),
                                        plan_change=int(plan.change[j] * plan.direction[j]),
                                        plan_target=int(plan.target[j]))
        finish(requests, edited)

    return ComputeStage(name, placement, lambda r: run_batch([r]), run_batch)


def render_latents(requests: list[Request], ws: torch.Tensor) -> None:
    """Finish an edit by rendering: payload becomes the edited image [3, 64, 64] float32."""
    with torch.no_grad():
        images = editing_models().G.synthesis(ws).clamp(0, 1)
    for request, image in zip(requests, images):
        request.payload = Payload(image.numpy(), meta=request.payload.meta)


def instruction_at_transmitter(request: Request) -> None:
    request.edit["text"] = request.instruction.text if request.instruction else None
