"""A first spec for an article (``brief new``): what brief found in it, written as choices.

The spec renders as written. Each key brief would fill in by itself is written out with what
it would be and a comment saying where it comes from, so the author sees the choices and keeps,
edits or deletes each; keys the article cannot answer (organisation, audience, series) are
there commented out. Strings are written as TOML basic strings (JSON's escapes are TOML's).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

from brief.compose.merge import brief_from_article, is_recommendations_heading
from brief.compose.model import Brief
from brief.core.limits import Limits
from brief.core.text import padded
from brief.source.article import Article, BulletList
from brief.source.reader import read_article

SCHEMA_FILE = "brief-spec.schema.json"


def _toml(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


def draft_spec(
    article_path: Path,
    spec_path: Path,
    layout: str = "default",
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> str:
    """The text of a spec at *spec_path* for the article at *article_path* (its warnings:
    see :func:`brief.core.errors.warn`)."""
    article = read_article(article_path, limits)
    _, brief = brief_from_article(
        article_path, limits, project_dir=spec_path.parent.parent, allow_outside=True,
        article=article,
    )  # fmt: skip
    source = Path(os.path.relpath(article_path.resolve(), spec_path.parent.resolve()))
    meta = article.meta
    lines = [
        f"#:schema ./{SCHEMA_FILE}",
        f"# The brief of {article_path.name}, written by `brief new`. Every key but `source` is",
        "# optional: what is set below is what brief found in the article; change or delete",
        "# any of it. The keys are described in the README (Brief specs) and, in an editor",
        "# that reads the #:schema line above, as you type. Render: "
        f"brief render briefs/{spec_path.name}",
        "",
        f"source = {_toml(source.as_posix())}",
        f"layout = {_toml(layout)}",
        f"language = {_toml(brief.language)}"
        + ("  # from the front matter" if meta.language else "  # the language of its text"),
        f"title = {_toml(brief.title)}"
        + ("  # the article's title" if article.title else "  # its first line"),
    ]
    short = short_title(brief.title)
    if short:
        lines.append(f"short_title = {_toml(short)}  # the running header: the title is long")
    lines.append(f"subtitle = {_toml(meta.subtitle)}" if meta.subtitle else '# subtitle = ""')
    lines.append(
        f"date = {_toml(meta.date)}  # from the front matter"
        if meta.date
        else f"# date = {_toml(brief.date)}  # default: the day it is rendered"
    )
    lines.append(
        f"authors = {_toml(meta.authors)}"
        if meta.authors
        else '# authors = ["First Author", "Second Author"]'
    )
    lines += [
        '# organisation = ""          # in the footer, the about box and "How to cite"',
        '# audience = ""              # "For policy makers…" on the title page',
        '# series = ""',
        '# number = ""',
        "contents = false             # true: contents with page numbers (report: always)",
        "list_of_tables = false       # true: a list of tables (report: whenever it has some)",
        "",
        "# Key points for the title page: brief's choice of one finding from each section of",
        "# the article; edit them, or delete the key to let brief choose again at every render.",
        "key_points = [",
        *(f"    {_toml(point)}," for point in brief.key_points),
        "]",
    ]
    lines += _recommendations(article)
    lines += _tables(article, brief)
    lines += [
        "",
        "# [conclusion]",
        f"# heading = \"\"   # default: the layout's word for 'Conclusion' in {brief.language}",
        '# text = """Your own closing paragraphs, in place of the article\'s."""',
        "",
        "# [[corrections]]   # exact text of the article, replaced wherever it occurs",
        '# find = ""',
        '# replace = ""',
        "",
    ]
    return "\n".join(lines)


def _recommendations(article: Article) -> list[str]:
    """Which lists become recommendations, and why: sections whose heading names them."""
    found = [s for s in article.sections if is_recommendations_heading(s.heading)]
    lines = ["", "[recommendations]"]
    if found:
        names = ", ".join(f"'{s.heading}'" for s in found)
        counts = sum(len(b.items) for s in found for b in s.blocks if isinstance(b, BulletList))
        lines.append(
            f"# The lists of {names} ({counts} items) become the recommendations, because the "
            "heading names them."
        )
        lines.append(f"from_sections = {_toml([s.heading for s in found])}")
    else:
        lists = [
            s.heading for s in article.sections if any(isinstance(b, BulletList) for b in s.blocks)
        ]
        lines.append("# No section heading names recommendations, so none are taken.")
        if lists:
            lines.append("# Sections with lists that could be: " + "; ".join(lists))
            lines.append(f"# from_sections = {_toml(lists[:1])}")
    lines.append('# items = [{ label = "", text = "" }]   # your own, after the article\'s')
    return lines


