"""The StyleGAN2-style generator, its discriminator and encoder, and their training entry point."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from models.gan import Discriminator, Encoder, Generator, GeneratorConfig, load, load_encoder, train
from models.gan.layers import ModulatedConv2d
from models.gan.midpoint import edit_triplets
from models.gan.objective import LatentMoments, Weights, gaussian_kl
from models.gan.training import TrainConfig
from models.world import FaceWorld

TINY = GeneratorConfig(channels=(16, 8, 8, 8, 8), w_dim=16, mapping_layers=2)
TINY_TRAIN = TrainConfig(
    steps=4, batch=4, fake_batch=4, generator=TINY, encoder_channels=(8, 8, 8, 8, 8),
    discriminator_channels=(8, 8, 8, 8, 8), weights=Weights(moment_samples=32, midpoint_batch=2), checkpoint_every=2,
    log_every=1, eval_faces=0, threads=1,
)


pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def faces() -> torch.Tensor:
    images = FaceWorld(0).sample("train", 8, np.random.default_rng(0)).images
    return (images * 255).round().to(torch.uint8)


@pytest.fixture(scope="module")
def triplets() -> torch.Tensor:
    return edit_triplets(3, seed=0, cache_dir=None, log=lambda _: None)


def test_shapes_dtypes_and_latent_api():
    G = Generator()
    assert (G.resolution, G.num_ws, G.w_dim, G.z_dim) == (64, 10, 128, 128)
    z = torch.randn(2, G.z_dim, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        w = G.mapping(z)
        images = G(z)
        assert w.shape == (2, 128) and images.shape == (2, 3, 64, 64) and images.dtype == torch.float32
        torch.testing.assert_close(G.synthesis(G.broadcast(w)), images)
        assert not torch.allclose(G.synthesis(G.broadcast(w).clone().index_fill_(1, torch.tensor([9]), 0.0)), images)
    assert G.w_avg.shape == (128,)
    noisy = {key.split(".")[2] for key in G.state_dict() if key.endswith(".noise") and "convs" in key}
    assert noisy == {"0", "1", "2", "3", "4", "5"}  # 8×8 … 32×32 take noise, 64×64 does not
    with pytest.raises(ValueError, match="ws must be"):
        G.synthesis(torch.zeros(2, 3, 128))
    D = Discriminator()
    E = Encoder(G.num_ws, G.w_dim)
    assert D(images).shape == (2,) and E.ws(images).shape == (2, 10, 128)


def test_modulated_conv_equals_per_sample_kernels():
    rng = torch.Generator().manual_seed(1)
    conv = ModulatedConv2d(6, 5, 3, 4, rng)
    x, w = torch.randn(3, 6, 8, 8, generator=rng), torch.randn(3, 4, generator=rng)
    style = conv.modulation(w)
    kernels = conv.weight[None] * conv.scale * style[:, None, :, None, None]
    kernels = kernels * torch.rsqrt(kernels.square().sum((2, 3, 4), keepdim=True) + 1e-8)
    expected = torch.stack([F.conv2d(x[i : i + 1], kernels[i], padding=1)[0] for i in range(3)])
    torch.testing.assert_close(conv(x, w), expected, atol=1e-5, rtol=1e-5)


def test_same_seed_same_weights_and_images():
    a, b, c = Generator(TINY, seed=3), Generator(TINY, seed=3), Generator(TINY, seed=4)
    for (name, p), q in zip(a.state_dict().items(), b.state_dict().values()):
        assert torch.equal(p, q), name
    z = torch.randn(2, TINY.w_dim, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        assert torch.equal(a(z), b(z)) and torch.equal(a(z), a(z))
        assert not torch.allclose(a(z), c(z))


def test_training_is_deterministic_and_round_trips(tmp_path, faces, triplets):
    summaries = [
        train(5, tmp_path / run, log=lambda _: None, config=TINY_TRAIN, faces=faces, triplets=triplets,
              state_path=tmp_path / f"{run}.pt")
        for run in ("a", "b")
    ]
    first, second = load(tmp_path / "a"), load(tmp_path / "b")
    assert not first.training
    for (name, p), q in zip(first.state_dict().items(), second.state_dict().values()):
        assert torch.equal(p, q), name
    untrained = Generator(TINY, seed=5)
    assert not torch.equal(first.synthesis.const, untrained.synthesis.const)
    assert summaries[0]["wall_s"] > 0 and summaries[0]["train_config"]["steps"] == 4
    written = json.loads((tmp_path / "a" / "generator.train.json").read_text())
    assert written["parameters"] == summaries[0]["parameters"]
    E = load_encoder(tmp_path / "a")
    assert E.ws(faces[:2].float() / 255).shape == (2, TINY.num_ws, TINY.w_dim)
    assert {p.name for p in (tmp_path / "a").iterdir()} == {
        "generator.pt", "discriminator.pt", "gan_encoder.pt", "generator.train.json"
    }


def test_interrupted_training_resumes_to_the_same_weights(tmp_path, faces, triplets):
    train(6, tmp_path / "whole", log=lambda _: None, config=TINY_TRAIN, faces=faces, triplets=triplets,
          state_path=tmp_path / "w.pt")

    def interrupt(line: str) -> None:
        if line.startswith("step 3/"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        train(6, tmp_path / "resumed", log=interrupt, config=TINY_TRAIN, faces=faces, triplets=triplets,
              state_path=tmp_path / "r.pt")
    assert (tmp_path / "r.pt").exists()
    lines = []
    train(6, tmp_path / "resumed", log=lines.append, config=TINY_TRAIN, faces=faces, triplets=triplets,
          state_path=tmp_path / "r.pt")
    assert lines[0].startswith("resumed") and "step 2" in lines[0]
    assert not (tmp_path / "r.pt").exists()
    whole, resumed = load(tmp_path / "whole"), load(tmp_path / "resumed")
    for (name, p), q in zip(whole.state_dict().items(), resumed.state_dict().values()):
        assert torch.equal(p, q), name


def test_lr_schedule_decays_to_the_final_fraction():
    config = TrainConfig(steps=100, lr=1e-3, decay_start=0.5, final_lr_fraction=0.1)
    assert config.lr_at(0) == config.lr_at(49) == 1e-3
    assert math.isclose(config.lr_at(100), 1e-4) and 1e-4 < config.lr_at(75) < 1e-3


def test_gaussian_kl_is_small_for_matching_moments_and_charges_stray_variance():
    rng = torch.Generator().manual_seed(0)
    scales = torch.tensor([2.0, 1.0, 0.1, 0.01])
    target = LatentMoments(4)
    target.update(torch.randn(20000, 4, generator=rng) * scales, decay=0.0)
    matched = torch.randn(4000, 4, generator=rng) * scales
    stray = matched.clone()
    stray[:, 3] *= 10  # variance where the target has almost none
    assert gaussian_kl(matched, target, eps=1e-6) < 0.01 < gaussian_kl(stray, target, eps=1e-6)
