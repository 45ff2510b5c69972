"""Editable-DeepSC's per-image power control: unit power on the air, the gain undone at the edge."""
import numpy as np
import torch

from models.editing.latent_signal import unit_power
from simulator.request import Payload
from simulator.scenario.scheme_params import EditableDeepScParams
from simulator.schemes.editable_deepsc import build_editable_deepsc
from tests.simulator.conftest import requests_with_instructions


def test_unit_power_normalises_each_row_and_keeps_the_gain():
    symbols = torch.complex(torch.randn(3, 64), torch.randn(3, 64)) * torch.tensor([[0.3], [1.0], [4.0]])
    sent, gain = unit_power(symbols)
    assert torch.allclose(sent.abs().square().mean(dim=1), torch.ones(3), atol=2e-3)
    assert torch.allclose(sent * gain[:, None], symbols, rtol=1e-5)
    assert torch.equal(gain, gain.half().float())  # what 16 bits of side information carry


def _send(power_control: str) -> tuple[list, list[np.ndarray]]:
    params = EditableDeepScParams(scheme="editable_deepsc", r_inv=5, r_edit=2, finetune=False,
                                  power_control=power_control)
    invert, edit, _radio, forward, _wired, decode = build_editable_deepsc(params, 18.0)
    requests = requests_with_instructions(2)
    invert.call(requests)
    for request in requests:  # far from the latent centre, as long editing walks leave it
        request.payload = Payload(request.payload.data * 3.0, meta=request.payload.meta)
    edit.call(requests)
    sent = [r.payload for r in requests]
    for request in requests:  # a noise-free air interface: x̂ = x
        request.payload = Payload((request.payload.data, 0.0), meta=request.payload.meta)
    forward.call(requests)
    decode.call(requests)
    return sent, [r.received for r in requests]


def test_per_image_power_control_sends_unit_power_and_the_edge_undoes_it():
    average, images_average = _send("average")
    per_image, images_per_image = _send("per_image")
    assert all(p.data.abs().square().mean() > 2 for p in average)
    assert all(abs(float(p.data.abs().square().mean()) - 1) < 0.01 for p in per_image)
    assert all(p.meta["side_bits"] == 16 and p.meta["power_gain"] > 1 for p in per_image)
    for a, b in zip(images_average, images_per_image):
        assert np.abs(a - b).max() < 1e-3