def _tables(article: Article, brief: Brief) -> list[str]:
    """Each table with the caption brief proposes (the author's, else the sentence that
    introduces it)."""
    lines: list[str] = []
    captions = {table.line: table.caption for table in brief.tables}
    for number, table in enumerate(article.tables(), start=1):
        caption = table.caption or captions.get(table.line) or ""
        lines += [
            "",
            f"[[tables]]   # line {table.line}: "
            f"{len(table.rows)} rows × {len(table.header)} columns",
            f"number = {number}",
            f"caption = {_toml(caption)}"
            + ("  # the author's caption" if table.caption else "  # proposed by brief"),
            "keep = true",
        ]
        lines += _chart(number, table, brief.language)
    return lines


def _chart(number: int, table: Any, language: str) -> list[str]:
    """A chart for a table with a column of numbers: a line over years, bars otherwise
    (horizontal for many or long categories), a series per numeric column (three at most)."""
    from brief.compose.numbers import read_number, uses_decimal_comma

    comma = uses_decimal_comma(language)
    rows = [padded(r, len(table.header)) for r in table.rows]

    def numeric(column: int) -> bool:
        readings = [read_number(r[column], comma) for r in rows]
        counted = [r for r in readings if not r.missing]
        return bool(counted) and sum(r.value is not None for r in counted) >= 0.8 * len(counted)

    def unit(column: int) -> tuple[Any, ...]:
        """What a column's numbers are in: percentages, money, the header's "(unit)"."""
        cells = [r[column] for r in rows if r[column].strip()]
        percent = sum("%" in c or "per cent" in c for c in cells) * 2 > len(cells)
        money = any(sign in c for c in cells for sign in "$€£¥₽")
        named = re.findall(r"\(([^)]*)\)", table.header[column])
        return percent, money, named[-1].strip().lower() if named else ""

    numeric_columns = [c for c in range(1, len(table.header)) if numeric(c)]
    if not numeric_columns or len(rows) < 2:
        return []
    first = unit(numeric_columns[0])  # series in one unit only: one axis means one unit
    columns = [c for c in numeric_columns if unit(c) == first][:3]
    categories = [" ".join(r[0].split()) for r in rows]
    if all(c.isdigit() and len(c) == 4 for c in categories):
        kind = "line"
    elif len(columns) > 1:
        kind = "grouped-bar"
    elif len(rows) > 8 or max(len(c) for c in categories) > 14:
        kind = "horizontal-bar"
    else:
        kind = "bar"
    y = [" ".join(table.header[c].split()) for c in columns]
    return [
        "",
        f"[[charts]]   # proposed by brief: table {number} has numbers; delete to leave it out",
        f"table = {number}",
        f"kind = {_toml(kind)}   # bar, grouped-bar, stacked-bar, horizontal-bar, line, dot",
        f"x = {_toml(' '.join(table.header[0].split()))}",
        f"y = {_toml(y)}",
        'place = "before-table"   # or instead-of-table, or cover',
        '# units = ""',
        '# highlight = ""   # a category to draw in the accent colour',
    ]


LONG_TITLE = 50  # characters: past this a title is cut in a running header of most layouts


def short_title(title: str) -> str | None:
    """A shorter title for the running header when *title* is long: the part before its
    colon or dash ("Belarus at the SCO Summit in Tianjin" from "…: Strategic Choices"), else
    its first words; None when the title is short enough as it is."""
    if len(title) <= LONG_TITLE:
        return None
    for mark in (": ", " – ", " — ", " - ", "：", "؛ "):
        head = title.split(mark, 1)[0].strip()
        if mark in title and 12 <= len(head) <= LONG_TITLE + 10:
            return head
    words = title.split()
    if len(words) < 2:
        return None  # no spaces (Chinese, Thai): the header cuts it between words itself
    head = ""
    for word in words:
        if len(head) + len(word) + 1 > LONG_TITLE - 5:
            break
        head = f"{head} {word}".strip()
    return head.rstrip(",;:–—-") or None
