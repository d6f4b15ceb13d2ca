"""Every use of ReportLab's private API, in one place.

ReportLab has no public hook for some of what a tagged, reproducible PDF needs: the page's
operator list (to open and close marked content around text), the text object's link
record, the document's time stamp, the fragments a paragraph breaks into words. Each use is
a small function or name here with a comment saying what it relies on; the rest of brief
calls these and never touches a private name. ``tests/test_reportlab_internals.py`` checks
that every attribute listed in :data:`RELIED_ON` still exists, so an upgrade of ReportLab
fails there, in one clear place, and not somewhere in the middle of a render.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from fnmatch import fnmatch
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import ttfonts
from reportlab.pdfbase.pdfdoc import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import ListFlowable, Paragraph
from reportlab.platypus.doctemplate import _ktAllow
from reportlab.platypus.flowables import LIIndenter
from reportlab.platypus.paragraph import (
    _FK_BREAK,
    _getFragWords,
    _handleBulletWidth,
    _HSFrag,
    _hy_letters_pat,
    _hy_pfx_pat,
    _hy_sfx_pat,
    _hy_shy_letters_pat,
    _hy_shy_pat,
    _processed_frags,
    _SHYWord,
    _SplitFragH,
    _SplitWord,
    _SplitWordEnd,
    _SplitWordH,
    _SplitWordHY,
)
from reportlab.platypus.paragraph import split as _split_words
from reportlab.platypus.paragraph import strip as _strip_spaces

# -- paragraphs ----------------------------------------------------------------------------
# A paragraph's fragments become words in paragraph.py; brief splits and shapes those words.

#: The first part of a word broken at a hyphen (what ReportLab's hyphenation makes).
HyphenatedWordPart = _SplitWordHY
#: The first part of a word broken at the author's own hyphen (no hyphen added).
ExplicitHyphenHead = _SplitWordH
#: The rest of a word broken at a line end.
WordTail = _SplitWordEnd
#: A word that carries its own hyphenation points (soft hyphens).
SoftHyphenatedWord = _HSFrag
#: A word followed by a space (``_HSFrag``, "a frag that's followed by a space"); a word of
#: another class is joined to the next without one when both end on one line.
WordBeforeSpace = _HSFrag
#: Whether a fragment list has already been turned into words.
are_words: Callable[[list[Any]], bool] = _processed_frags
#: A paragraph's fragments as words: ``fragment_words(frags, max_width)``.
fragment_words: Callable[..., list[Any]] = _getFragWords
#: ReportLab's own split of a one-style paragraph's text into words (keeping no-break spaces).
split_words: Callable[[str], list[str]] = _split_words
strip_spaces: Callable[[str], str] = _strip_spaces
#: Narrows a list of line widths for a bullet wider than the indent: ``(bullet, style, widths)``.
narrow_for_bullet: Callable[[Any, Any, list[Any]], None] = _handleBulletWidth
#: The fragment kind of a ``<br/>``.
LINE_BREAK_KIND: int = _FK_BREAK
#: Words ReportLab treats on its own: soft-hyphenated, or parts it must keep where they are.
SPECIAL_WORDS: tuple[type, ...] = (_SHYWord, _SplitFragH, _SplitWord)
#: Where ReportLab's hyphenation looks: leading and trailing punctuation it keeps off the
#: word, the letters it will hyphenate, and the characters that are hyphens already.
HYPHEN_PREFIX, HYPHEN_SUFFIX = _hy_pfx_pat, _hy_sfx_pat
HYPHEN_LETTERS, HYPHEN_OR_LETTERS, HYPHENS = _hy_letters_pat, _hy_shy_letters_pat, _hy_shy_pat
#: Whether a flowable may join a group kept together (ReportLab's own rule).
may_keep_together: Callable[[Any], bool] = _ktAllow


# -- the canvas ----------------------------------------------------------------------------


def page_operators(canvas: Canvas) -> list[str]:
    """The current page's content-stream operators, as a list brief may append to: marked
    content (BDC ... EMC) goes around what is drawn. ReportLab keeps them in ``_code``."""
    return canvas._code


def text_operators(text_object: Any) -> list[str]:
    """The operators of a text object being built (``PDFTextObject._code``)."""
    return text_object._code


def record_links(text_object: Any, record: Callable[..., None]) -> None:
    """Have the paragraph report each link it draws to *record*: ReportLab's paragraph reads
    the text object's ``_linkRecord`` and calls it with each link's rectangle."""
    text_object._linkRecord = record


def text_cursor(canvas: Canvas) -> tuple[float, float]:
    """Where the paragraph being set has got to (``Canvas._curr_tx_info``, which ReportLab
    keeps while a table of contents entry's callback runs)."""
    info = canvas._curr_tx_info
    return info["cur_x"], info["cur_y"]


def page_size(canvas: Canvas) -> tuple[float, float]:
    """The size of the page being drawn (``Canvas._pagesize``; there is no getter)."""
    return canvas._pagesize


def pdf_document(canvas: Canvas) -> Any:
    """The canvas's PDF document (``Canvas._doc``), where objects are added."""
    return canvas._doc


def start_next_page(canvas: Canvas) -> None:
    """Begin a new page's drawing state without writing the page (``Canvas._startPage``):
    pages are held back until the total is known."""
    canvas._startPage()


class FixedTimeStamp(TimeStamp):
    """A fixed creation time for reproducible output (the brief's date, not the clock)."""

    def __init__(self, when: dt.datetime):
        super().__init__(invariant=1)
        self.t = when.timestamp()
        self.lt = when.timetuple()
        self.YMDhms = self.lt[:6]
        self.dhh = self.dmm = 0
        self.tzname = "UTC"


def stamp_document(canvas: Canvas, when: dt.datetime) -> None:
    """Date the canvas's document *when* (``PDFDocument._timeStamp``, read for the
    CreationDate and ModDate)."""
    canvas._doc._timeStamp = FixedTimeStamp(when)


class RiseSafeText(PDFTextObject):
    """A text object whose baseline shift works on a run's first glyph, and that draws the
    text of a synthesised bold face filled and stroked.

    ReportLab's ``setRise`` looks at the last operator of the run being formatted, and a run
    of shaped text that starts with a raised mark (an Arabic tanwin over its alef,
    "أيضاً.") has none yet: IndexError, a crash in every layout; and when it replaces a rise
    it has just set, it does not record the new one (see :meth:`setRise`). A font with an
    ``emboldening`` (a fraction of the size) is drawn in text rendering mode 2 with a stroke
    that wide, in the colour of the fill; the canvas's line width and stroke colour
    (``Canvas._lineWidth``, ``_strokeColorObj``, which it emits only when they change) are put
    back after the run."""

    _code: list[str]  # ReportLab's: the operators of the text being built
    _rise: float
    _y: float

    def _formatText(self, text: Any) -> Any:
        operators = super()._formatText(text)
        weight = getattr(ttfonts.pdfmetrics.getFont(self._fontname), "emboldening", 0)
        if not weight:
            return operators
        canvas = self._canvas
        fill = getattr(self, "_fillColorObj", None) or canvas._fillColorObj
        return " ".join(
            (
                f"2 Tr {fp_str(weight * self._fontsize)} w {_stroke_operator(fill)}",
                operators,
                f"0 Tr {fp_str(canvas._lineWidth)} w {_stroke_operator(canvas._strokeColorObj)}",
            )
        )

    def setRise(self, rise: Any) -> None:
        # ReportLab's own, when it replaces a rise just set ("r0 Ts r1 Ts" made "r1 Ts"),
        # forgets to record the new one: the run's end then does not set the baseline back,
        # and the text after a Khmer subscript, whose clusters change the rise glyph after
        # glyph, is drawn below the line
        code = f"{fp_str(rise)} Ts"
        if self._code and self._code[-1].endswith(" Ts"):
            self._y += self._rise
            self._code[-1] = code
        else:
            self._code.append(code)
        self._rise = rise
        self._y -= rise


def _stroke_operator(colour: Any) -> str:
    """The operator that makes *colour* (a ReportLab colour or a tuple) the stroke colour."""
    if hasattr(colour, "cyan"):
        d = colour.density
        return (
            f"{fp_str(d * colour.cyan, d * colour.magenta, d * colour.yellow, d * colour.black)} K"
        )
    if hasattr(colour, "red"):
        return f"{fp_str(colour.red, colour.green, colour.blue)} RG"
    values = tuple(colour or (0, 0, 0))
    return f"{fp_str(*values)} {'K' if len(values) == 4 else 'RG'}"


class HookedCanvas(Canvas):
    """A canvas with public hooks where ReportLab has only private methods: each page
    dictionary once ReportLab has filled it, and each annotation as it is added; and text
    objects that survive a raised first glyph (:class:`RiseSafeText`)."""

    def beginText(self, x: Any = 0, y: Any = 0, direction: Any = None) -> Any:
        return RiseSafeText(self, x, y, direction=direction)

    def _setAnnotations(self, page: Any) -> None:  # called as each page is finished
        super()._setAnnotations(page)
        self.page_finished(page)

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        super()._addAnnotation(self.annotation_added(annotation), name, addtopage)

    def page_finished(self, page: Any) -> None:
        """The page dictionary *page* is complete; adjust its entries here."""

    def annotation_added(self, annotation: Any) -> Any:
        """Return the annotation to add in place of *annotation*."""
        return annotation


# -- PDF objects ---------------------------------------------------------------------------


def written_keys(pdf_object: Any, extra: list[str]) -> None:
    """ReportLab writes a dictionary's defaults and ``__NoDefault__`` keys: *extra* too."""
    written = pdf_object.__NoDefault__
    pdf_object.__NoDefault__ = [*written, *(key for key in extra if key not in written)]


def comment(pdf_object: Any, text: str) -> None:
    """The comment ReportLab writes before the object (``__Comment__``)."""
    pdf_object.__Comment__ = text


# -- page layout ---------------------------------------------------------------------------


def forget_postponed(flowable: Any) -> None:
    """Let a flowable moved on in an earlier build pass start afresh: ReportLab marks it
    ``_postponed`` and refuses to move it twice."""
    flowable.__dict__.pop("_postponed", None)


def build_edits(document: Any) -> Callable[[tuple[Any, ...]], None] | None:
    """The recorder of changes to undo before the next pass of a multi-pass build
    (``BaseDocTemplate._multiBuildEdits``), or None in a single pass."""
    return getattr(document, "_multiBuildEdits", None)


def kept_flowables(group: Any) -> list[Any]:
    """The flowables of a KeepTogether group (``_content``)."""
    return group._content


def frame_cursor(frame: Any) -> float:
    """How far down the frame has been filled: the y of its next flowable's top
    (``Frame._y``)."""
    return frame._y


def frame_is_at_top(flowable: Any) -> bool:
    """Whether the frame a flowable is being split in is still empty (``_frame._atTop``)."""
    frame = getattr(flowable, "_frame", None)
    return bool(getattr(frame, "_atTop", False))


def set_contents_table(contents: Any, table: Any) -> None:
    """Give a TableOfContents the table it draws and splits (``_table``): brief builds it
    itself, with its own paragraphs, in place of ReportLab's wrap."""
    contents._table = table


def contents_notice(contents: Any) -> str:
    """The notification kind a TableOfContents listens for (``_notifyKind``)."""
    return contents._notifyKind


class PiecedList(ListFlowable):
    """A list whose blocks (ReportLab's LIIndenters) brief may replace: ``pieces`` gets what
    ``ListFlowable._getContent`` makes."""

    def _getContent(self) -> Any:
        return self.pieces(super()._getContent())

    def pieces(self, pieces: list[Any]) -> list[Any]:
        return pieces


class TaggedIndenter(LIIndenter):
    """A list block that keeps its ``_tags`` when it splits: an LIIndenter copies to its
    parts only the attributes named in ``_IndenterAttrs``."""

    _IndenterAttrs = (*LIIndenter._IndenterAttrs, "_tags")


def indenter_parts(piece: LIIndenter) -> tuple[Any, Any, float, float]:
    """A list block's bullet (None after the first block), content and indents."""
    return piece._bullet, piece._flowable, piece._leftIndent, piece._rightIndent


# -- fonts ---------------------------------------------------------------------------------


def start_truetype_font(font: ttfonts.TTFont, name: str, face: Any) -> None:
    """What ``TTFont.__init__`` does, with a *face* that reads its file when first used:
    ``__init__`` reads it at once, and a layout registers faces it may never use. The test
    checks that this sets the attributes ``TTFont.__init__`` sets, no more and no fewer."""
    font.fontName = name
    font.face = face
    font.encoding = ttfonts.TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in ttfonts.unShapedFontGlob)


