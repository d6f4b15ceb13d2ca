"""The canvas brief draws on: pages held back until the total is known (for "Page N of
M"), the structure tree recorded as the pages are drawn, links described for readers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfdoc import (
    Annotation,
    PDFDictionary,
    PDFName,
    PDFObjectReference,
    PDFPage,
    PDFStream,
    PDFString,
    PDFZCompress,
)
from reportlab.pdfgen.canvas import Canvas

from brief.pdf.structure import write_tree
from brief.typeset.reportlab_internals import (
    HookedCanvas,
    comment,
    pdf_document,
    record_links,
    stamp_document,
    start_next_page,
    text_operators,
    written_keys,
)
from brief.typeset.tagging import Structure

if TYPE_CHECKING:
    from brief.pdf.furniture import RunningFurniture


class BriefCanvas(HookedCanvas):
    """Holds pages back until the end so the footer can say 'Page N of M'; records the
    structure tree when the PDF is tagged (``structure`` is None when it is not)."""

    def __init__(
        self,
        *args: Any,
        running: RunningFurniture,
        when: dt.datetime,
        finish: Callable[[BriefCanvas], Mapping[str, Sequence[str]]],
        tagged: bool,
        right_to_left: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        stamp_document(self, when)
        if right_to_left:  # viewers show two-page spreads from the right
            self.setViewerPreference("Direction", "R2L")
        self._running = running
        self._finish = finish
        self._held_pages: list[dict[Any, Any]] = []
        # The frame box of pages with a running header and footer, set by their page template.
        self.furnished: tuple[float, float, float, float] | None = None
        self.structure = Structure() if tagged else None
        # Drawing that belongs after the text being set (a contents entry's page number).
        self.after_text: list[Callable[[], None]] = []
        # Links to "#name" places, described at the end by what they lead to (a heading's text).
        self.anchor_labels: dict[str, str] = {}
        self._local_links: list[tuple[PDFDictionary, str]] = []
        if self.structure:
            self.structure.page_started(self)

    def showPage(self) -> None:
        if self.structure:
            self.structure.page_ended(self)
        self._held_pages.append(dict(self.__dict__))
        start_next_page(self)
        self.furnished = None
        if self.structure:
            self.structure.page_started(self)

    def save(self) -> None:
        if self.structure:
            self.structure.abandon_page(self)
        total = len(self._held_pages)
        held, self._held_pages = self._held_pages, []
        for index, state in enumerate(held):
            held[index] = None  # type: ignore[call-overload]  # its commands go once its stream is made
            self.__dict__.update(state)
            if self.furnished:
                with self.artifact("footer"):
                    self._running.footer(self, self.getPageNumber(), total)
            Canvas.showPage(self)
        for annotation, name in self._local_links:
            label = self.anchor_labels.get(name, name.split(":", 1)[-1])
            annotation["Contents"] = PDFString(label)
        associated = self._finish(self)
        if self.structure:
            write_tree(self.structure, pdf_document(self), associated)
        Canvas.save(self)

    def bookmarkPage(self, key: Any, *args: Any, **kwargs: Any) -> Any:
        """A destination on the page being drawn. ReportLab names it by the document's page
        counter, which only counts pages added to the document, and this canvas adds them all
        in save(): every destination would name the first page. Pages are added in drawing
        order as Page1, Page2..., the names the structure tree uses too."""
        destination = super().bookmarkPage(key, *args, **kwargs)
        destination.setPage(PDFObjectReference(f"Page{self.getPageNumber()}"))
        return destination

    def beginText(self, x: Any = 0, y: Any = 0, direction: Any = None) -> Any:
        text = super().beginText(x, y, direction)
        inline = self.structure.inline if self.structure else None
        if inline is not None and inline.code is None:  # a paragraph marking its own text
            record_links(text, inline.record)
            inline.begin(text_operators(text), self.getPageNumber())
        return text

    def drawText(self, aTextObject: Any) -> None:
        self._draw_text(aTextObject)
        if self.structure is None or self.structure.inline is None:
            self.run_after_text()  # else when the paragraph marking its own text is done

    def run_after_text(self) -> None:
        """Draw what was left for after the text being set."""
        pending, self.after_text = self.after_text, []
        for draw in pending:
            draw()

    def _draw_text(self, aTextObject: Any) -> None:
        inline = self.structure.inline if self.structure else None
        if inline is None or inline.code is not text_operators(aTextObject):
            return super().drawText(aTextObject)
        assert self.structure is not None  # a paragraph marking its text is being drawn
        self.structure.text_object(self, text_operators(aTextObject))
        super().drawText(aTextObject)
        self.structure.after_text_object(self)

    def artifact(self, kind: str) -> Any:
        """Draw decoration (a running header or footer) as an artifact of *kind*."""
        return self.structure.artifact(self, kind) if self.structure else nullcontext()

    def page_finished(self, page: PDFPage) -> None:
        """Finish each page dictionary: its key into the structure's parent tree, tab order
        by structure, no empty /Trans, and a content stream without ASCII85 (smaller, and
        no stream that ends in '~>' right before 'endstream')."""
        extra = ["Tabs"]
        if self.structure:
            page.StructParents = self.getPageNumber() - 1
            extra.append("StructParents")
        page.Tabs = PDFName("S") if self.structure else None
        written_keys(page, extra)
        if page.Trans is not None and not page.Trans.dict:
            page.Trans = None
        if page.stream and page.compression:
            contents = PDFStream(content=page.stream, filters=[PDFZCompress])
            comment(contents, "page stream")
            page.Contents = contents

    def annotation_added(self, annotation: Any) -> Any:
        """Links as plain dictionaries, printable (PDF/A), and tagged as Link elements."""
        if isinstance(annotation, Annotation):
            annotation = annotation.Dict()
        annotation["F"] = 4  # print
        label = (
            self.structure.annotation(annotation, self.getPageNumber()) if self.structure else None
        )
        if not str(getattr(annotation.dict.get("Contents"), "s", "") or ""):
            target = annotation.dict.get("A")
            uri = target.dict.get("URI") if isinstance(target, PDFDictionary) else None
            description = label or (uri.s if uri is not None else None)
            if description:
                annotation["Contents"] = PDFString(description)
            elif getattr(annotation.dict.get("Dest"), "name", None):
                self._local_links.append((annotation, annotation.dict["Dest"].name))
        return annotation
