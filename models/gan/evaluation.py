"""Held-out checks of a trained generator: inversion quality and speed, and a sample grid."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
import torch

from models.metrics import psnr_db, ssim
from models.world import save_png

from .encoder import Encoder
from .generator import Generator
from .inversion import InversionResult, invert


def psnr_ssim_per_image(reference: torch.Tensor, images: torch.Tensor) -> tuple[list[float], list[float]]:
    """PSNR (dB) and SSIM of each pair of ``reference`` and ``images`` [N, 3, H, W] in [0, 1]."""
    pairs = [(a.numpy(), b.numpy()) for a, b in zip(reference, images)]
    return [psnr_db(a, b) for a, b in pairs], [ssim(a, b) for a, b in pairs]


@dataclass(frozen=True)
class BatchedInversion:
    """Inverted images [N, 3, H, W] in [0, 1], Adam updates per image [N], the perceptual term and
    start used, and the wall seconds of the inversions alone."""

    images: torch.Tensor
    iters_run: torch.Tensor
    perceptual_name: str
    init: str
    wall_s: float


def invert_in_batches(invert_batch: Callable[[torch.Tensor], InversionResult], faces: torch.Tensor, batch: int,
                      log: Callable[[str], None] | None = None) -> BatchedInversion:
    """Run ``invert_batch`` on ``faces`` [N, 3, H, W] ``batch`` at a time (each batch one optimisation)."""
    images, iters, wall, result = [], [], 0.0, None
    for start in range(0, len(faces), batch):
        started = time.perf_counter()
        result = invert_batch(faces[start : start + batch])
        wall += time.perf_counter() - started
        images.append(result.images)
        iters.append(result.iters_run)
        if log is not None:
            log(f"inverted {start + len(result.images)}/{len(faces)} faces")
    return BatchedInversion(torch.cat(images), torch.cat(iters), result.perceptual_name, result.init, wall)


def evaluate_inversion(
    G: Generator, faces: torch.Tensor, encoder: Encoder | None = None, *, batch: int = 16, **options
) -> dict:
    """Invert ``faces`` [N, 3, 64, 64] float32 in [0, 1] in batches; mean PSNR (dB) and SSIM.

    ``options`` go to :func:`~models.gan.inversion.invert` (its defaults otherwise: W+, lr 0.1,
    110 iterations, rel_tol 1e-5, λ_inv 1, MS-SSIM). Also reports the encoder's code alone
    (no optimisation) when an encoder is given, and the wall time per image.
    """
    inverted = invert_in_batches(lambda part: invert(G, part, init=encoder, **options), faces, batch)
    psnr, structure = psnr_ssim_per_image(faces, inverted.images)
    report = {
        "faces": len(faces), "init": inverted.init, "perceptual": inverted.perceptual_name,
        "psnr_db": float(np.mean(psnr)), "psnr_db_min": float(np.min(psnr)), "ssim": float(np.mean(structure)),
        "iters_mean": float(inverted.iters_run.float().mean()), "wall_s_per_image": inverted.wall_s / len(faces),
        "batch": batch, **{k: v for k, v in options.items() if isinstance(v, (int, float, str))},
    }
    if encoder is not None:
        with torch.no_grad():
            decoded = torch.cat([G.synthesis(encoder.ws(faces[s : s + batch])) for s in range(0, len(faces), batch)])
        psnr, structure = psnr_ssim_per_image(faces, decoded.clamp(0, 1))
        report["encoder_only_psnr_db"] = float(np.mean(psnr))
        report["encoder_only_ssim"] = float(np.mean(structure))
    return report


def inversion_seconds_per_image(G: Generator, faces: torch.Tensor, encoder: Encoder | None, batch: int) -> float:
    """Wall seconds per image of a full 110-iteration inversion (tolerance off) at ``batch``."""
    started = time.perf_counter()
    invert(G, faces[:batch], init=encoder, rel_tol=0.0)
    return (time.perf_counter() - started) / batch


@torch.no_grad()
def save_sample_grid(G: Generator, path: Path, rows: int = 4, cols: int = 8, seed: int = 0,
                     truncation: float = 1.0) -> Path:
    """Write random samples G(z) (seeded z) as a rows × cols PNG grid, enlarged 2×."""
    z = torch.randn(rows * cols, G.z_dim, generator=torch.Generator().manual_seed(seed))
    images = G(z, truncation=truncation).clamp(0, 1)
    r = G.resolution
    grid = images.view(rows, cols, 3, r, r).permute(2, 0, 3, 1, 4).reshape(3, rows * r, cols * r)
    return save_png(grid, path, scale=2)


def evaluate_trained(G: Generator, encoder: Encoder, faces: torch.Tensor) -> dict:
    """The numbers a training summary records, on held-out ``faces`` [N, 3, 64, 64] in [0, 1].

    Inversion at the paper's settings from the encoder's code (all N faces) and from G.w_avg
    (the first 16), and the wall time per image of a 110-iteration inversion at batch 1 and 16.
    """
    return {
        "inversion": evaluate_inversion(G, faces, encoder),
        "inversion_from_w_avg": evaluate_inversion(G, faces[:16]),
        "inversion_s_per_image": {
            f"batch_{b}": inversion_seconds_per_image(G, faces, encoder, b) for b in (1, 16)
        },
    }