def glyph_advance(face: ttfonts.TTFontFace, gid: int) -> float:
    """Glyph *gid*'s advance in the font program, in thousandths of the size: the width a
    PDF must give it (PDF/A checks that the two agree). ReportLab keeps the font's horizontal
    metrics as ``hmetrics`` and scales them with ``_pdfScale``."""
    metrics = face.hmetrics
    advance = metrics[gid][0] if gid < len(metrics) else metrics[-1][0]
    return face._pdfScale(advance)


def face_state(face: ttfonts.TTFontFace) -> dict[Any, Any]:
    """A parsed face's state, to keep in brief's cache: all but ``_pdfScale`` (a lambda)."""
    return {k: v for k, v in face.__dict__.items() if k != "_pdfScale"}


def face_from_state(state: dict[Any, Any]) -> ttfonts.TTFontFace:
    """The face :func:`face_state` kept, with ``_pdfScale`` made again as ReportLab makes it
    (font units to thousandths of the size)."""
    face = ttfonts.TTFontFace.__new__(ttfonts.TTFontFace)
    face.__dict__.update(state)
    per_unit = 1000 / face.unitsPerEm
    face._pdfScale = (lambda x: x) if face.unitsPerEm == 1000 else (lambda x: x * per_unit)
    return face


# What the functions above rely on, for tests/test_reportlab_internals.py: (where, name).
# "where" names a ReportLab class (its instances are made in the test) or module.
class ParsedParagraph(Paragraph):
    """ReportLab's Paragraph with a step after it parses its markup into fragments:
    :meth:`parsed` may rewrite them (ReportLab's ``_setup`` does the parsing; it has no
    public hook)."""

    frags: list[Any]

    def _setup(self, text: Any, style: Any, bulletText: Any, frags: Any, cleaner: Any) -> None:
        parsed = frags is None
        super()._setup(text, style, bulletText, frags, cleaner)
        if parsed:
            self.frags = self.parsed(self.frags)

    def parsed(self, frags: list[Any]) -> list[Any]:
        return frags


