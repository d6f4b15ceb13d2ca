"""PDF writing: page templates, running header and footer, outline, metadata, atomic output."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Callable
from contextlib import nullcontext
from functools import partial
from pathlib import Path

import reportlab
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
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
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from brief import __version__
from brief.compose.model import Brief
from brief.core.errors import OutputError
from brief.core.limits import check_deadline, check_pages
from brief.pdf.structure import write_tree
from brief.typeset.keeping import KeepWithNext
from brief.typeset.scripts import fallback_markup, paragraph
from brief.typeset.styles import PAGE_SIZES, Styles
from brief.typeset.tagging import Structure


class _Stamp:
    """A fixed time for the PDF's CreationDate and ModDate (reproducible output)."""

    def __init__(self, when: dt.datetime):
        self.t = when.timestamp()
        self.YMDhms = when.timetuple()[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


class BriefCanvas(Canvas):
    """Holds pages back until the end so the footer can say 'Page N of M'; records the
    structure tree when the PDF is tagged (``structure`` is None when it is not)."""

    def __init__(
        self,
        *args,
        running: RunningFurniture,
        stamp: _Stamp,
        finish: Callable[[BriefCanvas], None],
        tagged: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = stamp
        self._running = running
        self._finish = finish
        self._held_pages: list[dict] = []
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
        self._startPage()
        self.furnished = None
        if self.structure:
            self.structure.page_started(self)

    def save(self) -> None:
        if self.structure:
            self.structure.abandon_page(self)
        total = len(self._held_pages)
        held, self._held_pages = self._held_pages, []
        for index, state in enumerate(held):
            held[index] = None  # a page's drawing commands go once its stream is made
            self.__dict__.update(state)
            if self.furnished:
                with self.artifact("footer"):
                    self._running.footer(self, self._pageNumber, total)
            Canvas.showPage(self)
        for annotation, name in self._local_links:
            label = self.anchor_labels.get(name, name.split(":", 1)[-1])
            annotation["Contents"] = PDFString(label)
        if self.structure:
            write_tree(self.structure, self._doc)
        self._finish(self)
        Canvas.save(self)

    def bookmarkPage(self, key, *args, **kwargs):
        """A destination on the page being drawn. ReportLab names it by the document's page
        counter, which only counts pages added to the document, and this canvas adds them all
        in save(): every destination would name the first page. Pages are added in drawing
        order as Page1, Page2..., the names the structure tree uses too."""
        destination = super().bookmarkPage(key, *args, **kwargs)
        destination.setPage(PDFObjectReference(f"Page{self._pageNumber}"))
        return destination

    def beginText(self, x=0, y=0, direction=None):
        text = super().beginText(x, y, direction)
        inline = self.structure.inline if self.structure else None
        if inline is not None and inline.code is None:  # a paragraph marking its own text
            text._linkRecord = inline.record
            inline.begin(text._code, self._pageNumber)
        return text

    def drawText(self, aTextObject) -> None:
        self._draw_text(aTextObject)
        if self.structure is None or self.structure.inline is None:
            self.run_after_text()  # else when the paragraph marking its own text is done

    def run_after_text(self) -> None:
        """Draw what was left for after the text being set."""
        pending, self.after_text = self.after_text, []
        for draw in pending:
            draw()

    def _draw_text(self, aTextObject) -> None:
        inline = self.structure.inline if self.structure else None
        if inline is None or inline.code is not aTextObject._code:
            return super().drawText(aTextObject)
        self.structure.text_object(self, aTextObject._code)
        super().drawText(aTextObject)
        self.structure.after_text_object(self)

    def artifact(self, kind: str):
        """Draw decoration (a running header or footer) as an artifact of *kind*."""
        return self.structure.artifact(self, kind) if self.structure else nullcontext()

    def _setAnnotations(self, page: PDFPage) -> None:
        """Finish each page dictionary: its key into the structure's parent tree, tab order
        by structure, no empty /Trans, and a content stream without ASCII85 (smaller, and
        no stream that ends in '~>' right before 'endstream')."""
        super()._setAnnotations(page)
        extra = ["Tabs"]
        if self.structure:
            page.StructParents = self._pageNumber - 1
            extra.append("StructParents")
        page.Tabs = PDFName("S") if self.structure else None
        page.__NoDefault__ = [*PDFPage.__NoDefault__, *extra]
        if page.Trans is not None and not page.Trans.dict:
            page.Trans = None
        if page.stream and page.compression:
            contents = PDFStream(content=page.stream, filters=[PDFZCompress])
            contents.__Comment__ = "page stream"
            page.Contents = contents

    def _addAnnotation(self, annotation, name=None, addtopage=1) -> None:
        """Links as plain dictionaries, printable (PDF/A), and tagged as Link elements."""
        if isinstance(annotation, Annotation):
            annotation = annotation.Dict()
        annotation["F"] = 4  # print
        label = self.structure.annotation(annotation, self._pageNumber) if self.structure else None
        if not str(getattr(annotation.dict.get("Contents"), "s", "") or ""):
            target = annotation.dict.get("A")
            uri = target.dict.get("URI") if isinstance(target, PDFDictionary) else None
            description = label or (uri.s if uri is not None else None)
            if description:
                annotation["Contents"] = PDFString(description)
            elif getattr(annotation.dict.get("Dest"), "name", None):
                self._local_links.append((annotation, annotation.dict["Dest"].name))
        super()._addAnnotation(annotation, name, addtopage)


class RunningFurniture:
    """Draws the running header and footer of body pages from the layout's style.

    Both follow the page's own frame, so they turn with a landscape page.
    """

    def __init__(self, brief: Brief, styles: Styles):
        self.brief = brief
        self.styles = styles
        self.spec = styles.style.running
        self.font = styles.font(self.spec.font)
        self._lines: dict[tuple[str, float, int], Paragraph] = {}

    def header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.furnished = doc.pageTemplate.text_area
        with canvas.artifact("header"):
            self._header(canvas)

    def _header(self, canvas: BriefCanvas) -> None:
        x, y, width, height = canvas.furnished
        spec = self.spec
        baseline = y + height + spec.header_offset
        canvas.saveState()
        self._line(canvas, self.brief.short_title, x, baseline, width * 0.62)
        right = " · ".join(p for p in (self.brief.series, self.brief.number) if p)
        if right:
            self._line(canvas, right, x + width, baseline, width * 0.36, TA_RIGHT)
        if spec.rule:
            canvas.setStrokeColor(self.styles.colour(spec.rule))
            canvas.setLineWidth(spec.rule_width)
            canvas.line(x, baseline - 5, x + width, baseline - 5)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, total: int) -> None:
        x, y, width, _ = canvas.furnished
        spec = self.spec
        baseline = y - spec.footer_offset
        canvas.saveState()
        if self.brief.organisation:
            self._line(canvas, self.brief.organisation, x, baseline, width * 0.7)
        canvas.setFont(self.font, spec.size)
        canvas.setFillColor(self.styles.colour(spec.color))
        canvas.drawRightString(x + width, baseline, f"Page {page} of {total}")
        if spec.rule:
            canvas.setStrokeColor(self.styles.colour(spec.rule))
            canvas.setLineWidth(spec.rule_width)
            canvas.line(x, baseline + spec.size + 4, x + width, baseline + spec.size + 4)
        canvas.restoreState()

    def _line(
        self, canvas: Canvas, text: str, x: float, baseline: float, width: float, align=TA_LEFT
    ) -> None:
        """Draw *text* on one line at *baseline*, from *x* (or ending at *x* when right
        aligned), in the running font with fallbacks and right-to-left shaping as in the
        story, shortened with an ellipsis to fit *width*."""
        key = (text, width, align)
        if key not in self._lines:  # the same on every page: set once
            self._lines[key] = self._fitted(text, width, align)
        line = self._lines[key]
        line.wrap(width, 10 * self.spec.size)
        left = x - width if align == TA_RIGHT else x
        line.drawOn(canvas, left, baseline)

    def _fitted(self, text: str, width: float, align: int) -> Paragraph:
        style = ParagraphStyle(
            f"running-{align}",
            fontName=self.font,
            fontSize=self.spec.size,
            leading=self.spec.size,
            textColor=self.styles.colour(self.spec.color),
            alignment=align,
        )

        def make(candidate: str) -> Paragraph:
            return paragraph(fallback_markup(candidate, self.font, self.styles, {}), style)

        line = make(text)
        line.wrap(width, 10 * self.spec.size)
        if len(line.blPara.lines) <= 1:
            return line
        low, high = 0, len(text)  # the longest prefix that fits with an ellipsis
        while low < high:
            middle = (low + high + 1) // 2
            trial = make(text[:middle].rstrip() + "…")
            trial.wrap(width, 10 * self.spec.size)
            if len(trial.blPara.lines) <= 1:
                low = middle
            else:
                high = middle - 1
        return make(text[:low].rstrip() + "…")


class BriefDocument(BaseDocTemplate):
    """Cover and body page templates; headings become bookmarks."""

    def __init__(
        self,
        buffer: io.BytesIO,
        brief: Brief,
        styles: Styles,
        tagged: bool = True,
        pdf_a: bool = False,
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
        furniture = RunningFurniture(brief, styles)
        when = dt.datetime.combine(brief.date, dt.time(), tzinfo=dt.UTC)
        self.brief = brief
        self.tagged = tagged
        self.pdf_a = pdf_a
        self._when = when
        self._canvasmaker = partial(
            BriefCanvas, running=furniture, stamp=_Stamp(when), finish=self._finish, tagged=tagged
        )
        area = (self.leftMargin, self.bottomMargin, self.width, self.height)
        wide_size = landscape(size)
        wide_area = (
            page.margin_left,
            page.margin_bottom,
            wide_size[0] - page.margin_left - page.margin_right,
            wide_size[1] - page.margin_top - page.margin_bottom,
        )
        cover_frames = columns(
            "cover", area, page.cover_columns, page.column_gap, page.cover_header_height
        )
        templates = [
            PageTemplate("cover", cover_frames, onPage=_plain_page, pagesize=size),
            PageTemplate(
                "body",
                columns("body", area, page.columns, page.column_gap),
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

    def _finish(self, canvas: BriefCanvas) -> None:
        """Document-level entries, added when the pages are done: XMP metadata that repeats
        the document information, and for PDF/A the output intent."""
        from brief.pdf.archival import add_metadata, add_output_intent, xmp_packet

        document = canvas._doc
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
        add_metadata(
            document, xmp_packet(entries, self.brief.language, self._when, self.tagged, level)
        )
        if self.pdf_a:
            add_output_intent(document)

    def build(self, flowables: list[Flowable]) -> None:
        for flowable in flowables:  # a flowable moved on in an earlier pass starts afresh
            flowable.__dict__.pop("_postponed", None)
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
        edits = getattr(self, "_multiBuildEdits", None)
        for flowable in group._content[:-1]:
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
            top = drawn + _ABOVE_HEADING if drawn is not None else self.frame._y + flowable.height
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
            else self.frame._y + flowable.height + flowable.getSpaceBefore()
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
    name: str, area: tuple[float, float, float, float], count: int, gap: float, header: float = 0.0
) -> list[Frame]:
    """Frames for *count* columns over *area*, below a full-width header frame if *header*."""
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
            x + index * (column + gap),
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
) -> tuple[bytes, int]:
    """Typeset *story*; returns the PDF's bytes and its page count. The PDF is tagged
    (PDF/UA-1) unless *tagged* is false; with *pdf_a* it is also PDF/A-2, checked as it is
    written (a failure is reported against *source*, the brief's file)."""
    buffer = io.BytesIO()
    document = BriefDocument(buffer, brief, styles, tagged, pdf_a)
    document.render(story)
    data, pages = buffer.getvalue(), document.page
    structure = document.canv.structure
    rewrite = pdf_a or bool(structure and structure.size > COMPACT_ABOVE)
    if rewrite:
        # The written document's objects go before qpdf reads the file (20 MB less at the
        # peak of a 370-page brief); the document sits in reference cycles, so its canvas,
        # which holds them, is emptied rather than left to the garbage collector.
        document.canv.__dict__.clear()
        del document, structure, buffer
    if pdf_a:
        from brief.pdf.archival import finish_pdf_a

        data = finish_pdf_a(data, source)
    elif rewrite:
        from brief.pdf.archival import compact

        data = compact(data)
    return data, pages


# Structure elements above which the file is packed into object streams: a long table makes
# an element per cell, and packing pays for its cost (about 0.1 s) well before this.
COMPACT_ABOVE = 2000


def write_atomically(data: bytes, target: Path) -> None:
    """Write *data* to *target* through a temporary file in the same folder, then rename.

    A failure at any point leaves the previous file at *target* untouched. Temporary files
    carry the writer's process id, so a later run removes those a killed render left behind
    without touching one that a render running at the same time is still writing.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale_temporaries(folder)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name[:64]}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise OutputError.at(folder, f"cannot write to the output folder: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # as any new file: mkstemp made it private
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError.at(target, f"cannot write the PDF: {exc.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


TEMPORARY_SUFFIX = ".brief-tmp"


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # elsewhere: the classic read-and-restore
    os.umask(current)
    return current


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary PDFs whose writing process no longer runs."""
    for leftover in folder.glob(f".*{TEMPORARY_SUFFIX}"):
        parts = leftover.name.split(".")
        pid = int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else None
        if pid is None or _alive(pid):
            continue
        leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _groupable(flowable: Flowable) -> bool:
    """May *flowable* be kept together with the blocks around it? ReportLab's rule, plus
    lists."""
    from reportlab.platypus import ListFlowable
    from reportlab.platypus.doctemplate import _ktAllow

    return isinstance(flowable, ListFlowable) or _ktAllow(flowable)
