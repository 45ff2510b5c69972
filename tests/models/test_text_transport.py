"""Instruction text over the air: Huffman + Reed-Solomon + uncoded QAM on the OFDM uplink."""
import numpy as np
import pytest
import torch

from channels import UplinkPhy
from channels.uncoded_qam import UncodedQam
from models.codecs.huffman import HuffmanCode
from models.codecs.text_transport import instruction_text_codec

TEXT = "What about trying bangs that leaves half of the forehead visible"


def test_huffman_is_shorter_than_ascii_and_round_trips():
    code = HuffmanCode.from_texts(["make the smile bigger", "add glasses"])
    bits = code.encode(TEXT)
    assert bits.size < 8 * len(TEXT)
    assert code.decode(np.concatenate([bits, np.ones(7, np.uint8)])) == TEXT  # padding ignored
    assert code.decode(code.encode("café")) == "caf?"  # outside printable ASCII


def test_reed_solomon_corrects_up_to_half_its_parity_and_reports_beyond():
    codec = instruction_text_codec()
    bits = codec.encode(TEXT)
    damaged = bits.copy()
    for byte in range(0, 8 * 8, 8):  # 8 corrupted bytes = parity 16 / 2
        damaged[byte] ^= 1
    result = codec.decode(damaged)
    assert result.text == TEXT and result.corrected_bytes == 8
    damaged[8 * 9: 8 * 12] ^= 1  # three more bytes: too many
    failed = codec.decode(damaged)
    assert failed.text is None and failed.failure.startswith("reed-solomon decoding failed")


@pytest.mark.parametrize("snr_db, recovered", [(20.0, True), (-5.0, False)])
def test_over_the_uplink(snr_db, recovered):
    codec, qam = instruction_text_codec(), UncodedQam(4)
    bits = codec.encode(TEXT)
    symbols = qam.modulate(bits)
    phy = UplinkPhy("awgn", generator=torch.Generator().manual_seed(1))
    x_hat, no_eff = phy.apply(symbols, phy.generate(n_prb=1, n_slots=1, snr_db=snr_db))
    result = codec.decode(qam.demodulate(x_hat, no_eff, bits.size))
    assert (result.text == TEXT) is recovered
    if not recovered:
        assert result.failure  # a corrupted instruction is a reported failure, not a crash
