"""Lengths as a spec or a style may write them: points, or a number with a unit."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, WithJsonSchema

_UNITS = {"pt": 1.0, "mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)?\s*$")


def points(value: Any) -> Any:
    """*value* in points: a number is points already, ``"20mm"`` is converted."""
    if isinstance(value, bool):
        raise ValueError("must be a length such as 12, '20mm' or '1in'")
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        match = _LENGTH.match(value)
        if match:
            return float(match.group(1)) * _UNITS[match.group(2) or "pt"]
    raise ValueError("must be a length such as 12, '20mm' or '1in'")


# Editors completing a spec or style file see a length as a number or a string with a unit.
_LENGTH_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": r"^\s*-?\d+(\.\d+)?\s*(pt|mm|cm|in)?\s*$"},
    ]
}
Length = Annotated[float, BeforeValidator(points), WithJsonSchema(_LENGTH_SCHEMA)]


def parse_size(value: str) -> int:
    """Bytes in a file size as people write it: ``"10 MB"`` (decimal), ``"800kB"``,
    ``"2 MiB"`` (binary), or a bare number of bytes; read by Pydantic's ``ByteSize``."""
    from pydantic import ByteSize, TypeAdapter, ValidationError

    try:
        size = int(TypeAdapter(ByteSize).validate_python(value)) if len(value) <= 40 else 0
    except ValidationError:
        size = 0
    if not 1 <= size <= 10**15:  # a byte to a petabyte
        raise ValueError("must be a file size such as '10 MB', '800 kB' or '2 MiB'")
    return size


def format_size(size: int) -> str:
    """*size* bytes for people: '1.4 MB', '820 kB', '312 B' (decimal units)."""
    for unit, factor in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= factor:
            value = size / factor
            return f"{value:.1f} {unit}" if value < 10 else f"{value:.0f} {unit}"
    return f"{size} B"
