"""The scheme registry: a name from YAML → a builder of the scheme's stages."""
from __future__ import annotations

from typing import Callable

from simulator.registry import Registry
from simulator.stages import Stage
from .jpeg_ldpc import build_jpeg_ldpc
from simulator.scenario.scheme_params import JpegLdpcParams, SchemeParams

SCHEMES: Registry[Callable[..., list[Stage]]] = Registry("scheme")
SCHEMES.register("jpeg_ldpc", build_jpeg_ldpc)


def build_scheme(params: SchemeParams) -> list[Stage]:
    """The stages of the scheme ``params.scheme``, configured by ``params``."""
    return SCHEMES.get(params.scheme)(params)


__all__ = ["SCHEMES", "JpegLdpcParams", "SchemeParams", "build_scheme"]
