"""The scheme registry: a name from YAML → a builder of the scheme's stages."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from simulator.registry import Registry
from simulator.stages import Stage
from .deepjscc import build_deepjscc
from .editable_deepsc import build_editable_deepsc
from .jpeg_ldpc import build_jpeg_ldpc
from .mlsc_image import build_mlsc_image
from .spic import build_spic
from .separate_jscc import (build_deepjscc_edit_rx, build_edit_tx_deepjscc, build_edit_tx_jpeg_ldpc,
                            build_jpeg_ldpc_edit_rx)
from simulator.scenario.scheme_params import JpegLdpcParams, SchemeParams


@dataclass(frozen=True)
class SchemeSpec:
    """How to build a scheme's stages, and whether it edits (its output is scored against the
    ideal edit rather than the original image)."""

    build: Callable[..., list[Stage]]
    edits: bool = False


SCHEMES: Registry[SchemeSpec] = Registry("scheme")
SCHEMES.register("jpeg_ldpc", SchemeSpec(lambda params, scenario: build_jpeg_ldpc(params)))
SCHEMES.register("deepjscc", SchemeSpec(lambda params, scenario: build_deepjscc(params, scenario.channel.snr_db)))
SCHEMES.register("editable_deepsc", SchemeSpec(
    lambda params, scenario: build_editable_deepsc(params, scenario.channel.snr_db), edits=True))
SCHEMES.register("deepjscc+edit_rx", SchemeSpec(
    lambda params, scenario: build_deepjscc_edit_rx(params, scenario.channel.snr_db), edits=True))
SCHEMES.register("edit_tx+deepjscc", SchemeSpec(
    lambda params, scenario: build_edit_tx_deepjscc(params, scenario.channel.snr_db), edits=True))
SCHEMES.register("jpeg_ldpc+edit_rx", SchemeSpec(lambda params, scenario: build_jpeg_ldpc_edit_rx(params), edits=True))
SCHEMES.register("edit_tx+jpeg_ldpc", SchemeSpec(lambda params, scenario: build_edit_tx_jpeg_ldpc(params), edits=True))
SCHEMES.register("spic", SchemeSpec(lambda params, scenario: build_spic(params)))
SCHEMES.register("mlsc_image", SchemeSpec(lambda params, scenario: build_mlsc_image(params)))


def build_scheme(params: SchemeParams, scenario) -> list[Stage]:
    """The stages of the scheme ``params.scheme``, configured by ``params`` within ``scenario``."""
    return SCHEMES.get(params.scheme).build(params, scenario)


__all__ = ["SCHEMES", "SchemeSpec", "JpegLdpcParams", "SchemeParams", "build_scheme"]
