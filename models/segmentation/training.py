"""Training, scoring and loading the segmentation network on the world's part labels."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
import torch.nn.functional as F

from models.checkpoints import WEIGHTS_DIR, load_checkpoint, save_checkpoint
from models.rendered import CACHE_DIR
from models.training import batch_indices, build_seeded, write_summary

from .network import SegmentationNet, mean_iou
from .parts_set import PartsSet, parts_set

WEIGHTS_FILE = "segmentation.pt"


@dataclass(frozen=True)
class SegmentationConfig:
    width: int = 16
    train_faces: int = 3000
    test_faces: int = 500
    steps: int = 1000
    batch: int = 16
    lr: float = 3e-3


@torch.no_grad()
def evaluate_miou(model: SegmentationNet, faces: PartsSet, images: torch.Tensor | None = None) -> float:
    """mIoU (0..1) of segmenting ``images`` [N, 3, S, S] float32 (default the set's own images)
    against the set's part labels."""
    was_training = model.training
    model.eval()
    images = faces.floats(slice(None)) if images is None else images
    predicted = torch.cat([model.segment(images[s:s + 250]) for s in range(0, len(images), 250)])
    model.train(was_training)
    return mean_iou(predicted, faces.labels(slice(None)), model.classes)


def train(seed: int = 0, out_dir: Path = WEIGHTS_DIR, log: Callable[[str], None] = print,
          config: SegmentationConfig = SegmentationConfig(), cache_dir: Path = CACHE_DIR) -> dict:
    """Cross-entropy training with flips and brightness jitter; held-out mIoU on test identities."""
    torch.set_num_threads(1)
    started = time.perf_counter()
    train_set = parts_set("train", config.train_faces, cache_dir=cache_dir, log=log)
    test_set = parts_set("test", config.test_faces, cache_dir=cache_dir, log=log)
    generator = torch.Generator().manual_seed(seed)
    model = build_seeded(seed, lambda: SegmentationNet(config.width))
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.lr, total_steps=config.steps)
    batches = batch_indices(len(train_set), config.batch, generator)
    model.train()
    for step in range(1, config.steps + 1):
        index = next(batches)
        images, labels = train_set.floats(index), train_set.labels(index)
        # Received images are noisy and blurred; jitter keeps the net from relying on exact colours.
        gain = 0.8 + 0.4 * torch.rand(len(images), 1, 1, 1, generator=generator)
        images = (images * gain + 0.03 * torch.randn(images.shape, generator=generator)).clamp(0, 1)
        loss = F.cross_entropy(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % 250 == 0 or step == config.steps:
            log(f"segmentation step {step}/{config.steps} loss {loss.item():.4f}")
    miou = evaluate_miou(model, test_set)
    wall_s = round(time.perf_counter() - started, 1)
    meta = {"width": config.width, "classes": model.classes, "seed": seed, "test_miou": round(miou, 4)}
    save_checkpoint(Path(out_dir) / WEIGHTS_FILE, model.state_dict(), meta)
    log(f"segmentation: held-out mIoU {miou:.4f}")
    summary = {"wall_s": wall_s, "seed": seed, "params": sum(p.numel() for p in model.parameters()),
               "test_miou": round(miou, 4), "test_faces": len(test_set), "config": asdict(config)}
    write_summary(out_dir, "segmentation", summary)
    return summary


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu") -> SegmentationNet:
    """The trained segmentation network, in eval mode."""
    state, meta = load_checkpoint(Path(weights_dir) / WEIGHTS_FILE)
    model = SegmentationNet(meta["width"], meta["classes"])
    model.load_state_dict(state)
    return model.to(device).eval()


if __name__ == "__main__":
    train()
