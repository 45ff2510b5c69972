"""Does distilling per-face eq.-15 steps into the editing field M carry over to faces it has not seen?

    .venv/bin/python benchmarks/field_distil.py [--sizes 32,64,128,192,704] [--vector-iters 40]
        [--steps 2000] [--pool-faces 512] [--json FILE]

``benchmarks/field_fit.py`` shows that one step E + d·v which eq. 15 scores as right exists for nearly
every (face, attribute, direction), while M does not learn it. This asks whether M learns it when taught
those steps directly, and whether that helps on new faces:

1. **Vectors.** For each (face, attribute) of the training faces, one vector started at the committed M's
   step and moved by ``--vector-iters`` Adam steps of eq. 15 through 18 dB (field_fit's
   :func:`per_face_vectors`), in chunks of 32 faces. The faces: a 224-face draw of M's training split made
   as field_fit makes its draw (its last 32 faces are held out, its first 192 train), then the committed M's
   own inverted pool (``--pool-faces`` of its 512). Chunk k of draw j uses seed 100·j + k, the held-out
   chunk coming first in draw 0.
2. **Regression.** M regressed onto the vectors of the first n training faces for each n in ``--sizes``
   (MSE, Adam lr 3e-4, batches of 64, ``--steps`` steps), from the committed weights, and once from a
   fresh start at the largest n.
3. **Scores** on the held-out faces: R² of M's steps to their vectors (against the per-attribute mean of
   the training vectors), mean cosine, and the single step's target degree at 18 dB with each step
   rescaled to its vector's length (direction alone; a longer step alone raises the unscaled score);
   then the card's IAM with each M on 96 *validation* requests (held-out templates, the card's scoring and
   its four 18 dB draws), with 10 and with 30 steps.

Measured 2026-12-08 by ad-hoc scripts that this file packages (model card, "Distilling per-face steps"):
vectors about 80 min on two cores; each regression under a minute; each IAM row about a minute.
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import json
import time
from pathlib import Path
from typing import Callable

import torch

from editing_diagnostics import CardRequests, card_requests, request_scorer
from field_fit import SNR_DB, fit_tasks, per_face_vectors, score_steps
from models.checkpoints import WEIGHTS_DIR
from models.editing import field_training
from models.editing.field import EditingField, iterative_edit
from models.editing.pipeline import EditableDeepSC
from models.evaluation.channel_draws import scores_over_awgn
from models.world import NUM_ATTRIBUTES

HELD_OUT, CHUNK, DRAW_FACES = 32, 32, 192
LR, BATCH = 3e-4, 64


def pairs(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Face and attribute index [n·5] of each (face, attribute) row k·5 + a."""
    return torch.arange(n).repeat_interleave(NUM_ATTRIBUTES), torch.arange(NUM_ATTRIBUTES).repeat(n)


def chunk_vectors(system, D, ws: torch.Tensor, degrees: torch.Tensor, iters: int, seed: int) -> torch.Tensor:
    """Per-face vectors [K·5, num_ws, w_dim] of faces ``ws`` [K, …], started at the committed M's step."""
    faces, attributes = pairs(len(ws))
    with torch.no_grad():
        init = system.M(ws[faces], attributes)
    config = field_training.FieldTrainConfig()
    return per_face_vectors(system, D, ws, fit_tasks(ws, degrees), config, iters, seed, init)


def regress(build: Callable[[], EditingField], ws: torch.Tensor, vectors: torch.Tensor, steps: int) -> EditingField:
    """``build()`` (built after seeding torch's generator, which also draws the batches) fitted by MSE to
    ``vectors`` [K·5, …] of faces ``ws`` [K, …]."""
    torch.manual_seed(0)
    M = build()
    faces, attributes = pairs(len(ws))
    optimiser = torch.optim.Adam(M.parameters(), lr=LR)
    M.train()
    for _ in range(steps):
        index = torch.randint(len(faces), (BATCH,))
        loss = (M(ws[faces[index]], attributes[index]) - vectors[index]).square().mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    return M.eval()


