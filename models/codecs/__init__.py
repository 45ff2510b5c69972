"""Classical source codecs."""
from .jpeg import JpegCode, JpegDecodeError, jpeg_decode, jpeg_encode

__all__ = ["JpegCode", "JpegDecodeError", "jpeg_decode", "jpeg_encode"]
