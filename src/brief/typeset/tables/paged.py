"""The table as one flowable that measures its rows once and pages them linearly."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak

from brief.core.text import padded
from brief.typeset.reportlab_internals import forget_postponed
from brief.typeset.tables.columns import WIDTH_PERCENT, fixed_width, share
from brief.typeset.tables.content import TableContent, is_numeric, plain, styled_runs
from brief.typeset.tables.measure import TableMeasure
from brief.typeset.tables.parts import TableTags
from brief.typeset.tagging import note_drawn_top

if TYPE_CHECKING:
    from brief.typeset.styles import Styles


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


_SPACES = re.compile(r"(\s+)")


def _valid_merges(
    merges: list[tuple[int, int, int, int]], rows: int, columns: int
) -> list[tuple[int, int, int, int]]:
    """The merges that lie within the table, each cut to its edges; one that overlaps a
    merge before it is left out (a cell is joined to one other at most)."""
    taken: set[tuple[int, int]] = set()
    kept = []
    for row, column, down, across in merges:
        if row >= rows or column >= columns:
            continue
        down, across = min(down, rows - row), min(across, columns - column)
        cells = {(r, c) for r in range(row, row + down) for c in range(column, column + across)}
        if down * across > 1 and not cells & taken:
            taken |= cells
            kept.append((row, column, down, across))
    return kept


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
        self.header_rows = [padded(r, width) for r in content.header_rows]
        self.rows = [padded(r, width) for r in content.rows]
        total = len(self.header_rows) + len(self.rows)
        content.merges = _valid_merges(content.merges, total, width)
        self.spans = content.spans()
        self.aligns = self._aligns(width)
        self.spaceBefore = self.spec.space_before
        self.spaceAfter = self.spec.space_after
        self._layout: TableMeasure | None = None
        self._unit_extent: tuple[list[float], list[float]] | None = None
        self._start = 0  # first physical row still to place
        self._first_part = True
        head = len(self.header_rows)
        cells = {
            ("head", r, c) if r < head else ("body", r - head, c): span
            for (r, c), span in self.spans.items()
        }
        # shared by every part
        self.tags = TableTags(width, content.right_to_left, content.number, cells)

    # -- planning -----------------------------------------------------------------------------

    def _aligns(self, width: int) -> list[str]:
        aligns = []
        head = len(self.header_rows)
        wide = {(r - head, c) for (r, c), (_, across) in self.spans.items() if across > 1}
        for index in range(width):
            given = self.content.aligns[index] if index < len(self.content.aligns) else None
            values = [
                plain(r[index]).strip()
                for n, r in enumerate(self.rows)
                if (n, index) not in wide  # a cell across columns is none of theirs
            ]
            values = [v for v in values if v]
            numeric = bool(values) and all(is_numeric(v) for v in values)
            aligns.append(given or ("right" if numeric else "left"))
        return aligns

    def fonts(self) -> tuple[str, str]:
        spec = self.spec
        return (self.styles.font(spec.font, bold=spec.header_bold), self.styles.font(spec.font))

    def _extent(self, size: float) -> tuple[list[float], list[float]]:
        """Each column's minimum (longest word) and preferred (longest line) width at *size*:
        text widths grow with the size, so they are measured once, at one point."""
        if self._unit_extent is None:
            self._unit_extent = self._measure_extent()
        minimum, preferred = self._unit_extent
        pad = 2 * self.spec.padding
        # half a point more: a word exactly as wide as its cell would be broken by rounding
        return [m * size + pad + 0.5 for m in minimum], [p * size + pad + 0.5 for p in preferred]

    def _measure_extent(self) -> tuple[list[float], list[float]]:
        """Each column's longest word and longest line at a size of one point, each run of a
        cell measured in the face it is drawn in (a bold stub column, a total row, code)."""
        head_font = self.fonts()[0]
        family = self.spec.font
        body_faces = {
            (b, i): self.styles.font(family, bold=b, italic=i) for b in (False, True)
            for i in (False, True)
        }  # fmt: skip
        bold_faces = {(b, i): body_faces[(True, i)] for b, i in body_faces}
        head_faces = bold_faces if head_font == body_faces[(True, False)] else body_faces
        minimum = [0.0] * len(self.aligns)
        preferred = [0.0] * len(self.aligns)
        body = [
            (row, bold_faces if index in self.content.totals else body_faces)
            for index, row in enumerate(self.rows)
        ]
        rows = [*((r, head_faces) for r in self.header_rows), *body]
        for number, (row, faces) in enumerate(rows):
            for index, markup in enumerate(row):
                line, word, longest = 0.0, 0.0, 0.0
                for text, font in styled_runs(markup, faces):
                    for piece in _SPACES.split(text):
                        if not piece:
                            continue
                        width = stringWidth(piece, font, 1.0)
                        line += width
                        if piece.isspace():
                            word = 0.0
                        else:
                            word += width  # a word over runs ("**Pre**-Market") is one word
                            longest = max(longest, word)
                across = self.spans.get((number, index), (1, 1))[1]
                for column in range(index, index + across):  # a joined cell: its share
                    preferred[column] = max(preferred[column], line / across)
                    minimum[column] = max(minimum[column], longest / across)
        return minimum, preferred

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
            percent = WIDTH_PERCENT.match(value)
            fixed.append(avail * float(percent.group(1)) / 100 if percent else fixed_width(value))
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
            widths, fits = share(avail, minimum, preferred, fixed)
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

    def _prepare(self, avail: float) -> TableMeasure:
        if self._layout is None or self._layout.width != avail:
            self._layout = TableMeasure.measure(self, avail)
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
        if whole <= self.frame_height and (
            (end - self._start) * 2 < total - self._start
            or avail_height <= self.spec.keep_whole * self.frame_height
        ):
            # a table that fits on a page moves on whole rather than split, when that leaves
            # little of this page empty (or the split would leave most rows behind)
            return []
        part = layout.part(self._start, end, self._first_part)
        part.spaceBefore = self.spaceBefore if self._first_part else 0
        if end == len(layout.heights):
            part.spaceAfter = self.spaceAfter
            return [part]
        rest = PagedTable.__new__(PagedTable)
        rest.__dict__.update(self.__dict__)
        forget_postponed(rest)  # a part moved on in ReportLab's eyes starts afresh
        rest._start, rest._first_part = end, False
        rest.spaceBefore = 0
        return [part, rest]

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        note_drawn_top(self, canvas, x, y)
        layout = self._prepare(self.width)
        part = layout.part(self._start, len(layout.heights), self._first_part)
        part.wrap(self.width, self.height)
        part.drawOn(canvas, x, y, _sW)
