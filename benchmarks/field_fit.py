"""Can the editing field M fit the faces it is trained on? One step of eq. 11, scored by eq. 15's own test.

    .venv/bin/python benchmarks/field_fit.py [--faces 32] [--steps 2500] [--vector-iters 150] [--json FILE]

Tasks: every (face, attribute, feasible direction) of ``--faces`` faces of M's training split, drawn
and inverted as ``semsim train editing_field`` does with its face set cut to ``--faces`` faces (not
among the 4096 the committed M was trained on: the draw depends on the set's size). A single step
``E + d·v`` should move the attribute by one degree and keep the other four (P's reading of the
inverted face is the start). Three kinds of step are scored on the same tasks, noise-free and through
the card's AWGN draws at 18 dB (the committed latent scale for all, so every row sees the same channel):

1. **Per-face vectors**: one free vector v per (face, attribute), the same for both directions as M's
   field form demands, found by Adam on eq. 15's loss (λ's of the committed recipe) through a fresh
   18 dB draw per iteration. What eq. 15 can reach, face by face.
2. **M trained on these faces only**: the committed recipe (seed 0) with the face set cut to
   ``--faces`` faces (each batch half their encoder codes, half their inversions).
3. **The committed M**, for scale (it never saw these faces; IAM takes several of its steps).

If (2) stays far below (1), the field does not learn steps that exist for each face, and neither more
faces nor longer training of the same objective will close the gap (model card, "M does not fit").
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import tempfile
import time
from pathlib import Path

import torch

from models.checkpoints import WEIGHTS_DIR
from models.editing import field_training
from models.editing.latent_signal import awgn
from models.editing.pipeline import EditableDeepSC
from models.gan.discriminator import STDDEV_GROUP
from models.evaluation.channel_draws import CHANNEL_DRAWS, scores_over_awgn
from models.world import MAX_DEGREE, NUM_ATTRIBUTES

SNR_DB = 18.0
VECTOR_LR = 0.02


def fit_tasks(ws: torch.Tensor, degrees: torch.Tensor) -> dict[str, torch.Tensor]:
    """Every feasible (face, attribute, direction) of ``degrees`` [K, 5]: face, attribute, direction [T] int64,
    expected degrees [T, 5] and the (face, attribute) pair index [T] that shares one vector."""
    face, attribute, direction = [], [], []
    for k in range(len(ws)):
        for a in range(NUM_ATTRIBUTES):
            for d in (1, -1):
                if 0 <= int(degrees[k, a]) + d <= MAX_DEGREE:
                    face.append(k), attribute.append(a), direction.append(d)
    face, attribute, direction = (torch.tensor(x) for x in (face, attribute, direction))
    expected = degrees[face].clone()
    expected[torch.arange(len(face)), attribute] += direction
    return {"face": face, "attribute": attribute, "direction": direction, "expected": expected,
            "pair": face * NUM_ATTRIBUTES + attribute}


def per_face_vectors(system: EditableDeepSC, D, ws: torch.Tensor, tasks: dict, config, iters: int,
                     seed: int = 0, init: torch.Tensor | None = None) -> torch.Tensor:
    """One vector [K·5, num_ws, w_dim] per (face, attribute), Adam on eq. 15 through AWGN at 18 dB,
    from zero or from ``init`` (same shape; row k·5 + a for face k and attribute a)."""
    generator = torch.Generator().manual_seed(seed)
    start_vectors = torch.zeros(len(ws) * NUM_ATTRIBUTES, *ws.shape[1:]) if init is None else init.clone()
    vectors = start_vectors.requires_grad_(True)
    optimiser = torch.optim.Adam([vectors], lr=VECTOR_LR)
    start = ws[tasks["face"]]
    with torch.no_grad():
        features_before = system.F(system.G.synthesis(start))
    signal = system.signal
    for _ in range(iters):
        edited = start + tasks["direction"].view(-1, 1, 1).float() * vectors[tasks["pair"]]
        received = signal.from_symbols(awgn(signal.to_symbols(edited), SNR_DB, generator), system.G.num_ws)
        after = system.G.synthesis(received)
        terms = field_training.field_loss(config, system.P(after), system.F(after), features_before,
                                          realness(D, after), tasks["expected"])
        optimiser.zero_grad()
        terms["loss"].backward()
        optimiser.step()
    return vectors.detach()


def realness(D, images: torch.Tensor) -> torch.Tensor:
    """D's logits [B] for any B: D's minibatch-stddev layer needs a multiple of its group, so the batch is
    padded with copies of its first rows, whose scores are dropped."""
    pad = -len(images) % STDDEV_GROUP
    return D(torch.cat([images, images[:pad]]))[: len(images)]


def score_steps(system: EditableDeepSC, ws: torch.Tensor, steps: torch.Tensor, tasks: dict) -> dict:
    """Single steps [T, num_ws, w_dim] (already signed): target degree and all five degrees as expected,
    noise-free and at 18 dB over the card's draws, and the mean step length."""
    rows = torch.arange(len(steps))
    edited = ws[tasks["face"]] + steps

    def score(images: torch.Tensor) -> dict[str, torch.Tensor]:
        seen = system.P.predict(images)
        return {"target": (seen[rows, tasks["attribute"]] == tasks["expected"][rows, tasks["attribute"]]).float(),
                "all_five": (seen == tasks["expected"]).all(1).float()}

    with torch.no_grad():
        clean = score(system.G.synthesis(edited).clamp(0, 1))
    noisy = scores_over_awgn(system, system.to_symbols(edited), SNR_DB, 0, score)
    return {"target_noise_free": float(clean["target"].mean()), "all_five_noise_free": float(clean["all_five"].mean()),
            "target_18db": float(noisy["target"].mean()), "all_five_18db": float(noisy["all_five"].mean()),
            "step_length": float(steps.flatten(1).norm(dim=1).mean())}


