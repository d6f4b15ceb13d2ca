"""Read-only views of the brief for templates: a model's fields and nothing else."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection, Iterator
from typing import Any

import jinja2
import jinja2.utils
from markupsafe import Markup
from pydantic import BaseModel

from brief.core.records import field_names, is_record
from brief.layout.budget import current


def _field_names(data: Any) -> Collection[str]:
    """A model's fields: the brief's (dataclasses) or a style's (Pydantic), as each keeps
    them (asked on every attribute a template reads: nothing is built)."""
    return type(data).model_fields if isinstance(data, BaseModel) else field_names(data)


class Record:
    """A model's fields, or a mapping's keys, as read-only attributes; nothing else.

    ``record.name`` and ``record["name"]`` give the field; iterating gives the field names,
    as a mapping would (the ``items`` and ``dictsort`` filters work on it)."""

    __slots__ = ("_data",)

    def __init__(self, data: Any):  # a model (the brief's, a style's) or a mapping
        object.__setattr__(self, "_data", data)

    def __getattr__(self, name: str) -> Any:
        data = object.__getattribute__(self, "_data")
        if isinstance(data, dict):
            if name in data:
                return view(data[name])
        elif name in _field_names(data):
            return view(getattr(data, name))
        raise AttributeError(name)

    def __getitem__(self, name: str) -> Any:
        if not isinstance(name, str):
            raise KeyError(name)
        try:
            return self.__getattr__(name)
        except AttributeError:
            raise KeyError(name) from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("read-only")

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._names()

    def _names(self) -> list[str]:
        data = object.__getattribute__(self, "_data")
        return list(data) if isinstance(data, dict) else list(_field_names(data))

    def __iter__(self) -> Iterator[str]:
        names = self._names()
        current().step(len(names))
        return iter(names)

    def __len__(self) -> int:
        return len(self._names())

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Record) and record_items(self) == record_items(other)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return "<record>"


class Seq:
    """A read-only sequence whose items are views; visiting items spends the budget."""

    __slots__ = ("_items",)

    def __init__(self, items: list[Any] | tuple[Any, ...]):
        object.__setattr__(self, "_items", items)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("read-only")

    def __iter__(self) -> Iterator[Any]:
        items = object.__getattribute__(self, "_items")
        current().step(len(items))  # the whole loop at once: cheap enough for any template
        return map(view, items)

    def __len__(self) -> int:
        return len(object.__getattribute__(self, "_items"))

    def __getitem__(self, index: int | slice) -> Any:
        items = object.__getattribute__(self, "_items")
        if isinstance(index, slice):
            return Seq(items[index])
        if not isinstance(index, int):
            raise TypeError("sequence indices must be numbers")
        return view(items[index])

    def __contains__(self, value: object) -> bool:
        return any(item == value for item in self)

    def __bool__(self) -> bool:
        return bool(object.__getattribute__(self, "_items"))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Seq) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Any) -> Seq:
        if isinstance(other, Seq):
            other = object.__getattribute__(other, "_items")
        return Seq([*object.__getattribute__(self, "_items"), *other])

    def __radd__(self, other: Any) -> Seq:
        if isinstance(other, list | tuple):
            return Seq([*other, *object.__getattribute__(self, "_items")])
        return NotImplemented

    def __repr__(self) -> str:
        return f"<sequence of {len(self)}>"


class FieldUndefined(jinja2.StrictUndefined):
    """An undefined value that fails at once, naming the missing field and the nearest one."""

    __slots__ = ()

    @property
    def _undefined_message(self) -> str:
        owner = self._undefined_obj
        if isinstance(owner, Record) and isinstance(self._undefined_name, str):
            names = owner._names()
            close = difflib.get_close_matches(self._undefined_name, names, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            return f"no field '{self._undefined_name}' here{hint}"
        if isinstance(owner, Seq):
            return f"a list has no field '{self._undefined_name}' (use a filter, e.g. | length)"
        return super()._undefined_message


def record_items(record: Record) -> list[tuple[str, Any]]:
    """The (name, value) pairs of a record, for the ``items`` and ``dictsort`` filters."""
    return [(name, record[name]) for name in record._names()]


_PLAIN = (str, int, float, bool, type(None), dt.date, Markup)


def view(value: Any) -> Any:
    """What a template may see of *value*: plain values as they are, models and mappings as
    :class:`Record`, lists and tuples as :class:`Seq`."""
    if isinstance(value, (*_PLAIN, Record, Seq)):
        return value
    if isinstance(value, BaseModel | dict) or is_record(value):
        return Record(value)
    if isinstance(value, list | tuple):
        return Seq(value)
    if isinstance(value, jinja2.runtime.Undefined):
        return value
    raise TypeError(f"{type(value).__name__} cannot be shown to a template")


# --- The environment ---------------------------------------------------------------------


def measure(value: Any, cap: int) -> int:
    """About how many characters *value* prints as, counted only up to *cap*: what printing,
    joining or escaping it builds, known before it is built (the text of a list of strings
    holds each of them again)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, Seq):
        value = object.__getattribute__(value, "_items")
    elif isinstance(value, jinja2.utils.Namespace):
        value = object.__getattribute__(value, "_Namespace__attrs")
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple | set | frozenset):
        total = 0
        for item in value:
            total += measure(item, cap) + 4
            if total > cap:
                break
        return total
    return 32  # a number, a date, a record: printed short
