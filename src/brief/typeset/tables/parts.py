"""The pieces a page's share of a table is made of: rows (cut where taller than a page),
cells, their structure tags, and the flowable that draws caption, rows and note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

from brief.typeset.scripts import needs_shaping, paragraph
from brief.typeset.tagging import Tag, note_drawn_top


@dataclass
class Row:
    cells: list[str | Flowable]  # markup, or a piece of a paragraph cut from a tall cell
    logical: int  # index of the article row it belongs to
    last: bool  # last physical row of its logical row
    first: bool = True  # first physical row of its logical row


class TableTags:
    """The structure tags of one table: Table, its Caption, THead and TBody, a TR per row
    and a TH or TD per cell, in reading order (from the right in a right-to-left table)."""

    def __init__(
        self,
        columns: int,
        right_to_left: bool,
        number: int | None = None,
        spans: dict[tuple[str, int, int], tuple[int, int]] | None = None,
    ):
        self.columns = columns
        self.spans = spans or {}  # (part, row, column) -> rows and columns a cell covers
        self.right_to_left = right_to_left
        # The brief's table number as the element's ID: its data file is associated with it.
        self.table = Tag("Table", ident=None if number is None else table_ident(number))
        self.caption = Tag("Caption", parent=self.table)  # drawn first, so first
        self.note = Tag("Note")
        self._groups = {"head": Tag("THead", parent=self.table), "body": None}
        self._rows: dict[tuple[str, int], Tag] = {}
        self._cells: dict[tuple[str, int, int], Tag] = {}

    def cell(self, row: tuple[str, int], column: int) -> Tag:
        down, across = self.spans.get((*row, column), (1, 1))
        if self.right_to_left:
            column = self.columns - 1 - column
        key = (*row, column)
        tag = self._cells.get(key)
        if tag is None:
            kind = row[0]
            if self._groups[kind] is None:
                self._groups[kind] = Tag("TBody", parent=self.table)
            parent = self._rows.get(row)
            if parent is None:
                parent = self._rows[row] = Tag("TR", parent=self._groups[kind])
            if kind == "head":
                tag = Tag("TH", parent=parent, scope="Column", order=column, rows=down,
                          columns=across)  # fmt: skip
            else:
                tag = Tag("TD", parent=parent, order=column, rows=down, columns=across)
            self._cells[key] = tag
        return tag


def table_ident(number: int) -> str:
    """The structure element ID of the brief's table *number*."""
    return f"table-{number}"


def one_plain_line(markup: str, style: ParagraphStyle, width: float) -> bool:
    """Is this cell plain text (no markup or entities) that fits on one line and can be
    drawn as typed (nothing to shape or reorder)?"""
    return (
        "<" not in markup
        and "&" not in markup
        and not needs_shaping(markup, style)
        and stringWidth(markup, style.fontName, style.fontSize) <= width
    )


def cell_flowable(markup: str, style: ParagraphStyle, width: float) -> Flowable:
    """A cell's flowable: plain one-line text skips ReportLab's markup parser, which is most
    of the cost of a long table."""
    if one_plain_line(markup, style, width):
        return _PlainLine(markup, style)
    return _cell_paragraph(markup, style)


def _cell_paragraph(markup: str, style: ParagraphStyle) -> Flowable:
    """A body cell's paragraph; one with a link is a P of its own in its cell, so that it can
    give the link's text to its Link element (see brief.typeset.tagging.InlineMarks)."""
    text = paragraph(markup, style)
    if "<a " in markup:
        text.brief_tag = Tag("P")
    return text


