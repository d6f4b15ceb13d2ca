"""Flowables of brief's own: colour bands, padded boxes, tables of contents, and the tagged
forms of ReportLab's lists, figures and code blocks."""

from __future__ import annotations

from ast import literal_eval
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table, XPreformatted
from reportlab.platypus.flowables import LIIndenter
from reportlab.platypus.tableofcontents import TableOfContents

from brief.layout.style import BandStyle, BoxStyle
from brief.typeset.reportlab_internals import (
    PiecedList,
    TaggedIndenter,
    contents_notice,
    indenter_parts,
    page_size,
    set_contents_table,
    text_cursor,
)
from brief.typeset.scripts import escape, paragraph
from brief.typeset.tagging import Tag, Tagged

if TYPE_CHECKING:
    from brief.typeset.styles import Styles


def box(content: list[Flowable], box: BoxStyle, styles: Styles) -> Table:
    """A padded, coloured box that can still split between its blocks; its accent bar is on
    the side lines start from (the right, in a brief written from right to left)."""
    rows = [[flowable] for flowable in content]
    start_padding, end_padding, accent_line = (
        ("RIGHTPADDING", "LEFTPADDING", "LINEAFTER")
        if styles.mirrored
        else ("LEFTPADDING", "RIGHTPADDING", "LINEBEFORE")
    )
    body_font = styles.font(next(iter(styles.families)))
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), body_font),  # not the base-14 default Table would set
        (start_padding, (0, 0), (-1, -1), box.padding + (box.accent_width if box.accent else 0)),
        (end_padding, (0, 0), (-1, -1), box.padding),
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
        commands.append((accent_line, (0, 0), (0, -1), box.accent_width, styles.colour(box.accent)))
    # splitInRow lets a block taller than a page (a very long paragraph) split inside the box.
    table = Table(rows, colWidths=["100%"], style=commands, splitByRow=1, splitInRow=1)
    table.spaceBefore = box.space_before
    table.spaceAfter = box.space_after
    return table


