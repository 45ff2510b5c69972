"""One user's OFDM uplink in the frequency domain, built on Sionna PHY blocks.

Randomness: Sionna blocks draw from ``sionna.phy.config``'s global, per-device
generators (``Object.torch_rng``). To keep a run reproducible from its own seed
without touching that global state, the two random Sionna blocks used here
(``TDL`` and ``AWGN``) are subclassed to return this object's generator from
``torch_rng``; everything else random (flat fading, padding) draws from the
same generator explicitly. DMRS values are a fixed, known sequence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch
from sionna.phy.channel import AWGN, cir_to_ofdm_channel, subcarrier_frequencies
from sionna.phy.channel.tr38901 import TDL
from sionna.phy.mimo import StreamManagement
from sionna.phy.ofdm import (
    LMMSEEqualizer,
    LSChannelEstimator,
    PilotPattern,
    ResourceGrid,
    ResourceGridMapper,
)

from .numerology import SUBCARRIERS_PER_PRB, SYMBOLS_PER_SLOT, Numerology, data_res_per_prb
from .realisation import COMPLEX_DTYPE, DEVICE, PRECISION, REAL_DTYPE, ChannelRealisation

MODELS = ("awgn", "rayleigh", "rician", "tdl-a", "tdl-b", "tdl-c", "tdl-d", "tdl-e")
CSI_MODES = ("perfect", "ls")

# Fixed seed of the DMRS sequence: pilots only need to be known to both ends.
_DMRS_SEQUENCE_SEED = 0x5EED


class _OwnGenerator:
    """Mixin for a Sionna block: draw from a given generator instead of Sionna's global one."""

    def __init__(self, generator: torch.Generator, **kwargs) -> None:
        super().__init__(**kwargs)
        self._generator = generator

    @property
    def torch_rng(self) -> torch.Generator:
        return self._generator


class _SeededTDL(_OwnGenerator, TDL):
    """Sionna's 3GPP TDL model with its own generator."""


class _SeededAWGN(_OwnGenerator, AWGN):
    """Sionna's AWGN with its own generator."""


@dataclass(frozen=True)
class _Grid:
    """Sionna blocks bound to one (n_prb, n_slots) resource grid."""

    resource_grid: ResourceGrid
    mapper: ResourceGridMapper
    ls_estimator: LSChannelEstimator
    equalizer: LMMSEEqualizer


