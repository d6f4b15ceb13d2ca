"""Front matter: a YAML (``---``) or TOML (``+++``) block at the top of an article.

Its title, subtitle, date, authors, keywords and language feed the brief where the spec is
silent. The block's lines are blanked rather than removed, so line numbers stay true.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Any

from brief.core.errors import ArticleError
from brief.core.limits import oversized_number
from brief.source.article import Meta

_MAX_LINES = 500


class _Invalid(Exception):
    """The front matter's syntax error: what is wrong and on which line of the block."""

    def __init__(self, problem: str, line: int):
        super().__init__(problem)
        self.problem, self.line = problem, line


def _parse(body: str, fence: str) -> Any:
    if fence == "+++":
        try:
            return tomllib.loads(body)
        except tomllib.TOMLDecodeError as exc:
            raise _Invalid(str(exc).split("\n")[0], 1) from None
        except ValueError:  # an integer of thousands of digits (Python's own limit)
            raise _Invalid("a number too long to read", 1) from None
        except RecursionError:
            raise _Invalid("values nested too deeply", 1) from None
    # PyYAML is imported only when an article has YAML front matter, not on every run.
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        """YAML without anchors and aliases, which can make a tiny file expand without bound."""

        def compose_node(self, parent: Any, index: Any) -> Any:
            if self.check_event(yaml.AliasEvent):
                raise yaml.composer.ComposerError(
                    None, None, "aliases are not allowed", self.peek_event().start_mark
                )
            return super().compose_node(parent, index)

    try:
        return yaml.load(body, Loader=NoAliasLoader)
    except RecursionError:
        raise _Invalid("values nested too deeply", 1) from None
    except (ValueError, TypeError, OverflowError) as exc:  # a date YAML cannot make, say
        if "integer string conversion" in str(exc):
            raise _Invalid("a number too long to read", 1) from None
        raise _Invalid(str(exc).split("\n")[0], 1) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).split("\n")[0]
        raise _Invalid(problem, mark.line + 2 if mark is not None else 1) from None


def read_front_matter(lines: list[str], path: Path) -> tuple[Meta, list[str]]:
    """The front matter's metadata, and the lines with the block blanked out."""
    if not lines or lines[0].strip() not in ("---", "+++"):
        return _exported_meta(lines, path)
    fence = lines[0].strip()
    closers = ("---", "...") if fence == "---" else ("+++",)
    end = next(
        (i for i in range(1, min(len(lines), _MAX_LINES)) if lines[i].strip() in closers), None
    )
    if end is None:
        return Meta(), lines  # a lone rule at the top, not front matter
    body = "\n".join(lines[1:end])
    try:
        data = _parse(body, fence)
    except _Invalid as exc:
        kind = "YAML" if fence == "---" else "TOML"
        raise ArticleError.at(
            path, f"front matter is not valid {kind}: {exc.problem}", line=exc.line
        ) from None
    if not isinstance(data, dict):
        return Meta(), lines
    return _meta(data, path), [""] * (end + 1) + lines[end + 1 :]


# MDX posts (Next.js, some Docusaurus sites) give their metadata as a JavaScript object:
# "export const meta = { title: 'A', authors: ['B'] }" after their imports.
_EXPORT = re.compile(r"^export\s+const\s+(?:meta|metadata|frontMatter|frontmatter)\s*=\s*(?=\{)")
_FIRST_LINES = 60


def _exported_meta(lines: list[str], path: Path) -> tuple[Meta, list[str]]:
    """Metadata an MDX post exports as an object literal (read by json5, which reads
    JavaScript's object syntax: bare keys, single quotes, trailing commas); its lines
    blanked. Anything else, or an object json5 cannot read, is left to the site-syntax pass."""
    start = next((i for i, line in enumerate(lines[:_FIRST_LINES]) if _EXPORT.match(line)), None)
    if start is None:
        return Meta(), lines
    end = balanced_end(lines, start)
    if end is None:
        return Meta(), lines
    literal = _EXPORT.sub("", "\n".join(lines[start : end + 1]), count=1).rstrip().rstrip(";")
    import json5

    try:
        data = json5.loads(literal)
    except Exception:  # json5 reports bad input with several exception types
        return Meta(), lines
    if not isinstance(data, dict):
        return Meta(), lines
    return _meta(data, path), [*lines[:start], *[""] * (end + 1 - start), *lines[end + 1 :]]


def balanced_end(lines: list[str], start: int, most: int = 400) -> int | None:
    """The line where the brackets opened from line *start* on are all closed (quotes and
    their brackets skipped), or None within *most* lines."""
    depth = 0
    quote: str | None = None
    for index in range(start, min(len(lines), start + most)):
        line = lines[index]
        escaped = False
        for char in line:
            if quote is not None:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == quote:
                    quote = None
            elif char in "'\"`":
                quote = char
            elif char in "{[(":
                depth += 1
            elif char in "}])":
                depth -= 1
        if quote in ("'", '"'):
            quote = None  # a quote is closed by its line's end in JavaScript
        if depth <= 0:
            return index
    return None


def _meta(data: dict[Any, Any], path: Path) -> Meta:
    """Metadata from a front matter table, whatever its syntax."""
    huge = oversized_number(data)
    if huge is not None:
        where = ".".join(str(part) for part in huge)
        raise ArticleError.at(path, f"front matter: the number at '{where}' is too large", line=1)
    description = _text(data.get("description"))
    short = description is not None and len(description.split()) <= SUBTITLE_WORDS
    subtitle = _text(data.get("subtitle"))
    url = _text(data.get("source_url", data.get("canonical_url", data.get("url"))))
    return Meta(
        title=_text(data.get("title")),
        subtitle=subtitle or (description if short else None),
        summary=_text(data.get("summary")) or (description if not short else None),
        source_url=url if url and url.lower().startswith(("http://", "https://")) else None,
        date=next(
            (d for d in map(_date, (data.get(k) for k in ("date", "updated", "lastmod"))) if d),
            None,
        ),
        authors=_names(data.get("authors", data.get("author"))),
        keywords=_names(data.get("keywords", data.get("tags"))),
        language=_text(data.get("lang", data.get("language"))),
        charts=_charts(data.get("charts")),
    )


def _charts(value: Any) -> list[dict[str, Any]]:
    """The 'charts' entries as given (the composing stage checks them); a value that is not a
    list of tables is kept as one entry, so that the check reports it."""
    if value is None:
        return []
    entries = value if isinstance(value, list) else [value]
    return [
        {str(k): v for k, v in e.items()} if isinstance(e, dict) else {"table": e} for e in entries
    ]


SUBTITLE_WORDS = 30  # a 'description' this short is a subtitle; a longer one, a summary


_NOT_TEXT = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _text(value: Any) -> str | None:
    if not isinstance(value, str | int | float):
        return None
    return " ".join(_NOT_TEXT.sub("", str(value)).split())


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def _names(value: Any) -> list[str]:
    """A name or list of names; entries may be tables with a 'name'."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        names = [_text(v.get("name")) if isinstance(v, dict) else _text(v) for v in value]
        return [n for n in names if n]
    return []
