"""SPIC: a lossless part map plus a lossy ×4 thumbnail, super-resolved by a map-guided diffusion model."""
from .coarse import CoarseDecodeError, coarse_decode, coarse_encode
from .model import SpicReceiver

__all__ = ["CoarseDecodeError", "SpicReceiver", "coarse_decode", "coarse_encode"]
