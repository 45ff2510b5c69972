"""Why iterative attribute matching misses: where the editing field M stops and what G can show.

    .venv/bin/python benchmarks/editing_diagnostics.py [--faces 96] [--line-faces 24] [--weights DIR] [--json FILE]

1. **IAM reach, noise-free.** The model card's held-out requests (test faces, held-out
   templates, eq. 10 read off the original), inverted once; then the IAM loop of eq. 11 with M's
   step scaled by ``scale`` and ``budget`` steps: the share of faces on which P ever reads the
   target degree, overall and per attribute. If shorter steps with the same total reach found
   more targets, the misses would be steps jumping over the target.
2. **Degrees on a straight line in W+.** Validation faces rendered twice, identical but for one
   attribute at degree 1 and at degree 4, each inverted; P reads the 31 images on the straight
   line between the two codes. Reported: the share of lines whose ends P reads as 1 and 4, and
   of those, the share on which P reads both 2 and 3 somewhere. Where that share is low, the
   straight path between two degrees has no P-readable intermediate degree (section 3 shows
   whether one lies off it).
3. **Where the ideal edit lies in W+.** The renderer's ideal edit of each request of section 1,
   inverted by SE_I from the encoder's code (as any face is) and, with a short, slow run (lr 0.02,
   60 iterations), from the original's inversion. Both latents are then scored as the card scores
   an edit, noise-free and through AWGN at 18 dB (the card's scoring and draws, so with torch's default
   two threads here its IAM row is the card's 18 dB IAM row), beside the card's IAM: this is what
   an M that landed on SE_I's reading of the ideal edit would reach. Also: the mean distance of
   each from the start, and how much the steps to the nearby one share across faces (cosine of
   each step, per degree of change, with the mean of the other steps on the same attribute).
"""
from __future__ import annotations

import argparse
import json
from typing import Callable, NamedTuple
from pathlib import Path

import numpy as np
import torch

from models.checkpoints import WEIGHTS_DIR
from models.editing.field import iterative_edit
from models.gan.inversion import invert
from models.editing.pipeline import EditableDeepSC
from models.evaluation.channel_draws import CHANNEL_DRAWS, scores_over_awgn
from models.evaluation.editing_eval import held_out_requests, request_scores
from models.world import ATTRIBUTES, FaceWorld, render_batch

STEP_RULES = ((1.0, 10), (1.0, 30), (0.5, 20), (0.25, 40))
"""(scale of M's step, most steps): the card's IAM, more steps, and shorter steps with the same reach."""
LINE_POINTS = 31


class CardRequests(NamedTuple):
    """The card's held-out requests (:func:`held_out_requests` with the card's ``seed``, which also seeds
    its channel draws), inverted once for sections 1 and 3: P's reading of the originals [B, 5], their
    W+ latents [B, num_ws, w_dim] and the text plan."""

    seed: int
    batch: object
    instructions: list
    targets: torch.Tensor
    ideal: torch.Tensor
    reference: torch.Tensor
    ws: torch.Tensor
    plan: object


def card_requests(system: EditableDeepSC, faces: int, seed: int = 5, split: str = "test") -> CardRequests:
    """The card's requests (its faces are the test split; field_distil asks for validation faces)."""
    batch, instructions, targets, ideal = held_out_requests(faces, seed, split)
    reference = system.P.predict(batch.images)
    ws = system.invert(batch.images).latents.detach()
    return CardRequests(seed, batch, instructions, targets, ideal, reference, ws,
                        system.plan([i.text for i in instructions], reference))


def request_scorer(system: EditableDeepSC, requests: CardRequests) -> Callable[[torch.Tensor], dict[str, torch.Tensor]]:
    """The card's per-request scores (:func:`request_scores`) of received images [B, 3, 64, 64] for ``requests``."""
    attribute = torch.tensor([i.attribute for i in requests.instructions])
    with torch.no_grad():
        inverted_degrees = system.P.predict(system.G.synthesis(requests.ws).clamp(0, 1))

    def score(images: torch.Tensor) -> dict[str, torch.Tensor]:
        return request_scores(system, images, requests.batch.images, requests.ideal, attribute, requests.targets,
                              requests.reference, inverted_degrees)
    return score


