"""The document: cover, body and landscape page templates, headings as bookmarks, the build
in one or several passes, and the finished PDF's bytes."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, ListFlowable, PageTemplate

from brief import __version__
from brief.compose.model import Brief
from brief.core.limits import check_deadline, check_pages
from brief.core.provenance import Inputs
from brief.export.tabledata import DataFile
from brief.layout.catalogue import Messages
from brief.pdf.canvas import BriefCanvas
from brief.pdf.furniture import RunningFurniture
from brief.typeset.keeping import KeepWithNext
from brief.typeset.reportlab_internals import (
    build_edits,
    forget_postponed,
    frame_cursor,
    kept_flowables,
    may_keep_together,
    pdf_document,
)
from brief.typeset.styles import PAGE_SIZES, Styles


class BriefDocument(BaseDocTemplate):
    """Cover and body page templates; headings become bookmarks."""

    def __init__(
        self,
        buffer: io.BytesIO,
        brief: Brief,
        styles: Styles,
        messages: Messages,
        tagged: bool = True,
        pdf_a: bool = False,
        files: Sequence[DataFile] = (),
        inputs: Inputs | None = None,
    ):
        page = styles.style.page
        size = PAGE_SIZES[page.size]
        super().__init__(
            buffer,
            pagesize=size,
            leftMargin=page.margin_left,
            rightMargin=page.margin_right,
            topMargin=page.margin_top,
            bottomMargin=page.margin_bottom,
            title=brief.title,
            author=", ".join(brief.authors) or (brief.organisation or ""),
            subject=brief.subtitle or brief.title,
            keywords=brief.keywords,
            creator=f"brief {__version__}",
            producer=f"brief {__version__} (ReportLab {reportlab.Version})",
            lang=brief.language,
            invariant=1,
            initialFontName=styles.font(next(iter(styles.families))),
            displayDocTitle=1,
            keepTogetherClass=KeepWithNext,
        )
        furniture = RunningFurniture(brief, styles, messages)
        when = dt.datetime.combine(brief.date, dt.time(), tzinfo=dt.UTC)
        self.brief = brief
        self.tagged = tagged
        self.pdf_a = pdf_a
        self.files = files
        self.inputs = inputs
        self._when = when
        self._canvasmaker = partial(
            BriefCanvas,
            running=furniture,
            when=when,
            finish=self._finish,
            tagged=tagged,
            right_to_left=styles.mirrored,
        )
        area = (self.leftMargin, self.bottomMargin, self.width, self.height)
        wide_size = landscape(size)
        wide_area = (
            page.margin_left,
            page.margin_bottom,
            wide_size[0] - page.margin_left - page.margin_right,
            wide_size[1] - page.margin_top - page.margin_bottom,
        )
        mirrored = styles.mirrored
        cover_frames = columns(
            "cover",
            area,
            page.cover_columns,
            page.column_gap,
            page.cover_header_height,
            mirrored,
        )
        templates = [
            PageTemplate("cover", cover_frames, onPage=_plain_page, pagesize=size),
            PageTemplate(
                "body",
                columns("body", area, page.columns, page.column_gap, mirrored=mirrored),
                onPage=furniture.header,
                pagesize=size,
            ),
            PageTemplate(
                "landscape",
                columns("landscape", wide_area, 1, 0),
                onPage=furniture.header,
                pagesize=wide_size,
            ),
        ]
        for template, box in zip(templates, (area, area, wide_area), strict=True):
            template.text_area = box  # what the running header and footer span
        self.addPageTemplates(templates)
        self._outline_count = 0
        self._outline_level = -1

    def _finish(self, canvas: BriefCanvas) -> dict[str, list[str]]:
        """Document-level entries, added when the pages are done: XMP metadata that repeats
        the document information, the data files, and for PDF/A the output intent. Returns
        the data files' objects by the ID of the table each belongs to."""
        from brief.pdf.archival import add_metadata, add_output_intent, pdf_a_part, xmp_packet
        from brief.pdf.attachments import attach_files

        document = pdf_document(canvas)
        info = document.info
        keywords = info.keywords
        entries = {
            "Title": info.title,
            "Author": info.author,
            "Subject": info.subject,
            "Keywords": ", ".join(keywords) if isinstance(keywords, list | tuple) else keywords,
            "Creator": info.creator,
            "Producer": info.producer,
        }
        level = ("A" if self.tagged else "B") if self.pdf_a else None
        if self.inputs is not None:  # the fonts are known now that every page is drawn
            for name in document.fontMapping:
                source = getattr(pdfmetrics.getFont(name), "source_file", None)
                if source:
                    self.inputs.add(Path(source))
        packet = xmp_packet(
            entries,
            self.brief.language,
            self._when,
            self.tagged,
            level,
            part=pdf_a_part(bool(self.files)),
            inputs=self.inputs.entries() if self.inputs is not None else None,
            version=__version__,
        )
        add_metadata(document, packet)
        if self.pdf_a:
            add_output_intent(document)
        return attach_files(document, self.files, self._when)

    def build(self, flowables: list[Flowable]) -> None:
        for flowable in flowables:  # a flowable moved on in an earlier pass starts afresh
            forget_postponed(flowable)
        super().build(flowables, canvasmaker=self._canvasmaker)

    def handle_keepWithNext(self, flowables: list[Flowable]) -> None:
        """ReportLab's grouping of blocks kept with the next one, except that a list may
        join the group: ReportLab leaves lists out, so a heading followed by a sentence that
        introduces a list ("...as follows:") was grouped with nothing and could end a page."""
        count = 0
        while (
            count < len(flowables)
            and flowables[count].getKeepWithNext()
            and _groupable(flowables[count])
        ):
            count += 1
        if not count:
            return
        if count < len(flowables) and _groupable(flowables[count]):
            count += 1
        group = self.keepTogetherClass(flowables[:count])
        edits = build_edits(self)
        for flowable in kept_flowables(group)[:-1]:
            if edits:  # restored before the next pass, as ReportLab does
                if "keepWithNext" in flowable.__dict__:
                    edits((setattr, flowable, "keepWithNext", flowable.keepWithNext))
                else:
                    edits((delattr, flowable, "keepWithNext"))
            flowable.__dict__["keepWithNext"] = 0
        flowables[:count] = [group]

    def render(self, story: list[Flowable]) -> None:
        """Build once, or in several passes when the story lists page numbers (contents)."""
        if any(f.isIndexing() for f in story):
            self.multiBuild(story)
        else:
            self.build(story)

    def beforeDocument(self) -> None:
        self._outline_count = 0
        self._outline_level = -1

    def afterFlowable(self, flowable: Flowable) -> None:
        check_deadline("typesetting")
        check_pages(self.page)
        caption = getattr(flowable, "list_entry", None)
        if caption:
            self._outline_count += 1
            key = f"t{self._outline_count}"
            drawn = getattr(flowable, "_brief_drawn_top", None)
            top = (
                drawn + _ABOVE_HEADING
                if drawn is not None
                else frame_cursor(self.frame) + flowable.height
            )
            self.canv.bookmarkHorizontalAbsolute(key, top)
            self.notify("TableEntry", (0, caption, self.page, key))
        outline = getattr(flowable, "_brief_outline", None)
        if outline is None:
            return
        title, level, in_contents = outline
        level = min(level, self._outline_level + 1)  # outlines cannot skip a level
        self._outline_level = level
        self._outline_count += 1
        key = f"h{self._outline_count}"
        drawn = getattr(flowable, "_brief_drawn_top", None)  # inside a group kept together,
        # the frame's position is the group's, not the heading's
        top = (
            drawn + _ABOVE_HEADING
            if drawn is not None
            else frame_cursor(self.frame) + flowable.height + flowable.getSpaceBefore()
        )
        self.canv.bookmarkHorizontalAbsolute(key, top)
        for name in getattr(flowable, "_brief_anchors", ()):  # where "#name" links lead
            self.canv.bookmarkHorizontalAbsolute(name, top)
            self.canv.anchor_labels[name] = title
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if in_contents:
            self.notify("TOCEntry", (level, title, self.page, key))
        if self._outline_count == 1:
            self.canv.showOutline()


