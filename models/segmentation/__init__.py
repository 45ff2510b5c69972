"""Face-part segmentation: the semantic map SPIC sends and MLSC-image encodes as one of its levels."""
from .network import SegmentationNet, mean_iou
from .parts_set import PartsSet, parts_set

__all__ = ["PartsSet", "SegmentationNet", "mean_iou", "parts_set"]
