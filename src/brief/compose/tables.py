"""Which of the article's tables the brief keeps, numbered and captioned, with the widths
and header rows the spec gives them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from brief.compose.model import BriefTable
from brief.compose.spec import Spec, TableChoice
from brief.compose.totals import table_summary_rows
from brief.core.errors import Problem
from brief.core.units import points
from brief.source.article import Article, Paragraph, Table

# The end of a sentence: a stop, space, then a capital, a figure, an opening quote, or a
# letter of a script without capitals (Arabic, Hebrew): not a lower-case letter, and not the
# full stop of a German ordinal date ("am 24. September"), where a capital month follows.
_MONTHS = (
    "Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|"
    "Dezember|Jan|Feb|Mär|Apr|Jun|Jul|Aug|Sep|Sept|Okt|Nov|Dez"
)
SENTENCE_END = re.compile(
    rf"(?<=[.!?؟])(?!(?<=\d\.)\s+(?:{_MONTHS})\b)\s+"
    r"(?=[0-9“\"‘(«„]|[^\W\d_](?<![a-zà-ÿа-яёіїєґα-ω]))"
)


def choose_tables(
    spec: Spec,
    article: Article,
    spec_path: Path,
    problems: list[Problem],
    replaced: set[int] | frozenset[int] = frozenset(),
) -> dict[int, BriefTable | None]:
    """Map each article table (by ``line``) to its brief table, or None when left out or
    *replaced* by a chart (those are not numbered: the tables printed are)."""
    found = article.tables()
    choices = {}
    for index, choice in enumerate(spec.tables, start=1):
        key = f"tables[{index}].number"
        if choice.number > len(found):
            problems.append(
                Problem(
                    spec_path,
                    f"the article has {len(found)} table(s), not {choice.number}",
                    key=key,
                )
            )
        elif choice.number in choices:
            problems.append(Problem(spec_path, f"table {choice.number} is chosen twice", key=key))
        else:
            table = found[choice.number - 1]
            problems.extend(_table_shape_problems(choice, table, spec_path, index))
            choices[choice.number] = choice
    result: dict[int, BriefTable | None] = {}
    defaults = _default_captions(article)
    number = 0
    for position, table in enumerate(found, start=1):
        chosen = choices.get(position)
        if (chosen is not None and not chosen.keep) or table.line in replaced:
            result[table.line] = None
            continue
        number += 1
        caption = (
            (chosen.caption if chosen else None) or table.caption or defaults.get(id(table), "")
        )
        result[table.line] = BriefTable(
            number=number,
            caption=caption,
            header=table.header,
            rows=table.rows,
            align=table.align,
            note=(chosen.note if chosen else None) or table.note,
            spans=table.spans,
            widths=[str(w) for w in chosen.widths] if chosen and chosen.widths else None,
            header_rows=chosen.header_rows if chosen else _header_rows(table),
            totals=table_summary_rows(table) if table.rows else [],
            merges=table.merges,
            line=table.line,
        )
    return result


def _header_rows(table: Any) -> int:
    """The header's rows: the first, and those a header cell joined down covers."""
    joined = [m.rows for m in table.merges if m.row == 0 and m.rows > 1]
    return int(min(max([1, *joined]), len(table.rows)))


def table_captions(spec: Spec, article: Article) -> dict[int, str]:
    """Each article table's caption (by line): the spec's, the author's, else the sentence
    that introduces it."""
    given = {c.number: c.caption for c in spec.tables if c.caption}
    defaults = _default_captions(article)
    return {
        table.line: given.get(position) or table.caption or defaults.get(id(table), "")
        for position, table in enumerate(article.tables(), start=1)
    }


def _table_shape_problems(
    choice: TableChoice, table: Table, spec_path: Path, index: int
) -> list[Problem]:
    problems = []
    columns = len(table.header)
    if choice.widths is not None:
        key = f"tables[{index}].widths"
        if len(choice.widths) != columns:
            problems.append(
                Problem(
                    spec_path,
                    f"{len(choice.widths)} widths given for a table of {columns} columns",
                    key=key,
                )
            )
        for position, width in enumerate(choice.widths, start=1):
            if not _valid_width(width):
                problems.append(
                    Problem(
                        spec_path,
                        f"'{width}' is not a length, a percentage or '*'",
                        key=f"{key}[{position}]",
                    )
                )
    if choice.header_rows > len(table.rows):
        problems.append(
            Problem(
                spec_path,
                f"the table has {len(table.rows) + 1} rows; at least one must stay a body row",
                key=f"tables[{index}].header_rows",
            )
        )
    return problems


def _valid_width(width: str | float) -> bool:
    if isinstance(width, str) and re.fullmatch(r"\s*(\*|\d+(\.\d+)?\s*%)\s*", width):
        return True
    try:  # read as the typesetter reads it: the text of the value
        return bool(0 < points(str(width)) <= LONGEST_WIDTH)
    except ValueError:
        return False


LONGEST_WIDTH = 14_400.0  # points: 200 inches, the largest page a PDF can have


def _default_captions(article: Article) -> dict[int, str]:
    """Each table's default caption, by its position among the article's tables: the short
    sentence that introduces it, else the heading of a section holding only this table, else
    nothing (the caption is then just 'Table N'). One pass over the sections: a brief with
    hundreds of tables asked each section about each table before."""
    captions: dict[int, str] = {}
    for blocks, heading in [
        (article.lede, None),
        *((s.blocks, s.heading) for s in article.all_sections()),
    ]:
        alone = sum(isinstance(b, Table) for b in blocks) == 1
        for index, block in enumerate(blocks):
            if not isinstance(block, Table):
                continue
            captions[id(block)] = _default_caption(
                blocks[index - 1] if index else None, heading, alone
            )
    return captions


def _default_caption(before: object, heading: str | None, alone: bool) -> str:
    """The caption of a table after the block *before*, in a section under *heading*."""
    if isinstance(before, Paragraph) and before.text.endswith(":"):
        sentence = SENTENCE_END.split(before.text)[-1].rstrip(":").strip()
        if len(sentence.split()) <= 16:
            return sentence
    if heading and alone:
        return heading
    return ""
