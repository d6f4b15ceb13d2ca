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
    totals: set[int] = field(default_factory=set)  # body rows that sum up the others
    # cells joined into one: (row, column, rows, columns), header rows counted first
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return max((len(r) for r in (*self.header_rows, *self.rows)), default=0)

    def spans(self) -> dict[tuple[int, int], tuple[int, int]]:
        """The rows and columns each joined cell covers, by its row and column."""
        return {(r, c): (rows, columns) for r, c, rows, columns in self.merges}

    def body_groups(self) -> list[int]:
        """For each body row, the first body row of the cells joined down across it (itself
        when none is): a page never breaks inside such a group."""
        head = len(self.header_rows)
        first = list(range(len(self.rows)))
        for r, _, rows, _ in self.merges:
            if rows > 1 and r >= head:
                for row in range(r - head + 1, min(r - head + rows, len(self.rows))):
                    first[row] = min(first[row], first[r - head])
        return first


def plain(markup: str) -> str:
    return unescape(_TAGS.sub("", markup))


def is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


_MARKUP = re.compile(r"<(/?)(b|i|font)\b([^<>]*)>|<[^<>]*>|([^<]+)", re.IGNORECASE)
_FACE = re.compile(r"""face\s*=\s*(["'])(.*?)\1""")


def styled_runs(markup: str, faces: dict[tuple[bool, bool], str]) -> list[tuple[str, str]]:
    """The text of cell *markup* as (text, font) runs: bold and italic set in the table
    family's faces (*faces* by (bold, italic)), a <font face> (code, a fallback script) in
    its own. The widths of a table's columns are measured in the faces cells are drawn in."""
    runs: list[tuple[str, str]] = []
    bold = italic = 0
    named: list[str | None] = []
    for found in _MARKUP.finditer(markup):
        closing, tag, attributes, text = found.groups()
        if text is not None:
            face = next((f for f in reversed(named) if f), None)
            runs.append((unescape(text), face or faces[(bold > 0, italic > 0)]))
            continue
        tag = (tag or "").lower()
        step = -1 if closing else 1
        if tag == "b":
            bold = max(0, bold + step)
        elif tag == "i":
            italic = max(0, italic + step)
        elif tag == "font":
            if closing:
                if named:
                    named.pop()
            else:
                given = _FACE.search(attributes or "")
                named.append(given.group(2) if given else None)
    return runs
