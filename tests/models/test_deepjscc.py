"""DeepJSCC: symbol power and shapes, the AWGN channel, seeded training, weight files, graceful degradation."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.checkpoints import WEIGHTS_DIR, CheckpointError, load_checkpoint
from models.jscc import deepjscc
from models.rendered import FaceSet
from models.world import FaceWorld

TINY = deepjscc.DeepJSCCConfig(channels=4, snrs_db=(0, 18), train_identities=4, train_per_identity=2,
                               eval_identities=2, eval_per_identity=2, shared_steps=2, own_steps=1, batch=4)


@torch.no_grad()
def test_symbols_have_unit_power_and_decode_to_images():
    model = deepjscc.DeepJSCC(channels=4).eval()
    symbols = model.encode(torch.rand(3, 3, 64, 64))
    assert symbols.shape == (3, 1024) and symbols.dtype == torch.complex64
    assert torch.allclose(symbols.abs().square().mean(1), torch.ones(3), atol=1e-5)
    images = model.decode(symbols)
    assert images.shape == (3, 3, 64, 64) and images.dtype == torch.float32
    assert 0.0 <= float(images.min()) and float(images.max()) <= 1.0
    assert model.cbr == pytest.approx(1 / 12)


def test_awgn_noise_power_follows_the_snr():
    symbols = torch.ones(4, 20_000, dtype=torch.complex64)
    received = deepjscc.awgn(symbols, torch.tensor([-6.0, 0.0, 6.0, 12.0]), torch.Generator().manual_seed(1))
    noise_power = (received - symbols).abs().square().mean(1)
    assert torch.allclose(noise_power, 10 ** (-torch.tensor([-6.0, 0.0, 6.0, 12.0]) / 10), rtol=0.05)


def test_training_is_seeded_and_load_picks_the_nearest_snr(tmp_path):
    summary = deepjscc.train(2, tmp_path / "a", lambda _: None, TINY, cache_dir=tmp_path)
    deepjscc.train(2, tmp_path / "b", lambda _: None, TINY, cache_dir=tmp_path)
    for snr in (0, 18):
        state_a, meta = load_checkpoint(tmp_path / "a" / deepjscc.weights_file(snr))
        state_b, _ = load_checkpoint(tmp_path / "b" / deepjscc.weights_file(snr))
        assert all(torch.equal(state_a[k], state_b[k]) for k in state_a) and meta["snr_db"] == snr
    assert set(summary["test_psnr_db_model_by_test_snr"]) == {"+0", "+18"} and summary["wall_s"] > 0
    assert deepjscc.available_snrs(tmp_path / "a") == [0, 18]
    assert deepjscc.load(tmp_path / "a", snr_db=7).snr_db == 0
    assert deepjscc.load(tmp_path / "a", snr_db=11).snr_db == 18
    with pytest.raises(CheckpointError, match="no deepjscc"):
        deepjscc.load(tmp_path / "empty")


@pytest.mark.skipif(not (WEIGHTS_DIR / deepjscc.weights_file(18)).exists(), reason="DeepJSCC not trained")
def test_committed_models_degrade_gracefully():
    batch = FaceWorld(0).sample("test", 32, np.random.default_rng(5))
    faces = FaceSet((batch.images * 255).round().to(torch.uint8), batch.degrees, batch.identity_indices,
                    torch.zeros(32, 64, 64, dtype=torch.bool))
    high, low = deepjscc.load(snr_db=18), deepjscc.load(snr_db=-6)
    assert high.snr_db == 18 and low.snr_db == -6
    assert deepjscc.mean_psnr_db(high, faces, 18) > deepjscc.mean_psnr_db(low, faces, -6) + 3
    assert deepjscc.mean_psnr_db(high, faces, 18) > deepjscc.mean_psnr_db(high, faces, 6)
    assert deepjscc.mean_psnr_db(low, faces, -6) > deepjscc.mean_psnr_db(high, faces, -6)
    with torch.no_grad():
        assert torch.allclose(high.encode(batch.images).abs().square().mean(1), torch.ones(32), atol=1e-4)