class Contents(Tagged, TableOfContents):
    """A table of contents (or list of tables) that keeps entries down to *depth* levels;
    tagged as a TOC with a TOCI for each entry.

    Entries are set as the story's paragraphs are: in fallback fonts where the style's font
    lacks a title's characters (*entry_markup*), shaped and ordered when right to left. In a
    brief written from right to left (*mirrored*) the page numbers stand on the left, with
    the leaders running to them from where each title ends."""

    brief_marked = False

    def __init__(
        self,
        depth: int,
        entry_markup: Callable[[str], str] = escape,
        mirrored: bool = False,
        number_font: Callable[[str, str], str] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(**options)
        self.depth = depth
        self.entry_markup = entry_markup
        self.mirrored = mirrored
        self.number_font = number_font  # (number, style font) -> a font that draws it
        self.brief_tag = Tag("TOC")
        self._items: dict[int, Tag] = {}  # entry number -> its tag, the same in every pass
        self._links: dict[int, Tag] = {}  # entry number -> the Link its title is drawn in
        self._entry_paragraphs: dict[
            str, Flowable
        ] = {}  # label -> its paragraph, for mirrored ends

    def notify(self, kind: str, stuff: tuple[Any, ...]) -> None:
        if kind == contents_notice(self) and stuff[0] < self.depth:
            level, title, page, key = stuff
            self.addEntry(level, self.entry_markup(title), page, key)

    def wrap(self, availWidth: Any, availHeight: Any) -> Any:
        """The entries of the last pass as one table, a paragraph an entry (ReportLab's own
        wrap sets them with its Paragraph, which neither falls back nor shapes)."""
        rows: list[list[Flowable]] = []
        items: dict[int, Tag] = {}
        links: dict[int, Tag] = {}
        self._entry_paragraphs = {}
        for level, markup, page, key in self._lastEntries:
            style = self.getLevelStyle(level)
            text = f'<a href="#{key}">{markup}</a>' if key else markup
            label = f"{page},{level},{_quoted_key(key)}"
            entry = paragraph(f'{text}<onDraw name="drawTOCEntryEnd" label="{label}"/>', style)
            self._entry_paragraphs[label] = entry
            if style.spaceBefore:
                rows.append([Spacer(1, style.spaceBefore)])
            number = len(items)
            tag = self._items.setdefault(number, Tag("TOCI", parent=self.brief_tag))
            tag.label = " ".join(entry.getPlainText().split())
            items[id(entry)] = tag
            # The entry's text is the link to its heading: it is drawn as the content of a
            # Link element in the TOCI, so the link reads as the title.
            links[id(entry)] = self._links.setdefault(number, Tag("Link", parent=tag))
            rows.append([entry])
        table = Table(
            rows or [[Spacer(1, 0)]],
            colWidths=(availWidth,),
            style=self.tableStyle,
            renderCB=CellTags(
                lambda row, column, cell: items.get(id(_first(cell))),
                inner=lambda row, column, cell: links.get(id(_first(cell))),
            ),
        )
        set_contents_table(self, table)
        self.width, self.height = table.wrapOn(self.canv, availWidth, availHeight)
        self.canv.setNamedCB("drawTOCEntryEnd", partial(self._entry_end, availWidth))
        return self.width, self.height

    def _entry_end(self, width: float, canvas: Any, kind: str, label: str) -> None:
        """Called while the entry's text is being set: where its text ends. The leaders and
        page number are drawn once the text is (the canvas runs what is left for after the
        text), so that readers that take text in drawing order read "Title . . . 3", not
        ". . . 3Title"."""
        x, y = text_cursor(canvas)
        draw = partial(self._draw_entry_end, width, canvas, label, x, y)
        after_text = getattr(canvas, "after_text", None)
        if after_text is None:
            draw()
        else:
            after_text.append(draw)

    def _draw_entry_end(self, width: float, canvas: Any, label: str, x: float, y: float) -> None:
        """Dot leaders and the page number after an entry, as ReportLab draws them, except
        that the leaders are an artifact: readers hear the entry and its page, not dots.
        Mirrored, the number stands at the left and the leaders run to where the title's
        last line begins."""
        page, level, key = label.split(",", 2)
        style = self.getLevelStyle(int(level))
        number = str(self.formatter(int(page)) if self.formatter else page)
        size = style.fontSize
        font = self.number_font(number, style.fontName) if self.number_font else style.fontName
        number_width = stringWidth(number, font, size)
        canvas.setFont(font, size)
        canvas.setFillColor(style.textColor)
        structure = getattr(canvas, "structure", None)
        number_x = 0.0 if self.mirrored else width - number_width
        if self.dotsMinLevel >= 0 and int(level) >= self.dotsMinLevel:
            dot = " . "
            dot_width = stringWidth(dot, style.fontName, size)
            if self.mirrored:
                start = (
                    width
                    - _last_line_width(self._entry_paragraphs.get(label), width)
                    - style.rightIndent
                )
                count = max(0, int((start - number_width) / dot_width))
                leaders_x = number_width
            else:
                count = max(0, int((width - x - number_width) / dot_width))
                leaders_x = width - count * dot_width - number_width
            with structure.artifact(canvas, "leaders") if structure else nullcontext():
                canvas.setFont(style.fontName, size)
                canvas.drawString(leaders_x, y, dot * count)
                canvas.setFont(font, size)
        reference = (
            structure.child(canvas, "Reference", order=1, outside_link=True)
            if structure
            else nullcontext()
        )
        with reference:
            key = literal_eval(key)
            # The number is the text of its link, which leads to the entry's page.
            with structure.child(canvas, "Link") if structure and key else nullcontext():
                canvas.drawString(number_x, y, number)
                if key:
                    box = (number_x, y - 0.25 * size, number_x + number_width, y + 0.9 * size)
                    canvas.linkRect("", key, box, relative=1)


def _last_line_width(entry: Flowable | None, width: float) -> float:
    """How wide the last line of a wrapped paragraph is (its text, without the space its
    alignment leaves)."""
    lines = getattr(getattr(entry, "blPara", None), "lines", None)
    if not lines:
        return 0.0
    last = lines[-1]
    extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
    return max(0.0, width - extra)


def _first(cell: object) -> object:
    """The flowable a table cell holds: ReportLab hands a cell of flowables over as a tuple."""
    return cell[0] if isinstance(cell, list | tuple) and cell else cell


def _quoted_key(key: str | None) -> str:
    """The key as the entry's label carries it, read back by literal_eval (no commas: the
    label's fields are separated by them)."""
    return repr(key).replace(",", "\\x2c")


class CellTags:
    """A ReportLab ``Table`` render callback that draws each cell as the content of the tag
    *lookup* gives it (from its row, column and value); a cell without a tag (a table header
    repeated on a later page) is drawn as an artifact, like the grid lines and backgrounds
    around it."""

    def __init__(
        self,
        lookup: Callable[[int, int, object], Tag | None],
        inner: Callable[[int, int, object], Tag | None] | None = None,
    ):
        self.lookup = lookup
        self.inner = inner  # an element inside the cell's that holds the cell's content
        self._open: list[Any] = []

    def __call__(self, table: Table, event: str, *args: Any) -> None:
        structure = getattr(table.canv, "structure", None)
        if structure is None:
            return
        if event == "startCell":
            tag = self.lookup(args[0], args[1], args[2])
            inner = self.inner(args[0], args[1], args[2]) if self.inner and tag else None
            # A cell whose paragraph is tagged itself (it has a link) holds it as a child.
            marked = getattr(args[2], "brief_tag", None) is None and inner is None
            if tag is not None:
                structure.enter(table.canv, tag, marked)
                if inner is not None:
                    structure.enter(table.canv, inner, True)
            else:
                structure.enter_artifact(table.canv, "repeated")
            self._open.append((tag, marked, inner))
        elif event == "endCell":
            tag, marked, inner = self._open.pop()
            if inner is not None:
                structure.leave(table.canv, True)
            if tag is not None:
                structure.leave(table.canv, marked)
            else:
                structure.leave_artifact(table.canv)


class Figure(Tagged, Flowable):
    """An image or drawing that readers of the tagged PDF get as its description."""

    def __init__(self, content: Flowable, tag: Tag):
        super().__init__()
        self.content = content
        self.hAlign = getattr(content, "hAlign", "LEFT")
        self.brief_tag = tag

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.content.wrap(avail_width, avail_height)
        return self.width, self.height

    def draw(self) -> None:
        self.content.drawOn(self.canv, 0, 0)


class Code(Tagged, XPreformatted):
    """A code block, tagged like a paragraph."""


class TaggedList(PiecedList):
    """A list tagged as L, with an LI for each item holding its label (Lbl) and body (LBody).

    ReportLab turns a list into one indented piece per block of each item, which flow on their
    own once the list is split; each piece carries the tags of its list and item."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.brief_tag = Tag("L")
        super().__init__(*args, **kwargs)

    def pieces(self, pieces: list[Any]) -> list[Any]:
        tagged = []
        tags = None
        for piece in pieces:
            if isinstance(piece, LIIndenter):
                if indenter_parts(piece)[0] is not None or tags is None:  # a new item starts
                    item = Tag("LI", parent=self.brief_tag)
                    tags = (item, Tag("Lbl", parent=item), Tag("LBody", parent=item))
                piece = _ListPiece.of(piece, tags)
            tagged.append(piece)
        return tagged


class _ListPiece(TaggedIndenter):
    """One block of a list item, drawn as the item's label and body."""

    @classmethod
    def of(cls, piece: LIIndenter, tags: tuple[Tag, Tag, Tag]) -> _ListPiece:
        tagged = cls.__new__(cls)
        tagged.__dict__.update(piece.__dict__)
        tagged.__dict__["_tags"] = tags
        return tagged

    def split(self, aW: Any, aH: Any) -> Any:
        return [_ListPiece.of(part, self._tags) for part in super().split(aW, aH)]

    def drawOn(self, canv: Any, x: Any, y: Any, _sW: Any = 0) -> Any:
        structure = getattr(canv, "structure", None)
        if structure is None:
            return super().drawOn(canv, x, y, _sW)
        _, label, body = self._tags
        bullet, content, left, right = indenter_parts(self)
        if bullet:
            with structure.element(canv, label):
                bullet.drawOn(self, canv, x, y, 0)
        # The body holds its paragraph (and any nested list) as elements of their own.
        marked = getattr(content, "brief_tag", None) is None
        with structure.element(canv, body, marked):
            content.drawOn(canv, x + left, y, max(0, _sW - left - right))


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
            w, h = flowable.wrap(avail_width, avail_height)
            before = flowable.getSpaceBefore() if index else 0
            after = flowable.getSpaceAfter() if index < len(self.content) - 1 else 0
            align = str(getattr(flowable, "hAlign", "LEFT")).upper()
            indent = {"RIGHT": avail_width - w, "CENTER": (avail_width - w) / 2}.get(align, 0)
            self._sizes.append((before, h, after, max(0.0, indent)))
            height += before + h + after
        self.height = height
        return avail_width, height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return list(self.content)  # too tall for a page: give up the band, keep the text

    def draw(self) -> None:
        canvas = self.canv
        page_width, page_height = page_size(canvas)
        x0, y0 = canvas.absolutePosition(0, 0)
        top = page_height - y0 if self.style.bleed_top else self.height
        bottom = -y0 if self.style.fill_page else 0
        canvas.saveState()
        canvas.setFillColor(self.colour)
        canvas.rect(-x0, bottom, page_width, top - bottom, stroke=0, fill=1)
        canvas.restoreState()
        y = self.height - self.style.padding_top
        for flowable, (before, h, after, indent) in zip(self.content, self._sizes, strict=True):
            y -= before + h
            flowable.drawOn(canvas, indent, y)  # a logo aligned right stands on the right
            y -= after
