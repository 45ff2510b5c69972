"""GAN inversion (SE_I) on many held-out faces: PSNR/SSIM and attribute agreement with an interval.

The editing section of the card inverts only its 96 request faces, and 96 faces put about ±8
points of sampling noise on the attribute agreement (the share of the five attributes P reads on
the inverted face as they are on the original). This section inverts more faces, in batches, and
reports the agreement against the world's true degrees (the bar) and against P's reading of the
original (P's own errors removed), per attribute, with a bootstrap interval over faces — for the
deployed objective and, on the same faces, for MS-SSIM alone (the Φ-feature term's ablation).
"""
from __future__ import annotations

from typing import Callable

import numpy as np

from models.editing.perceptual_net import INVERSION_FEATURE_WEIGHT
from models.gan.evaluation import invert_in_batches, psnr_ssim_per_image
from models.world import ATTRIBUTES, FaceWorld

BATCH = 96
BOOTSTRAP_DRAWS = 2000


def bootstrap_interval(per_face: np.ndarray, seed: int = 0, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of the mean of ``per_face`` [N] under resampling faces with replacement.

    >>> low, high = bootstrap_interval(np.array([0.8] * 50 + [0.6] * 50))
    >>> 0.67 < low < 0.7 < high < 0.73
    True
    """
    rng = np.random.default_rng(seed)
    means = per_face[rng.integers(len(per_face), size=(BOOTSTRAP_DRAWS, len(per_face)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    return float(np.percentile(means, tail)), float(np.percentile(means, 100 - tail))


def inversion_card(system, n: int = 384, seed: int = 11, r_inv: int = 110,
                   log: Callable[[str], None] = print, ablate: bool = True) -> dict:
    """Invert ``n`` test faces (drawn with ``seed``) with the deployed SE_I (encoder init, Φ-feature
    term); with ``ablate``, also with MS-SSIM alone on the same faces (``"without_features"``)."""
    batch = FaceWorld(0).sample("test", n, np.random.default_rng(seed))
    original_seen = system.P.predict(batch.images)
    result = {"faces": n, "seed": seed, "batch": BATCH,
              "p_on_original_correct": float((original_seen == batch.degrees).float().mean()),
              **_measure(system, batch, original_seen, r_inv, INVERSION_FEATURE_WEIGHT, log)}
    if ablate:
        result["without_features"] = _measure(system, batch, original_seen, r_inv, 0.0, log)
    return result


def _measure(system, batch, original_seen, r_inv: int, lambda_features: float, log) -> dict:
    inverted = invert_in_batches(lambda part: system.invert(part, r_inv, lambda_features), batch.images, BATCH, log)
    seen = system.P.predict(inverted.images)
    psnr, structure = psnr_ssim_per_image(batch.images, inverted.images)
    truth = (seen == batch.degrees).float()
    low, high = bootstrap_interval(truth.mean(1).numpy())
    return {
        "init": inverted.init, "perceptual_term": inverted.perceptual_name,
        "psnr_db": float(np.mean(psnr)), "ssim": float(np.mean(structure)),
        "attribute_agreement": float(truth.mean()), "attribute_agreement_ci95": [low, high],
        "agreement_per_attribute": dict(zip(ATTRIBUTES, map(float, truth.mean(0)))),
        "agreement_with_p_on_original": float((seen == original_seen).float().mean()),
        "iterations_mean": float(inverted.iters_run.float().mean()),
        "seconds_per_image": inverted.wall_s / len(batch.images),
    }