#: what ReportLab's Paragraph.wrap leaves on the paragraph: its lines and their measures (a
#: paragraph placed again with these is not broken again)
PARAGRAPH_LAYOUT = ("width", "_wrapWidths", "blPara", "height", "_width_max")


def paragraph_layout(paragraph: Any, width: float) -> dict[str, Any]:
    """The layout *paragraph*'s last wrap at *width* left, as :data:`PARAGRAPH_LAYOUT`."""
    return {
        "width": width,
        "_wrapWidths": paragraph._wrapWidths,
        "blPara": paragraph.__dict__.get("blPara"),
        "_width_max": paragraph.__dict__.get("_width_max", width),
    }


def set_widest_line(paragraph: Any, width: float) -> None:
    """The natural width of *paragraph*'s widest line, as ReportLab's wrap records it
    (``minWidth`` and shrinking read it)."""
    paragraph._width_max = width


def font_being_read(error: BaseException) -> str | None:
    """The font file ReportLab's TrueType code was reading when *error* arose in it, if so:
    a file that parses but breaks while subsetting is the layout's problem, not a bug.
    Relies on the frames of ``reportlab/pdfbase/ttfonts.py`` holding the font as ``self``
    (a ``TTFontFile`` with ``filename``, or a font with ``face.filename``)."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        frame = trace.tb_frame
        if frame.f_code.co_filename.endswith("ttfonts.py"):
            owner = frame.f_locals.get("self")
            name = getattr(owner, "filename", None) or getattr(
                getattr(owner, "face", None), "filename", None
            )
            if isinstance(name, str) and name:
                found = name
        trace = trace.tb_next
    return found


def drawing_svg(drawing: Any) -> str:
    """*drawing* as SVG, each text anchored by the browser where ReportLab anchored it (at
    its end, its middle): renderSVG moves an end-anchored text left by the width ReportLab
    measures, which is not the width a browser sets (another face of a fallback stack, or
    shaped Arabic). Relies on ``SVGCanvas.drawString``'s ``text_anchor`` and its passing of
    further keywords to the element as attributes."""
    import io

    from reportlab.graphics import renderSVG

    class Canvas(renderSVG.SVGCanvas):
        def drawString(self, s: str, x: float, y: float, angle: float = 0, link_info: Any = None,
                       text_anchor: str = "left", textRenderMode: int = 0, **attributes: Any,
                       ) -> Any:  # fmt: skip
            if text_anchor in ("end", "middle"):
                attributes["text-anchor"] = text_anchor
                text_anchor = "start"
            return super().drawString(s, x, y, angle, link_info, text_anchor, textRenderMode,
                                      **attributes)  # fmt: skip

    canvas = Canvas((drawing.width, drawing.height))
    renderSVG.draw(drawing, canvas, 0, 0)
    out = io.StringIO()
    canvas.save(out)
    return out.getvalue()


RELIED_ON: tuple[tuple[str, str], ...] = (
    ("reportlab.pdfbase.ttfonts", "TTFontFile"),  # its frames hold the font (font_being_read)
    ("Paragraph", "_setup"),  # overridden by brief.typeset.paragraph.Paragraph
    ("Paragraph", "_wrapWidths"),
    ("Paragraph", "_width_max"),
    ("reportlab.graphics.renderSVG", "SVGCanvas"),
    ("reportlab.graphics.renderSVG", "draw"),
    ("reportlab.platypus.paragraph", "_getFragWords"),
    ("reportlab.platypus.paragraph", "_HSFrag"),
    ("reportlab.platypus.paragraph", "_processed_frags"),
    ("reportlab.platypus.paragraph", "_SplitWordHY"),
    ("reportlab.platypus.paragraph", "_SplitWordH"),
    ("reportlab.platypus.paragraph", "_SplitWordEnd"),
    ("reportlab.platypus.paragraph", "_FK_BREAK"),
    ("reportlab.platypus.paragraph", "_handleBulletWidth"),
    ("reportlab.platypus.paragraph", "_hy_letters_pat"),
    ("reportlab.platypus.paragraph", "_hy_pfx_pat"),
    ("reportlab.platypus.paragraph", "_hy_sfx_pat"),
    ("reportlab.platypus.paragraph", "_hy_shy_letters_pat"),
    ("reportlab.platypus.paragraph", "_hy_shy_pat"),
    ("reportlab.platypus.paragraph", "_SHYWord"),
    ("reportlab.platypus.paragraph", "_SplitFragH"),
    ("reportlab.platypus.paragraph", "_SplitWord"),
    ("reportlab.platypus.paragraph", "split"),
    ("reportlab.platypus.paragraph", "strip"),
    ("reportlab.platypus.doctemplate", "_ktAllow"),
    ("reportlab.pdfbase.ttfonts", "unShapedFontGlob"),
    ("Canvas", "_code"),
    ("Canvas", "_pagesize"),
    ("Canvas", "_doc"),
    ("Canvas", "_startPage"),
    ("Canvas", "_setAnnotations"),
    ("Canvas", "_addAnnotation"),
    ("Canvas", "_fillColorObj"),
    ("Canvas", "_strokeColorObj"),
    ("Canvas", "_lineWidth"),
    ("PDFTextObject", "_code"),
    ("PDFTextObject", "_formatText"),
    ("PDFTextObject", "_fontname"),
    ("PDFTextObject", "_fontsize"),
    ("PDFTextObject", "_rise"),
    ("PDFTextObject", "_y"),
    ("PDFDocument", "_timeStamp"),
    ("PDFPage", "__NoDefault__"),
    ("PDFCatalog", "__NoDefault__"),
    ("Frame", "_y"),
    ("Frame", "_atTop"),
    ("KeepTogether", "_content"),
    ("ListFlowable", "_getContent"),
    ("LIIndenter", "_IndenterAttrs"),
    ("LIIndenter", "_bullet"),
    ("LIIndenter", "_flowable"),
    ("LIIndenter", "_leftIndent"),
    ("LIIndenter", "_rightIndent"),
    ("TableOfContents", "_table"),
    ("TableOfContents", "_notifyKind"),
    ("TTFont", "_asciiReadable"),
    ("TTFontFace", "_pdfScale"),
    ("TTFontFace", "hmetrics"),
    # Read by ReportLab from objects brief makes (checked in ReportLab's source):
    ("reportlab.platypus.paragraph", "_linkRecord"),
    ("reportlab.platypus.paragraph", "_curr_tx_info"),
    ("reportlab.platypus.doctemplate", "_postponed"),
    ("reportlab.platypus.doctemplate", "_multiBuildEdits"),
    ("reportlab.pdfbase.pdfdoc", "__Comment__"),
)
