"""Tables that never break: measured columns, linear paging, captions kept with their rows.

ReportLab's own table splitting re-measures the whole remaining table at every page break,
which is quadratic in the number of rows, and it cannot split a row taller than a page. Here a
table is one flowable, :class:`PagedTable`, that measures every row once, keeps prefix sums of
the row heights, and at each page break builds a ReportLab ``Table`` for just the rows that fit
on that page. Cells taller than a page are cut into several physical rows beforehand.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from html import unescape
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Paragraph, Table

from brief.core.errors import LayoutError
from brief.core.units import Length
from brief.typeset.flowables import CellTags
from brief.typeset.scripts import paragraph
from brief.typeset.tagging import Tag, note_drawn_top

if TYPE_CHECKING:
    from brief.typeset.styles import Styles

_TAGS = re.compile(r"<[^<>]*>")
_NUMERIC = re.compile(
    r"^[(+\-−–]?\s?[$€£¥₽]?\s?[+\-−–]?\d[\d,.\s\u00a0\u202f]*"
    r"(%|pp|bn|m|k|million|billion)?\)?$",
    re.IGNORECASE,
)
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}
_WIDTH = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


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

    @property
    def columns(self) -> int:
        return max((len(r) for r in (*self.header_rows, *self.rows)), default=0)


def plain(markup: str) -> str:
    return unescape(_TAGS.sub("", markup))


def is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


def build_table(content: TableContent, styles: Styles) -> list[Flowable]:
    """The flowables of one table: on a landscape page of its own when it is too wide for a
    text column (each column at least as wide as its longest word, at the smallest size)."""
    frame_height = styles.frame_size()[1]
    table = PagedTable(content, styles, frame_height)
    if table.fits_width(styles.column_width()):
        return [table]
    table = PagedTable(content, styles, styles.frame_size(landscape=True)[1])
    return [
        NextPageTemplate("landscape"),
        PageBreak(),
        table,
        NextPageTemplate("body"),
        PageBreak(),
    ]


class PagedTable(Flowable):
    """A table laid out row by row: header repeated on every page, no page with only a header,
    ``caption`` on the first page and ``continued`` on the others, ``note`` after the last row.
    """

    def __init__(self, content: TableContent, styles: Styles, frame_height: float):
        super().__init__()
        self.content = content
        self.styles = styles
        self.spec = styles.style.table
        self.frame_height = frame_height
        width = content.columns
        self.header_rows = [_pad(r, width) for r in content.header_rows]
        self.rows = [_pad(r, width) for r in content.rows]
        self.aligns = self._aligns(width)
        self.spaceBefore = self.spec.space_before
        self.spaceAfter = self.spec.space_after
        self._layout: _Layout | None = None
        self._start = 0  # first physical row still to place
        self._first_part = True
        self.tags = _TableTags(width, content.right_to_left)  # shared by every part

    # -- planning -----------------------------------------------------------------------------

    def _aligns(self, width: int) -> list[str]:
        aligns = []
        for index in range(width):
            given = self.content.aligns[index] if index < len(self.content.aligns) else None
            values = [plain(r[index]).strip() for r in self.rows]
            values = [v for v in values if v]
            numeric = bool(values) and all(is_numeric(v) for v in values)
            aligns.append(given or ("right" if numeric else "left"))
        return aligns

    def _fonts(self) -> tuple[str, str]:
        spec = self.spec
        return (self.styles.font(spec.font, bold=spec.header_bold), self.styles.font(spec.font))

    def _extent(self, size: float) -> tuple[list[float], list[float]]:
        """Each column's minimum (longest word) and preferred (longest line) width."""
        head_font, body_font = self._fonts()
        pad = 2 * self.spec.padding
        minimum = [0.0] * len(self.aligns)
        preferred = [0.0] * len(self.aligns)
        for rows, font in ((self.header_rows, head_font), (self.rows, body_font)):
            for row in rows:
                for index, markup in enumerate(row):
                    text = plain(markup)
                    line = stringWidth(text, font, size)
                    if line > preferred[index]:
                        preferred[index] = line
                    if line > minimum[index]:
                        words = text.split()
                        minimum[index] = max(
                            minimum[index],
                            max((stringWidth(w, font, size) for w in words), default=0.0),
                        )
        # half a point more: a word exactly as wide as its cell would be broken by rounding
        return [m + pad + 0.5 for m in minimum], [p + pad + 0.5 for p in preferred]

    def _fixed(self, avail: float) -> list[float | None]:
        """Widths the spec fixes (points), None for columns sized by content."""
        widths = self.content.widths
        if not widths:
            return [None] * len(self.aligns)
        fixed: list[float | None] = []
        for value in widths:
            if value.strip() == "*":
                fixed.append(None)
                continue
            percent = _WIDTH.match(value)
            fixed.append(avail * float(percent.group(1)) / 100 if percent else _length(value))
        total = sum(w for w in fixed if w is not None)
        if total > avail:
            fixed = [None if w is None else w * avail / total for w in fixed]
        return fixed

    def plan(self, avail: float) -> tuple[float, list[float], bool]:
        """Font size, column widths, and whether the words fit at the layout's smallest size."""
        spec = self.spec
        size = spec.size
        floor = min(spec.min_size, size)
        fixed = self._fixed(avail)
        while True:
            minimum, preferred = self._extent(size)
            widths, fits = _share(avail, minimum, preferred, fixed)
            if fits or size <= floor:
                return size, widths, fits
            size = max(floor, size - 0.5)

    @property
    def list_entry(self) -> str | None:
        """The caption for a list of tables, on the table's first part only."""
        caption = self.content.caption
        return plain(caption) if caption and self._first_part else None

    def fits_width(self, avail: float) -> bool:
        return self.plan(avail)[2]

    def _prepare(self, avail: float) -> _Layout:
        if self._layout is None or self._layout.width != avail:
            self._layout = _Layout.measure(self, avail)
        return self._layout

    # -- flowable protocol --------------------------------------------------------------------

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        layout = self._prepare(avail_width)
        self.width = avail_width
        self.height = layout.part_height(self._start, len(layout.heights), self._first_part)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        layout = self._prepare(avail_width)
        end = layout.rows_that_fit(self._start, avail_height, self._first_part)
        if end <= self._start:
            return []  # not even one row fits here: move the table on
        total = len(layout.heights)
        whole = layout.part_height(self._start, total, self._first_part)
        if whole <= self.frame_height and (end - self._start) * 2 < total - self._start:
            return []  # a table that fits on a page is not split to leave most rows behind
        part = layout.part(self._start, end, self._first_part)
        part.spaceBefore = self.spaceBefore if self._first_part else 0
        if end == len(layout.heights):
            part.spaceAfter = self.spaceAfter
            return [part]
        rest = PagedTable.__new__(PagedTable)
        rest.__dict__.update(self.__dict__)
        rest.__dict__.pop("_postponed", None)  # ReportLab's mark of a flowable moved on once
        rest._start, rest._first_part = end, False
        rest.spaceBefore = 0
        return [part, rest]

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        note_drawn_top(self, canvas, x, y)
        layout = self._prepare(self.width)
        part = layout.part(self._start, len(layout.heights), self._first_part)
        part.wrap(self.width, self.height)
        part.drawOn(canvas, x, y, _sW)


