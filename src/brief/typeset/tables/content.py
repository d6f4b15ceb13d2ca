"""A table as the story gives it: markup for captions, header rows and cells."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape

_TAGS = re.compile(r"<[^<>]*>")
_NUMERIC = re.compile(
    r"^[(+\-−–]?\s?[$€£¥₽]?\s?[+\-−–]?\d[\d,.\s\u00a0\u202f]*"
    r"(%|pp|bn|m|k|million|billion)?\)?$",
    re.IGNORECASE,
)


@dataclass
class TableContent:
    """One table of the story: markup strings for captions, header rows and cells."""

    header_rows: list[list[str]]
    rows: list[list[str]]
    aligns: list[str | None] = field(default_factory=list)
    caption: str | None = None
    continued: str | None = None
    note: str | None = None
    widths: list[str] | None = None
    right_to_left: bool = False  # columns run from the right, and the table sits on the right
    number: int | None = None  # the brief's number of the table, whose data may be attached

    @property
    def columns(self) -> int:
        return max((len(r) for r in (*self.header_rows, *self.rows)), default=0)


def plain(markup: str) -> str:
    return unescape(_TAGS.sub("", markup))


def is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


def padded(row: list[str], width: int) -> list[str]:
    return (list(row) + [""] * width)[:width]
