"""Reading a scenario file and turning every problem into one line that names its YAML path."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .errors import ScenarioError
from .overrides import apply_override
from .scenario import Scenario


def load_scenario(path: str | Path, overrides: list[str] | None = None) -> Scenario:
    """Parse and validate ``path``; raise :class:`ScenarioError` listing every problem.

    ``overrides`` are ``dotted.path=value`` strings (value in YAML syntax, e.g.
    ``channel.snr_db=0`` or ``users.0.count=8``) applied before validation.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(str(path), ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(str(path), [f"cannot read file ({error.__class__.__name__}: {error})"]) from None
    return parse_scenario(text, source=path.name, overrides=overrides, base_dir=path.resolve().parent)


def parse_scenario(text: str, source: str = "<scenario>", overrides: list[str] | None = None,
                   base_dir: Path | None = None) -> Scenario:
    """Validate YAML text (safe loading only) into a :class:`Scenario`; relative paths in it are
    resolved against ``base_dir`` (the scenario file's folder) when given."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = " ".join(str(getattr(error, "problem", None) or error).split())  # one line
        raise ScenarioError(source, [f"{where}not valid YAML ({problem})"]) from None
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise ScenarioError(source, [f"expected a mapping of scenario sections at the top level (got {kind})"])
    for override in overrides or []:
        apply_override(data, override, source)
    try:
        return Scenario.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as error:
        raise ScenarioError(source, [_describe(e) for e in error.errors()]) from None


def _describe(error: dict[str, Any]) -> str:
    loc = _clean_loc(error["loc"])
    path = ".".join(str(p) for p in loc) or "(top level)"
    return f"{path}: {_message(error, loc)}"


def _clean_loc(loc: tuple) -> tuple:
    # Pydantic puts discriminator tags (e.g. 'jpeg_ldpc') into the path; YAML users never wrote them.
    out: list = []
    for i, part in enumerate(loc):
        if i > 0 and isinstance(loc[i - 1], int) and isinstance(part, str) and _is_scheme_tag(loc, i):
            continue
        out.append(part)
    return tuple(out)


def _is_scheme_tag(loc: tuple, i: int) -> bool:
    return loc[0] == "schemes" and i == 2


def _message(error: dict[str, Any], loc: tuple) -> str:
    kind, ctx, got = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc[:-1])
        hint = f" (allowed: {', '.join(allowed)})" if allowed else ""
        return f"unknown key{hint}"
    if kind == "literal_error":
        return f"must be one of {_plain(ctx.get('expected', ''))} (got {_show(got)})"
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        return f"scheme must be one of {_plain(ctx.get('expected_tags', ''))} (got {_show(ctx.get('tag'))})"
    bounds = {"greater_than": ">", "greater_than_equal": ">=", "less_than": "<", "less_than_equal": "<="}
    if kind in bounds:
        limit = next(iter(ctx.values()))
        return f"must be {bounds[kind]} {limit:g} (got {_show(got)})"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg'][0].lower()}{error['msg'][1:]} (got {_show(got)})"


def _plain(expected: str) -> str:
    return str(expected).replace("'", "").replace(" or ", ", ")


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return type(value).__name__
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _allowed_keys(loc: tuple) -> list[str]:
    """The field names of the section at ``loc`` (walking the pydantic models), or [] if unknown."""
    model: Any = Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)) or part not in model.model_fields:
            return []
        model = _inner_model(model.model_fields[part].annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    """The pydantic model inside ``annotation`` (e.g. ``list[UserGroup]`` → ``UserGroup``), or None."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return None
