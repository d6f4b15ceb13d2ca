"""Limits on input that would otherwise exhaust time or memory; users can raise them."""

from __future__ import annotations

import contextvars
import difflib
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields, replace

from brief.core.errors import BriefError


@dataclass(frozen=True)
class Limits:
    """Each limit ends a render with a clear message instead of hours of work or a crash."""

    article_mb: float = 20.0  # size of an article file, in megabytes
    nesting: int = 12  # depth of nested lists and block quotes
    table_cells: int = 1_000_000  # cells in one table
    spec_mb: float = 2.0  # size of a spec, style or front matter file, in megabytes
    image_mb: float = 50.0  # size of one image file, in megabytes
    image_megapixels: float = 50.0  # pixels of one raster image, read before decoding
    svg_elements: int = 100_000  # elements of one SVG drawing
    footnotes: int = 10_000  # footnotes of one article
    inline_markup: int = 50_000  # markup characters (` * _ [ < & \) in one paragraph
    seconds: float = 600.0  # time for one brief, from reading to the written PDF
    pages: int = 3000  # pages of one brief: what typesetting holds grows with them

    @classmethod
    def parse(cls, settings: list[str]) -> Limits:
        """``['article-mb=50', 'nesting=20']`` -> Limits; errors name the bad setting."""
        limits = cls()
        known = {f.name.replace("_", "-"): f for f in fields(cls)}
        for setting in settings:
            name, _, value = setting.partition("=")
            field = known.get(name.strip())
            if field is None:
                close = difflib.get_close_matches(name.strip(), list(known), n=1)
                hint = f"; did you mean '{close[0]}'?" if close else ""
                raise BriefError.at(
                    None,
                    f"unknown limit '{name.strip()}' in --limit{hint} (known: {', '.join(known)})",
                )
            whole = isinstance(field.default, int)
            try:
                number = int(value) if whole else float(value)
            except ValueError:
                kind = "a whole number" if whole else "a number"
                raise BriefError.at(
                    None, f"--limit {name.strip()} needs {kind}, got '{value}'"
                ) from None
            if not math.isfinite(number) or number <= 0:
                raise BriefError.at(None, f"--limit {name.strip()} must be a positive number")
            limits = replace(limits, **{field.name: number})  # type: ignore[arg-type]
        return limits

    def hint(self, name: str) -> str:
        return f"raise it with --limit {name}=N"


class TimeLimitError(BriefError):
    """A brief ran past its deadline."""


class Deadline:
    """The time one brief may take; stages call :meth:`check` at points where stopping is
    safe (between template loop steps, between typeset blocks), so an input that would run
    for hours stops with a message instead."""

    def __init__(
        self,
        seconds: float,
        hint: str = "raise it with --limit seconds=N",
        pages: int | None = None,
    ):
        self.seconds = seconds
        self.hint = hint
        self.ends = time.monotonic() + seconds
        self.pages = pages

    def left(self) -> float:
        return self.ends - time.monotonic()

    def check(self, doing: str) -> None:
        if time.monotonic() > self.ends:
            raise TimeLimitError.at(
                None,
                f"stopped while {doing}: the brief took longer than {self.seconds:g} s "
                f"({self.hint})",
            )


_deadline: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar(
    "brief_deadline", default=None
)


@contextmanager
def deadline(seconds: float, pages: int | None = None) -> Iterator[Deadline]:
    """Give the brief rendered inside the block *seconds* from now (a block inside another
    keeps the outer deadline)."""
    current = _deadline.get()
    if current is not None:
        yield current
        return
    token = _deadline.set(Deadline(seconds, pages=pages))
    try:
        yield _deadline.get()  # type: ignore[misc]
    finally:
        _deadline.reset(token)


def check_deadline(doing: str) -> None:
    """Stop with a message if the brief being rendered is past its deadline."""
    current = _deadline.get()
    if current is not None:
        current.check(doing)


def check_pages(page: int) -> None:
    """Stop with a message when the brief being typeset passes its page limit."""
    current = _deadline.get()
    if current is not None and current.pages is not None and page > current.pages:
        raise TimeLimitError.at(
            None,
            f"stopped while typesetting: the brief passed {current.pages:,} "
            f"page{'' if current.pages == 1 else 's'} "
            "(raise it with --limit pages=N)",
        )


def time_left() -> float | None:
    current = _deadline.get()
    return None if current is None else current.left()


LARGEST_NUMBER = 2**63  # no key of a spec, style or front matter needs an integer beyond it


def oversized_number(value: object, at: tuple[str | int, ...] = ()) -> tuple[str | int, ...] | None:
    """Where in parsed TOML or YAML *value* an integer lies beyond :data:`LARGEST_NUMBER`
    (TOML reads ``0x`` and 4,000 ``f`` as an integer that no message can print), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return at if abs(value) >= LARGEST_NUMBER else None
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)  # type: ignore[assignment]
    else:
        return None
    for key, item in items:
        found = oversized_number(item, (*at, key))
        if found is not None:
            return found
    return None
