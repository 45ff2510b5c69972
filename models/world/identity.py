"""Identity: everything about a synthetic face that no attribute edit may change."""
from __future__ import annotations

import colorsys
from dataclasses import dataclass
from enum import IntEnum

import numpy as np

RGB = tuple[float, float, float]

# Palettes are anchors; every draw is jittered around one so no two identities match.
_SKIN_TONES = np.array(  # light to dark
    [(0.98, 0.85, 0.75), (0.93, 0.76, 0.63), (0.84, 0.64, 0.48), (0.71, 0.50, 0.35), (0.55, 0.37, 0.25),
     (0.40, 0.26, 0.18)]
)
_HAIR_COLOURS = np.array(
    [(0.08, 0.07, 0.07), (0.22, 0.14, 0.09), (0.38, 0.25, 0.15), (0.50, 0.22, 0.12), (0.72, 0.38, 0.18),
     (0.62, 0.50, 0.32), (0.86, 0.75, 0.50)]
)
_IRIS_COLOURS = np.array(
    [(0.36, 0.21, 0.10), (0.16, 0.10, 0.07), (0.25, 0.45, 0.72), (0.28, 0.52, 0.32), (0.47, 0.38, 0.17),
     (0.46, 0.52, 0.58)]
)
_FRAME_COLOURS = np.array(
    [(0.06, 0.06, 0.07), (0.30, 0.17, 0.10), (0.72, 0.60, 0.30), (0.12, 0.16, 0.38), (0.60, 0.10, 0.12)]
)
_LENS_TINTS = np.array([(0.10, 0.12, 0.11), (0.25, 0.16, 0.10), (0.12, 0.16, 0.25)])
_MIN_HAIR_SKIN_CONTRAST = 0.3  # Euclidean RGB distance
_DARK_BROWN = np.array((0.12, 0.08, 0.06))


class HairStyle(IntEnum):
    CROP = 0  # short; ears visible
    BOB = 1  # hangs beside the face to the jaw
    LONG = 2  # falls past the shoulders


@dataclass(frozen=True)
class Identity:
    """Identity parameters. Positions and sizes are in image units (the image spans
    -1..1, ``y`` down); ``u``/``v`` values are relative to the head (``u`` = ±1 at the
    sides of the head, ``v`` = -1 at its top, +1 at the chin); colours are RGB in [0, 1].
    """

    head_centre: tuple[float, float]
    head_half_width: float
    head_half_height: float
    jaw_taper: float  # 0 = oval chin, larger = narrower, pointier chin
    skin: RGB
    hair: RGB
    hair_style: HairStyle
    hair_volume: float  # how far the hair stands off the scalp, fraction of the head size
    hairline: float  # v of the hairline above the forehead's centre
    fringe_phase: float  # radians; where the fringe's strands fall
    eye_spacing: float  # u of each eye centre
    eye_size: float  # scale factor around 1
    iris: RGB
    brow_thickness: float  # scale factor around 1
    brow_arch: float  # v by which the brow's middle rises above its ends
    nose_size: float  # scale factor around 1
    mouth_width: float  # u of each mouth corner at a neutral expression
    lip_thickness: float  # v thickness of each lip
    lips: RGB
    background_from: RGB
    background_to: RGB
    background_angle: float  # radians; direction of the background gradient
    frame: RGB  # eyeglass frames
    lens_tint: RGB
    texture_seed: int  # seeds the stubble and hair-strand noise

    @classmethod
    def sample(cls, rng: np.random.Generator) -> Identity:
        """Draw an identity; the same generator state always gives the same identity."""

        def jitter(palette: np.ndarray, spread: float) -> RGB:
            anchor = palette[rng.integers(len(palette))]
            return as_rgb(anchor + rng.normal(0.0, spread, 3))

        tone = rng.uniform(0.0, len(_SKIN_TONES) - 1)
        low = int(np.floor(tone))
        high = min(low + 1, len(_SKIN_TONES) - 1)
        skin = _SKIN_TONES[low] + (tone - low) * (_SKIN_TONES[high] - _SKIN_TONES[low])
        skin = as_rgb(skin + rng.normal(0.0, 0.015, 3))
        lips = as_rgb(np.asarray(skin) * (0.82, 0.55, 0.55) + rng.normal(0.0, 0.02, 3))
        hair = np.asarray(jitter(_HAIR_COLOURS, 0.025))
        # Hair too close to the skin would make fringe and beard edits invisible.
        while np.linalg.norm(hair - skin) < _MIN_HAIR_SKIN_CONTRAST:
            hair = 0.6 * hair + 0.4 * _DARK_BROWN
        return cls(
            head_centre=(float(rng.uniform(-0.03, 0.03)), float(rng.uniform(-0.03, 0.03))),
            head_half_width=float(rng.uniform(0.47, 0.55)),
            head_half_height=float(rng.uniform(0.66, 0.72)),
            jaw_taper=float(rng.uniform(0.12, 0.34)),
            skin=skin,
            hair=as_rgb(hair),
            hair_style=HairStyle(int(rng.integers(len(HairStyle)))),
            hair_volume=float(rng.uniform(0.05, 0.15)),
            hairline=float(rng.uniform(-0.64, -0.56)),
            fringe_phase=float(rng.uniform(0.0, 2 * np.pi)),
            eye_spacing=float(rng.uniform(0.36, 0.44)),
            eye_size=float(rng.uniform(0.9, 1.12)),
            iris=jitter(_IRIS_COLOURS, 0.03),
            brow_thickness=float(rng.uniform(0.85, 1.3)),
            brow_arch=float(rng.uniform(0.01, 0.05)),
            nose_size=float(rng.uniform(0.85, 1.2)),
            mouth_width=float(rng.uniform(0.27, 0.34)),
            lip_thickness=float(rng.uniform(0.045, 0.07)),
            lips=lips,
            background_from=_pastel(rng),
            background_to=_pastel(rng),
            background_angle=float(rng.uniform(0.0, 2 * np.pi)),
            frame=jitter(_FRAME_COLOURS, 0.02),
            lens_tint=jitter(_LENS_TINTS, 0.02),
            texture_seed=int(rng.integers(2**31)),
        )


def as_rgb(values) -> RGB:
    """Clip to [0, 1] and convert to a plain float triple."""
    r, g, b = np.clip(np.asarray(values, dtype=float), 0.0, 1.0)
    return (float(r), float(g), float(b))


def _pastel(rng: np.random.Generator) -> RGB:
    hue, saturation, value = rng.uniform(0, 1), rng.uniform(0.1, 0.55), rng.uniform(0.35, 0.95)
    return as_rgb(colorsys.hsv_to_rgb(hue, saturation, value))
