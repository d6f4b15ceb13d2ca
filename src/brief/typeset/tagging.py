"""Tagged PDF (PDF/UA-1): structure elements, marked content and artifacts.

Story building gives each block a :class:`Tag` saying what it is (a paragraph, a heading, a
table cell). While pages are drawn, the canvas's :class:`Structure` turns tags into elements
of the structure tree, in the order they are drawn (which is reading order), and wraps what
each element draws in ``BDC … EMC`` with a marked-content id. Whatever is drawn outside any
tagged block (backgrounds, rules, grid lines, a table header repeated on a later page) falls
in an artifact, so every mark on a page is either content or declared decoration.

A block split over pages keeps its one tag, so it stays one element with a piece of marked
content on each page. The tree is written into the PDF when the canvas is saved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
)

from brief.typeset.reportlab_internals import page_operators

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

# Artifacts as they are opened in a page's content stream.
_ARTIFACTS = {
    "layout": "/Artifact BMC",
    "header": "/Artifact <</Type /Pagination /Subtype /Header>> BDC",
    "footer": "/Artifact <</Type /Pagination /Subtype /Footer>> BDC",
    "leaders": "/Artifact <</Type /Layout>> BDC",
    "repeated": "/Artifact <</Type /Pagination>> BDC",
}


@dataclass(eq=False, slots=True)
class Tag:
    """What a block is: a structure role and the attributes readers need.

    *parent* places the element under another tag's element (a cell under its row); without
    one it goes under whatever element is being drawn when it first draws. *order* places it
    among its parent's children when it is drawn out of reading order (the cells of a
    right-to-left table are drawn from the left).
    """

    role: str
    parent: Tag | None = None
    alt: str | None = None
    scope: str | None = None
    rows: int = 1  # a table cell joined across rows or columns: how many it covers
    columns: int = 1
    order: int | None = None
    ident: str | None = None
    label: str | None = None  # what a link drawn in the element leads to, for its description
    lang: str | None = None  # its language, when not the document's


class Tagged:
    """Mixin for flowables: what the flowable draws is the content of its ``brief_tag``.

    A container tag (``brief_marked = False``) only groups the tags drawn inside it. The parts
    of a split flowable keep its tag.
    """

    brief_tag: Tag | None = None
    brief_marked: bool = True

    def drawOn(self, canvas: Any, x: Any, y: Any, _sW: Any = 0) -> Any:
        note_drawn_top(self, canvas, x, y)
        structure = getattr(canvas, "structure", None)
        # a mixin: drawOn and split are those of the flowable class it is mixed into
        if structure is None or self.brief_tag is None:
            return super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
        with structure.element(canvas, self.brief_tag, self.brief_marked):
            return super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]

    def split(self, availWidth: Any, availHeight: Any) -> Any:
        parts = super().split(availWidth, availHeight)  # type: ignore[misc]
        for part in parts:
            if getattr(part, "brief_tag", None) is None:
                part.brief_tag = self.brief_tag
                part.brief_marked = self.brief_marked
        return parts


def note_drawn_top(flowable: Any, canvas: Any, x: float, y: float) -> None:
    """Keep where on the page *flowable*'s top is drawn: bookmarks and links lead there. The
    frame's position says it only for a flowable drawn on its own, not in a group kept
    together, so it is read from the drawing itself."""
    matrix = getattr(canvas, "_currentMatrix", (1, 0, 0, 1, 0, 0))
    top = y + getattr(flowable, "height", 0)
    flowable._brief_drawn_top = matrix[1] * x + matrix[3] * top + matrix[5]


def tagged(flowable: Any, tag: Tag | None, marked: bool = True) -> Any:
    """*flowable* (a :class:`Tagged` one) with *tag*; returns it for chaining."""
    flowable.brief_tag = tag
    flowable.brief_marked = marked
    return flowable


class Element:
    """A structure element being recorded: its tag, its parent, and its children in reading
    order (elements, marked content and link annotations)."""

    __slots__ = ("kids", "number", "parent", "tag")

    def __init__(self, tag: Tag, parent: Element | None):
        self.tag = tag
        self.parent = parent
        self.number = 0  # its place in the tree, given when the tree is written
        # Child elements, marked content (page number, MCID) and annotations ("annot", dict).
        self.kids: list[Any] = []

    def add_content(self, mcr: tuple[int, int]) -> None:
        """Marked content goes before the children placed after it (see Tag.order)."""
        index = len(self.kids)
        while index and isinstance(self.kids[index - 1], Element):
            order = self.kids[index - 1].tag.order
            if order is None or order <= 0:
                break
            index -= 1
        self.kids.insert(index, mcr)

    def add(self, kid: Element) -> None:
        if kid.tag.order is None:
            self.kids.append(kid)
            return
        keys = [
            k.tag.order if isinstance(k, Element) and k.tag.order is not None else -1
            for k in self.kids
        ]
        self.kids.insert(bisect.bisect_right(keys, kid.tag.order), kid)


@dataclass
class Structure:
    """The structure tree of one typesetting pass, recorded as pages are drawn."""

    root: Element = field(default_factory=lambda: Element(Tag("Document"), None))
    pages: list[list[Element]] = field(default_factory=list)  # the element of each MCID
    annotations: list[tuple[PDFDictionary, Element]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._elements: dict[int, Element] = {}
        self._open: list[Element] = [self.root]
        self._marks: list[Element | str] = []  # marked elements and artifacts being drawn
        self._emitted: Element | str | None = None  # what the content stream has open now
        self._opener: tuple[int, tuple[int, int] | None] = (0, None)  # stream length, its MCR
        self._resting: str | None = None  # what to fall back to outside any element
        self._mcids: list[Element] = []
        self._notes = 0
        self.inline: InlineMarks | None = None  # a paragraph marking its own text

    # -- drawing ------------------------------------------------------------------------------

    @contextmanager
    def element(self, canvas: Canvas, tag: Tag, marked: bool = True) -> Iterator[None]:
        """Draw inside *tag*'s element; with *marked*, what is drawn is its content."""
        self.enter(canvas, tag, marked)
        try:
            yield
        finally:
            self.leave(canvas, marked)

    def enter(self, canvas: Canvas, tag: Tag, marked: bool = True) -> None:
        """Start drawing inside *tag*'s element (:meth:`element` without the context)."""
        element = self._element(tag)
        self._open.append(element)
        if marked:
            self._marks.append(element)
            self._switch(canvas, element)

    def leave(self, canvas: Canvas, marked: bool = True) -> None:
        self._open.pop()
        if marked:
            self._marks.pop()
            self._resume(canvas)

    def enter_artifact(self, canvas: Canvas, kind: str) -> None:
        self._marks.append(kind)
        self._switch(canvas, kind)

    def leave_artifact(self, canvas: Canvas) -> None:
        self._marks.pop()
        self._resume(canvas)

    def child(
        self, canvas: Canvas, role: str, order: int | None = None, outside_link: Any = False
    ) -> Any:
        """Draw a new element with *role* inside the element being drawn (a page number in
        a contents entry); *order* places it after that element's own content. With
        *outside_link*, a Link being drawn is left out: the element goes beside it."""
        parent = self._owner().tag
        if outside_link and parent.role == "Link" and parent.parent is not None:
            parent = parent.parent
        return self.element(canvas, Tag(role, parent=parent, order=order))

    @contextmanager
    def artifact(self, canvas: Canvas, kind: str) -> Iterator[None]:
        """Draw decoration that is not content: "header", "footer", "leaders" (dots that
        lead the eye to a page number), "repeated" (a table header on a later page) or
        "layout"."""
        self.enter_artifact(canvas, kind)
        try:
            yield
        finally:
            self.leave_artifact(canvas)

    def page_started(self, canvas: Canvas) -> None:
        self._resting = "layout"
        self._switch(canvas, "layout")

    def page_ended(self, canvas: Canvas) -> None:
        self._resting = None
        self._switch(canvas, None)
        self.pages.append(self._mcids)
        self._mcids = []

    def abandon_page(self, canvas: Canvas) -> None:
        """Close a page that will not be shown (the empty one after the last)."""
        self._resting = None
        self._switch(canvas, None)
        self._mcids = []

    def annotation(self, annotation: PDFDictionary, page: int) -> str | None:
        """A link drawn now on *page*: it goes in the Link element of a paragraph's linked
        text, or in a Link element of its own in the element being drawn. Returns that
        element's label, if it has one, to describe the link."""
        owner = self._owner()
        link = self.inline.link_for(annotation) if self.inline else None
        if link is None and owner.tag.role == "Link":  # drawn inside a Link of its own
            link = owner
        if link is None:
            link = Element(Tag("Link"), owner)
            owner.add(link)
        link.kids.append(("annot", annotation, page))
        self.annotations.append((annotation, link))
        labelled: Element | None = owner
        while labelled is not None and not labelled.tag.label:
            labelled = labelled.parent
        return labelled.tag.label if labelled is not None else None

    def _owner(self) -> Element:
        """The element being drawn: the innermost marked one, else the innermost open."""
        marked = next((m for m in reversed(self._marks) if isinstance(m, Element)), None)
        return marked or self._open[-1]

    def _resume(self, canvas: Canvas) -> None:
        """Back to what was being drawn before: an enclosing element or artifact, or the
        page's decoration."""
        self._switch(canvas, self._marks[-1] if self._marks else self._resting)

    def _element(self, tag: Tag) -> Element:
        element = self._elements.get(id(tag))
        if element is None:
            parent = self._element(tag.parent) if tag.parent is not None else self._open[-1]
            element = Element(tag, parent)
            parent.add(element)
            self._elements[id(tag)] = element
            if tag.role == "Note" and tag.ident is None:
                self._notes += 1
                tag.ident = f"note-{self._notes}"
        return element

    def _switch(self, canvas: Canvas, target: Element | str | None) -> None:
        """Make *target* the open marked content of the stream. An opener with nothing drawn
        after it is taken back instead of closed, so no empty sequence is left."""
        if target is self._emitted and target is not None:
            return
        code = page_operators(canvas)
        if self._emitted is not None:
            length, mcr = self._opener
            if len(code) == length:
                code.pop()
                if mcr is not None and isinstance(self._emitted, Element):
                    self._unmark(self._emitted, mcr)
            else:
                code.append("EMC")
        self._emitted = target
        if target is None:
            return
        mcr = None
        if isinstance(target, Element):
            opener, mcr = self._mark(target, canvas.getPageNumber())
            code.append(opener)
        else:
            code.append(_ARTIFACTS[target])
        self._opener = (len(code), mcr)

    # -- marked content inside a paragraph's text ---------------------------------------------

    @contextmanager
    def paragraph(self, canvas: Canvas, tag: Tag) -> Iterator[None]:
        """Draw a paragraph with links: its text object carries the marked content, so the
        text of each link can be the content of a Link element (marked-content sequences
        cannot cross the text object's BT and ET)."""
        self.enter(canvas, tag, marked=False)
        self.inline = InlineMarks(self, self._open[-1])
        try:
            yield
        finally:
            self.inline = None
            self.leave(canvas, marked=False)

    def text_object(self, canvas: Canvas, code: list[str]) -> None:
        """Before a paragraph's text object is written: it goes outside any marked content,
        its own marks inside it."""
        self._switch(canvas, None)
        if self.inline is not None:
            self.inline.finish(code)

    def after_text_object(self, canvas: Canvas) -> None:
        self._resume(canvas)

    def _mark(self, element: Element, page: int) -> tuple[str, tuple[int, int]]:
        """A new marked-content id for *element*: its opening operator and reference."""
        mcid = len(self._mcids)
        self._mcids.append(element)
        mcr = (page, mcid)
        element.add_content(mcr)
        return f"/{element.tag.role} <</MCID {mcid}>> BDC", mcr

    def _unmark(self, element: Element, mcr: tuple[int, int]) -> None:
        """Take back the last marked-content id, which nothing was drawn in."""
        self._mcids.pop()
        element.kids.remove(mcr)

    @property
    def size(self) -> int:
        """The number of structure elements."""
        return len(self._elements) + len(self.annotations) + 1

    # -- writing ------------------------------------------------------------------------------

    def elements(self) -> list[Element]:
        """Every element, the root first, in reading order."""
        found: list[Element] = []
        stack = [self.root]
        while stack:
            element = stack.pop()
            found.append(element)
            stack.extend(k for k in reversed(element.kids) if isinstance(k, Element))
        return found


