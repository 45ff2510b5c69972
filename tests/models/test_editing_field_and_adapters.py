"""The editing field M, the latent signal and the adapters, on a small real generator."""
import torch

from models.editing.adapter_training import AdapterConfig, finetune
from models.editing.adapters import adapter_pair
from models.editing.field import EditingField
from models.editing.latent_signal import LatentSignal, awgn, latent_scale
from models.gan.generator import Generator, GeneratorConfig


def tiny_generator() -> Generator:
    return Generator(GeneratorConfig(channels=(16, 8, 8, 8), w_dim=8, mapping_layers=1), seed=0).eval()  # 32x32


def test_field_shapes_bounded_steps_and_determinism():
    ws = torch.randn(4, 6, 8, generator=torch.Generator().manual_seed(0))
    attribute = torch.tensor([0, 3, 3, 4])
    step = EditingField(6, 8, hidden=16, seed=1)(ws, attribute)
    assert step.shape == ws.shape and step.dtype == torch.float32
    assert step.abs().max() <= 0.5
    assert torch.equal(step, EditingField(6, 8, hidden=16, seed=1)(ws, attribute))
    assert not torch.equal(step, EditingField(6, 8, hidden=16, seed=2)(ws, attribute))


def test_field_context_lets_every_layer_see_the_whole_latent():
    ws = torch.randn(3, 6, 8, generator=torch.Generator().manual_seed(0))
    moved = ws.clone()
    moved[:, 5] += 1.0  # change the last layer's w only
    attribute = torch.tensor([0, 2, 4])
    local, seeing = EditingField(6, 8, hidden=16, seed=1), EditingField(6, 8, hidden=16, seed=1, context=4)
    assert torch.equal(local(ws, attribute)[:, :5], local(moved, attribute)[:, :5])
    step = seeing(ws, attribute)
    assert step.shape == ws.shape and step.abs().max() <= 0.5
    assert not torch.allclose(step[:, :5], seeing(moved, attribute)[:, :5])


def test_latent_signal_has_unit_average_power_and_awgn_has_the_set_snr():
    ws = torch.randn(256, 6, 8, generator=torch.Generator().manual_seed(0)) * 3 + 1
    signal = LatentSignal(torch.ones(8), latent_scale(ws, torch.ones(8)))
    x = signal.to_symbols(ws)
    assert x.shape == (256, 24) and abs(x.abs().pow(2).mean().item() - 1) < 1e-4
    noise = awgn(x, 10.0, torch.Generator().manual_seed(1)) - x
    assert abs(10 * torch.log10(1 / noise.abs().pow(2).mean()).item() - 10.0) < 0.2


def test_adapters_keep_shape_and_power_and_start_as_identity():
    ace, acd = adapter_pair(k=12, hidden=4)
    x = torch.randn(5, 12, dtype=torch.complex64)
    assert torch.allclose(ace(x), x) and torch.equal(acd(x), x)
    with torch.no_grad():
        ace.up.weight.normal_()
    y = ace(x)
    assert y.shape == x.shape and not torch.allclose(y, x)
    assert torch.allclose(y.abs().pow(2).mean(1), x.abs().pow(2).mean(1), rtol=1e-4)


def test_fine_tuning_updates_only_the_adapters():
    G = tiny_generator()
    G.requires_grad_(False)
    frozen = {k: v.clone() for k, v in G.state_dict().items()}
    ws = G.broadcast(G.mapping(torch.randn(3, 8, generator=torch.Generator().manual_seed(0))))
    images = G.synthesis(ws).detach()
    signal = LatentSignal(G.w_avg, latent_scale(ws, G.w_avg))
    ace, acd, losses = finetune(G, signal, ws, images, -6.0, AdapterConfig(r_ft=6, lr=1e-2, hidden=4),
                                torch.Generator().manual_seed(0))
    assert len(losses) == 6
    assert all(torch.equal(frozen[k], v) for k, v in G.state_dict().items())
    assert ace.up.weight.abs().sum() > 0 and acd.up.weight.abs().sum() > 0
