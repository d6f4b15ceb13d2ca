"""Flowables of brief's own: colour bands, padded boxes, tables of contents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import Flowable, Table
from reportlab.platypus.tableofcontents import TableOfContents

from brief.style import BandStyle, BoxStyle

if TYPE_CHECKING:
    from brief.rlstyles import Styles


def box(content: list[Flowable], box: BoxStyle, styles: Styles) -> Table:
    """A padded, coloured box that can still split between its blocks."""
    rows = [[flowable] for flowable in content]
    body_font = styles.font(next(iter(styles.families)))
    commands = [
        ("FONT", (0, 0), (-1, -1), body_font),  # not the base-14 default Table would set
        ("LEFTPADDING", (0, 0), (-1, -1), box.padding + (box.accent_width if box.accent else 0)),
        ("RIGHTPADDING", (0, 0), (-1, -1), box.padding),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, 0), box.padding),
        ("BOTTOMPADDING", (0, -1), (-1, -1), box.padding),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    if box.background:
        commands.append(("BACKGROUND", (0, 0), (-1, -1), styles.colour(box.background)))
    if box.border and box.border_width:
        commands.append(("BOX", (0, 0), (-1, -1), box.border_width, styles.colour(box.border)))
    if box.accent:
        commands.append(
            ("LINEBEFORE", (0, 0), (0, -1), box.accent_width, styles.colour(box.accent))
        )
    # splitInRow lets a block taller than a page (a very long paragraph) split inside the box.
    table = Table(rows, colWidths=["100%"], style=commands, splitByRow=1, splitInRow=1)
    table.spaceBefore = box.space_before
    table.spaceAfter = box.space_after
    return table


class Contents(TableOfContents):
    """A table of contents (or list of tables) that keeps entries down to *depth* levels."""

    def __init__(self, depth: int, **options):
        super().__init__(**options)
        self.depth = depth

    def notify(self, kind: str, stuff: tuple) -> None:
        if kind == self._notifyKind and stuff[0] < self.depth:
            self.addEntry(*stuff)


class Band(Flowable):
    """A full-width colour band behind its content, bled to the page's side (and top) edges."""

    def __init__(self, content: list[Flowable], style: BandStyle, colour: colors.Color):
        super().__init__()
        self.content = content
        self.style = style
        self.colour = colour
        self.spaceAfter = style.space_after

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self._sizes = []
        height = self.style.padding_top + self.style.padding_bottom
        for index, flowable in enumerate(self.content):
            _, h = flowable.wrap(avail_width, avail_height)
            before = flowable.getSpaceBefore() if index else 0
            after = flowable.getSpaceAfter() if index < len(self.content) - 1 else 0
            self._sizes.append((before, h, after))
            height += before + h + after
        self.height = height
        return avail_width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return list(self.content)  # too tall for a page: give up the band, keep the text

    def draw(self) -> None:
        canvas = self.canv
        page_width, page_height = canvas._pagesize
        x0, y0 = canvas.absolutePosition(0, 0)
        top = page_height - y0 if self.style.bleed_top else self.height
        bottom = -y0 if self.style.fill_page else 0
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(-x0, bottom, page_width, top - bottom, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height - self.style.padding_top
        for flowable, (before, h, after) in zip(self.content, self._sizes, strict=True):
            y -= before + h
            flowable.drawOn(canvas, 0, y)
            y -= after
