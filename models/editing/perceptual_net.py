"""Φ, the feature network of SE_I's learned perceptual term, and the deployed inversion that uses it.

The paper's inversion objective (eq. 8) is λ_inv·MSE + LPIPS. LPIPS measures distance in the
features of a pretrained classifier; none can be fetched here. The deployed SE_I therefore adds to
the structural stand-in (1 − MS-SSIM) a distance in the conv features of Φ
(:class:`~models.gan.feature_distance.FeatureDistance`), weighted by
:data:`INVERSION_FEATURE_WEIGHT`. Φ is a network of P's architecture trained by P's recipe with
another seed (``seed + 1``), so the inversion is not steered by the very network that judges the
edits: with MS-SSIM alone, P reads the same degrees on the inverted face as the world's truth on
about 83 % of the attributes; with Φ's term added, about 94 % (model card).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

import torch

from models.checkpoints import WEIGHTS_DIR
from models.gan.feature_distance import FeatureDistance

WEIGHTS_FILE = "perceptual_net.pt"
INVERSION_FEATURE_WEIGHT = 1.0
"""λ_feat of the deployed SE_I. Chosen on 96 validation faces (P's agreement with the true degrees
after inversion: 83.3 % without the term, 94.6 % at 0.3, 94.4 % at 1.0; others preserved by IAM at
18 dB 77.1 / 84.9 / 86.7 %; inversion PSNR 27.83 / 27.48 / 26.98 dB)."""
SEED_OFFSET = 1
"""Φ is trained with the zoo seed + 1, so that at the default seed it is not P."""


def train(seed: int = 0, out_dir: Path = WEIGHTS_DIR, log: Callable[[str], None] = print, **recipe) -> dict:
    """Train Φ with P's recipe (:func:`models.editing.predictor.train`, which takes ``recipe``'s
    ``config`` and ``cache_dir``) at ``seed + 1``; writes ``perceptual_net.pt`` and its summary."""
    from .predictor import train as train_predictor

    return train_predictor(seed + SEED_OFFSET, out_dir, log, weights_file=WEIGHTS_FILE, name="perceptual_net", **recipe)


def load(weights_dir: Path = WEIGHTS_DIR, device: str = "cpu") -> FeatureDistance:
    """The feature distance over the trained Φ from ``weights_dir``."""
    from .predictor import load as load_predictor

    return FeatureDistance(load_predictor(weights_dir, device, weights_file=WEIGHTS_FILE))


def invert_faces(G, E, features: FeatureDistance | None, images: torch.Tensor, r_inv: int = 110,
                 lambda_features: float = INVERSION_FEATURE_WEIGHT):
    """The deployed SE_I: images [B, 3, 64, 64] in [0, 1] → InversionResult (W+ latents
    [B, num_ws, w_dim]), Adam from the encoder's code on λ_inv·MSE + (1 − MS-SSIM) + λ_feat·d_Φ.
    ``lambda_features`` 0 (or ``features`` None) is MS-SSIM alone."""
    from models.gan.inversion import invert

    return invert(G, images, max_iters=r_inv, init=E, features=features,
                  lambda_features=lambda_features if features is not None else 0.0)
