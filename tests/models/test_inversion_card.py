"""The card's inversion section: agreement against the true degrees, an interval that holds it, the table."""
import pytest

from models.editing.pipeline import EditableDeepSC
from models.evaluation.card_markdown import render
from models.evaluation.inversion_eval import inversion_card
from models.world import ATTRIBUTES

pytestmark = pytest.mark.usefixtures("one_thread")


def test_inversion_section_measures_agreement_and_renders_it():
    system = EditableDeepSC.load()
    more = inversion_card(system, n=6, seed=3, r_inv=40, log=lambda _: None)
    none = inversion_card(system, n=6, seed=3, r_inv=1, log=lambda _: None, ablate=False)
    low, high = more["attribute_agreement_ci95"]
    assert low <= more["attribute_agreement"] <= high
    assert set(more["agreement_per_attribute"]) == set(ATTRIBUTES)
    assert more["iterations_mean"] <= 40 and none["iterations_mean"] <= 1
    assert more["psnr_db"] > none["psnr_db"] + 0.5  # the iterations are what lifts the encoder's code
    text = render({"inversion": more})
    assert "## GAN inversion SE_I" in text and "6 held-out test faces" in text
    assert more["perceptual_term"] == "ms-ssim + 1·features" and "without_features" not in none
    assert more["without_features"]["perceptual_term"] == "ms-ssim"
    assert "| ms-ssim + 1·features |" in text and "| ms-ssim |" in text
