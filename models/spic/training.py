"""Training, scoring and loading SPIC's diffusion super-resolution receiver."""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch

from models.checkpoints import WEIGHTS_DIR, load_checkpoint, save_checkpoint
from models.metrics import psnr_db, ssim
from models.rendered import CACHE_DIR
from models.segmentation.network import mean_iou
from models.segmentation.parts_set import PartsSet, parts_set
from models.training import batch_indices, build_seeded, write_summary

from .coarse import coarse_decode, coarse_encode
from .model import SpicReceiver

WEIGHTS_FILE = "spic_sr.pt"


@dataclass(frozen=True)
class SpicConfig:
    """Training runs on random ``crop``×``crop`` windows (the U-Net is convolutional) of faces
    whose thumbnails were coded at WebP qualities drawn from ``qualities``."""

    width: int = 24
    train_faces: int = 3000
    test_faces: int = 200
    steps: int = 1800
    batch: int = 16
    crop: int = 32
    lr: float = 2e-3
    qualities: tuple[int, int] = (30, 90)
    eval_quality: int = 60


def coarse_images(faces: PartsSet, qualities: np.ndarray) -> torch.Tensor:
    """The received coarse image of every face at its WebP quality: [N, 3, S, S] float32 in [0, 1]."""
    _, _, height, width = faces.images.shape
    return torch.stack([torch.from_numpy(coarse_decode(coarse_encode(faces.floats(i).numpy(), int(q)), height, width))
                        for i, q in enumerate(qualities)])


@torch.no_grad()
def evaluate(model: SpicReceiver, faces: PartsSet, quality: int, segmenter=None, seed: int = 0) -> dict:
    """Mean PSNR (dB) and SSIM of the reconstructions and of the bare upsampled coarse images, and
    (with ``segmenter``) mIoU of segmenting the reconstructions against the true maps."""
    coarse = coarse_images(faces, np.full(len(faces), quality))
    generator = torch.Generator().manual_seed(seed)
    out = torch.cat([model.reconstruct(coarse[s:s + 50], faces.labels(slice(s, s + 50)), generator)
                     for s in range(0, len(faces), 50)])
    truth = faces.floats(slice(None)).numpy()
    result = {"psnr_db": float(np.mean([psnr_db(a, b) for a, b in zip(truth, out.numpy())])),
              "ssim": float(np.mean([ssim(a, b) for a, b in zip(truth, out.numpy())])),
              "coarse_psnr_db": float(np.mean([psnr_db(a, b) for a, b in zip(truth, coarse.numpy())])),
              "coarse_ssim": float(np.mean([ssim(a, b) for a, b in zip(truth, coarse.numpy())]))}
    if segmenter is not None:
        result["miou"] = mean_iou(segmenter.segment(out), faces.labels(slice(None)))
    return {k: round(v, 4) for k, v in result.items()}


def train(seed: int = 0, out_dir: Path = WEIGHTS_DIR, log: Callable[[str], None] = print,
          config: SpicConfig = SpicConfig(), cache_dir: Path = CACHE_DIR) -> dict:
    """DDPM training on (image, coarse image, true part map) triples; held-out scores at the end."""
    torch.set_num_threads(1)
    started = time.perf_counter()
    faces = parts_set("train", config.train_faces, cache_dir=cache_dir, log=log)
    test = parts_set("test", config.test_faces, cache_dir=cache_dir, log=log)
    rng = np.random.default_rng(seed)
    coarse = coarse_images(faces, rng.integers(config.qualities[0], config.qualities[1] + 1, len(faces)))
    generator = torch.Generator().manual_seed(seed)
    model = build_seeded(seed, lambda: SpicReceiver(config.width))
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.lr, total_steps=config.steps)
    batches = batch_indices(len(faces), config.batch, generator)
    size, meta = faces.images.shape[-1], {"width": config.width, "seed": seed}
    model.train()
    for step in range(1, config.steps + 1):
        index = next(batches)
        y, x = (int(v) for v in torch.randint(0, size - config.crop + 1, (2,), generator=generator))
        window = (slice(None), slice(None), slice(y, y + config.crop), slice(x, x + config.crop))
        loss = model.loss(faces.floats(index)[window], coarse[index][window],
                          faces.labels(index)[:, y:y + config.crop, x:x + config.crop], generator)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        schedule.step()
        if step % 100 == 0 or step == config.steps:
            log(f"spic step {step}/{config.steps} loss {loss.item():.4f} ({time.perf_counter() - started:.0f} s)")
        if step % 500 == 0:
            save_checkpoint(Path(out_dir) / WEIGHTS_FILE, model.state_dict(), meta | {"step": step})
    train_wall_s = time.perf_counter() - started
    model.eval()
    scores = evaluate(model, test, config.eval_quality, seed=seed + 1)
    save_checkpoint(Path(out_dir) / WEIGHTS_FILE, model.state_dict(), meta | {"step": config.steps, "test": scores})
    log(f"spic: held-out at WebP quality {config.eval_quality}: {scores}")
    summary = {"wall_s": round(time.perf_counter() - started, 1), "train_wall_s": round(train_wall_s, 1),
               "seed": seed, "params": sum(p.numel() for p in model.parameters()), "test": scores,
               "test_faces": len(test), "config": asdict(config)}
    write_summary(out_dir, "spic_sr", summary)
    return summary


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu") -> SpicReceiver:
    """The trained SPIC receiver, in eval mode."""
    state, meta = load_checkpoint(Path(weights_dir) / WEIGHTS_FILE)
    model = SpicReceiver(meta["width"])
    model.load_state_dict(state)
    return model.to(device).eval()


if __name__ == "__main__":
    train()
