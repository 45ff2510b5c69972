"""Image libraries per user group: synthetic faces, generated scenes or a folder of PNG/JPEG files."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from models.scenes import generate_scenes
from models.world import FaceWorld
from .random_streams import RandomStreams
from .scenario import ScenarioError
from .scenario.users import ImageSource

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg"}
# The world the default models are trained on; scenarios draw identities from its held-out split.
FACE_WORLD_SEED = 0


@dataclass(frozen=True)
class ImageLibrary:
    """Images a group's users draw from: ids and float32 [3, S, S] arrays in [0, 1].

    Faces also carry their world identity and attribute degrees [5], so instructions can be
    drawn for them and the ideal edit rendered; other sources have ``faces = None``.
    """

    ids: tuple[str, ...]
    images: tuple[np.ndarray, ...]
    faces: tuple | None = None

    def pick(self, rng: np.random.Generator) -> int:
        return int(rng.integers(len(self.images)))


def build_library(source: ImageSource, streams: RandomStreams, group: str) -> ImageLibrary:
    """The library for one user group (raises :class:`ScenarioError` naming a bad file)."""
    if source.source == "faces":
        world = FaceWorld(FACE_WORLD_SEED)
        batch = world.sample(source.split, source.count, streams.numpy(f"images/{group}"), size=source.size)
        ids = tuple(f"face-{int(i)}-" + "".join(str(int(d)) for d in degrees)
                    for i, degrees in zip(batch.identity_indices, batch.degrees))
        return ImageLibrary(ids, tuple(image.numpy() for image in batch.images), tuple(batch.faces()))
    if source.source == "generated":
        scenes = generate_scenes(streams.numpy(f"images/{group}"), source.count, source.size)
        return ImageLibrary(tuple(f"scene-{group}-{i}" for i in range(len(scenes))), tuple(scenes))
    return _load_folder(Path(source.path), source.size)


def _load_folder(folder: Path, size: int) -> ImageLibrary:
    if not folder.is_dir():
        raise ScenarioError(str(folder), ["image folder not found"])
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise ScenarioError(str(folder), [f"no images with suffix {', '.join(sorted(IMAGE_SUFFIXES))}"])
    images = []
    for file in files:
        try:
            with Image.open(file) as picture:
                images.append(_square_rgb(picture, size))
        except (UnidentifiedImageError, OSError, SyntaxError) as error:
            raise ScenarioError(str(file), [f"not a readable PNG/JPEG image ({error})"]) from None
    return ImageLibrary(tuple(f.name for f in files), tuple(images))


def _square_rgb(picture: Image.Image, size: int) -> np.ndarray:
    """Convert to RGB (grayscale and palette images too), centre-crop to a square, resize to ``size``."""
    rgb = picture.convert("RGB")
    side = min(rgb.size)
    left, top = (rgb.width - side) // 2, (rgb.height - side) // 2
    rgb = rgb.crop((left, top, left + side, top + side)).resize((size, size), Image.Resampling.LANCZOS)
    return (np.asarray(rgb, dtype=np.float32) / 255.0).transpose(2, 0, 1).copy()