class InlineMarks:
    """The marked content inside one paragraph's text object: the paragraph's own text, and
    the text of each link as the content of a Link element inside the paragraph.

    ReportLab reports where linked text starts and ends on a line through the text object's
    ``_linkRecord`` hook, and creates each line's link annotations after the line; a link
    running over a line end is closed there and opened again on the next line."""

    def __init__(self, structure: Structure, paragraph: Element):
        self.structure = structure
        self.paragraph = paragraph
        self.links: dict[str, Element] = {}  # by target, in this paragraph
        self.code: list[str] | None = None
        self.page = 0
        self.open_link: Element | None = None
        # Where the open sequence's opener is in the code, its reference and element.
        self._pending: tuple[int, tuple[int, int], Element] | None = None

    def begin(self, code: list[str], page: int) -> None:
        """The paragraph's text object starts: its text is the paragraph's."""
        self.code, self.page = code, page
        self._open(self.paragraph)

    def record(self, link: tuple[Any, ...], event: str) -> None:
        """ReportLab's hook: linked text *link* = (number, target) has started (its first
        piece was just written) or has ended (the next piece is about to be)."""
        if self.code is None:
            return
        if event == "start":
            target = str(link[1])
            element = self.links.get(target)
            if element is None:
                element = Element(Tag("Link"), self.paragraph)
                self.paragraph.add(element)
                self.links[target] = element
            if self.open_link is element:
                return
            text = self.code.pop()
            self._close()
            self._open(element)
            self.code.append(text)
            self.open_link = element
        elif event == "end" and self.open_link is not None:
            self._close()
            self._open(self.paragraph)
            self.open_link = None

    def link_for(self, annotation: PDFDictionary) -> Element | None:
        """The Link element of the annotation ReportLab makes for a line's linked text."""
        if self.open_link is not None:  # the line ended inside the link
            self.record((0, ""), "end")
        action = annotation.dict.get("A")
        target = None
        if isinstance(action, PDFDictionary) and "URI" in action.dict:
            target = action.dict["URI"].s
        elif getattr(annotation.dict.get("Dest"), "name", None):  # a "#name" link
            target = "#" + annotation.dict["Dest"].name
        return self.links.get(target) if target is not None else None

    def finish(self, code: list[str]) -> None:
        if code is self.code:
            self._close()
            self.code = None

    def _open(self, element: Element) -> None:
        assert self.code is not None  # a paragraph's text object is being written
        opener, mcr = self.structure._mark(element, self.page)
        self.code.append(opener)
        self._pending = (len(self.code) - 1, mcr, element)

    def _close(self) -> None:
        """End the open sequence; one that shows no text (only, say, the word spacing of
        the next line) is taken back instead."""
        assert self.code is not None and self._pending is not None
        start, mcr, element = self._pending
        if any(_SHOWS_TEXT.search(entry) for entry in self.code[start + 1 :]):
            self.code.append("EMC")
        else:
            del self.code[start]
            self.structure._unmark(element, mcr)
        self._pending = None


_SHOWS_TEXT = re.compile(r"(\)|>|\])\s*(Tj|TJ|'|\")")
