"""The one error root of the project.

Library code raises these; only the command line turns them into text and exit codes.
Each error carries one or more :class:`Problem` entries so that validation can report
every mistake in a file at once instead of stopping at the first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
    ) -> BriefError:
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
