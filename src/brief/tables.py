"""Tables: column widths measured from the content with the real fonts, styled by the layout."""

from __future__ import annotations

import re
from html import unescape
from typing import TYPE_CHECKING

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table

if TYPE_CHECKING:
    from brief.story import Styles

_TAGS = re.compile(r"<[^>]+>")
_NUMERIC = re.compile(
    r"^[(+\-−–]?\s*[$€£¥₽]?\s*[+\-−–]?\d[\d,.\s  ]*\s*(%|pp|bn|m|k|million|billion)?\)?$",
    re.IGNORECASE,
)
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER}


def build_table(
    header: list[str],
    rows: list[list[str]],
    aligns: list[str | None],
    caption: str | None,
    note: str | None,
    styles: Styles,
) -> list[Flowable]:
    """Caption, table and note as flowables; cells are paragraph markup strings."""
    out: list[Flowable] = []
    table_style = styles.style.table
    if caption:
        out.append(Paragraph(caption, styles.paragraph(table_style.caption_style)))
    out.append(MeasuredTable(header, rows, aligns, styles))
    if note:
        out.append(Paragraph(note, styles.paragraph(table_style.note_style)))
    return out


def plain(markup: str) -> str:
    return unescape(_TAGS.sub("", markup))


def is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


class MeasuredTable(Flowable):
    """A table whose column widths are shared out by content once the frame width is known."""

    def __init__(
        self, header: list[str], rows: list[list[str]], aligns: list[str | None], styles: Styles
    ):
        super().__init__()
        spec = styles.style.table
        width = len(header)
        self.header = header
        self.rows = [(r + [""] * width)[:width] for r in rows]
        self.spec = spec
        body_font = styles.font(spec.font)
        head_font = styles.font(spec.font, bold=spec.header_bold)
        self.fonts = (head_font, body_font)
        columns = list(zip(*self.rows, strict=True)) if self.rows else [() for _ in header]
        self.aligns = []
        for index in range(width):
            explicit = aligns[index] if index < len(aligns) else None
            values = [plain(c) for c in columns[index] if plain(c).strip()]
            numeric = bool(values) and all(is_numeric(v) for v in values)
            self.aligns.append(explicit or ("right" if numeric else "left"))
        base = ParagraphStyle(
            "cell",
            fontName=body_font,
            fontSize=spec.size,
            leading=spec.leading,
            textColor=styles.colour("text") if "text" in styles.style.colors else None,
            splitLongWords=1,
        )
        head = ParagraphStyle(
            "head", parent=base, fontName=head_font, textColor=styles.colour(spec.header_text)
        )
        self.cell_styles = [
            (
                ParagraphStyle(f"head{i}", parent=head, alignment=_ALIGN[a]),
                ParagraphStyle(f"cell{i}", parent=base, alignment=_ALIGN[a]),
            )
            for i, a in enumerate(self.aligns)
        ]
        self.commands = self._commands(styles)
        self.spaceBefore = spec.space_before
        self.spaceAfter = spec.space_after
        self._table: Table | None = None
        self._for_width: float | None = None

    def _commands(self, styles: Styles) -> list[tuple]:
        spec = self.spec
        rule = styles.colour(spec.rule)
        commands = [
            # Table sets a cell font before drawing even paragraph cells: never the base-14 default.
            ("FONT", (0, 0), (-1, -1), self.fonts[1], spec.size, spec.leading),
            ("BACKGROUND", (0, 0), (-1, 0), styles.colour(spec.header_background)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), spec.padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), spec.padding),
            ("TOPPADDING", (0, 0), (-1, -1), spec.padding * 0.75),
            ("BOTTOMPADDING", (0, 0), (-1, -1), spec.padding),
            ("LINEBELOW", (0, 1), (-1, -1), spec.rule_width, rule),
            ("LINEBELOW", (0, -1), (-1, -1), spec.rule_width * 2, rule),
        ]
        if spec.zebra:
            commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, styles.colour(spec.zebra)]))
        return commands

    def column_widths(self, avail: float) -> list[float]:
        """Share *avail* between columns from each one's minimum and preferred width.

        Minimum: its longest word; preferred: its longest cell on one line. Columns get their
        minimum, then the rest in proportion to what they still want; spare room when all
        fit is shared in proportion to the preferred widths.
        """
        pad = 2 * self.spec.padding
        size = self.spec.size
        minimum, preferred = [], []
        for index in range(len(self.header)):
            cells = [(self.header[index], self.fonts[0])] + [
                (row[index], self.fonts[1]) for row in self.rows
            ]
            low = high = 0.0
            for markup, font in cells:
                text = plain(markup)
                words = text.split() or [""]
                low = max(low, max(stringWidth(w, font, size) for w in words))
                high = max(high, stringWidth(" ".join(words), font, size))
            minimum.append(min(low, avail / 2) + pad)
            preferred.append(high + pad)
        if sum(preferred) <= avail:
            scale = avail / sum(preferred)
            return [w * scale for w in preferred]
        if sum(minimum) >= avail:
            scale = avail / sum(minimum)
            return [w * scale for w in minimum]
        spare = avail - sum(minimum)
        wants = [p - m for p, m in zip(preferred, minimum, strict=True)]
        return [m + spare * w / sum(wants) for m, w in zip(minimum, wants, strict=True)]

    def table(self, avail_width: float) -> Table:
        if self._table is None or self._for_width != avail_width:
            data = [[Paragraph(c, self.cell_styles[i][0]) for i, c in enumerate(self.header)]]
            data += [
                [Paragraph(c, self.cell_styles[i][1]) for i, c in enumerate(row)]
                for row in self.rows
            ]
            self._table = Table(
                data,
                colWidths=self.column_widths(avail_width),
                repeatRows=1,
                style=self.commands,
                hAlign="LEFT",
            )
            self._for_width = avail_width
        return self._table

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.table(avail_width).wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return self.table(avail_width).split(avail_width, avail_height)

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        self.table(self._for_width or self.width).drawOn(canvas, x, y, _sW)
