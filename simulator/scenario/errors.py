"""The one error type for unusable input: every problem as a ``path: message`` line."""
from __future__ import annotations


class ScenarioError(Exception):
    """A scenario (or a file it names) that cannot be used; ``problems`` holds one line each."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))
