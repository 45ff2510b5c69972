"""Image sources: generated scenes, and a user folder of PNG/JPEG files with clear errors."""
import numpy as np
import pytest
from PIL import Image

from simulator.images import build_library
from simulator.random_streams import RandomStreams
from simulator.scenario import ScenarioError
from simulator.scenario.users import ImageSource


def test_generated_library_is_reproducible():
    source = ImageSource(source="generated", size=32, count=3)
    a = build_library(source, RandomStreams(1), "g")
    b = build_library(source, RandomStreams(1), "g")
    assert a.ids == ("scene-g-0", "scene-g-1", "scene-g-2")
    assert all(np.array_equal(x, y) for x, y in zip(a.images, b.images))


def test_folder_of_png_jpeg_grayscale_and_odd_sizes(tmp_path):
    rng = np.random.default_rng(0)
    Image.fromarray(rng.integers(0, 255, (40, 60, 3), dtype=np.uint8)).save(tmp_path / "wide.png")
    Image.fromarray(rng.integers(0, 255, (50, 50), dtype=np.uint8)).save(tmp_path / "gray.jpg")
    (tmp_path / "notes.txt").write_text("ignored: not an image suffix")
    library = build_library(ImageSource(source="folder", path=tmp_path, size=32), RandomStreams(0), "g")
    assert library.ids == ("gray.jpg", "wide.png")
    for image in library.images:
        assert image.shape == (3, 32, 32) and image.dtype == np.float32
        assert 0.0 <= image.min() and image.max() <= 1.0


def test_corrupt_image_is_named(tmp_path):
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    with pytest.raises(ScenarioError) as caught:
        build_library(ImageSource(source="folder", path=tmp_path), RandomStreams(0), "g")
    assert str(caught.value).startswith(f"{tmp_path / 'broken.png'}: not a readable PNG/JPEG image")


def test_empty_or_missing_folder(tmp_path):
    with pytest.raises(ScenarioError, match="no images with suffix"):
        build_library(ImageSource(source="folder", path=tmp_path), RandomStreams(0), "g")
    with pytest.raises(ScenarioError, match="image folder not found"):
        build_library(ImageSource(source="folder", path=tmp_path / "nope"), RandomStreams(0), "g")


def test_faces_come_from_the_held_out_split_with_their_degrees_in_the_id():
    from models.world import FaceWorld
    from simulator.images import FACE_WORLD_SEED

    library = build_library(ImageSource(source="faces", size=32, count=4), RandomStreams(3), "g")
    test_ids = FaceWorld(FACE_WORLD_SEED).split_range("test")
    for image_id, image in zip(library.ids, library.images):
        _, index, degrees = image_id.split("-")
        assert int(index) in test_ids and len(degrees) == 5
        assert image.shape == (3, 32, 32) and image.dtype == np.float32
