"""JPEG at a target bpp, the quality metrics against hand-computed values, and the generated scenes."""
import numpy as np
import pytest

from models.codecs import JpegDecodeError, jpeg_decode, jpeg_encode
from models.metrics import bits_per_pixel, channel_bandwidth_ratio, psnr_db, ssim
from models.scenes import generate_scene


@pytest.fixture
def scene():
    return generate_scene(np.random.default_rng(1), 64)


def test_jpeg_meets_target_bpp_and_quality_rises_with_it(scene):
    psnrs = []
    for target in (1.0, 2.0, 4.0):
        code = jpeg_encode(scene, target)
        assert 0.8 * target < code.bpp <= target  # bisection gets close to the budget
        decoded = jpeg_decode(code.data, 64, 64)
        assert decoded.shape == (3, 64, 64) and decoded.dtype == np.float32
        psnrs.append(psnr_db(scene, decoded))
    assert psnrs == sorted(psnrs) and psnrs[0] > 20


def test_jpeg_below_its_header_floor_says_so(scene):
    # A 64x64 JPEG's tables alone cost several hundred bits: 0.25 bpp cannot be met.
    code = jpeg_encode(scene, 0.25)
    assert code.quality == 1 and code.bpp > 0.25


def test_jpeg_decode_rejects_corrupt_and_wrong_size(scene):
    code = jpeg_encode(scene, 1.0)
    with pytest.raises(JpegDecodeError):
        jpeg_decode(b"\x00" * 200, 64, 64)
    with pytest.raises(JpegDecodeError):
        jpeg_decode(code.data, 32, 32)


def test_psnr_by_hand():
    a = np.zeros((3, 4, 4))
    b = np.full((3, 4, 4), 0.1)  # MSE 0.01 → 20 dB
    assert psnr_db(a, b) == pytest.approx(20.0)
    assert psnr_db(a, a) == float("inf")


def test_ssim_properties(scene):
    noisy = np.clip(scene + np.random.default_rng(0).normal(0, 0.1, scene.shape), 0, 1)
    assert ssim(scene, scene) == pytest.approx(1.0)
    assert 0.0 < ssim(scene, noisy) < 0.9
    assert ssim(scene, noisy) == pytest.approx(ssim(noisy, scene))
    # A constant offset keeps structure and contrast, so SSIM stays high while PSNR drops.
    shifted = np.clip(scene + 0.05, 0, 1)
    assert ssim(scene, shifted) > ssim(scene, noisy)


def test_bandwidth_metrics_by_hand():
    assert bits_per_pixel(4096, 64, 64) == 1.0
    assert channel_bandwidth_ratio(2048, 64, 64, 3) == pytest.approx(1 / 6)


def test_scenes_are_reproducible_and_distinct():
    a = generate_scene(np.random.default_rng(5), 32)
    assert np.array_equal(a, generate_scene(np.random.default_rng(5), 32))
    assert not np.array_equal(a, generate_scene(np.random.default_rng(6), 32))