def _pad(row: list[str], width: int) -> list[str]:
    return (list(row) + [""] * width)[:width]


def _length(value: str) -> float:
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(Length).validate_python(value)
    except ValidationError:
        raise LayoutError.at(
            None, f"table width '{value}' must be a length, a percentage or '*'"
        ) from None


def _share(
    avail: float, minimum: list[float], preferred: list[float], fixed: list[float | None]
) -> tuple[list[float], bool]:
    """Share *avail* out: fixed columns first, then minimums, then what each still wants.

    Spare room when every column has its preferred width goes in proportion to it. Returns the
    widths and whether every column got at least its minimum.
    """
    free = [i for i, w in enumerate(fixed) if w is None]
    rest = avail - sum(w for w in fixed if w is not None)
    widths = [w or 0.0 for w in fixed]
    fits = all(w is None or w >= m - 0.01 for w, m in zip(fixed, minimum, strict=True))
    if not free:
        return widths, fits
    # Columns that want no more than a fair share get all they want, as in HTML tables;
    # the wide ones then share the rest by how much more than their minimum they want.
    while True:
        fair = rest / len(free) if free else 0.0
        narrow = [i for i in free if preferred[i] <= fair]
        if not narrow or len(narrow) == len(free):
            break
        for i in narrow:
            widths[i] = preferred[i]
            rest -= preferred[i]
        free = [i for i in free if i not in narrow]
    low = sum(minimum[i] for i in free)
    high = sum(preferred[i] for i in free)
    if high <= rest:
        # Everything fits on one line: fill the text width, except that a small table keeps
        # close to its natural size rather than spreading a few words across the page.
        natural = sum(w for w in widths if w) + high
        target = rest if natural >= avail / 2 else min(rest, high * 1.5)
        for i in free:
            widths[i] = preferred[i] * target / high if high else target / len(free)
    elif low >= rest:
        for i in free:
            widths[i] = minimum[i] * rest / low if low else rest / len(free)
        fits = fits and low <= rest + 0.01
    else:
        spare = rest - low
        wants = high - low
        for i in free:
            widths[i] = minimum[i] + spare * (preferred[i] - minimum[i]) / wants
    return widths, fits


