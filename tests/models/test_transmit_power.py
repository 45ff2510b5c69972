"""The committed Editable-DeepSC sends its latents at the unit average power the channel's SNR assumes."""
import numpy as np
import pytest
import torch

from models.editing.pipeline import EditableDeepSC
from models.world import FaceWorld


@pytest.mark.usefixtures("one_thread")
def test_inverted_test_faces_are_sent_at_unit_average_power():
    # The channel sets its noise for unit-power symbols; a latent scale taken from the GAN encoder's
    # latents sent inverted faces at ~2.5× that power, i.e. ~4 dB above every nominal SNR.
    system = EditableDeepSC.load()
    faces = FaceWorld(0).sample("test", 12, np.random.default_rng(3)).images
    symbols = system.to_symbols(system.invert(faces).latents.detach())
    power = symbols.abs().pow(2).mean().item()
    assert symbols.shape == (12, system.symbols) and symbols.dtype == torch.complex64
    assert 0.75 < power < 1.33, f"mean symbol power {power:.2f}, expected about 1"
