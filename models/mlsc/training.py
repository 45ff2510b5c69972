"""Training, scoring and loading MLSC-image, one model per k/n, each trained over a range of SNRs."""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from models.checkpoints import WEIGHTS_DIR, CheckpointError, load_checkpoint, save_checkpoint
from models.jscc.deepjscc import awgn
from models.metrics import psnr_db, ssim
from models.rendered import CACHE_DIR
from models.segmentation.parts_set import PartsSet, parts_set
from models.segmentation.training import load as load_segmentation
from models.training import batch_indices, build_seeded, write_summary

from .caption import caption, tokenize
from .network import MlscImage

_FILE = re.compile(r"mlsc_image_k(\d+)\.pt$")
EVAL_SNRS_DB = (0, 6, 12, 18)


def weights_file(symbols: int) -> str:
    return f"mlsc_image_k{symbols}.pt"


@dataclass(frozen=True)
class MlscConfig:
    """``symbols``: one model per k (k/n = k/12288); SNRs (dB) uniform in ``snr_range_db``;
    ``aux_weight`` scales the map and attribute losses that keep the levels apart."""

    symbols: tuple[int, ...] = (512, 1024)
    width: int = 32
    train_faces: int = 3000
    test_faces: int = 200
    steps: int = 1800
    batch: int = 16
    lr: float = 2e-3
    snr_range_db: tuple[float, float] = (0.0, 18.0)
    aux_weight: float = 0.05


def inputs(faces: PartsSet, segmenter) -> tuple[torch.Tensor, torch.Tensor]:
    """What the transmitter has: its own segmentation [N, S, S] int64 and the caption tokens [N, L]."""
    with torch.no_grad():
        parts = torch.cat([segmenter.segment(faces.floats(slice(s, s + 250))) for s in range(0, len(faces), 250)])
    return parts, tokenize([caption(d) for d in faces.degrees.tolist()])


@torch.no_grad()
def evaluate(model: MlscImage, faces: PartsSet, parts: torch.Tensor, tokens: torch.Tensor, snr_db: float,
             seed: int = 0) -> dict:
    """Mean PSNR (dB) and SSIM of the reconstructions after AWGN at ``snr_db``."""
    generator = torch.Generator().manual_seed(seed)
    out = model.decode(awgn(model.encode(faces.floats(slice(None)), parts, tokens), snr_db, generator))[0].numpy()
    truth = faces.floats(slice(None)).numpy()
    return {"psnr_db": round(float(np.mean([psnr_db(a, b) for a, b in zip(truth, out)])), 3),
            "ssim": round(float(np.mean([ssim(a, b) for a, b in zip(truth, out)])), 4)}


def train(seed: int = 0, out_dir: Path = WEIGHTS_DIR, log: Callable[[str], None] = print,
          config: MlscConfig = MlscConfig(), cache_dir: Path = CACHE_DIR, weights_dir: Path = WEIGHTS_DIR) -> dict:
    """Image MSE plus auxiliary map and attribute cross-entropies through AWGN; test scores per SNR.
    The transmitter's maps come from the segmentation network in ``weights_dir``."""
    torch.set_num_threads(1)
    started = time.perf_counter()
    faces = parts_set("train", config.train_faces, cache_dir=cache_dir, log=log)
    test = parts_set("test", config.test_faces, cache_dir=cache_dir, log=log)
    segmenter = load_segmentation(weights_dir)
    (parts, tokens), (test_parts, test_tokens) = inputs(faces, segmenter), inputs(test, segmenter)
    generator = torch.Generator().manual_seed(seed)
    low, high = config.snr_range_db
    scores, walls = {}, {}
    for k in config.symbols:
        begun = time.perf_counter()
        model = build_seeded(seed, lambda: MlscImage(k, config.width))
        optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
        schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, config.lr, total_steps=config.steps)
        batches = batch_indices(len(faces), config.batch, generator)
        model.train()
        for step in range(1, config.steps + 1):
            index = next(batches)
            images = faces.floats(index)
            snr = low + (high - low) * torch.rand(len(index), generator=generator)
            out, map_logits, degree_logits = model.decode(awgn(model.encode(images, parts[index], tokens[index]),
                                                               snr, generator))
            loss = (F.mse_loss(out, images) + config.aux_weight * (
                F.cross_entropy(map_logits, faces.labels(index))
                + F.cross_entropy(degree_logits.flatten(0, 1), faces.degrees[index].flatten())))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
            if step % 300 == 0 or step == config.steps:
                log(f"mlsc k={k} step {step}/{config.steps} loss {loss.item():.5f} ({time.perf_counter() - begun:.0f} s)")
        model.eval()
        row = {f"{s:+d}": evaluate(model, test, test_parts, test_tokens, s, seed + 1) for s in EVAL_SNRS_DB}
        scores[str(k)], walls[str(k)] = row, round(time.perf_counter() - begun, 1)
        save_checkpoint(Path(out_dir) / weights_file(k), model.state_dict(),
                        {"symbols": k, "width": config.width, "seed": seed, "cbr": model.cbr, "test": row})
        log(f"mlsc k={k} (k/n {model.cbr:.4f}): {row}")
    summary = {"wall_s": round(time.perf_counter() - started, 1), "seed": seed, "wall_s_per_model": walls,
               "params_per_model": {str(k): sum(p.numel() for p in MlscImage(k, config.width).parameters())
                                    for k in config.symbols},
               "test_by_symbols_and_snr": scores, "test_faces": len(test), "config": asdict(config)}
    write_summary(out_dir, "mlsc_image", summary)
    return summary


def available_symbols(weights_dir: Path = WEIGHTS_DIR) -> list[int]:
    """The k of the MLSC-image weight files in ``weights_dir``, ascending."""
    return sorted(int(m.group(1)) for p in Path(weights_dir).glob("mlsc_image_k*.pt") if (m := _FILE.search(p.name)))


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu", symbols: int = 1024) -> MlscImage:
    """The MLSC-image model with exactly ``symbols`` channel uses, in eval mode."""
    if symbols not in available_symbols(weights_dir):
        raise CheckpointError(f"{weights_dir}: no {weights_file(symbols)}; trained k: {available_symbols(weights_dir)} "
                              f"(train with `semsim train mlsc_image`)")
    state, meta = load_checkpoint(Path(weights_dir) / weights_file(symbols))
    model = MlscImage(meta["symbols"], meta["width"])
    model.load_state_dict(state)
    return model.to(device).eval()


if __name__ == "__main__":
    train()
