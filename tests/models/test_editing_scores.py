"""The card's per-request scores and its average over AWGN draws (shared with the diagnostics and the adapter budget)."""
import numpy as np
import pytest
import torch

from models.editing.pipeline import EditableDeepSC
from models.evaluation.channel_draws import scores_over_awgn
from models.evaluation.editing_eval import held_out_requests, request_scores

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def setup():
    system = EditableDeepSC.load()
    batch, instructions, targets, ideal = held_out_requests(8, seed=3)
    with torch.no_grad():
        ws = system.E.ws(batch.images)
    attribute = torch.tensor([i.attribute for i in instructions])
    reference = system.P.predict(batch.images)

    def score(images):
        return request_scores(system, images, batch.images, ideal, attribute, targets, reference, reference)
    return system, ws, ideal, attribute, targets, reference, score


def test_request_scores_are_per_request_and_preserved_counts_the_four_other_attributes(setup):
    system, ws, ideal, attribute, targets, reference, score = setup
    with torch.no_grad():
        images = system.G.synthesis(ws).clamp(0, 1)
    scores = score(images)
    assert all(value.shape == (8,) for value in scores.values())
    seen = system.P.predict(images)
    rows = torch.arange(8)
    unchanged = (seen == reference).float().sum(1) - (seen == reference)[rows, attribute].float()
    assert torch.allclose(scores["preserved"], unchanged / 4)
    assert torch.equal(scores["edit_success"], (seen[rows, attribute] == targets[rows, attribute]).float())
    assert score(ideal)["psnr_ideal_db"].min() > scores["psnr_ideal_db"].max()


def test_awgn_average_repeats_for_a_seed_differs_across_seeds_and_approaches_noise_free_at_high_snr(setup):
    system, ws, _, _, _, _, score = setup
    symbols = system.to_symbols(ws)
    first = scores_over_awgn(system, symbols, 0, 5, score)
    assert all(torch.equal(first[k], v) for k, v in scores_over_awgn(system, symbols, 0, 5, score).items())
    assert not torch.equal(first["psnr_ideal_db"], scores_over_awgn(system, symbols, 0, 6, score)["psnr_ideal_db"])
    with torch.no_grad():
        clean = score(system.from_symbols(symbols))
    quiet = scores_over_awgn(system, symbols, 60, 5, score)
    assert np.allclose(quiet["psnr_ideal_db"], clean["psnr_ideal_db"], atol=0.05)
    assert (first["psnr_ideal_db"] < clean["psnr_ideal_db"] - 1).all()