class _PlainLine(Flowable):
    """One line of plain text that needs no shaping (see :func:`one_plain_line`), placed
    exactly as a one-line Paragraph would place it."""

    def __init__(self, text: str, style: ParagraphStyle):
        super().__init__()
        self.text, self.style = text, style

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, self.style.leading
        return self.width, self.height

    def draw(self) -> None:
        style, canvas = self.style, self.canv
        if not self.text:
            return
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        baseline = self.height - style.fontSize
        if style.alignment == TA_RIGHT:
            canvas.drawRightString(self.width, baseline, self.text)
        elif style.alignment == TA_CENTER:
            canvas.drawCentredString(self.width / 2, baseline, self.text)
        else:
            canvas.drawString(0, baseline, self.text)


def cut_row(
    row: list[str], styles: list[ParagraphStyle], widths: list[float], pad: float, limit: float
) -> list[tuple[list[str | Flowable], float]]:
    """Cut a row taller than *limit* into pieces of at most *limit*, cell by cell."""
    pending: list[list[Flowable]] = []
    for index, markup in enumerate(row):
        inner = widths[index] - 2 * pad
        pieces: list[Flowable] = []
        rest: Flowable | None = _cell_paragraph(markup, styles[index]) if markup else None
        while rest is not None:
            # Split first: a long paragraph is then broken only as far as the limit (see
            # Paragraph.split), where measuring the whole rest of a long cell for every piece
            # took time in the square of its length. Fewer than two parts: the rest fits, or
            # it is a single line taller than the limit and is kept whole.
            parts = rest.split(inner, limit)
            if len(parts) < 2:
                pieces.append(rest)
                break
            leading = styles[index].leading
            if parts[1].wrap(inner, leading * 2.5)[1] <= leading * 1.5:
                # The rest would be a one-line fragment, alone under the caption and header
                # on the next page: it takes a line of this piece with it.
                fewer = rest.split(inner, limit - leading)
                if len(fewer) == 2:
                    parts = fewer
            pieces.append(parts[0])
            rest = parts[1]
        pending.append(pieces)
    count = max(len(p) for p in pending)
    out = []
    for step in range(count):
        cells: list[str | Flowable] = []
        height = 0.0
        for index, pieces in enumerate(pending):
            if step < len(pieces):
                piece = pieces[step]
                height = max(height, piece.wrap(widths[index] - 2 * pad, 1e9)[1])
                cells.append(piece)
            else:
                cells.append("")
        out.append((cells, height))
    return out


class TablePart(Flowable):
    """One page's share of a table: its caption, the rows, and the note after the last row."""

    def __init__(
        self,
        lead: Paragraph | None,
        body: Table,
        note: Paragraph | None,
        right_to_left: bool = False,
    ):
        super().__init__()
        self.lead, self.body, self.note = lead, body, note
        self.right_to_left = right_to_left
        self.list_entry: str | None = None

    def _pieces(self) -> list[Flowable]:
        pieces: list[Any] = [p for p in (self.lead, self.body, self.note) if p is not None]
        return pieces

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._sizes = []
        total = 0.0
        for piece in self._pieces():
            width, height = piece.wrap(avail_width, 1e9)
            before = (
                self.note.getSpaceBefore() if self.note is not None and piece is self.note else 0.0
            )
            after = (
                self.lead.getSpaceAfter() if self.lead is not None and piece is self.lead else 0.0
            )
            indent = avail_width - width if piece is self.body and self.right_to_left else 0.0
            self._sizes.append((before, height, after, indent))
            total += before + height + after
        self.height = total
        return avail_width, total

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        # The first part of a table split over pages is what the list of tables leads to:
        # where it is drawn is kept, as for a whole table.
        note_drawn_top(self, canvas, x, y)
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        y = self.height
        structure = getattr(self.canv, "structure", None)
        for piece, (before, height, after, indent) in zip(self._pieces(), self._sizes, strict=True):
            y -= before + height
            if (
                structure
                and self.lead is not None
                and piece is self.lead
                and not self.lead.brief_tag
            ):
                with structure.artifact(self.canv, "repeated"):  # "Table 1 (continued)"
                    piece.drawOn(self.canv, indent, y)
            else:
                piece.drawOn(self.canv, indent, y)
            y -= after
