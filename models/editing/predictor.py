"""P, the attribute predictor of Editable-DeepSC: the degree 0..5 of each of the five attributes.

A small CNN trained with cross-entropy per attribute on rendered faces, with mild noise, blur and
JPEG-like degradations so that it judges images received over noisy channels fairly.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

from models.checkpoints import WEIGHTS_DIR, load_checkpoint, save_checkpoint
from models.editing.augment import degrade
from models.rendered import CACHE_DIR, FaceSet, face_set
from models.training import batch_indices, build_seeded, write_summary
from models.world import ATTRIBUTES, NUM_ATTRIBUTES, NUM_DEGREES

WEIGHTS_FILE = "predictor.pt"


@dataclass(frozen=True)
class PredictorConfig:
    """Architecture (``widths``) and training hyper-parameters; sets are identities × faces each."""

    widths: tuple[int, ...] = (24, 48, 64, 96)
    train_identities: int = 4000
    train_per_identity: int = 8
    eval_identities: int = 250
    eval_per_identity: int = 4
    epochs: int = 4
    batch: int = 64
    lr: float = 3e-3


def conv_block(cin: int, cout: int) -> nn.Sequential:
    """Stride-2 3×3 conv, BN, ReLU, then a 3×3 conv, BN, ReLU: [B, cin, H, W] → [B, cout, H/2, W/2]."""
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=2, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
    )


class AttributePredictor(nn.Module):
    """``forward(images [B, 3, 64, 64] float32 in [0, 1]) -> logits [B, 5, 6]`` (attribute × degree).

    Four conv blocks halve the resolution to 4×4; a linear layer over the flattened map keeps
    *where* a feature sits (fringe above the eyes, beard below the mouth).
    """

    def __init__(self, widths: tuple[int, ...] = PredictorConfig.widths, size: int = 64) -> None:
        super().__init__()
        self.widths = tuple(widths)
        channels = (3, *self.widths)
        self.features = nn.Sequential(*(conv_block(a, b) for a, b in zip(channels[:-1], channels[1:])))
        cells = (size // 2 ** len(self.widths)) ** 2
        self.head = nn.Linear(self.widths[-1] * cells, NUM_ATTRIBUTES * NUM_DEGREES)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        features = self.features(images * 2.0 - 1.0).flatten(1)
        return self.head(features).view(-1, NUM_ATTRIBUTES, NUM_DEGREES)

    @torch.no_grad()
    def predict(self, images: torch.Tensor) -> torch.Tensor:
        """Most likely degrees [B, 5] int64 of ``images`` [B, 3, 64, 64] float32 in [0, 1]."""
        return self(images).argmax(-1)


@torch.no_grad()
def accuracy(model: AttributePredictor, faces: FaceSet, generator: torch.Generator | None = None) -> torch.Tensor:
    """Exact-degree accuracy per attribute [5] float32 on ``faces`` (degraded when ``generator`` is given)."""
    was_training = model.training
    model.eval()
    hits = torch.zeros(NUM_ATTRIBUTES)
    for start in range(0, len(faces), 250):
        images = faces.floats(slice(start, start + 250))
        if generator is not None:
            images = degrade(images, generator)
        hits += (model.predict(images) == faces.degrees[start : start + 250]).float().sum(0)
    model.train(was_training)
    return hits / len(faces)


def train(
    seed: int = 0,
    out_dir: Path = WEIGHTS_DIR,
    log: Callable[[str], None] = print,
    config: PredictorConfig = PredictorConfig(),
    cache_dir: Path = CACHE_DIR,
    weights_file: str = WEIGHTS_FILE,
    name: str = "predictor",
) -> dict:
    """Train P on the train split; keep the epoch with the best validation accuracy; report test accuracy.

    ``weights_file`` and ``name`` (of the ``<name>.train.json`` summary and the log lines) let the same
    recipe train another network of P's architecture (:mod:`models.editing.perceptual_net`)."""
    torch.set_num_threads(1)
    started = time.perf_counter()
    faces = face_set("train", config.train_identities, config.train_per_identity, cache_dir=cache_dir, log=log)
    validation = face_set("validation", config.eval_identities, config.eval_per_identity, cache_dir=cache_dir, log=log)
    test = face_set("test", config.eval_identities, config.eval_per_identity, cache_dir=cache_dir, log=log)
    model = build_seeded(seed, lambda: AttributePredictor(config.widths))
    generator = torch.Generator().manual_seed(seed)
    steps_per_epoch = max(1, len(faces) // config.batch)
    total = config.epochs * steps_per_epoch
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.lr, weight_decay=1e-4)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.lr, total_steps=total)
    batches = batch_indices(len(faces), config.batch, generator)
    best_state, best_validation = None, -1.0
    model.train()
    for step in range(1, total + 1):
        index = next(batches)
        logits = model(degrade(faces.floats(index), generator))
        loss = F.cross_entropy(logits.reshape(-1, NUM_DEGREES), faces.degrees[index].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % steps_per_epoch == 0:
            score = float(accuracy(model, validation).mean())
            log(f"{name} epoch {step // steps_per_epoch}/{config.epochs} loss {loss.item():.4f} "
                f"validation {score:.4f} ({time.perf_counter() - started:.0f} s)")
            if score > best_validation:
                best_validation = score
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    clean = accuracy(model, test)
    degraded = accuracy(model, test, torch.Generator().manual_seed(seed + 1))
    wall_s = round(time.perf_counter() - started, 1)
    summary = {
        "wall_s": wall_s, "seed": seed, "params": sum(p.numel() for p in model.parameters()),
        "validation_accuracy": round(best_validation, 4),
        "test_accuracy": round(float(clean.mean()), 4),
        "test_accuracy_per_attribute": {a: round(float(v), 4) for a, v in zip(ATTRIBUTES, clean)},
        "test_accuracy_degraded": round(float(degraded.mean()), 4),
        "test_accuracy_degraded_per_attribute": {a: round(float(v), 4) for a, v in zip(ATTRIBUTES, degraded)},
        "test_faces": len(test), "config": asdict(config),
    }
    meta = {"widths": list(config.widths), "seed": seed, "wall_s": wall_s,
            "validation_accuracy": summary["validation_accuracy"], "test_accuracy": summary["test_accuracy"]}
    save_checkpoint(Path(out_dir) / weights_file, model.state_dict(), meta)
    write_summary(out_dir, name, summary)
    log(f"{name} done in {wall_s:.0f} s: test accuracy {summary['test_accuracy']:.4f}")
    return summary


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu", weights_file: str = WEIGHTS_FILE) -> AttributePredictor:
    """The trained P (or another network of its architecture, ``weights_file``) from ``weights_dir``, in eval mode."""
    state, meta = load_checkpoint(Path(weights_dir) / weights_file)
    model = AttributePredictor(tuple(meta["widths"]))
    model.load_state_dict(state)
    return model.to(device).eval()


if __name__ == "__main__":
    train()
