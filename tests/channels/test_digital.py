"""LDPC + CRC + QAM over the AWGN uplink: error rates fall with SNR, CRCs detect failures."""

import doctest

import numpy as np
import pytest

from channels import DigitalChain, UplinkPhy, digital

N_PRB, N_SLOTS = 51, 2  # 14688 data REs; a 1024-bit codeword at rate 1/2 is 524 16-QAM symbols


def _send(chain: DigitalChain, bits: np.ndarray, snr_db: float, seed: int):
    phy = UplinkPhy("awgn", generator=seed)
    symbols, framing = chain.encode(bits)
    x_hat, no_eff = phy.apply(symbols, phy.generate(N_PRB, N_SLOTS, snr_db))
    return chain.decode(x_hat, no_eff, framing)


@pytest.fixture(scope="module")
def chain() -> DigitalChain:
    return DigitalChain(code_rate=0.5, bits_per_symbol=4)


@pytest.fixture(scope="module")
def payload() -> np.ndarray:
    return np.random.default_rng(0).integers(0, 2, 12 * 1024, dtype=np.uint8)


def test_ber_and_codeword_error_rate_fall_with_snr(chain, payload):
    ber, cwer = [], []
    for snr_db in (0.0, 6.0, 12.0):
        bits_hat, crc_ok = _send(chain, payload, snr_db, seed=1)
        ber.append(float(np.mean(bits_hat != payload)))
        cwer.append(float(np.mean(~crc_ok)))
    assert ber[0] > ber[1] > ber[2] == 0.0
    assert cwer[0] >= cwer[1] > cwer[2] == 0.0
    assert cwer[0] == 1.0


def test_high_snr_is_bit_exact_low_snr_fails_crc(chain):
    bits = np.random.default_rng(1).integers(0, 2, 4096, dtype=np.uint8)
    bits_hat, crc_ok = _send(chain, bits, 18.0, seed=2)
    assert bits_hat.dtype == np.uint8 and np.array_equal(bits_hat, bits)
    assert crc_ok.dtype == bool and crc_ok.shape == (4,) and crc_ok.all()
    bits_hat, crc_ok = _send(chain, bits, -6.0, seed=3)
    assert not crc_ok.any()
    assert np.mean(bits_hat != bits) > 0.1


@pytest.mark.parametrize("bits_per_symbol, code_rate", [(2, 0.3), (4, 0.5), (6, 0.75)])
def test_framing_and_symbol_count(bits_per_symbol, code_rate):
    chain = DigitalChain(code_rate, bits_per_symbol, info_bits_per_codeword=512)
    bits = np.random.default_rng(2).integers(0, 2, 1300, dtype=np.uint8)
    symbols, framing = chain.encode(bits)
    assert (framing.n_bits, framing.codewords, framing.padding_bits) == (1300, 3, 236)
    assert symbols.shape == (chain.symbols_for_bits(1300),)
    assert symbols.shape[0] * bits_per_symbol * code_rate >= 3 * (512 + 24)
    assert symbols.abs().square().mean().item() == pytest.approx(1.0, abs=0.1)


def test_docstring_example():
    result = doctest.testmod(digital)
    assert result.attempted > 0 and result.failed == 0
