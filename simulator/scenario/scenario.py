"""The whole scenario: one validated, immutable tree loaded from YAML."""
from __future__ import annotations

from typing import Annotated, Union

from pydantic import Field, ValidationInfo, field_validator

from .scheme_params import (DeepJsccParams, EditableDeepScParams, JpegLdpcParams, SeparateJpegParams,
                            SeparateJsccParams, SpicParams, MlscImageParams)
from .base import Section
from .cell import CellConfig
from .channel import ChannelConfig
from .nodes import BackhaulConfig, NodesConfig, TimingConfig
from .users import UserGroup

# Add a scheme's parameter class here when it is registered; the tag is its `scheme` field.
AnySchemeParams = Annotated[Union[JpegLdpcParams, DeepJsccParams, EditableDeepScParams, SeparateJsccParams,
                                  SeparateJpegParams, SpicParams, MlscImageParams], Field(discriminator="scheme")]


class Scenario(Section):
    """A semsim scenario; see ``scenarios/quickstart.yaml`` for an annotated example."""

    name: str = Field(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9_.-]+$")
    seed: int = Field(0, ge=0, le=2**31 - 1)
    duration_s: float = Field(gt=0, le=86400, description="how long users generate traffic")
    drain_s: float = Field(30.0, ge=0, description="extra simulated time to finish requests in flight")
    cell: CellConfig = CellConfig()
    channel: ChannelConfig = ChannelConfig()
    users: list[UserGroup] = Field(min_length=1)
    nodes: NodesConfig = NodesConfig()
    backhaul: BackhaulConfig = BackhaulConfig()
    timing: TimingConfig = TimingConfig()
    schemes: list[AnySchemeParams] = Field(min_length=1)
    samples_per_scheme: int = Field(4, ge=0, le=100, description="images saved per scheme for the report")

    @field_validator("users")
    @classmethod
    def _unique_groups(cls, groups: list[UserGroup]) -> list[UserGroup]:
        names = [g.group for g in groups]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"group names must be unique (repeated: {', '.join(duplicates)})")
        return groups

    @field_validator("schemes")
    @classmethod
    def _unique_labels(cls, schemes: list) -> list:
        names = [s.display_name for s in schemes]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"scheme labels must be unique; give each variant a label (repeated: {', '.join(duplicates)})")
        return schemes

    @field_validator("users")
    @classmethod
    def _cells_exist(cls, groups: list[UserGroup], info: ValidationInfo) -> list[UserGroup]:
        cell = info.data.get("cell")
        for group in groups:
            if cell is not None and group.cell is not None and group.cell >= cell.count:
                raise ValueError(f"group {group.group!r} names cell {group.cell}, but cell.count is {cell.count} "
                                 f"(cells are 0 to {cell.count - 1})")
        return groups

    @property
    def n_users(self) -> int:
        return sum(g.count for g in self.users)