@dataclass
class _Row:
    cells: list[str | Flowable]  # markup, or a piece of a paragraph cut from a tall cell
    logical: int  # index of the article row it belongs to
    last: bool  # last physical row of its logical row
    first: bool = True  # first physical row of its logical row


@dataclass
class _Layout:
    """Everything measured once for one width: styles, widths, rows and their heights."""

    table: PagedTable
    width: float
    widths: list[float]
    head_styles: list[ParagraphStyle]
    body_styles: list[ParagraphStyle]
    header_height: float
    header_heights: list[float]
    rows: list[_Row]
    heights: list[float]
    prefix: list[float]  # prefix[i] = height of rows[:i]
    caption: Paragraph | None
    continued: Paragraph | None
    note: Paragraph | None
    caption_heights: tuple[float, float, float]

    @classmethod
    def measure(cls, table: PagedTable, avail: float) -> _Layout:
        spec = table.spec
        styles = table.styles
        size, widths, _ = table.plan(avail)
        leading = spec.leading * size / spec.size
        head_font, body_font = table._fonts()
        text_colour = styles.named_colour("text")
        base = ParagraphStyle(
            "cell",
            fontName=body_font,
            fontSize=size,
            leading=leading,
            textColor=text_colour,
            splitLongWords=1,
        )
        head = ParagraphStyle(
            "head", parent=base, fontName=head_font, textColor=styles.colour(spec.header_text)
        )
        head_styles = [
            ParagraphStyle(f"h{i}", parent=head, alignment=_ALIGN[a])
            for i, a in enumerate(table.aligns)
        ]
        body_styles = [
            ParagraphStyle(f"c{i}", parent=base, alignment=_ALIGN[a])
            for i, a in enumerate(table.aligns)
        ]
        pad = spec.padding
        vertical = pad * 0.75 + pad

        def cell_height(
            markup: str, style: ParagraphStyle, width: float, most: float = 1e9
        ) -> float:
            """The cell's height, or any height over *most* for a taller cell: a long
            paragraph is then measured only as far as *most* (see Paragraph.wrap)."""
            inner = width - 2 * pad
            if (
                "<" not in markup
                and "&" not in markup
                and "\n" not in markup
                and stringWidth(markup, style.fontName, style.fontSize) <= inner
            ):
                return style.leading  # one line: no need to break it
            return paragraph(markup, style).wrap(inner, most)[1]

        header_heights = [
            max(cell_height(c, head_styles[i], widths[i]) for i, c in enumerate(row)) + vertical
            for row in table.header_rows
        ]
        header_height = sum(header_heights)
        caption_style = styles.paragraph(spec.caption_style)
        note_style = styles.paragraph(spec.note_style)
        if table.content.right_to_left:  # caption and note go with the table, on the right
            caption_style, note_style = (
                ParagraphStyle(f"{s.name}-right", parent=s, alignment=TA_RIGHT)
                for s in (caption_style, note_style)
            )
        caption = paragraph(table.content.caption, caption_style) if table.content.caption else None
        continued = (
            paragraph(table.content.continued, caption_style) if table.content.continued else None
        )
        note = paragraph(table.content.note, note_style) if table.content.note else None
        caption_heights = tuple(
            (p.wrap(avail, 1e9)[1] + p.getSpaceAfter() + (p.getSpaceBefore() if p is note else 0))
            if p is not None
            else 0.0
            for p in (caption, continued, note)
        )
        # A row taller than an eighth of what a page holds is cut between lines, so that its
        # first piece can always follow a heading and the table's caption and header.
        room = table.frame_height - header_height - max(caption_heights[:2]) - caption_heights[2]
        limit = max(room / 8, 4 * leading)
        rows: list[_Row] = []
        heights: list[float] = []
        for logical, row in enumerate(table.rows):
            row_height = (
                max(
                    (cell_height(c, body_styles[i], widths[i], limit) for i, c in enumerate(row)),
                    default=leading,
                )
                + vertical
            )
            if row_height <= limit + vertical:
                rows.append(_Row(list(row), logical, True))
                heights.append(row_height)
                continue
            pieces = _cut_row(row, body_styles, widths, pad, limit)
            for number, (cells, height) in enumerate(pieces):
                first, last = number == 0, number == len(pieces) - 1
                rows.append(_Row(cells, logical, last, first))
                # Pieces of one row run on without padding between them.
                heights.append(height + (pad * 0.75 if first else 0) + (pad if last else 0))
        prefix = [0.0]
        for height in heights:
            prefix.append(prefix[-1] + height)
        return cls(
            table,
            avail,
            widths,
            head_styles,
            body_styles,
            header_height,
            header_heights,
            rows,
            heights,
            prefix,
            caption,
            continued,
            note,
            caption_heights,
        )

    def _lead(self, first: bool) -> float:
        return self.caption_heights[0] if first else self.caption_heights[1]

    def part_height(self, start: int, end: int, first: bool) -> float:
        note = self.caption_heights[2] if end == len(self.heights) else 0.0
        return self._lead(first) + self.header_height + self.prefix[end] - self.prefix[start] + note

    def rows_that_fit(self, start: int, avail: float, first: bool) -> int:
        """The end of the longest run of rows from *start* that fits in *avail* (at least
        one row, never only a header); the note needs room after the last row."""
        budget = avail - self._lead(first) - self.header_height
        end = bisect.bisect_right(self.prefix, self.prefix[start] + budget + 0.001) - 1
        end = min(end, len(self.heights))
        if end == len(self.heights) and self.part_height(start, end, first) > avail + 0.001:
            end -= 1  # keep the note with at least the last row
        return end

    def part(self, start: int, end: int, first: bool) -> _TablePart:
        """The flowable for rows[start:end] with its caption (and the note after the end)."""
        table = self.table
        data: list[list[str | Flowable]] = []
        for row in table.header_rows:
            data.append([paragraph(c, self.head_styles[i]) for i, c in enumerate(row)])
        inner = [w - 2 * table.spec.padding for w in self.widths]
        for row in self.rows[start:end]:
            data.append(
                [
                    c if isinstance(c, Flowable) else _cell(c, self.body_styles[i], inner[i])
                    for i, c in enumerate(row.cells)
                ]
            )
        heights = self.header_heights + self.heights[start:end]
        commands = self._commands(start, end)
        tags = table.tags
        # Cells are tagged by row: the header on the first page only (where it repeats, it
        # is an artifact), then the article rows, a row cut over pages being one TR.
        rows: list[tuple[str, int] | None] = [
            ("head", index) if first else None for index in range(len(table.header_rows))
        ]
        rows.extend(("body", row.logical) for row in self.rows[start:end])
        body = Table(
            data,
            colWidths=self.widths,
            rowHeights=heights,
            style=commands,
            hAlign="LEFT",
            repeatRows=0,
            renderCB=CellTags(
                lambda row, column, _: tags.cell(rows[row], column) if rows[row] else None
            ),
        )
        lead = self.caption if first else self.continued
        note = self.note if end == len(self.heights) else None
        if first and lead is not None:
            lead.brief_tag = tags.caption
        if note is not None:
            note.brief_tag = tags.note
        part = _TablePart(lead, body, note, table.content.right_to_left)
        part.list_entry = table.list_entry if first else None
        return part

    def _commands(self, start: int, end: int) -> list[tuple]:
        spec = self.table.spec
        styles = self.table.styles
        head = len(self.table.header_rows)
        rule = styles.colour(spec.rule)
        pad = spec.padding
        commands: list[tuple] = [
            ("FONT", (0, 0), (-1, -1), self.body_styles[0].fontName, self.body_styles[0].fontSize),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), pad),
            ("TOPPADDING", (0, 0), (-1, -1), pad * 0.75),
            ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ]
        if head:
            commands.append(
                ("BACKGROUND", (0, 0), (-1, head - 1), styles.colour(spec.header_background))
            )
        zebra = styles.colour(spec.zebra) if spec.zebra else None
        for offset, row in enumerate(self.rows[start:end]):
            line = head + offset
            if zebra is not None and row.logical % 2 == 1:
                commands.append(("BACKGROUND", (0, line), (-1, line), zebra))
            if not row.first:
                commands.append(("TOPPADDING", (0, line), (-1, line), 0))
            if not row.last:
                commands.append(("BOTTOMPADDING", (0, line), (-1, line), 0))
            if row.last:
                width = spec.rule_width * (2 if row.logical == len(self.table.rows) - 1 else 1)
                commands.append(("LINEBELOW", (0, line), (-1, line), width, rule))
        return commands


