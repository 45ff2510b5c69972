"""Classical source codecs."""
from .jpeg import JpegCode, JpegDecodeError, jpeg_decode, jpeg_encode
from .png_map import MapDecodeError, png_map_decode, png_map_encode

__all__ = ["JpegCode", "JpegDecodeError", "MapDecodeError", "jpeg_decode", "jpeg_encode", "png_map_decode",
           "png_map_encode"]