def held_out_scores(system, M, ws: torch.Tensor, vectors: torch.Tensor, tasks: dict, mean_step: torch.Tensor) -> dict:
    """R² to the held-out vectors (against ``mean_step`` [5, …] per attribute), cosine, single-step scores."""
    faces, attributes = pairs(len(ws))
    with torch.no_grad():
        predicted = M(ws[faces], attributes)
    residual = (predicted - vectors).square().sum()
    sign = tasks["direction"].view(-1, 1, 1).float()
    signed, steps = sign * vectors[tasks["pair"]], sign * predicted[tasks["pair"]]

    def length(x: torch.Tensor) -> torch.Tensor:
        return x.flatten(1).norm(dim=1).view(-1, 1, 1)

    rescaled = score_steps(system, ws, steps / length(steps) * length(signed), tasks)
    return {"r2": float(1 - residual / (vectors - mean_step[attributes]).square().sum()),
            "cosine": float(torch.nn.functional.cosine_similarity(steps.flatten(1), signed.flatten(1)).mean()),
            "target_18db_rescaled": rescaled["target_18db"], "single_step": score_steps(system, ws, steps, tasks)}


def validation_iam(system, M, requests: CardRequests, score) -> dict:
    """The card's IAM with ``M`` on the validation ``requests`` (``score``: their :func:`request_scorer`):
    noise-free success, and at 18 dB success, preserved and PSNR to the ideal edit, for 10 and 30 steps."""
    plan, out = requests.plan, {}
    for r_edit in (10, 30):
        ws = iterative_edit(system.G, system.P, M, requests.ws, plan.attribute, plan.direction, plan.target, r_edit).ws
        with torch.no_grad():
            clean = score(system.G.synthesis(ws).clamp(0, 1))
        noisy = scores_over_awgn(system, system.to_symbols(ws), SNR_DB, requests.seed, score)
        out[str(r_edit)] = {"success_noise_free": float(clean["edit_success"].mean()),
                            "success_18db": float(noisy["edit_success"].mean()),
                            "preserved_18db": float(noisy["preserved"].mean()),
                            "psnr_ideal_18db": float(noisy["psnr_ideal_db"].mean())}
    return out