class _TableTags:
    """The structure tags of one table: Table, its Caption, THead and TBody, a TR per row
    and a TH or TD per cell, in reading order (from the right in a right-to-left table)."""

    def __init__(self, columns: int, right_to_left: bool):
        self.columns = columns
        self.right_to_left = right_to_left
        self.table = Tag("Table")
        self.caption = Tag("Caption", parent=self.table)  # drawn first, so first
        self.note = Tag("Note")
        self._groups = {"head": Tag("THead", parent=self.table), "body": None}
        self._rows: dict[tuple[str, int], Tag] = {}
        self._cells: dict[tuple[str, int, int], Tag] = {}

    def cell(self, row: tuple[str, int], column: int) -> Tag:
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
                tag = Tag("TH", parent=parent, scope="Column", order=column)
            else:
                tag = Tag("TD", parent=parent, order=column)
            self._cells[key] = tag
        return tag


def _one_plain_line(markup: str, style: ParagraphStyle, width: float) -> bool:
    """Is this cell plain text (no markup or entities) that fits on one line?"""
    return (
        "<" not in markup
        and "&" not in markup
        and stringWidth(markup, style.fontName, style.fontSize) <= width
    )


def _cell(markup: str, style: ParagraphStyle, width: float) -> Flowable:
    """A cell's flowable: plain one-line text skips ReportLab's markup parser, which is most
    of the cost of a long table."""
    if _one_plain_line(markup, style, width):
        return _PlainLine(markup, style)
    return _cell_paragraph(markup, style)