def field_steps(M, ws: torch.Tensor, tasks: dict) -> torch.Tensor:
    """M's signed single steps [T, num_ws, w_dim] for the tasks."""
    with torch.no_grad():
        return tasks["direction"].view(-1, 1, 1).float() * M(ws[tasks["face"]], tasks["attribute"])


def run(faces: int, steps: int, vector_iters: int, weights: Path, log=print) -> dict:
    system = EditableDeepSC.load(weights)
    D = field_training.frozen_models(weights)[4]
    config = dataclasses.replace(field_training.FieldTrainConfig(), faces=faces, inverted_faces=faces, steps=steps)
    images, ws = field_training.training_faces(system.G, system.E, config, seed=0, weights_dir=weights, log=log)
    with torch.no_grad():
        degrees = system.P.predict(system.G.synthesis(ws).clamp(0, 1))
    tasks = fit_tasks(ws, degrees)
    log(f"{len(tasks['face'])} single-step tasks on {faces} training-split faces")
    result = {"faces": faces, "tasks": len(tasks["face"]), "snr_db": SNR_DB, "channel_draws": CHANNEL_DRAWS,
              "train_steps": steps, "vector_iters": vector_iters, "rows": {}}
    started = time.perf_counter()
    vectors = per_face_vectors(system, D, ws, tasks, config, vector_iters)
    signed = tasks["direction"].view(-1, 1, 1).float() * vectors[tasks["pair"]]
    result["rows"]["per-face vectors"] = score_steps(system, ws, signed, tasks)
    log(f"per-face vectors: {time.perf_counter() - started:.0f} s")
    threads = torch.get_num_threads()
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        field_training.train(seed=0, out_dir=Path(out), log=log, config=config, weights_dir=weights)
        result["train_minutes"] = (time.perf_counter() - started) / 60
        torch.set_num_threads(threads)  # the recipe trains on one thread
        fitted = field_training.load(Path(out))[0]
    result["rows"][f"M trained on these {faces} faces"] = score_steps(system, ws, field_steps(fitted, ws, tasks), tasks)
    result["rows"]["committed M"] = score_steps(system, ws, field_steps(system.M, ws, tasks), tasks)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", type=int, default=32, help="faces of the training split (M's whole training set in row 2)")
    parser.add_argument("--steps", type=int, default=field_training.FieldTrainConfig.steps,
                        help="training steps of M on those faces (the committed recipe's by default)")
    parser.add_argument("--vector-iters", type=int, default=150, help="Adam iterations of the per-face vectors")
    parser.add_argument("--weights", type=Path, default=WEIGHTS_DIR, help="weight files (default: the committed ones)")
    parser.add_argument("--json", type=Path, help="also write the numbers here")
    args = parser.parse_args()
    if not (args.weights / field_training.FIELD_FILE).is_file():
        parser.error(f"--weights {args.weights}: no {field_training.FIELD_FILE} there; expected a folder like models/weights")
    for name in ("faces", "steps", "vector_iters"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be a positive integer, got {getattr(args, name)}")
    torch.manual_seed(0)
    result = run(args.faces, args.steps, args.vector_iters, args.weights)
    print(f"\nOne step on {result['tasks']} (face, attribute, direction) tasks of {args.faces} training-split faces "
          f"(18 dB: {CHANNEL_DRAWS} AWGN draws)\n")
    print("| step | target noise-free | all five noise-free | target at 18 dB | all five at 18 dB | step length |")
    print("|---|---|---|---|---|---|")
    for name, row in result["rows"].items():
        print(f"| {name} | {100 * row['target_noise_free']:.1f} % | {100 * row['all_five_noise_free']:.1f} % | "
              f"{100 * row['target_18db']:.1f} % | {100 * row['all_five_18db']:.1f} % | {row['step_length']:.2f} |")
    print(f"\nM on {args.faces} faces: {result['train_minutes']:.1f} min of training")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
