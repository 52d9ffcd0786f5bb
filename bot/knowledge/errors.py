"""Turn pydantic validation errors into curator-friendly problems with file, line and field."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import ErrorDetails

from bot.knowledge.models import ID_PATTERN
from bot.knowledge.problems import Problem
from bot.knowledge.yamlsource import Path_, YamlDocument

M = typing.TypeVar("M", bound=BaseModel)


def problems_from_validation(error: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        problems.append(
            Problem(
                file=doc.file,
                line=doc.line_of(loc),
                message=_message(item, loc, model, doc),
                entry=_entry_id(doc.data, loc),
                field=_field_name(loc),
            )
        )
    return problems


def _message(item: ErrorDetails, loc: Path_, model: type[BaseModel], doc: YamlDocument) -> str:
    kind = item["type"]
    ctx = item.get("ctx") or {}
    value = item["input"]
    if not loc and kind in {"model_type", "dict_type"}:
        if value is None:
            return "the file is empty"
        return f"the file should be a set of named sections ({', '.join(model.model_fields)})"
    if kind == "missing":
        return "missing required field"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = f" (allowed here: {', '.join(allowed)})" if allowed else ""
        return f"unknown field '{loc[-1]}'{hint}"
    if kind == "string_type":
        if isinstance(value, dict) and len(value) == 1:
            return "should be text; a ': ' inside it made YAML read it as a key, so put the text in quotes"
        if isinstance(value, (bool, int, float)):
            return f"should be text, but YAML read {value!r}; put it in quotes"
        return "should be text"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return f"is {len(value):,} characters long; the limit is {ctx['max_length']:,}"
    if kind == "string_pattern_mismatch" and ctx.get("pattern") == ID_PATTERN:
        return f"'{value}' is not a valid id: use letters, digits and dashes only, at most 40 characters"
    if kind == "too_short":
        return f"needs at least {ctx['min_length']} item(s), has {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} items; at most {ctx['max_length']} are allowed"
    if kind in {"list_type", "tuple_type"}:
        return "should be a list (lines starting with '- ' or [a, b])"
    if kind in {"model_type", "dict_type"}:
        return "should be a block of named fields"
    if kind == "literal_error":
        return f"is {value!r}; it should be one of {ctx['expected']}"
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"should be a whole number, not {value!r}"
    if kind == "bool_type":
        return f"should be true or false, not {value!r}"
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = ctx.get("ge", ctx.get("le"))
        word = "at least" if kind == "greater_than_equal" else "at most"
        return f"is {value!r}; it should be {word} {bound}"
    return item["msg"]


def _entry_id(data: Any, loc: Path_) -> str | None:
    """The id of the list entry the error sits in (``points[3]`` -> its ``id``)."""
    if len(loc) >= 2 and isinstance(data, dict) and isinstance(loc[1], int):
        items = data.get(loc[0])
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            entry_id = items[loc[1]].get("id")
            if isinstance(entry_id, str):
                return entry_id
            return f"{loc[0]} item {loc[1] + 1}"
    return None


def _field_name(loc: Path_) -> str | None:
    """Dotted field path inside the entry, with list positions counted from 1 for people."""
    parts = list(loc[2:]) if len(loc) >= 2 and isinstance(loc[1], int) else list(loc)
    if not parts:
        return None
    text = ""
    for part in parts:
        text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _fields_at(model: type[BaseModel], loc: Path_) -> list[str]:
    """Field names of the model found by walking ``loc`` through the schema's annotations."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = typing.get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            current = field.annotation if field else None
        elif typing.get_origin(current) is dict:
            current = typing.get_args(current)[1]
        else:
            return []
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] wrappers."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def salvage(model: type[M], data: Any) -> M:
    """Build ``model`` from the parts of ``data`` that are valid, dropping invalid list entries.

    Used only after a validation failure, so cross-entry checks can still look at the good
    entries of a file that has a broken one.
    """
    values: dict[str, Any] = {}
    raw = data if isinstance(data, dict) else {}
    for name, field in model.model_fields.items():
        if name not in raw:
            values[name] = [] if field.is_required() else field.get_default()
            continue
        annotation = _unwrap(field.annotation)
        item_type = typing.get_args(annotation)[0] if typing.get_origin(annotation) is list else None
        if isinstance(raw[name], list) and isinstance(item_type, type) and issubclass(item_type, BaseModel):
            values[name] = [item for item in map(_valid_or_none(item_type), raw[name]) if item is not None]
        else:
            try:
                values[name] = TypeAdapter[Any](field.annotation or Any).validate_python(raw[name])
            except ValidationError:
                values[name] = [] if field.is_required() else field.get_default()
    return model.model_construct(**values)


def _valid_or_none(item_type: type[BaseModel]) -> typing.Callable[[Any], BaseModel | None]:
    def build(item: Any) -> BaseModel | None:
        try:
            return item_type.model_validate(item)
        except ValidationError:
            return None

    return build