_ABOVE_HEADING = 6.0  # points shown above a heading a bookmark or link leads to


def columns(
    name: str,
    area: tuple[float, float, float, float],
    count: int,
    gap: float,
    header: float = 0.0,
    mirrored: bool = False,
) -> list[Frame]:
    """Frames for *count* columns over *area*, below a full-width header frame if *header*;
    text flows from the right-hand column first when *mirrored* (right to left)."""
    x, y, width, height = area
    frames = []
    if header and count > 1:
        header = min(header, height * 0.8)
        frames.append(
            Frame(
                x,
                y + height - header,
                width,
                header,
                id=f"{name}-header",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
        )
        height -= header
    column = (width - gap * (count - 1)) / count
    frames.extend(
        Frame(
            x + (count - 1 - index if mirrored else index) * (column + gap),
            y,
            column,
            height,
            id=f"{name}-{index}",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        for index in range(count)
    )
    return frames


def _plain_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.furnished = None


def build_pdf(
    brief: Brief,
    styles: Styles,
    story: list[Flowable],
    tagged: bool = True,
    pdf_a: bool = False,
    source: Path | None = None,
    messages: Messages | None = None,
    files: Sequence[DataFile] = (),
    inputs: Inputs | None = None,
    linearize: bool | None = None,
) -> tuple[bytes, int]:
    """Typeset *story*; returns the PDF's bytes and its page count. The PDF is tagged
    (PDF/UA-1) unless *tagged* is false; *files* (the tables' data) are attached; *inputs*
    records the files it is made from, fonts included, and goes into its XMP. With *pdf_a*
    it is also PDF/A (3 with attachments, else 2), checked as it is written (a failure is
    reported against *source*, the brief's file). It is linearised for the web when
    *linearize*, or by default when it is larger than :data:`LINEARIZE_ABOVE`."""
    buffer = io.BytesIO()
    words = messages or Messages(brief.language, styles.style.texts, brief.texts)
    document = BriefDocument(buffer, brief, styles, words, tagged, pdf_a, files, inputs)
    document.render(story)
    data, pages = buffer.getvalue(), document.page
    structure = document.canv.structure
    pack = bool(structure and structure.size > COMPACT_ABOVE)
    # The written document's objects go before qpdf reads the file (20 MB less at the peak
    # of a 370-page brief); the document sits in reference cycles, so its canvas, which
    # holds them, is emptied rather than left to the garbage collector.
    document.canv.__dict__.clear()
    del document, structure, buffer
    if linearize is None:
        linearize = len(data) > LINEARIZE_ABOVE
    if pdf_a or pack or linearize:
        from brief.pdf.finishing import finish

        data = finish(data, pdf_a, pack, linearize, source)
    return data, pages


# Structure elements above which the file is packed into object streams: a long table makes
# an element per cell, and packing pays for its cost (about 0.1 s) well before this.
COMPACT_ABOVE = 2000

# Bytes above which a PDF is linearised ("fast web view") unless told otherwise, as ReportLab
# writes it (packing into object streams, in the same pass, may leave it smaller). A reader
# gains from it only when it fetches the file in parts: pdf.js takes a file of up to twice
# its 64 KiB range chunk in one request, and Chrome's viewer asks for 64 KiB at a time.
# Below a quarter of a megabyte the first page needs most of the file anyway (the fonts'
# subsets, shared by every page, are 60 to 100 KB of a brief), so linearising gains the
# reader nothing and cost every render a rewrite of the whole file by qpdf (20 ms, and
# 16 ms more to import pikepdf, on the bundled brief of 121 KB).
LINEARIZE_ABOVE = 256 * 1024


def _groupable(flowable: Flowable) -> bool:
    """May *flowable* be kept together with the blocks around it? ReportLab's rule, plus
    lists."""
    return isinstance(flowable, ListFlowable) or may_keep_together(flowable)


def typeset_pdf(
    brief: Brief,
    layout_name: str,
    styles: Styles,
    story: list[Flowable],
    source: Path,
    messages: Messages | None = None,
    tagged: bool = True,
    pdf_a: bool = False,
    files: Sequence[DataFile] = (),
    inputs: Inputs | None = None,
    linearize: bool | None = None,
) -> tuple[bytes, int]:
    """:func:`build_pdf`, with ReportLab's failures that are the layout's (a block no page
    holds, a font file that breaks when it is subset) as the layout's errors."""
    import struct

    from reportlab.platypus.doctemplate import LayoutError as PlacementError

    from brief.core.errors import LayoutError, first_line
    from brief.typeset.reportlab_internals import font_being_read

    try:
        return build_pdf(
            brief, styles, story, tagged, pdf_a, source, messages, files, inputs, linearize
        )
    except PlacementError as error:
        first = first_line(error, "a block")
        raise LayoutError.at(
            source,
            f"a block does not fit on any page of the layout '{layout_name}' "
            f"({first[:120]}): a very long title, cell or table row is the usual cause",
        ) from None
    except (IndexError, KeyError, ValueError, TypeError, struct.error, OverflowError) as error:
        damaged = font_being_read(error)
        if damaged is None:
            raise
        raise LayoutError.at(
            Path(damaged),
            f"cannot embed this font: the file is damaged ({type(error).__name__}: {error})",
        ) from None
