"""Loading rosinality-layout StyleGAN2 checkpoints: a random small checkpoint is built in that
layout, saved with torch.save, loaded, and checked against an independent reference forward."""
from __future__ import annotations

import math

import pytest
import torch
import torch.nn.functional as F

from models.checkpoints import CheckpointError
from models.gan import Generator, load_stylegan2_checkpoint
from models.gan.stylegan2_checkpoint import convert_state_dict

W_DIM, N_MLP, LR_MUL = 16, 2, 0.01
CHANNELS = {4: 32, 8: 16, 16: 16, 32: 8}
BLUR = torch.tensor([1.0, 3.0, 3.0, 1.0])


pytestmark = pytest.mark.usefixtures("one_thread")


def _styled(state: dict, prefix: str, cin: int, cout: int, k: int, rng: torch.Generator, rgb: bool = False) -> None:
    state[f"{prefix}.conv.weight"] = torch.randn(1, cout, cin, k, k, generator=rng)
    state[f"{prefix}.conv.modulation.weight"] = torch.randn(cin, W_DIM, generator=rng)
    state[f"{prefix}.conv.modulation.bias"] = 1 + 0.1 * torch.randn(cin, generator=rng)
    if rgb:
        state[f"{prefix}.bias"] = 0.1 * torch.randn(1, 3, 1, 1, generator=rng)
    else:
        state[f"{prefix}.noise.weight"] = 0.1 * torch.randn(1, generator=rng)
        state[f"{prefix}.activate.bias"] = 0.1 * torch.randn(cout, generator=rng)


