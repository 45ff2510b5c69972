"""Φ and the learned-feature term of SE_I: P's recipe at seed + 1, the feature distance, the deployed inversion."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoints import load_checkpoint
from models.editing import perceptual_net, predictor
from models.gan import invert, load, load_encoder
from models.gan.feature_distance import FeatureDistance
from models.world import FaceWorld

TINY = predictor.PredictorConfig(widths=(4, 8), train_identities=4, train_per_identity=2, eval_identities=2,
                                 eval_per_identity=2, epochs=1, batch=4)

pytestmark = pytest.mark.usefixtures("one_thread")


def test_phi_is_ps_recipe_at_the_next_seed(tmp_path):
    perceptual_net.train(3, tmp_path / "phi", lambda _: None, config=TINY, cache_dir=tmp_path)
    predictor.train(4, tmp_path / "p", lambda _: None, TINY, cache_dir=tmp_path)
    phi, meta = load_checkpoint(tmp_path / "phi" / perceptual_net.WEIGHTS_FILE)
    p, _ = load_checkpoint(tmp_path / "p" / predictor.WEIGHTS_FILE)
    assert meta["seed"] == 4 and all(torch.equal(phi[k], p[k]) for k in p)
    assert sorted(f.name for f in (tmp_path / "phi").iterdir()) == ["perceptual_net.pt", "perceptual_net.train.json"]
    assert isinstance(perceptual_net.load(tmp_path / "phi"), FeatureDistance)


def test_committed_phi_is_not_the_judge():
    phi, p = perceptual_net.load().net.state_dict(), predictor.load().state_dict()
    assert phi.keys() == p.keys() and not torch.equal(phi["head.weight"], p["head.weight"])


def test_feature_term_is_weighed_named_and_lowers_the_feature_distance():
    G, E, features = load(), load_encoder(), perceptual_net.load()
    faces = FaceWorld(0).sample("test", 4, np.random.default_rng(12)).images
    with pytest.raises(ValueError, match="lambda_features"):
        invert(G, faces, max_iters=1, lambda_features=1.0)
    plain = perceptual_net.invert_faces(G, E, features, faces, 40, lambda_features=0.0)
    learned = perceptual_net.invert_faces(G, E, features, faces, 40)
    assert (plain.perceptual_name, learned.perceptual_name) == ("ms-ssim", "ms-ssim + 1·features")
    with torch.no_grad():
        assert float(features(learned.images, faces).mean()) < 0.8 * float(features(plain.images, faces).mean())
