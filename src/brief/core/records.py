"""What brief does with its own models as a whole: the parsed article and the merged brief
are plain dataclasses (``kw_only``), typed and checked statically, not validated at run time.

They were Pydantic models; defining them cost 30 ms of every start (a third of brief's own
import time) and each block's construction a validation of what brief itself had just built.
What users write (the spec, the style file, ``site.toml``) keeps Pydantic's validation.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Callable
from typing import Any


def is_record(value: object) -> bool:
    """Is *value* a model instance (a dataclass instance, not the class)?"""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def field_names(value: Any) -> tuple[str, ...]:
    """The names of a model's fields, in their order."""
    kind = type(value)
    names = _NAMES.get(kind)
    if names is None:
        names = _NAMES[kind] = tuple(field.name for field in dataclasses.fields(kind))
    return names


_NAMES: dict[type, tuple[str, ...]] = {}  # a model class's field names, once worked out


def rebuilt(
    value: Any,
    text: Callable[[str, str], str] | None = None,
    record: Callable[[Any], Any] | None = None,
    key: str = "",
) -> Any:
    """*value* with each string passed through *text* (with the name of the field it is in,
    or of the list or mapping it is in) and each model, once its fields are done, through
    *record*. What does not change is returned as it is, the same object."""
    if isinstance(value, str):
        return text(key, value) if text else value
    if isinstance(value, list):
        items = [rebuilt(item, text, record, key) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if isinstance(value, dict):
        entries = {name: rebuilt(item, text, record, str(name)) for name, item in value.items()}
        return value if all(entries[n] is value[n] for n in value) else entries
    if is_record(value):
        changes = {}
        for name in field_names(value):
            old = getattr(value, name)
            new = rebuilt(old, text, record, name)
            if new is not old:
                changes[name] = new
        value = dataclasses.replace(value, **changes) if changes else value
        return record(value) if record else value
    return value


def as_json(value: Any, indent: int | None = None) -> str:
    """A model as strict JSON, as Pydantic wrote it: fields in order, dates and times in ISO
    8601 (UTC as "Z"), text as it is (not escaped), bytes as UTF-8 text, sets as lists, and
    NaN and the infinities as null. (A front matter's chart entries are kept as the author's
    YAML or TOML gave them: any of these can be among them.)"""
    return json.dumps(_plain(value), indent=indent, ensure_ascii=False, allow_nan=False)


def _plain(value: Any) -> Any:
    if is_record(value):
        return {name: _plain(getattr(value, name)) for name in field_names(value)}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(name): _plain(item) for name, item in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.date | dt.time):  # a datetime is a date
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)
