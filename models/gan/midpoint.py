"""The midpoint term of the generator's objective: halfway between two degrees of an attribute,
G must draw the degree in between.

For one identity rendered at degrees d, d+1 and d+2 of one attribute (all else fixed)::

    ws_mid = (E(x_d) + E(x_{d+2})) / 2                     # W+ midpoint of the outer faces' codes
    L_mid  = MSE(G(ws_mid), x_{d+1}) + λ_ssim·(1 − MS-SSIM(G(ws_mid), x_{d+1}))

Why: the reconstruction path alone lets G map the straight line between two degrees of an
attribute through blends that the predictor reads as neither end (measured on the earlier
generator: a line from smiling 1 to smiling 4 never showed both 2 and 3). Latent editing walks
such lines, and inversion has to land on such faces, so the term asks G to draw the world's
own in-between face there. It is applied as a second G/E update after each
:func:`models.gan.objective.train_step`, on its own seeded draw of triplets.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import numpy as np
import torch
import torch.nn.functional as F

from models.disk_cache import CACHE_DIR, load_or_compute
from models.world import NUM_ATTRIBUTES, FaceWorld, render_batch

from .data import to_float
from .encoder import Encoder
from .generator import Generator
from .perceptual import ms_ssim

TRIPLET_CHUNK = 250
TRIPLET_RNG_OFFSET = 1234  # the triplets' numpy seed is training seed + this


def edit_triplets(
    n: int,
    seed: int = 0,
    *,
    world_seed: int = 0,
    cache_dir: Path | None = CACHE_DIR,
    log: Callable[[str], None] = print,
) -> torch.Tensor:
    """``n`` training identities, each at three consecutive degrees of one random attribute.

    Returns [n, 3, 3, 64, 64] uint8: axis 1 holds degrees d, d+1, d+2 (d uniform in 0..3, the
    attribute uniform over the five, the other four degrees as the world drew them). One numpy
    generator seeded ``seed + TRIPLET_RNG_OFFSET`` draws everything in chunk order, so the set is
    reproducible; with ``cache_dir`` set it is rendered once and read back afterwards.
    """
    def render_all() -> torch.Tensor:
        rng = np.random.default_rng(seed + TRIPLET_RNG_OFFSET)
        world = FaceWorld(world_seed)
        chunks = []
        for start in range(0, n, TRIPLET_CHUNK):
            size = min(TRIPLET_CHUNK, n - start)
            batch = world.sample("train", size, rng)
            degrees = batch.degrees.numpy().copy()
            attribute = rng.integers(NUM_ATTRIBUTES, size=size)
            low = rng.integers(0, 4, size=size)
            views = []
            for k in range(3):
                shifted = degrees.copy()
                shifted[np.arange(size), attribute] = low + k
                views.append((render_batch(batch.identities, shifted, 64).images * 255).round().to(torch.uint8))
            chunks.append(torch.stack(views, 1))
            log(f"rendered {start + size}/{n} degree triplets")
        return torch.cat(chunks)

    path = None if cache_dir is None else Path(cache_dir) / f"triplets-w{world_seed}-n{n}-s{seed}.pt"
    return load_or_compute(path, render_all)


def midpoint_step(
    G: Generator,
    E: Encoder,
    opt_ge: torch.optim.Optimizer,
    triplets: torch.Tensor,
    batch: int,
    weight: float,
    ssim_weight: float,
    rng: torch.Generator,
) -> dict[str, float]:
    """One G/E update on ``weight``·L_mid over ``batch`` triplets drawn from ``triplets`` by ``rng``.

    ``triplets`` [N, 3, 3, R, R] uint8 as :func:`edit_triplets` returns. Parameters that take no
    part (the mapping network) keep no gradient, so Adam leaves them alone. Returns
    ``mid_psnr`` (dB) of the midpoint drawing against the true middle face.
    """
    faces = to_float(triplets[torch.randint(len(triplets), (batch,), generator=rng)])
    middle = G.synthesis((E.ws(faces[:, 0]) + E.ws(faces[:, 2])) / 2)
    target = faces[:, 1]
    loss = F.mse_loss(middle, target) + ssim_weight * (1 - ms_ssim(middle, target)).mean()
    opt_ge.zero_grad(set_to_none=True)
    (weight * loss).backward()
    opt_ge.step()
    psnr = -10.0 * torch.log10(F.mse_loss(middle.detach().clamp(0, 1), target))
    return {"mid_psnr": psnr.item()}
