"""Held-out numbers of each component: predictor, text encoder, identity network, DeepJSCC."""
from __future__ import annotations

import torch

from models.checkpoints import WEIGHTS_DIR
from models.world import ATTRIBUTES


def predictor_card(weights_dir=WEIGHTS_DIR) -> dict:
    from models.editing.predictor import accuracy, load
    from models.rendered import face_set

    faces = face_set("test", identities=200, per_identity=5)
    clean = accuracy(load(weights_dir), faces)
    degraded = accuracy(load(weights_dir), faces, torch.Generator().manual_seed(0))
    return {"faces": len(faces), "accuracy": dict(zip(ATTRIBUTES, map(float, clean))), "mean": float(clean.mean()),
            "mean_degraded_inputs": float(degraded.mean())}


def text_encoder_card(weights_dir=WEIGHTS_DIR) -> dict:
    from models.editing.text_encoder import corpus, evaluate, load

    model = load(weights_dir)
    return {split: evaluate(model, *corpus(2000, split, seed=99)) for split in ("test", "unseen", "train")}


def identity_card(weights_dir=WEIGHTS_DIR) -> dict:
    from models.editing.identity_net import embed, load, verification
    from models.rendered import face_set

    faces = face_set("test", identities=100, per_identity=4)
    return verification(embed(load(weights_dir), faces), faces.identities)


def deepjscc_card(weights_dir=WEIGHTS_DIR) -> dict:
    from models.jscc.deepjscc import available_snrs, load, mean_psnr_db
    from models.rendered import face_set

    faces = face_set("test", identities=100, per_identity=2)
    matrix = {}
    for model_snr in available_snrs(weights_dir):
        model = load(weights_dir, snr_db=model_snr)
        matrix[str(model_snr)] = {str(test): round(mean_psnr_db(model, faces, test), 2) for test in (-6, 0, 6, 12, 18)}
    return {"faces": len(faces), "cbr": float(load(weights_dir).cbr), "psnr_db_model_x_channel": matrix}
