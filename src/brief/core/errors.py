"""The one error root of the project.

Library code raises these; only the command line turns them into text and exit codes.
Each error carries one or more :class:`Problem` entries so that validation can report
every mistake in a file at once instead of stopping at the first.
"""

from __future__ import annotations

import contextvars
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Self


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one place in one file."""

    path: Path | None
    message: str
    line: int | None = None
    key: str | None = None

    def where(self) -> str:
        """``file:line`` or ``file:key`` (whichever is known), for the one-line message."""
        parts = [] if self.path is None else [display_path(self.path)]
        if self.line is not None:
            parts.append(str(self.line))
        if self.key:
            parts.append(self.key)
        return ":".join(parts)


# The warnings channel: what need not stop a render is given to warn() wherever it is found,
# and collected by whoever asked, around the call (collecting()), as a context variable: no
# list passed down through every signature, and a thread or task collects its own.
_COLLECTING: contextvars.ContextVar[list[Problem] | None] = contextvars.ContextVar(
    "brief_warnings", default=None
)


@contextmanager
def collecting() -> Iterator[list[Problem]]:
    """The warnings given inside the block, in the order given; a block inside another
    takes its own, which it may pass on with :func:`warn`."""
    found: list[Problem] = []
    token = _COLLECTING.set(found)
    try:
        yield found
    finally:
        _COLLECTING.reset(token)


def warn(*problems: Problem) -> None:
    """Give *problems* as warnings to whoever is collecting (nobody: they are not wanted)."""
    found = _COLLECTING.get()
    if found is not None:
        found.extend(problems)


def passed_on(found: list[Problem], warnings: list[Problem] | None) -> None:
    """Warnings a call collected (*found*): into *warnings* when its caller gave a list (the
    calls that take one), else on to whoever collects around the call."""
    if warnings is not None:
        warnings.extend(found)
    else:
        warn(*found)


def warnings_wanted() -> bool:
    """Whether anyone collects warnings: checks that only warn can be skipped when not."""
    return _COLLECTING.get() is not None


def first_line(error: BaseException, default: str = "") -> str:
    """The first line of *error*'s message (a library's message may run on for pages)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else default


def display_path(path: Path) -> str:
    """A path as the user typed it: relative to the working directory when it is inside it."""
    here = Path.cwd()
    for candidate, base in ((Path(os.path.abspath(path)), here), (path.resolve(), here.resolve())):
        try:
            return str(candidate.relative_to(base))  # links in the path kept as written first
        except ValueError:
            continue
    return str(path)


class BriefError(Exception):
    """Anything the user can fix: a bad article, spec, layout or output folder."""

    def __init__(self, problems: list[Problem] | Problem | str):
        self._from_text = isinstance(problems, str)
        if isinstance(problems, str):  # re-raised by a library with its own message
            problems = Problem(None, problems.strip().splitlines()[-1] if problems.strip() else "")
        self._problems = problems if isinstance(problems, list) else [problems]
        super().__init__("; ".join(f"{p.where()}: {p.message}" for p in self._problems))

    @property
    def problems(self) -> list[Problem]:
        """The problems; for an error a library re-raised as a new one made from the text of
        ours (ReportLab adds where it was to the message: ``annotateException``), those of
        ours, which it left as the new one's context."""
        context = self.__context__
        if self._from_text and isinstance(context, BriefError):
            return context.problems
        return self._problems

    @problems.setter
    def problems(self, value: list[Problem]) -> None:
        self._problems, self._from_text = value, False

    @classmethod
    def at(
        cls, path: Path | None, message: str, *, line: int | None = None, key: str | None = None
    ) -> Self:
        return cls(Problem(path, message, line=line, key=key))


def is_inside(path: Path, folder: Path) -> bool:
    """Does *path*, with every link followed, lie inside *folder*?"""
    return path.resolve().is_relative_to(folder.resolve())


class ArticleError(BriefError):
    """The source article cannot be read or parsed."""


class SpecError(BriefError):
    """A brief spec is malformed or inconsistent with its article."""


class LayoutError(BriefError):
    """A layout cannot be found, or its style file or template is broken."""


class StoryError(LayoutError):
    """The layout's template produced a story the builder cannot use."""


class UnknownLayoutError(LayoutError):
    """No layout of that name on the search path."""


class OutputError(BriefError):
    """The PDF cannot be written where it was asked to go."""