def _cell_paragraph(markup: str, style: ParagraphStyle) -> Flowable:
    """A body cell's paragraph; one with a link is a P of its own in its cell, so that it can
    give the link's text to its Link element (see brief.tagging.InlineMarks)."""
    text = paragraph(markup, style)
    if "<a " in markup:
        text.brief_tag = Tag("P")
    return text


class _PlainLine(Flowable):
    """One line of plain text, placed exactly as a one-line Paragraph would place it."""

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


def _cut_row(
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


class _TablePart(Flowable):
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
        return [p for p in (self.lead, self.body, self.note) if p is not None]

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._sizes = []
        total = 0.0
        for piece in self._pieces():
            width, height = piece.wrap(avail_width, 1e9)
            before = piece.getSpaceBefore() if piece is self.note else 0.0
            after = piece.getSpaceAfter() if piece is self.lead else 0.0
            indent = avail_width - width if piece is self.body and self.right_to_left else 0.0
            self._sizes.append((before, height, after, indent))
            total += before + height + after
        self.height = total
        return avail_width, total

    def draw(self) -> None:
        y = self.height
        structure = getattr(self.canv, "structure", None)
        for piece, (before, height, after, indent) in zip(self._pieces(), self._sizes, strict=True):
            y -= before + height
            if structure and piece is self.lead and piece.brief_tag is None:
                with structure.artifact(self.canv, "repeated"):  # "Table 1 (continued)"
                    piece.drawOn(self.canv, indent, y)
            else:
                piece.drawOn(self.canv, indent, y)
            y -= after