def iam_reach(system: EditableDeepSC, requests: CardRequests) -> list[dict]:
    """Per step rule: share of requests on which P read the target at some step, noise-free."""
    return [_reach(system, requests.ws, requests.plan, scale, budget) for scale, budget in STEP_RULES]


def _reach(system: EditableDeepSC, ws: torch.Tensor, plan, scale: float, budget: int) -> dict:
    """The card's IAM (:func:`iterative_edit`) with M's step times ``scale`` and ``budget`` steps."""
    def scaled(latents: torch.Tensor, attribute: torch.Tensor) -> torch.Tensor:
        return scale * system.M(latents, attribute)

    hit = iterative_edit(system.G, system.P, scaled, ws, plan.attribute, plan.direction, plan.target, budget).reached
    per = {name: float(hit[plan.attribute == a].float().mean()) for a, name in enumerate(ATTRIBUTES)
           if (plan.attribute == a).any()}
    return {"scale": scale, "budget": budget, "reached": float(hit.float().mean()), "per_attribute": per}


def _line_readings(system: EditableDeepSC, low: torch.Tensor, high: torch.Tensor, attribute: int) -> torch.Tensor:
    wa, wb = system.invert(low).latents.detach(), system.invert(high).latents.detach()
    with torch.no_grad():
        return torch.stack([system.P.predict(system.G.synthesis((1 - t) * wa + t * wb))[:, attribute]
                            for t in torch.linspace(0, 1, LINE_POINTS)], dim=1)


def straight_lines(system: EditableDeepSC, faces: int, seed: int = 7) -> dict:
    """Per attribute: ends read right, and intermediate degrees 2 and 3 both seen on those lines."""
    batch = FaceWorld(0).sample("validation", faces, np.random.default_rng(seed))
    out = {}
    for attribute, name in enumerate(ATTRIBUTES):
        low, high = batch.degrees.numpy().copy(), batch.degrees.numpy().copy()
        low[:, attribute], high[:, attribute] = 1, 4
        readings = _line_readings(system, render_batch(batch.identities, low, 64).images,
                                  render_batch(batch.identities, high, 64).images, attribute)
        ends = (readings[:, 0] == 1) & (readings[:, -1] == 4)
        both = (readings == 2).any(1) & (readings == 3).any(1)
        out[name] = {"ends_read_right": float(ends.float().mean()),
                     "intermediates_seen": float(both[ends].float().mean()) if ends.any() else None,
                     "lines_with_right_ends": int(ends.sum())}
    return out


ORACLE_SNR_DB = 18
NEARBY_INVERSION = {"lr": 0.02, "max_iters": 60}
"""Adam from the original's inversion: slow and short, so it finds the ideal edit next to the start."""


def ideal_edit_latents(system: EditableDeepSC, requests: CardRequests) -> dict:
    """Section 3: the card's IAM against latents of the ideal edit, noise-free and at 18 dB."""
    ideal, ws, reference, targets = requests.ideal, requests.ws, requests.reference, requests.targets
    latents = {
        "IAM (the card's, 10 steps)": system.edit(ws, requests.plan).ws,
        "ideal edit inverted from the encoder": system.invert(ideal).latents.detach(),
        "ideal edit inverted from the original's inversion": invert(
            system.G, ideal, init=ws, features=system.features, lambda_features=1.0, **NEARBY_INVERSION).latents.detach(),
    }
    score = request_scorer(system, requests)
    attribute = torch.tensor([i.attribute for i in requests.instructions])
    out = {}
    for name, latent in latents.items():
        with torch.no_grad():
            clean = score(system.G.synthesis(latent).clamp(0, 1))
        noisy = scores_over_awgn(system, system.to_symbols(latent), ORACLE_SNR_DB, requests.seed, score)
        hits = noisy["edit_success"]
        out[name] = {"success_noise_free": float(clean["edit_success"].mean()),
                     "preserved_noise_free": float(clean["preserved"].mean()),
                     "success": float(hits.mean()), "preserved": float(noisy["preserved"].mean()),
                     "psnr_ideal_db": float(noisy["psnr_ideal_db"].mean()),
                     "distance_from_start": float((latent - ws).flatten(1).norm(dim=1).mean()),
                     "success_per_attribute": {n: float(hits[attribute == a].mean()) for a, n in enumerate(ATTRIBUTES)
                                               if (attribute == a).any()}}
    nearby = latents["ideal edit inverted from the original's inversion"]
    change = _signed_change(reference, attribute, targets[torch.arange(len(ws)), attribute])
    steps = ((nearby - ws) / change.view(-1, 1, 1)).flatten(1)
    out["shared_direction_cosine"] = _leave_one_out_cosine(steps, attribute)
    return out


