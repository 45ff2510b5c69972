"""The generator's midpoint term: degree triplets of the world and the extra G/E update."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from models.gan import Encoder, Generator, GeneratorConfig
from models.gan.midpoint import TRIPLET_RNG_OFFSET, edit_triplets, midpoint_step
from models.world import FaceWorld, render_batch

pytestmark = pytest.mark.usefixtures("one_thread")

TINY = GeneratorConfig(channels=(16, 8, 8, 8, 8), w_dim=16, mapping_layers=2)


@pytest.fixture(scope="module")
def triplets() -> torch.Tensor:
    return edit_triplets(6, seed=0, cache_dir=None, log=lambda _: None)


def test_triplets_are_one_identity_at_three_consecutive_degrees(triplets):
    assert triplets.shape == (6, 3, 3, 64, 64) and triplets.dtype == torch.uint8
    for views in triplets:
        assert not torch.equal(views[0], views[1]) and not torch.equal(views[1], views[2])
    assert torch.equal(edit_triplets(6, seed=0, cache_dir=None, log=lambda _: None), triplets)
    assert not torch.equal(edit_triplets(6, seed=1, cache_dir=None, log=lambda _: None), triplets)


def test_triplets_match_the_renderer_at_the_drawn_degrees(triplets):
    """Re-derive the first triplet's faces from the renderer: the middle view is the exact ideal edit."""
    rng = np.random.default_rng(0 + TRIPLET_RNG_OFFSET)
    batch = FaceWorld(0).sample("train", 6, rng)
    attribute, low = rng.integers(5, size=6), rng.integers(0, 4, size=6)
    degrees = batch.degrees.numpy().copy()
    for k in range(3):
        degrees[0, attribute[0]] = low[0] + k
        image = render_batch(batch.identities[:1], degrees[:1], 64).images[0]
        assert torch.equal((image * 255).round().to(torch.uint8), triplets[0, k])


def test_midpoint_step_moves_synthesis_and_encoder_but_not_mapping(triplets):
    G = Generator(TINY, seed=0)
    E = Encoder(G.num_ws, G.w_dim, (8, 8, 8, 8, 8), seed=1)
    opt = torch.optim.Adam([*G.parameters(), *E.parameters()], 1e-3)
    before = {name: p.detach().clone() for name, p in [*G.named_parameters(), *E.named_parameters()]}
    rng = torch.Generator().manual_seed(0)
    out = midpoint_step(G, E, opt, triplets, batch=4, weight=1.0, ssim_weight=0.05, rng=rng)
    assert set(out) == {"mid_psnr"} and 0 < out["mid_psnr"] < 60
    after = dict([*G.named_parameters(), *E.named_parameters()])
    moved = {name for name, p in after.items() if not torch.equal(p, before[name])}
    assert any(name.startswith("synthesis") for name in moved)
    assert any(name.startswith("blocks") or name.startswith("to_") for name in moved)
    assert not any(name.startswith("mapping") for name in moved)


def test_triplets_are_cached_and_read_back(tmp_path, triplets):
    written = edit_triplets(6, seed=0, cache_dir=tmp_path, log=lambda _: None)
    assert [p.name for p in tmp_path.iterdir()] == ["triplets-w0-n6-s0.pt"]
    lines = []
    assert torch.equal(edit_triplets(6, seed=0, cache_dir=tmp_path, log=lines.append), written)
    assert torch.equal(written, triplets) and lines == []  # read back, nothing rendered
