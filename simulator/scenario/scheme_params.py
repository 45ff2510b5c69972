"""Scheme parameter sections: each registered scheme validates its own YAML entry."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Section
from .paths import resolve_path

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
    fidelity: Literal["full", "abstract"] = Field(
        "full", description="full: run the models and the channel; abstract: look quality up in abstraction_table",
    )
    abstraction_table: Path | None = Field(None, description="table written by `semsim abstract` (fidelity abstract)")

    _resolve = field_validator("abstraction_table")(resolve_path)

    @model_validator(mode="after")
    def _abstract_needs_table(self) -> "SchemeParams":
        if self.fidelity == "abstract" and self.abstraction_table is None:
            raise ValueError("fidelity 'abstract' needs abstraction_table (write one with `semsim abstract`)")
        return self

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


class DeepJsccParams(SchemeParams):
    """DeepJSCC: a learned encoder maps the image straight to analog channel symbols (CBR ≈ 1/12).

    ``model_snr_db`` picks the model trained nearest that SNR; by default the scenario's fixed
    ``channel.snr_db``, else 12 dB (the transmitter does not know each transmission's SNR).
    The gNB forwards the equalised symbols to the edge as ``iq_bits``-bit I/Q samples.
    """

    scheme: Literal["deepjscc"]
    model_snr_db: float | None = Field(None, ge=-30, le=60)
    iq_bits: int = Field(16, ge=4, le=32, description="bits per I and per Q sample on the backhaul")


class EditingParams(SchemeParams):
    """The editing knobs every scheme that edits a latent shares (the joint scheme and the separate
    M1/M2 arrangements): ``iam`` (check the predictor after each step; off: the paper's ablation),
    ``r_inv`` (inversion iterations), ``inversion_features`` (weight of the Φ-feature term in the
    inversion objective, the learned-perceptual stand-in for LPIPS; 0 = MS-SSIM alone),
    ``r_edit`` (most editing steps), ``confidence`` (the probability
    the predictor must give the target for IAM to stop, not in the paper; 0 = its rule) and
    ``refine_iters`` (gradient refinement after IAM, not in the paper; 0 = off)."""

    iam: bool = True
    r_inv: int = Field(110, ge=1, le=2000)
    inversion_features: float = Field(1.0, ge=0, le=100, description="weight of the Φ-feature term in SE_I's objective (0: MS-SSIM alone)")
    r_edit: int = Field(10, ge=1, le=100)
    confidence: float = Field(0.0, ge=0, lt=1, description="P's probability of the target that stops IAM (0: the paper's rule)")
    refine_iters: int = Field(0, ge=0, le=200, description="gradient refinement steps after IAM (0: the paper's JECC)")


class EditableDeepScParams(EditingParams):
    """Editable-DeepSC: invert, read the instruction, edit the latent with iterative attribute
    matching (IAM) and send it as analog symbols (halves → I/Q); the receiver's G renders it.

    ``finetune`` uses the SNR-aware adapters fine-tuned for ``adapter_snr_db`` (default the
    scenario's fixed SNR, else 12 dB); the editing knobs are :class:`EditingParams`'.
    ``power_control``: ``average`` (the paper's setting: one latent scale shared by both ends, unit
    mean power over inverted faces) or ``per_image`` (each image's symbols scaled to unit power, the
    gain sent as 16 bits of side information), for editing rules that carry latents further out.
    """

    scheme: Literal["editable_deepsc"]
    finetune: bool = True
    adapter_snr_db: float | None = Field(None, ge=-30, le=60)
    iq_bits: int = Field(16, ge=4, le=32)
    power_control: Literal["average", "per_image"] = Field(
        "average", description="average: shared latent scale; per_image: unit power per image, gain as 16-bit side info")


class TextTransportParams(EditingParams):
    """How the separate schemes carry the instruction text (the M1 receiver needs it), plus the editing knobs."""

    instruction_transport: Literal["error_free", "huffman_rs"] = "huffman_rs"
    text_modulation: Modulation = "16qam"
    rs_parity_bytes: int = Field(16, ge=2, le=64)


class SeparateJsccParams(TextTransportParams):
    """The separate arrangements with DeepJSCC as the link: ``deepjscc+edit_rx`` (M1: send the image,
    the receiver inverts and edits with the received instruction) and ``edit_tx+deepjscc`` (M2: the
    transmitter inverts, edits and renders, then sends the edited image)."""

    scheme: Literal["deepjscc+edit_rx", "edit_tx+deepjscc"]
    model_snr_db: float | None = Field(None, ge=-30, le=60)
    iq_bits: int = Field(16, ge=4, le=32)


class SeparateJpegParams(TextTransportParams, JpegLdpcParams):
    """The separate arrangements over JPEG+LDPC: ``jpeg_ldpc+edit_rx`` (M1) and ``edit_tx+jpeg_ldpc`` (M2)."""

    scheme: Literal["jpeg_ldpc+edit_rx", "edit_tx+jpeg_ldpc"]


class SpicParams(SchemeParams):
    """SPIC: the UE segments the face and sends the part map losslessly (palette PNG) and a ×4
    thumbnail as WebP at ``coarse_quality``, both as one byte stream over 5G LDPC + QAM; the edge
    super-resolves the thumbnail with a map-guided diffusion model in ``sampling_steps`` DDIM steps."""

    scheme: Literal["spic"]
    coarse_quality: int = Field(60, ge=1, le=100, description="WebP quality of the 16x16 thumbnail")
    sampling_steps: int = Field(20, ge=1, le=200)
    code_rate: float = Field(0.5, ge=0.1, le=0.9)
    modulation: Modulation = "16qam"
    info_bits_per_codeword: int = Field(1024, ge=64, le=8424)
    ldpc_iterations: int = Field(20, ge=1, le=100)


class MlscImageParams(SchemeParams):
    """MLSC-image: the UE segments the face and captions its attributes, a joint semantic-channel
    encoder maps caption, part map and pixels to ``symbols`` analog channel uses (k/n = k/12288);
    the gNB forwards I/Q as ``iq_bits``-bit samples and the edge fuses the levels into the image."""

    scheme: Literal["mlsc_image"]
    symbols: Literal[512, 1024] = 1024
    iq_bits: int = Field(16, ge=4, le=32, description="bits per I and per Q sample on the backhaul")
