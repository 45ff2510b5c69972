"""A procedural face world with ground-truth attribute degrees and part labels."""
from .attributes import ATTRIBUTES, MAX_DEGREE, NUM_ATTRIBUTES, NUM_DEGREES, attribute_index
from .dataset import FaceDataset
from .face import Face
from .identity import HairStyle, Identity
from .parts import NUM_PARTS, PART_NAMES, Part
from .preview import contact_sheet, save_contact_sheet, save_png
from .render import render
from .world import SPLITS, FaceBatch, FaceWorld, render_batch

__all__ = [
    "ATTRIBUTES",
    "MAX_DEGREE",
    "NUM_ATTRIBUTES",
    "NUM_DEGREES",
    "NUM_PARTS",
    "PART_NAMES",
    "SPLITS",
    "Face",
    "FaceBatch",
    "FaceDataset",
    "FaceWorld",
    "HairStyle",
    "Identity",
    "Part",
    "attribute_index",
    "contact_sheet",
    "render",
    "render_batch",
    "save_contact_sheet",
    "save_png",
]
