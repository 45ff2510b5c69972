"""The paper's adapter budget barely moves the adapters; the card's longer budget helps at −6 dB."""
import numpy as np
import pytest
import torch

from models.editing.adapter_training import AdapterConfig, finetune, finetune_set
from models.editing.latent_signal import awgn
from models.editing.pipeline import EditableDeepSC
from models.evaluation.adapter_budget import LONG_BUDGET
from models.metrics import psnr_db
from models.world import FaceWorld

pytestmark = pytest.mark.usefixtures("one_thread")


def test_the_longer_budget_lifts_psnr_at_minus_6_db_and_the_paper_budget_stays_near_identity():
    system = EditableDeepSC.load()
    images, ws = finetune_set(system.G, system.E, system.features, LONG_BUDGET, log=lambda _: None)
    held_out = FaceWorld(0).sample("test", 16, np.random.default_rng(2)).images
    with torch.no_grad():
        held_ws = system.E.ws(held_out)

    def psnr(adapters) -> float:
        ace, acd = adapters
        received = system.from_symbols(awgn(system.to_symbols(held_ws, ace), -6, torch.Generator().manual_seed(1)), acd)
        return float(np.mean([psnr_db(o.numpy(), r.numpy()) for o, r in zip(held_out, received)]))

    paper = finetune(system.G, system.signal, ws, images, -6, AdapterConfig(), torch.Generator().manual_seed(0))
    long = finetune(system.G, system.signal, ws, images, -6, LONG_BUDGET, torch.Generator().manual_seed(0))
    assert paper[1].up.weight.abs().max() <= AdapterConfig().r_ft * AdapterConfig().lr * 1.01  # Adam: ≤ lr a step
    assert psnr(long[:2]) > psnr((None, None)) + 0.5
