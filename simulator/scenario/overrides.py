"""``dotted.path=value`` overrides applied to a scenario's raw mapping before validation."""
from __future__ import annotations

from typing import Any

import yaml

from .errors import ScenarioError


def parse_override(override: str, source: str) -> tuple[str, Any]:
    """``"channel.snr_db=0"`` → ``("channel.snr_db", 0)``; the value is read as YAML."""
    path, sep, raw = override.partition("=")
    if not sep or not path:
        raise ScenarioError(source, [f"--set {override!r}: expected dotted.path=value"])
    try:
        return path, yaml.safe_load(raw)
    except yaml.YAMLError:
        raise ScenarioError(source, [f"--set {path}: value {raw!r} is not valid YAML"]) from None


def apply_override(data: dict, override: str, source: str) -> None:
    """Apply one override string in place (see :func:`set_path`)."""
    path, value = parse_override(override, source)
    set_path(data, path, value, source)


def set_path(data: Any, path: str, value: Any, source: str = "<scenario>", full: str | None = None) -> None:
    """Set ``path`` in nested mappings/lists. A list index selects one element (``users.0.count``);
    a name where a list stands applies to every element (``users.count`` sets all groups).

    >>> d = {"users": [{"count": 1}, {"count": 2}], "channel": {}}
    >>> set_path(d, "users.count", 8); set_path(d, "channel.snr_db", 0); d
    {'users': [{'count': 8}, {'count': 8}], 'channel': {'snr_db': 0}}
    """
    full = full or path
    key, _, rest = path.partition(".")
    if isinstance(data, list):
        if key.isdigit() and int(key) < len(data):
            targets, rest = [int(key)], rest
        elif key.isdigit():
            raise ScenarioError(source, [f"--set {full}: index {key} is out of range ({len(data)} entries)"])
        else:
            targets, rest = range(len(data)), path
        for index in targets:
            if rest:
                set_path(data[index], rest, value, source, full)
            else:
                data[index] = value
        return
    if not isinstance(data, dict):
        raise ScenarioError(source, [f"--set {full}: cannot set {path!r} inside a {type(data).__name__}"])
    if rest:
        set_path(data.setdefault(key, {}), rest, value, source, full)
    else:
        data[key] = value