def _signed_change(reference: torch.Tensor, attribute: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """[B] float: target degree minus P's reading of the original (never 0 for a feasible request)."""
    change = (target - reference[torch.arange(len(target)), attribute]).float()
    return torch.where(change == 0, torch.ones_like(change), change)


def _leave_one_out_cosine(steps: torch.Tensor, attribute: torch.Tensor) -> float:
    """Mean cosine of each step [B, D] with the mean of the other steps on its attribute."""
    cosines = []
    for a in attribute.unique().tolist():
        group = steps[attribute == a]
        if len(group) < 2:
            continue
        others = (group.sum(0, keepdim=True) - group) / (len(group) - 1)
        cosines.append(torch.nn.functional.cosine_similarity(group, others, dim=1))
    return float(torch.cat(cosines).mean())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=96, help="held-out requests for the IAM reach")
    parser.add_argument("--line-faces", type=int, default=24, help="validation faces per attribute for the lines")
    parser.add_argument("--weights", type=Path, default=WEIGHTS_DIR, help="weight files to load (default: the committed ones)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not (args.weights / "generator.pt").is_file():
        parser.error(f"--weights {args.weights}: no generator.pt there; expected a folder of weight files like models/weights")
    torch.manual_seed(0)
    system = EditableDeepSC.load(args.weights)
    requests = card_requests(system, args.faces)
    result = {"iam_reach": iam_reach(system, requests), "straight_lines": straight_lines(system, args.line_faces),
              "ideal_edit_latents": ideal_edit_latents(system, requests)}
    print(f"IAM reach, noise-free, {args.faces} held-out requests\n")
    print("| step scale | most steps | reached | " + " | ".join(ATTRIBUTES) + " |")
    print("|---|---|---|" + "---|" * len(ATTRIBUTES))
    for row in result["iam_reach"]:
        per = [f"{100 * row['per_attribute'][a]:.0f} %" if a in row["per_attribute"] else "n/a" for a in ATTRIBUTES]
        print(f"| {row['scale']:g} | {row['budget']} | {100 * row['reached']:.1f} % | " + " | ".join(per) + " |")
    print(f"\nStraight W+ lines between inversions at degree 1 and 4, {args.line_faces} validation faces\n")
    print("| attribute | ends read 1 and 4 | of those, 2 and 3 both seen |\n|---|---|---|")
    for name, row in result["straight_lines"].items():
        seen = "n/a" if row["intermediates_seen"] is None else f"{100 * row['intermediates_seen']:.0f} %"
        print(f"| {name} | {100 * row['ends_read_right']:.0f} % | {seen} (of {row['lines_with_right_ends']}) |")
    print(f"\nThe ideal edit's latents, {args.faces} held-out requests (18 dB: {CHANNEL_DRAWS} AWGN draws, the card's)\n")
    print("| latent | success noise-free | success at 18 dB | preserved noise-free | preserved at 18 dB | "
          "PSNR to ideal at 18 dB | distance from start | " + " | ".join(ATTRIBUTES) + " (18 dB) |")
    print("|---|---|---|---|---|---|---|" + "---|" * len(ATTRIBUTES))
    for name, row in result["ideal_edit_latents"].items():
        if name == "shared_direction_cosine":
            continue
        per = [f"{100 * row['success_per_attribute'][a]:.0f} %" if a in row["success_per_attribute"] else "n/a"
               for a in ATTRIBUTES]
        print(f"| {name} | {100 * row['success_noise_free']:.1f} % | {100 * row['success']:.1f} % | "
              f"{100 * row['preserved_noise_free']:.1f} % | {100 * row['preserved']:.1f} % | "
              f"{row['psnr_ideal_db']:.2f} dB | {row['distance_from_start']:.2f} | " + " | ".join(per) + " |")
    print(f"\nSteps to the nearby ideal-edit latent, per degree of change: mean cosine with the other steps on the "
          f"same attribute {result['ideal_edit_latents']['shared_direction_cosine']:.3f}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