def draws(system, pool_faces: int, log) -> tuple[torch.Tensor, torch.Tensor, list[int]]:
    """Held-out latents [32, …], training latents [192 + pool_faces, …] and the seed of each chunk."""
    config = field_training.FieldTrainConfig()
    own = dataclasses.replace(config, faces=DRAW_FACES + HELD_OUT, inverted_faces=DRAW_FACES + HELD_OUT)
    _, first = field_training.training_faces(system.G, system.E, own, seed=0, log=log)
    _, pool = field_training.training_faces(system.G, system.E, config, seed=0, log=log)
    training = torch.cat([first[:DRAW_FACES], pool[:pool_faces]])
    seeds = [1 + k for k in range(DRAW_FACES // CHUNK)] + [100 + k for k in range(-(-pool_faces // CHUNK))]
    return first[DRAW_FACES:], training, seeds


def run(sizes: list[int], vector_iters: int, steps: int, pool_faces: int, log=print) -> dict:
    system = EditableDeepSC.load(WEIGHTS_DIR)
    D = field_training.frozen_models(WEIGHTS_DIR)[4]
    held, training, seeds = draws(system, pool_faces, log)
    with torch.no_grad():
        held_degrees, training_degrees = (system.P.predict(system.G.synthesis(ws).clamp(0, 1)) for ws in (held, training))
    started = time.perf_counter()
    held_vectors = chunk_vectors(system, D, held, held_degrees, vector_iters, seed=0)
    chunks = []
    for k, seed in enumerate(seeds):
        part = slice(k * CHUNK, (k + 1) * CHUNK)
        chunks.append(chunk_vectors(system, D, training[part], training_degrees[part], vector_iters, seed))
        log(f"vectors for {min((k + 1) * CHUNK, len(training))}/{len(training)} training faces")
    vectors = torch.cat(chunks)
    result = {"held_out_faces": HELD_OUT, "training_faces": len(training), "vector_iters": vector_iters,
              "regression_steps": steps, "vector_minutes": (time.perf_counter() - started) / 60, "rows": {}}
    tasks = fit_tasks(held, held_degrees)
    mean_step = vectors.view(len(training), NUM_ATTRIBUTES, -1).mean(0).view(NUM_ATTRIBUTES, *held.shape[1:])
    requests = card_requests(system, 96, split="validation")
    score = request_scorer(system, requests)
    result["held_out_vectors"] = score_steps(system, held, tasks["direction"].view(-1, 1, 1).float()
                                             * held_vectors[tasks["pair"]], tasks)

    def committed() -> EditingField:
        return copy.deepcopy(system.M)

    def fresh() -> EditingField:
        return EditingField(system.M.num_ws, system.M.w_dim, system.M.fields[0][0].out_features,
                            step_size=system.M.step_size, seed=1)

    def regressed(build: Callable[[], EditingField], n: int) -> Callable[[], EditingField]:
        return lambda: regress(build, training[:n], vectors[: n * NUM_ATTRIBUTES], steps)

    candidates = [("committed", lambda: system.M)]
    candidates += [(f"regressed on {n} faces", regressed(committed, n)) for n in sizes]
    candidates.append((f"regressed on {sizes[-1]} faces, fresh start", regressed(fresh, sizes[-1])))
    for name, build in candidates:
        M = build()
        result["rows"][name] = {**held_out_scores(system, M, held, held_vectors, tasks, mean_step),
                                "iam_validation": validation_iam(system, M, requests, score)}
        log(f"{name}: {json.dumps(result['rows'][name])}")
    return result


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",")})
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated face counts like 32,64,704, got {text!r}") from None
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError(f"face counts must be positive, got {text!r}")
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=_sizes, default=[32, 64, 128, 192, 704],
                        help="training faces M is regressed on, one M per count (default 32,64,128,192,704)")
    parser.add_argument("--vector-iters", type=int, default=40, help="Adam iterations of each per-face vector")
    parser.add_argument("--steps", type=int, default=2000, help="regression steps of each M")
    parser.add_argument("--pool-faces", type=int, default=512,
                        help="faces of the committed M's inverted pool added after the first draw's 192 (at most 512)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not 0 <= args.pool_faces <= field_training.FieldTrainConfig.inverted_faces:
        parser.error(f"--pool-faces must be 0..{field_training.FieldTrainConfig.inverted_faces}, got {args.pool_faces}")
    for name in ("vector_iters", "steps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be a positive integer, got {getattr(args, name)}")
    if args.sizes[-1] > DRAW_FACES + args.pool_faces:
        parser.error(f"--sizes: at most {DRAW_FACES + args.pool_faces} training faces with --pool-faces "
                     f"{args.pool_faces}, got {args.sizes[-1]}")
    result = run(args.sizes, args.vector_iters, args.steps, args.pool_faces)
    vectors = result["held_out_vectors"]
    print(f"\nHeld out: {HELD_OUT} faces, {100 * vectors['target_18db']:.1f} % of their tasks reached at 18 dB by "
          f"their own vectors; vectors took {result['vector_minutes']:.0f} min\n")
    print("| M | held-out R² | cosine | one step, rescaled, target at 18 dB | IAM 10 steps: success noise-free / "
          "18 dB, preserved 18 dB | IAM 30 steps: same |")
    print("|---|---|---|---|---|---|")
    for name, row in result["rows"].items():
        iam = [row["iam_validation"][r] for r in ("10", "30")]
        cells = [f"{100 * i['success_noise_free']:.1f} / {100 * i['success_18db']:.1f} %, "
                 f"{100 * i['preserved_18db']:.1f} %" for i in iam]
        print(f"| {name} | {row['r2']:.2f} | {row['cosine']:.2f} | {100 * row['target_18db_rescaled']:.1f} % | "
              f"{cells[0]} | {cells[1]} |")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
