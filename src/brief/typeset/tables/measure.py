"""A table measured once for one width: cell styles, widths, rows cut to fit a page, their
heights and prefix sums, and the ReportLab table for any run of rows."""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from reportlab.lib.colors import white
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from brief.typeset.flowables import CellTags
from brief.typeset.scripts import paragraph
from brief.typeset.tables.parts import Row, TablePart, cell_flowable, cut_row, one_plain_line

if TYPE_CHECKING:
    from brief.layout.style import TableStyle
    from brief.typeset.styles import Styles
    from brief.typeset.tables.content import TableContent
    from brief.typeset.tables.parts import TableTags

_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}


class PagedTable(Protocol):
    """What measuring needs of a table (:class:`brief.typeset.tables.paged.PagedTable`)."""

    content: TableContent
    styles: Styles
    spec: TableStyle
    frame_height: float
    header_rows: list[list[str]]
    rows: list[list[str]]
    aligns: list[str]
    tags: TableTags
    list_entry: str | None
    spans: dict[tuple[int, int], tuple[int, int]]

    def plan(self, avail: float) -> tuple[float, list[float], bool]: ...

    def fonts(self) -> tuple[str, str]: ...


@dataclass
class TableMeasure:
    """Everything measured once for one width: styles, widths, rows and their heights (the
    measure of a :class:`PagedTable` at that width)."""

    table: PagedTable
    width: float
    widths: list[float]
    head_styles: list[ParagraphStyle]
    body_styles: list[ParagraphStyle]
    header_height: float
    header_heights: list[float]
    rows: list[Row]
    heights: list[float]
    prefix: list[float]  # prefix[i] = height of rows[:i]
    caption: Paragraph | None
    continued: Paragraph | None
    note: Paragraph | None
    caption_heights: tuple[float, float, float]

    @classmethod
    def measure(cls, table: PagedTable, avail: float) -> TableMeasure:
        size, widths, _ = table.plan(avail)
        leading = table.spec.leading * size / table.spec.size
        head_styles, body_styles = _cell_styles(table, size, leading)
        heights_of = _CellHeights(table.spec.padding)
        spans = table.spans
        header_heights = [
            max(
                heights_of.cell(c, head_styles[i], _span_width(spans, widths, r, i))
                if spans.get((r, i), (1, 1))[0] == 1
                else leading
                for i, c in enumerate(row)
            )
            + heights_of.vertical
            for r, row in enumerate(table.header_rows)
        ]
        _fit_tall_spans(spans, header_heights, 0, table.header_rows, head_styles, widths,
                        heights_of)  # fmt: skip
        header_height = sum(header_heights)
        caption, continued, note = _lead_and_note(table)
        lead_heights = [
            (
                p.wrap(avail, 1e9)[1]
                + p.getSpaceAfter()
                + (note.getSpaceBefore() if p is note else 0)
            )
            if p is not None
            else 0.0
            for p in (caption, continued, note)
        ]
        caption_heights = (float(lead_heights[0]), float(lead_heights[1]), float(lead_heights[2]))
        # A row taller than an eighth of what a page holds is cut between lines, so that its
        # first piece can always follow a heading and the table's caption and header.
        room = table.frame_height - header_height - max(caption_heights[:2]) - caption_heights[2]
        limit = max(room / 8, 4 * leading)
        rows, heights = _physical_rows(table, body_styles, widths, heights_of, leading, limit)
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
        return self._group_start(start, end)

    def _group_start(self, start: int, end: int) -> int:
        """*end*, or the first row of cells joined down across it: a joined cell is not
        parted between pages, unless it is taller than a page."""
        if end <= start or end >= len(self.rows):
            return end
        groups = self.table.content.body_groups()
        first = groups[self.rows[end].logical]
        if first == self.rows[end].logical and self.rows[end].first:
            return end
        back = end
        while back > start and (
            groups[self.rows[back - 1].logical] == first or not self.rows[back].first
        ):
            back -= 1
        return back if back > start else end

    def part(self, start: int, end: int, first: bool) -> TablePart:
        """The flowable for rows[start:end] with its caption (and the note after the end)."""
        table = self.table
        data: list[list[str | Flowable]] = []
        head = len(table.header_rows)
        for r, header in enumerate(table.header_rows):
            data.append(
                [paragraph(c, self._style(self.head_styles, r, i)) for i, c in enumerate(header)]
            )
        pad = 2 * table.spec.padding
        for row in self.rows[start:end]:
            data.append(
                [
                    c
                    if isinstance(c, Flowable)
                    else cell_flowable(
                        c,
                        self._style(self.body_styles, head + row.logical, i),
                        _span_width(table.spans, self.widths, head + row.logical, i) - pad,
                    )
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
                lambda row, column, _: tags.cell(kind, column) if (kind := rows[row]) else None
            ),
        )
        lead = self.caption if first else self.continued
        note = self.note if end == len(self.heights) else None
        if first and lead is not None:
            lead.brief_tag = tags.caption
        if note is not None:
            note.brief_tag = tags.note
        part = TablePart(lead, body, note, table.content.right_to_left)
        part.list_entry = table.list_entry if first else None
        return part

    def _style(self, styles: list[ParagraphStyle], row: int, column: int) -> ParagraphStyle:
        """A column's cell style; a cell joined across columns is centred over them."""
        if self.table.spans.get((row, column), (1, 1))[1] == 1:
            return styles[column]
        return ParagraphStyle(f"{styles[column].name}-across", parent=styles[column],
                              alignment=TA_CENTER)  # fmt: skip

    def _span_commands(self, start: int, end: int) -> list[tuple[Any, ...]]:
        """ReportLab's SPAN for each joined cell in rows[start:end] (the header's on every
        page), cut to the rows of the part; a cell joined down has its first row's colour."""
        table = self.table
        head = len(table.header_rows)
        shown = {row.logical: head + offset for offset, row in enumerate(self.rows[start:end])}
        last = {}
        for offset, row in enumerate(self.rows[start:end]):
            last[row.logical] = head + offset
        zebra = table.styles.colour(table.spec.zebra) if table.spec.zebra else None
        commands: list[tuple[Any, ...]] = []
        for (r, c), (down, across) in table.spans.items():
            if r < head:
                top, bottom = r, min(r + down, head) - 1
            else:
                logical = range(r - head, r - head + down)
                drawn = [n for n in logical if n in shown]
                if not drawn:
                    continue
                top, bottom = shown[drawn[0]], last[drawn[-1]]
                if down > 1 and zebra is not None:
                    colour = zebra if drawn[0] % 2 == 1 else white
                    commands.append(("BACKGROUND", (c, top), (c + across - 1, bottom), colour))
            if bottom > top or across > 1:
                commands.append(("SPAN", (c, top), (c + across - 1, bottom)))
        return commands

    def _commands(self, start: int, end: int) -> list[tuple[Any, ...]]:
        spec = self.table.spec
        styles = self.table.styles
        head = len(self.table.header_rows)
        rule = styles.colour(spec.rule)
        pad = spec.padding
        commands: list[tuple[Any, ...]] = [
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
            if row.first and row.logical in self.table.content.totals:
                text = styles.named_colour("text", default=rule)
                commands.append(("LINEABOVE", (0, line), (-1, line), spec.rule_width * 1.5, text))
        commands.extend(self._span_commands(start, end))  # over the rows' colours
        return commands


def _cell_styles(
    table: PagedTable, size: float, leading: float
) -> tuple[list[ParagraphStyle], list[ParagraphStyle]]:
    """The paragraph style of each column's header cells and body cells at *size*."""
    spec, styles = table.spec, table.styles
    head_font, body_font = table.fonts()
    base = ParagraphStyle(
        "cell",
        fontName=body_font,
        fontSize=size,
        leading=leading,
        textColor=styles.named_colour("text"),
        splitLongWords=1,
    )
    head = ParagraphStyle(
        "head", parent=base, fontName=head_font, textColor=styles.colour(spec.header_text)
    )
    aligns = [_ALIGN[a] for a in table.aligns]
    if table.content.right_to_left:
        # A right-to-left table starts its text on the right, and a column of numbers keeps
        # them on the right, units under units: every header sits over its column's cells,
        # whatever the direction of its own words (mirrored: not flipped again).
        aligns = [TA_CENTER if a == TA_CENTER else TA_RIGHT for a in aligns]
        base.mirrored = head.mirrored = True
    head_styles = [ParagraphStyle(f"h{i}", parent=head, alignment=a) for i, a in enumerate(aligns)]
    body_styles = [ParagraphStyle(f"c{i}", parent=base, alignment=a) for i, a in enumerate(aligns)]
    return head_styles, body_styles


class _CellHeights:
    """Heights of cells with the table's padding."""

    def __init__(self, pad: float):
        self.pad = pad
        self.vertical = pad * 0.75 + pad  # top and bottom padding

    def cell(self, markup: str, style: ParagraphStyle, width: float, most: float = 1e9) -> float:
        """The cell's height, or any height over *most* for a taller cell: a long
        paragraph is then measured only as far as *most* (see Paragraph.wrap)."""
        inner = width - 2 * self.pad
        if "\n" not in markup and one_plain_line(markup, style, inner):
            return style.leading  # one line: no need to break it
        return paragraph(markup, style).wrap(inner, most)[1]


def _lead_and_note(
    table: PagedTable,
) -> tuple[Paragraph | None, Paragraph | None, Paragraph | None]:
    """The caption, the caption of later pages, and the note, as paragraphs."""
    spec, content = table.spec, table.content
    caption_style = table.styles.paragraph(spec.caption_style)
    note_style = table.styles.paragraph(spec.note_style)
    if content.right_to_left:  # caption and note go with the table, on the right
        caption_style, note_style = (
            ParagraphStyle(f"{s.name}-right", parent=s, alignment=TA_RIGHT, mirrored=True)
            for s in (caption_style, note_style)
        )
    caption = paragraph(content.caption, caption_style) if content.caption else None
    continued = paragraph(content.continued, caption_style) if content.continued else None
    note = paragraph(content.note, note_style) if content.note else None
    return caption, continued, note


def _physical_rows(
    table: PagedTable,
    styles: list[ParagraphStyle],
    widths: list[float],
    heights_of: _CellHeights,
    leading: float,
    limit: float,
) -> tuple[list[Row], list[float]]:
    """The rows as drawn and their heights: a row taller than *limit* is cut into pieces."""
    pad = heights_of.pad
    rows: list[Row] = []
    heights: list[float] = []
    spans, head = table.spans, len(table.header_rows)
    joined_down = {
        n
        for (r, _), (down, _) in spans.items()
        if down > 1
        for n in range(r - head, r - head + down)
    }
    for logical, row in enumerate(table.rows):
        row_height = (
            max(
                (
                    heights_of.cell(
                        c, styles[i], _span_width(spans, widths, head + logical, i), limit
                    )
                    if spans.get((head + logical, i), (1, 1))[0] == 1
                    else leading
                    for i, c in enumerate(row)
                ),
                default=leading,
            )
            + heights_of.vertical
        )
        if row_height <= limit + heights_of.vertical or logical in joined_down:
            rows.append(Row(list(row), logical, True))
            heights.append(row_height)
            continue
        pieces = cut_row(row, styles, widths, pad, limit)
        for number, (cells, height) in enumerate(pieces):
            first, last = number == 0, number == len(pieces) - 1
            rows.append(Row(cells, logical, last, first))
            # Pieces of one row run on without padding between them.
            heights.append(height + (pad * 0.75 if first else 0) + (pad if last else 0))
    if joined_down:  # a joined cell taller than its rows: the last of them grows
        by_logical = {row.logical: index for index, row in enumerate(rows)}
        for (r, i), (down, _) in spans.items():
            if down < 2 or r < head:
                continue
            width = _span_width(spans, widths, r, i)
            need = heights_of.cell(table.rows[r - head][i], styles[i], width)
            need += heights_of.vertical
            covered = [by_logical[n] for n in range(r - head, r - head + down) if n in by_logical]
            short = need - sum(heights[n] for n in covered)
            if short > 0 and covered:
                heights[covered[-1]] += short
    return rows, heights


def _span_width(
    spans: dict[tuple[int, int], tuple[int, int]], widths: list[float], row: int, column: int
) -> float:
    """The width of the cell at *row* and *column*: its columns', when it is joined."""
    across = spans.get((row, column), (1, 1))[1]
    return sum(widths[column : column + across])


def _fit_tall_spans(
    spans: dict[tuple[int, int], tuple[int, int]],
    heights: list[float],
    first: int,
    rows: list[list[str]],
    styles: list[ParagraphStyle],
    widths: list[float],
    heights_of: _CellHeights,
) -> None:
    """Grow the last of the header rows a cell is joined down across to hold it."""
    for (r, i), (down, _) in spans.items():
        if down < 2 or not first <= r < first + len(rows):
            continue
        end = min(r + down, first + len(rows))
        need = heights_of.cell(rows[r - first][i], styles[i], _span_width(spans, widths, r, i))
        short = need + heights_of.vertical - sum(heights[r - first : end - first])
        if short > 0:
            heights[end - first - 1] += short
