"""PDF writing: page templates, running header and footer, outline, metadata, atomic output."""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from functools import partial
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from brief import __version__
from brief.errors import OutputError
from brief.model import Brief
from brief.story import Styles

PAGE_SIZES = {"A4": A4, "Letter": LETTER}


class _Stamp:
    """A fixed time for the PDF's CreationDate and ModDate (reproducible output)."""

    def __init__(self, when: dt.datetime):
        self.t = when.timestamp()
        self.YMDhms = when.timetuple()[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


class BriefCanvas(Canvas):
    """Holds pages back until the end so the footer can say 'Page N of M'."""

    def __init__(self, *args, running: RunningFurniture, stamp: _Stamp, **kwargs):
        super().__init__(*args, **kwargs)
        self._doc._timeStamp = stamp
        self._running = running
        self._held_pages: list[dict] = []
        self.furnished = False  # set by the page template of pages with header and footer

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()
        self.furnished = False

    def save(self) -> None:
        total = len(self._held_pages)
        for state in self._held_pages:
            self.__dict__.update(state)
            if self.furnished:
                self._running.footer(self, self._pageNumber, total)
            Canvas.showPage(self)
        Canvas.save(self)


class RunningFurniture:
    """Draws the running header and footer of body pages from the layout's style."""

    def __init__(self, brief: Brief, styles: Styles, frame: tuple[float, float, float, float]):
        self.brief = brief
        self.styles = styles
        self.spec = styles.style.running
        self.x, self.y, self.width, self.height = frame
        self.font = styles.font(self.spec.font)

    def header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.furnished = True
        spec = self.spec
        top = self.y + self.height
        baseline = top + spec.header_offset
        canvas.saveState()
        canvas.setFont(self.font, spec.size)
        canvas.setFillColor(self.styles.colour(spec.color))
        canvas.drawString(self.x, baseline, self._fit(self.brief.short_title, self.width * 0.62))
        right = " · ".join(p for p in (self.brief.series, self.brief.number) if p)
        if right:
            canvas.drawRightString(
                self.x + self.width, baseline, self._fit(right, self.width * 0.36)
            )
        if spec.rule:
            canvas.setStrokeColor(self.styles.colour(spec.rule))
            canvas.setLineWidth(spec.rule_width)
            canvas.line(self.x, baseline - 5, self.x + self.width, baseline - 5)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, total: int) -> None:
        spec = self.spec
        baseline = self.y - spec.footer_offset
        canvas.saveState()
        canvas.setFont(self.font, spec.size)
        canvas.setFillColor(self.styles.colour(spec.color))
        if self.brief.organisation:
            canvas.drawString(
                self.x, baseline, self._fit(self.brief.organisation, self.width * 0.7)
            )
        canvas.drawRightString(self.x + self.width, baseline, f"Page {page} of {total}")
        if spec.rule:
            canvas.setStrokeColor(self.styles.colour(spec.rule))
            canvas.setLineWidth(spec.rule_width)
            canvas.line(
                self.x, baseline + spec.size + 4, self.x + self.width, baseline + spec.size + 4
            )
        canvas.restoreState()

    def _fit(self, text: str, width: float) -> str:
        """Shorten *text* with an ellipsis so it fits *width*."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if stringWidth(text, self.font, self.spec.size) <= width:
            return text
        while text and stringWidth(text + "…", self.font, self.spec.size) > width:
            text = text[:-1]
        return text.rstrip() + "…"


class BriefDocument(BaseDocTemplate):
    """Cover and body page templates; headings become bookmarks."""

    def __init__(self, buffer: io.BytesIO, brief: Brief, styles: Styles):
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
        )
        frame_box = (self.leftMargin, self.bottomMargin, self.width, self.height)
        furniture = RunningFurniture(brief, styles, frame_box)
        when = dt.datetime.combine(brief.date, dt.time(), tzinfo=dt.UTC)
        self._canvasmaker = partial(BriefCanvas, running=furniture, stamp=_Stamp(when))

        def frame(name: str) -> Frame:
            return Frame(
                *frame_box, id=name, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
            )

        self.addPageTemplates(
            [
                PageTemplate("cover", [frame("cover")], onPage=_plain_page),
                PageTemplate("body", [frame("body")], onPage=furniture.header),
            ]
        )
        self._outline_count = 0
        self._outline_level = -1

    def build(self, flowables: list[Flowable]) -> None:
        super().build(flowables, canvasmaker=self._canvasmaker)

    def afterFlowable(self, flowable: Flowable) -> None:
        outline = getattr(flowable, "_brief_outline", None)
        if outline is None:
            return
        title, level = outline
        level = min(level, self._outline_level + 1)  # outlines cannot skip a level
        self._outline_level = level
        self._outline_count += 1
        key = f"h{self._outline_count}"
        top = self.frame._y + flowable.height + flowable.getSpaceBefore()
        self.canv.bookmarkHorizontalAbsolute(key, top)
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if self._outline_count == 1:
            self.canv.showOutline()


def _plain_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
    canvas.furnished = False


def build_pdf(brief: Brief, styles: Styles, story: list[Flowable]) -> tuple[bytes, int]:
    """Typeset *story*; returns the PDF's bytes and its page count."""
    buffer = io.BytesIO()
    document = BriefDocument(buffer, brief, styles)
    document.build(story)
    return buffer.getvalue(), document.page


def write_atomically(data: bytes, target: Path) -> None:
    """Write *data* to *target* through a temporary file in the same folder, then rename.

    A failure at any point leaves the previous file at *target* untouched.
    """
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError.at(folder, f"cannot write to the output folder: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError.at(target, f"cannot write the PDF: {exc.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