class UplinkPhy:
    """Frequency-domain OFDM uplink of one single-antenna user to a single-antenna BS.

    Args:
        model: ``awgn``, ``rayleigh`` / ``rician`` (flat block fading, one coefficient
            per transmission), or ``tdl-a`` .. ``tdl-e`` (Sionna's TR 38.901 TDL).
        carrier_hz: carrier frequency [Hz] (sets the Doppler of TDL models).
        numerology: NR numerology (subcarrier spacing, slot length).
        dmrs_symbols: OFDM-symbol indices within each 14-symbol slot that carry DMRS;
            whole symbols, every subcarrier, repeated in every slot.
        csi: ``perfect`` (true h) or ``ls`` (Sionna ``LSChannelEstimator`` on the DMRS,
            linear interpolation in frequency and time).
        delay_spread_s: RMS delay spread [s] scaling the TDL profile.
        speed_mps: UT speed [m/s]; TDL channels evolve across OFDM symbols with it.
        rician_k_db: K factor [dB] of the ``rician`` model.
        generator: ``torch.Generator`` on CPU, or an integer seed for a new one. It is
            the only source of randomness (channel, noise, padding).

    Tensors: symbols complex64 [N], unit average power; ``h`` complex64
    [n_slots*14, n_prb*12]; equalised symbols complex64 [N] and their noise
    variance float32 [N]. Equalisation is Sionna's ``LMMSEEqualizer`` (for SISO its
    unbiased output is y/h_hat with noise variance (no + err_var)/|h_hat|^2).

    Example:
        >>> phy = UplinkPhy("tdl-c", numerology=Numerology(1), csi="ls", generator=7)
        >>> phy.data_res(n_prb=4, n_slots=2)
        1152
        >>> realisation = phy.generate(n_prb=4, n_slots=2, snr_db=20.0)
        >>> tuple(realisation.h.shape)
        (28, 48)
        >>> x = torch.ones(1000, dtype=torch.complex64)
        >>> x_hat, no_eff = phy.apply(x, realisation)
        >>> x_hat.shape, no_eff.dtype
        (torch.Size([1000]), torch.float32)
    """

    def __init__(
        self,
        model: str,
        *,
        carrier_hz: float = 3.5e9,
        numerology: Numerology = Numerology(1),
        dmrs_symbols: tuple[int, ...] = (2, 11),
        csi: str = "perfect",
        delay_spread_s: float = 100e-9,
        speed_mps: float = 3.0,
        rician_k_db: float = 10.0,
        generator: torch.Generator | int,
    ) -> None:
        if model not in MODELS:
            raise ValueError(f"unknown channel model {model!r}; expected one of {MODELS}")
        if csi not in CSI_MODES:
            raise ValueError(f"unknown csi mode {csi!r}; expected one of {CSI_MODES}")
        if not dmrs_symbols or any(not 0 <= s < SYMBOLS_PER_SLOT for s in dmrs_symbols):
            raise ValueError(f"dmrs_symbols must be non-empty indices in 0..{SYMBOLS_PER_SLOT - 1}")
        self.model = model
        self.carrier_hz = carrier_hz
        self.numerology = numerology
        self.dmrs_symbols = tuple(sorted(set(dmrs_symbols)))
        self.csi = csi
        self.rician_k_db = rician_k_db
        self._generator = (
            generator if isinstance(generator, torch.Generator)
            else torch.Generator(device=DEVICE).manual_seed(generator)
        )
        self._awgn = _SeededAWGN(self._generator, precision=PRECISION, device=DEVICE)
        self._tdl = (
            _SeededTDL(
                self._generator,
                model=model[-1].upper(),
                delay_spread=delay_spread_s,
                carrier_frequency=carrier_hz,
                min_speed=speed_mps,
                precision=PRECISION,
                device=DEVICE,
            )
            if model.startswith("tdl") else None
        )
        self._grids: dict[tuple[int, int], _Grid] = {}

    def data_res(self, n_prb: int, n_slots: int) -> int:
        """Number of data resource elements of an ``n_prb`` x ``n_slots`` grid."""
        return n_slots * n_prb * data_res_per_prb(len(self.dmrs_symbols))

    def data_re_mask(self, n_prb: int, n_slots: int) -> torch.Tensor:
        """bool [n_slots*14, n_prb*12], True on data REs; data fill them row by row."""
        mask = torch.ones(n_slots * SYMBOLS_PER_SLOT, n_prb * SUBCARRIERS_PER_PRB, dtype=torch.bool)
        mask[self._dmrs_rows(n_slots)] = False
        return mask

    def generate(self, n_prb: int, n_slots: int, snr_db: float) -> ChannelRealisation:
        """Draw the channel of one transmission over ``n_slots`` slots and ``n_prb`` PRBs."""
        shape = (n_slots * SYMBOLS_PER_SLOT, n_prb * SUBCARRIERS_PER_PRB)
        if self.model == "awgn":
            h = torch.ones(shape, dtype=COMPLEX_DTYPE)
        elif self._tdl is None:
            h = self._flat_fading_coefficient().expand(shape).clone()
        else:
            h = self._tdl_response(self._grid(n_prb, n_slots).resource_grid)
        return ChannelRealisation(
            model=self.model, snr_db=float(snr_db), n_prb=n_prb, n_slots=n_slots,
            h=h, no=10 ** (-snr_db / 10),
        )

    def propagate(self, symbols: torch.Tensor, realisation: ChannelRealisation) -> torch.Tensor:
        """Received grid y = h * x + n, complex64 [n_slots*14, n_prb*12].

        ``symbols`` (complex64 [N], N <= data REs) fill the data REs in order; the
        remaining data REs carry random QPSK and the DMRS REs the known pilots.
        """
        grid = self._grid(realisation.n_prb, realisation.n_slots)
        capacity = grid.resource_grid.num_data_symbols
        if symbols.dim() != 1 or symbols.shape[0] > capacity:
            raise ValueError(f"expected 1-D symbols with at most {capacity} entries, "
                             f"got shape {tuple(symbols.shape)}")
        data = torch.cat([symbols.to(DEVICE, COMPLEX_DTYPE),
                          self._random_qpsk(capacity - symbols.shape[0])])
        x = grid.mapper(data.reshape(1, 1, 1, capacity))[0, 0, 0]
        return self._awgn(realisation.h * x, realisation.no)

    def estimate(
        self, y: torch.Tensor, realisation: ChannelRealisation
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Channel estimate h_hat (complex64) and its error variance (float32), both
        [n_slots*14, n_prb*12], from the received grid ``y`` according to ``csi``."""
        if self.csi == "perfect":
            return realisation.h, torch.zeros(realisation.h.shape, dtype=REAL_DTYPE)
        estimator = self._grid(realisation.n_prb, realisation.n_slots).ls_estimator
        h_hat, err_var = estimator(y.reshape(1, 1, 1, *y.shape), realisation.no)
        return h_hat[0, 0, 0, 0, 0], err_var[0, 0, 0, 0, 0]

    def apply(
        self, symbols: torch.Tensor, realisation: ChannelRealisation
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Send ``symbols`` (complex64 [N]) through ``realisation``, estimate and equalise.

        Returns the equalised symbols, complex64 [N], and their post-equalisation
        noise variance, float32 [N], ready for a max-log demapper.
        """
        y = self.propagate(symbols, realisation)
        h_hat, err_var = self.estimate(y, realisation)
        equalizer = self._grid(realisation.n_prb, realisation.n_slots).equalizer
        x_hat, no_eff = equalizer(
            y.reshape(1, 1, 1, *y.shape),
            h_hat.reshape(1, 1, 1, 1, 1, *h_hat.shape),
            err_var.reshape(1, 1, 1, 1, 1, *err_var.shape),
            realisation.no,
        )
        n = symbols.shape[0]
        return x_hat[0, 0, 0, :n], no_eff[0, 0, 0, :n]

    def _dmrs_rows(self, n_slots: int) -> list[int]:
        return [slot * SYMBOLS_PER_SLOT + s for slot in range(n_slots) for s in self.dmrs_symbols]

    def _grid(self, n_prb: int, n_slots: int) -> _Grid:
        key = (n_prb, n_slots)
        if key not in self._grids:
            self._grids[key] = self._build_grid(n_prb, n_slots)
        return self._grids[key]

    def _build_grid(self, n_prb: int, n_slots: int) -> _Grid:
        if n_prb < 1 or n_slots < 1:
            raise ValueError("n_prb and n_slots must be positive")
        n_symbols, n_subcarriers = n_slots * SYMBOLS_PER_SLOT, n_prb * SUBCARRIERS_PER_PRB
        rows = self._dmrs_rows(n_slots)
        mask = np.zeros([1, 1, n_symbols, n_subcarriers], bool)
        mask[..., rows, :] = True
        pilots = self._dmrs_sequence(len(rows) * n_subcarriers).reshape(1, 1, -1)
        resource_grid = ResourceGrid(
            num_ofdm_symbols=n_symbols,
            fft_size=n_subcarriers,
            subcarrier_spacing=self.numerology.subcarrier_spacing_hz,
            # Same pilot REs on every DMRS symbol: a Kronecker pattern, built from
            # PilotPattern so its values come from the fixed DMRS sequence.
            pilot_pattern=PilotPattern(mask, pilots, precision=PRECISION, device=DEVICE),
            precision=PRECISION,
            device=DEVICE,
        )
        blocks = dict(precision=PRECISION, device=DEVICE)
        return _Grid(
            resource_grid=resource_grid,
            mapper=ResourceGridMapper(resource_grid, **blocks),
            ls_estimator=LSChannelEstimator(resource_grid, interpolation_type="lin", **blocks),
            equalizer=LMMSEEqualizer(resource_grid, StreamManagement(np.ones([1, 1]), 1), **blocks),
        )

    def _tdl_response(self, resource_grid: ResourceGrid) -> torch.Tensor:
        # Sample the CIR once per OFDM symbol at the real NR symbol rate (cyclic
        # prefix included), so Doppler advances by the true symbol period.
        symbol_rate_hz = SYMBOLS_PER_SLOT / self.numerology.slot_s
        a, tau = self._tdl(1, resource_grid.num_ofdm_symbols, symbol_rate_hz)
        frequencies = subcarrier_frequencies(
            resource_grid.fft_size, resource_grid.subcarrier_spacing,
            precision=PRECISION, device=DEVICE,
        )
        # The TDL power-delay profile has unit total power, so |h|^2 has unit
        # ensemble mean; no per-draw normalisation, which would hide wideband fading.
        return cir_to_ofdm_channel(frequencies, a, tau)[0, 0, 0, 0, 0].to(COMPLEX_DTYPE)

    def _flat_fading_coefficient(self) -> torch.Tensor:
        scattered = self._complex_gaussian(1)
        if self.model == "rayleigh":
            return scattered
        k = 10 ** (self.rician_k_db / 10)
        phase = 2 * math.pi * torch.rand(1, generator=self._generator, dtype=REAL_DTYPE)
        specular = torch.polar(torch.ones_like(phase), phase)
        return math.sqrt(k / (k + 1)) * specular + math.sqrt(1 / (k + 1)) * scattered

    def _complex_gaussian(self, n: int) -> torch.Tensor:
        parts = torch.randn(2, n, generator=self._generator, dtype=REAL_DTYPE)
        return torch.complex(parts[0], parts[1]) / math.sqrt(2)

    def _random_qpsk(self, n: int) -> torch.Tensor:
        return _qpsk(torch.randint(0, 2, (2, n), generator=self._generator))

    @staticmethod
    def _dmrs_sequence(n: int) -> torch.Tensor:
        generator = torch.Generator(device=DEVICE).manual_seed(_DMRS_SEQUENCE_SEED)
        return _qpsk(torch.randint(0, 2, (2, n), generator=generator))


def _qpsk(bits: torch.Tensor) -> torch.Tensor:
    """Unit-power QPSK from bits [2, n] (first row I, second row Q)."""
    levels = (1 - 2 * bits.to(REAL_DTYPE)) / math.sqrt(2)
    return torch.complex(levels[0], levels[1])