def rosinality_state(seed: int = 0) -> dict[str, torch.Tensor]:
    """A random ``g_ema`` state dict of a 32×32 generator in the rosinality naming and shapes."""
    rng = torch.Generator().manual_seed(seed)
    state = {}
    for i in range(1, N_MLP + 1):
        state[f"style.{i}.weight"] = torch.randn(W_DIM, W_DIM, generator=rng) / LR_MUL
        state[f"style.{i}.bias"] = torch.randn(W_DIM, generator=rng)
    state["input.input"] = torch.randn(1, CHANNELS[4], 4, 4, generator=rng)
    _styled(state, "conv1", CHANNELS[4], CHANNELS[4], 3, rng)
    _styled(state, "to_rgb1", CHANNELS[4], 3, 1, rng, rgb=True)
    cin = CHANNELS[4]
    for level, res in enumerate((8, 16, 32)):
        _styled(state, f"convs.{2 * level}", cin, CHANNELS[res], 3, rng)
        _styled(state, f"convs.{2 * level + 1}", CHANNELS[res], CHANNELS[res], 3, rng)
        _styled(state, f"to_rgbs.{level}", CHANNELS[res], 3, 1, rng, rgb=True)
        state[f"convs.{2 * level}.conv.blur.kernel"] = torch.outer(BLUR, BLUR) / 16.0
        state[f"to_rgbs.{level}.upsample.kernel"] = torch.outer(BLUR, BLUR) / 16.0
        cin = CHANNELS[res]
    for i in range(7):
        res = 2 ** ((i + 5) // 2)
        state[f"noises.noise_{i}"] = torch.randn(1, 1, res, res, generator=rng)
    return state


def _fir(x: torch.Tensor, pad0: int, pad1: int) -> torch.Tensor:
    kernel = torch.outer(BLUR, BLUR) / 64.0
    c = x.shape[1]
    return F.conv2d(F.pad(x, (pad0, pad1, pad0, pad1)), kernel.flip(0, 1).expand(c, 1, 4, 4), groups=c)


def _reference_modconv(state, prefix, x, w, demodulate, upsample):
    """The layout's own arithmetic: one kernel per sample, applied as a grouped convolution."""
    weight = state[f"{prefix}.conv.weight"]
    _, cout, cin, k, _ = weight.shape
    b, _, h, _ = x.shape
    modulation = state[f"{prefix}.conv.modulation.weight"] / math.sqrt(W_DIM)
    style = F.linear(w, modulation, state[f"{prefix}.conv.modulation.bias"])
    weight = weight / math.sqrt(cin * k * k) * style.view(b, 1, cin, 1, 1)
    if demodulate:
        weight = weight * torch.rsqrt(weight.square().sum((2, 3, 4)) + 1e-8).view(b, cout, 1, 1, 1)
    if upsample:
        weight = weight.transpose(1, 2).reshape(b * cin, cout, k, k)
        out = F.conv_transpose2d(x.reshape(1, b * cin, h, h), weight, stride=2, groups=b)
        return _fir(out.view(b, cout, out.shape[-2], out.shape[-1]), 1, 1) * 4
    out = F.conv2d(x.reshape(1, b * cin, h, h), weight.reshape(b * cout, cin, k, k), padding=k // 2, groups=b)
    return out.view(b, cout, h, h)


def _reference_synthesis(state: dict, ws: torch.Tensor) -> torch.Tensor:
    """Rosinality-layout forward with fixed noises; returns the raw [−1, 1]-range image."""
    act = lambda t, bias: F.leaky_relu(t + bias.view(1, -1, 1, 1), 0.2) * math.sqrt(2)  # noqa: E731

    def styled(prefix, x, w, noise, upsample=False):
        out = _reference_modconv(state, prefix, x, w, True, upsample)
        return act(out + state[f"{prefix}.noise.weight"] * noise, state[f"{prefix}.activate.bias"])

    def rgb(prefix, x, w, skip):
        out = _reference_modconv(state, prefix, x, w, False, False) + state[f"{prefix}.bias"]
        if skip is None:
            return out
        zero_stuffed = F.conv_transpose2d(skip, torch.ones(3, 1, 1, 1), stride=2, groups=3)
        return out + _fir(F.pad(zero_stuffed, (0, 1, 0, 1)), 2, 1) * 4

    x = state["input.input"].expand(ws.shape[0], -1, -1, -1)
    x = styled("conv1", x, ws[:, 0], state["noises.noise_0"])
    skip = rgb("to_rgb1", x, ws[:, 1], None)
    for level in range(3):
        i = 2 * level + 1
        x = styled(f"convs.{2 * level}", x, ws[:, i], state[f"noises.noise_{i}"], upsample=True)
        x = styled(f"convs.{2 * level + 1}", x, ws[:, i + 1], state[f"noises.noise_{i + 1}"])
        skip = rgb(f"to_rgbs.{level}", x, ws[:, i + 2], skip)
    return skip


def _reference_mapping(state: dict, z: torch.Tensor) -> torch.Tensor:
    x = z * torch.rsqrt(z.square().mean(1, keepdim=True) + 1e-8)
    for i in range(1, N_MLP + 1):
        x = F.linear(x, state[f"style.{i}.weight"] * LR_MUL / math.sqrt(W_DIM), state[f"style.{i}.bias"] * LR_MUL)
        x = F.leaky_relu(x, 0.2) * math.sqrt(2)
    return x


@pytest.fixture
def checkpoint(tmp_path):
    state = rosinality_state()
    path = tmp_path / "stylegan2.pt"
    torch.save({"g_ema": state, "latent_avg": torch.randn(W_DIM, generator=torch.Generator().manual_seed(1))}, path)
    return path, state


def test_load_infers_shapes_and_matches_reference_forward(checkpoint):
    path, state = checkpoint
    G = load_stylegan2_checkpoint(path)
    assert (G.resolution, G.w_dim, G.num_ws, G.config.mapping_layers) == (32, W_DIM, 8, N_MLP)
    assert G.config.channels == (32, 16, 16, 8)
    rng = torch.Generator().manual_seed(2)
    z = torch.randn(3, W_DIM, generator=rng)
    ws = torch.randn(3, G.num_ws, W_DIM, generator=rng)
    with torch.no_grad():
        images = G.synthesis(ws)
        assert images.shape == (3, 3, 32, 32) and images.dtype == torch.float32
        torch.testing.assert_close(images, _reference_synthesis(state, ws) * 0.5 + 0.5, atol=1e-4, rtol=1e-4)
        torch.testing.assert_close(G.mapping(z), _reference_mapping(state, z), atol=1e-5, rtol=1e-5)
        assert G(z).shape == (3, 3, 32, 32)
    torch.testing.assert_close(G.w_avg, torch.load(path, weights_only=True)["latent_avg"])


def test_every_checkpoint_tensor_is_wired(checkpoint):
    _, state = checkpoint
    rng = torch.Generator().manual_seed(3)
    z = torch.randn(2, W_DIM, generator=rng)
    ws = torch.randn(2, 8, W_DIM, generator=rng)

    def outputs(raw):
        config, converted = convert_state_dict(raw)
        G = Generator(config)
        G.load_state_dict(converted, strict=False)
        with torch.no_grad():
            return G(z), G.synthesis(ws)

    base = outputs(state)
    for key in state:
        if key.endswith(".kernel"):
            continue
        changed = dict(state, **{key: state[key] + 0.5})
        after = outputs(changed)
        assert any(not torch.allclose(a, b) for a, b in zip(base, after)), f"{key} does not reach the output"


def test_refuses_unsafe_foreign_or_unknown_content(tmp_path, checkpoint):
    _, state = checkpoint
    unsafe = tmp_path / "unsafe.pt"
    torch.save({"g_ema": state, "extra": Exception("pickled object")}, unsafe)
    with pytest.raises(CheckpointError, match="refused"):
        load_stylegan2_checkpoint(unsafe)
    foreign = tmp_path / "foreign.pt"
    torch.save({"generator": state}, foreign)
    with pytest.raises(CheckpointError, match="g_ema"):
        load_stylegan2_checkpoint(foreign)
    extra = tmp_path / "extra.pt"
    torch.save({"g_ema": dict(state, **{"convs.0.mystery": torch.zeros(1)})}, extra)
    with pytest.raises(CheckpointError, match="convs.0.mystery"):
        load_stylegan2_checkpoint(extra)
    blur = tmp_path / "blur.pt"
    torch.save({"g_ema": dict(state, **{"convs.0.conv.blur.kernel": torch.ones(4, 4)})}, blur)
    with pytest.raises(CheckpointError, match="blur kernel"):
        load_stylegan2_checkpoint(blur)
    with pytest.raises(CheckpointError, match="not found"):
        load_stylegan2_checkpoint(tmp_path / "absent.pt")


def test_missing_latent_avg_is_estimated(tmp_path):
    path = tmp_path / "no_avg.pt"
    torch.save({"g_ema": rosinality_state(4)}, path)
    G = load_stylegan2_checkpoint(path)
    assert G.w_avg.shape == (W_DIM,) and G.w_avg.abs().sum() > 0
