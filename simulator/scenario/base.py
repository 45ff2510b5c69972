"""Shared pydantic configuration for every scenario section."""
from pydantic import BaseModel, ConfigDict


class Section(BaseModel):
    """A strict, immutable scenario section: unknown keys are errors, values never change after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
