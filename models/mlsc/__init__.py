"""MLSC-image: multi-level semantic features through one joint semantic-channel code."""
from .caption import CaptionEncoder, caption, tokenize
from .network import MlscImage

__all__ = ["CaptionEncoder", "MlscImage", "caption", "tokenize"]
