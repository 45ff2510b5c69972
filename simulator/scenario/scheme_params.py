"""Scheme parameter sections: each registered scheme validates its own YAML entry."""
from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Section

Modulation = Literal["qpsk", "16qam", "64qam"]
BITS_PER_SYMBOL: dict[str, int] = {"qpsk": 2, "16qam": 4, "64qam": 6}


class SchemeParams(Section):
    """Fields every scheme entry has: the registry name and an optional label for result rows."""

    scheme: str
    label: str | None = Field(None, min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.+-]+$")
    failure_policy: Literal["gray", "nan"] = Field(
        "gray",
        description="what a failed reception is scored as: a mid-gray image, or NaN quality metrics",
    )

    @property
    def display_name(self) -> str:
        return self.label or self.scheme


class JpegLdpcParams(SchemeParams):
    """JPEG at a target bits-per-pixel, 5G LDPC with CRC per codeword, QAM on the OFDM grid."""

    scheme: Literal["jpeg_ldpc"]
    bpp: float = Field(1.0, gt=0.05, le=8)
    code_rate: float = Field(0.5, ge=0.1, le=0.9)
    modulation: Modulation = "16qam"
    info_bits_per_codeword: int = Field(1024, ge=64, le=8424)
    ldpc_iterations: int = Field(20, ge=1, le=100)
