"""The editing field M of Joint Editing-Channel Coding and the iterative attribute matching loop.

M (paper eq. 11) proposes a small step in W+ that raises one attribute by one degree; the loop
adds ``direction × M(E)`` until the attribute predictor sees the expected degree (eq. 10) or
``r_edit`` steps were taken.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

from models.world import MAX_DEGREE, NUM_ATTRIBUTES


R_EDIT = 10
"""Default most editing steps of IAM (the paper does not fix r_edit; scenarios default to it too)."""


class EditingField(nn.Module):
    """M(E; γ): one small MLP per attribute, shared over the W+ layers and told which layer it edits.

    Args:
        num_ws, w_dim: the generator's latent shape.
        hidden: MLP width. step_size: bound on each coordinate of a step (tanh-scaled).
        context: width of a linear summary of the *whole* latent that every layer's MLP also sees
            (0: each layer's step depends on that layer's w alone, as in the first models).

    ``forward(ws [B, num_ws, w_dim] float32, attribute [B] int64) → step [B, num_ws, w_dim]``.
    """

    def __init__(self, num_ws: int, w_dim: int, hidden: int = 256, layer_dim: int = 16, step_size: float = 0.5,
                 seed: int = 0, context: int = 0) -> None:
        super().__init__()
        generator = torch.Generator().manual_seed(seed)
        self.num_ws, self.w_dim, self.step_size, self.context = num_ws, w_dim, step_size, context
        self.layer_embedding = nn.Parameter(torch.randn(num_ws, layer_dim, generator=generator) * 0.1)
        self.fields = nn.ModuleList(
            nn.Sequential(nn.Linear(w_dim + layer_dim + context, hidden), nn.LeakyReLU(0.2),
                          nn.Linear(hidden, hidden), nn.LeakyReLU(0.2), nn.Linear(hidden, w_dim))
            for _ in range(NUM_ATTRIBUTES))
        self.summaries = nn.ModuleList(nn.Linear(num_ws * w_dim, context) for _ in range(NUM_ATTRIBUTES if context else 0))
        # fields first, so a context-free M draws the same initial weights as before the option existed
        for parameter in [*self.fields.parameters(), *self.summaries.parameters()]:
            with torch.no_grad():
                parameter.copy_(torch.randn(parameter.shape, generator=generator) * (0.02 if parameter.dim() > 1 else 0.0))

    def forward(self, ws: torch.Tensor, attribute: torch.Tensor) -> torch.Tensor:
        layers = self.layer_embedding.expand(ws.shape[0], -1, -1)
        inputs = torch.cat([ws, layers], dim=2)
        out = torch.zeros_like(ws)
        for index in attribute.unique().tolist():
            rows = attribute == index
            selected = inputs[rows]
            if self.context:
                summary = self.summaries[index](ws[rows].flatten(1))
                selected = torch.cat([selected, summary[:, None].expand(-1, self.num_ws, -1)], dim=2)
            out[rows] = self.fields[index](selected)
        return self.step_size * torch.tanh(out)


@dataclass(frozen=True)
class EditResult:
    """Edited latents [B, num_ws, w_dim], steps taken [B], and whether the target degree was seen [B]."""

    ws: torch.Tensor
    steps: torch.Tensor
    reached: torch.Tensor


@torch.no_grad()
def iterative_edit(G, P, M: EditingField, ws: torch.Tensor, attribute: torch.Tensor, direction: torch.Tensor,
                   target: torch.Tensor, r_edit: int = R_EDIT, iam: bool = True, confidence: float = 0.0) -> EditResult:
    """Eq. 10–11: step ``ws`` along ``±M`` until P(G(ws)) shows ``target`` on ``attribute``.

    With IAM each step goes towards the target from the degree P sees now, so a step that
    overshoots is walked back instead of carrying on past the target; a face whose target is not
    seen within ``r_edit`` steps keeps the latent P read closest to the target (the earliest such),
    not the last one, so a field that oscillates around the target does not wander the other
    attributes off for nothing (on the card's 48 held-out faces, noise-free: preserved 74.5 → 83.9 %,
    same success). With ``iam=False`` (the ablation) M is applied ``|target − start|`` times along
    ``direction`` without checking.

    ``confidence`` > 0 (not in the paper) asks more of the match: the target counts as seen only
    when P gives it at least that probability. A latent P reads as the target with less sits at a
    degree boundary, where the channel's noise tips the receiver's reading back about one time in
    seven at 18 dB (model card); such a latent takes half a step away from the likelier neighbouring
    degree, and the latent kept is the closest reading with the highest probability of the target.
    0 is the paper's rule (P's most likely degree equals a_exp).
    ``attribute``, ``target``: int64 [B]; ``direction``: ±1 int64 [B].
    """
    rows = torch.arange(ws.shape[0])
    probabilities = P(G.synthesis(ws)).softmax(dim=2)[rows, attribute]
    seen = probabilities.argmax(dim=1)
    steps = torch.zeros(ws.shape[0], dtype=torch.int64)
    budget = (target - seen).abs() if not iam else torch.full_like(steps, r_edit)
    closest = _distance(probabilities, seen, target, confidence)
    reached, closest_ws = closest <= -confidence, ws
    for _ in range(r_edit):
        active = ~reached & (steps < budget) if iam else steps < budget
        if not active.any():
            break
        # signed step length in units of M's step: ±1, or ±0.5 to centre a reading on the target
        signed = _heading(probabilities, seen, target, direction) if iam else direction.float()
        step = M(ws[active], attribute[active]) * signed[active].view(-1, 1, 1)
        ws = ws.clone()
        ws[active] = ws[active] + step
        steps[active] += 1
        if iam:
            seen, probabilities = seen.clone(), probabilities.clone()
            probabilities[active] = P(G.synthesis(ws[active])).softmax(dim=2)[rows[: int(active.sum())], attribute[active]]
            seen[active] = probabilities[active].argmax(dim=1)
            distance = _distance(probabilities, seen, target, confidence)
            reached[active] = (distance <= -confidence)[active]
            closest_ws = torch.where((distance < closest).view(-1, 1, 1), ws, closest_ws)
            closest = torch.minimum(closest, distance)
    if iam:
        ws = closest_ws  # a reached target is the closest reading, and those rows stop moving
        reached = closest <= 0  # a distance ≤ 0 is a reading of the target, confident or not
    else:
        reached = P(G.synthesis(ws)).argmax(dim=2)[rows, attribute] == target
    return EditResult(ws, steps, reached)


def _distance(probabilities: torch.Tensor, seen: torch.Tensor, target: torch.Tensor, confidence: float) -> torch.Tensor:
    """[B] float: degrees between reading and target, less the target's probability when confidence counts.

    A reading matches (the target, with at least ``confidence`` probability) exactly when the distance
    is ≤ −confidence: off the target the distance is gap − p ≥ 0, on it −p (or 0 with confidence 0)."""
    gap = (target - seen).abs().float()
    return gap - probabilities[torch.arange(len(seen)), target] if confidence > 0 else gap


def _heading(probabilities: torch.Tensor, seen: torch.Tensor, target: torch.Tensor, direction: torch.Tensor) -> torch.Tensor:
    """Signed length [B] float of the next step, in M's steps: a whole step towards the target, or,
    on the target (but short of the confidence asked), half a step away from the likelier neighbour."""
    rows = torch.arange(len(seen))
    below = probabilities[rows, (target - 1).clamp(min=0)] * (target > 0)
    above = probabilities[rows, (target + 1).clamp(max=MAX_DEGREE)] * (target < MAX_DEGREE)
    on_target = seen == target
    towards = torch.where(on_target, torch.where(below > above, 1, -1), torch.sign(target - seen))
    towards = torch.where(towards == 0, direction, towards)
    return towards * torch.where(on_target, 0.5, 1.0)
