"""User groups: how many, where they are, how often they send, and which images."""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .base import Section
from .paths import resolve_path


class Placement(Section):
    """Either uniform in a disc around the gNB (``disc_radius_m``) or all at ``distance_m``."""

    disc_radius_m: float | None = Field(None, gt=10, le=5000)
    distance_m: float | None = Field(None, ge=10, le=5000)

    @model_validator(mode="after")
    def _exactly_one(self) -> "Placement":
        if (self.disc_radius_m is None) == (self.distance_m is None):
            raise ValueError("give exactly one of disc_radius_m or distance_m")
        return self


class Traffic(Section):
    """Either Poisson arrivals (``poisson_rate_hz``) or one request every ``period_s`` (random phase)."""

    poisson_rate_hz: float | None = Field(None, gt=0, le=1000)
    period_s: float | None = Field(None, gt=0)

    @model_validator(mode="after")
    def _exactly_one(self) -> "Traffic":
        if (self.poisson_rate_hz is None) == (self.period_s is None):
            raise ValueError("give exactly one of poisson_rate_hz or period_s")
        return self


class ImageSource(Section):
    """Where a group's images come from: faces of the synthetic face world (with ground-truth
    attributes), generated scenes, or a folder of PNG/JPEG files."""

    source: Literal["faces", "generated", "folder"] = "faces"
    size: int = Field(64, ge=16, le=512, description="side of the square images in pixels")
    path: Path | None = None
    count: int = Field(16, ge=1, le=10000, description="number of faces or scenes to draw from")
    split: Literal["train", "validation", "test"] = Field("test", description="face-world identities to use")

    _resolve = field_validator("path")(resolve_path)

    @model_validator(mode="after")
    def _folder_needs_path(self) -> "ImageSource":
        if self.source == "folder" and self.path is None:
            raise ValueError("source 'folder' needs a path")
        if self.source != "folder" and self.path is not None:
            raise ValueError("path is only used with source 'folder'")
        return self


class UserGroup(Section):
    """``count`` users sharing placement, traffic and image source."""

    group: str = Field("users", min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    count: int = Field(ge=1, le=10000)
    placement: Placement
    traffic: Traffic
    images: ImageSource = ImageSource()
    cell: int | None = Field(None, ge=0, description="cell index of every user of the group (default: round robin)")
