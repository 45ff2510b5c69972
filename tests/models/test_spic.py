"""SPIC receiver: the DDPM schedule, the WebP thumbnail, shapes, seeded training, weight files."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoints import load_checkpoint
from models.spic import CoarseDecodeError, SpicReceiver, coarse_decode, coarse_encode
from models.spic import training
from models.spic.schedule import DdpmSchedule

TINY = training.SpicConfig(width=4, train_faces=8, test_faces=2, steps=2, batch=4, crop=16)


def test_schedule_runs_from_signal_to_noise():
    schedule = DdpmSchedule()
    assert schedule.alpha_bar.shape == (1000,) and schedule.alpha_bar[0] > 0.999 and schedule.alpha_bar[-1] < 1e-4
    x0, eps = torch.ones(2, 3, 4, 4), torch.zeros(2, 3, 4, 4)
    assert torch.allclose(schedule.noise(x0, torch.tensor([0, 999]), eps)[1], schedule.alpha_bar[-1].sqrt() * x0[1])


def test_ddim_with_a_perfect_denoiser_returns_the_clean_image():
    schedule, x0 = DdpmSchedule(), torch.rand(1, 3, 8, 8) * 2 - 1
    noise = torch.randn(1, 3, 8, 8, generator=torch.Generator().manual_seed(0))
    start = schedule.noise(x0, torch.tensor([500]), noise)

    def oracle(x_t, t):
        a = schedule.alpha_bar[t].view(-1, 1, 1, 1)
        return (x_t - a.sqrt() * x0) / (1 - a).sqrt()

    assert torch.allclose(schedule.ddim(oracle, start, 400, 20, noise), x0, atol=1e-4)


def test_thumbnail_is_a_quarter_size_webp():
    image = np.random.default_rng(0).random((3, 64, 64), dtype=np.float32)
    data = coarse_encode(image, 60)
    assert data[8:12] == b"WEBP" and len(data) * 8 / 4096 < 1.0
    decoded = coarse_decode(data, 64, 64)
    assert decoded.shape == (3, 64, 64) and decoded.dtype == np.float32
    with pytest.raises(CoarseDecodeError, match="size"):
        coarse_decode(data, 32, 32)
    with pytest.raises(CoarseDecodeError):
        coarse_decode(b"garbage", 64, 64)


def test_reconstruction_shapes_and_seeding():
    model = SpicReceiver(width=4, sampling_steps=3).eval()
    coarse, parts = torch.rand(2, 3, 32, 32), torch.randint(0, 9, (2, 32, 32))
    first = model.reconstruct(coarse, parts, torch.Generator().manual_seed(1))
    again = model.reconstruct(coarse, parts, torch.Generator().manual_seed(1))
    assert first.shape == (2, 3, 32, 32) and first.dtype == torch.float32 and torch.equal(first, again)
    assert 0.0 <= float(first.min()) and float(first.max()) <= 1.0


def test_training_is_seeded_and_round_trips(tmp_path):
    summary = training.train(5, tmp_path / "a", lambda _: None, TINY, cache_dir=tmp_path)
    training.train(5, tmp_path / "b", lambda _: None, TINY, cache_dir=tmp_path)
    state_a, meta = load_checkpoint(tmp_path / "a" / training.WEIGHTS_FILE)
    state_b, _ = load_checkpoint(tmp_path / "b" / training.WEIGHTS_FILE)
    assert all(torch.equal(state_a[k], state_b[k]) for k in state_a) and meta["width"] == 4
    assert {"psnr_db", "ssim", "coarse_psnr_db"} <= set(summary["test"]) and summary["wall_s"] > 0
    loaded = training.load(tmp_path / "a")
    assert not loaded.training and all(torch.equal(v, state_a[k]) for k, v in loaded.state_dict().items())
