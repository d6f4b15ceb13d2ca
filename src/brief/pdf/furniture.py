"""The running header and footer of body pages."""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Paragraph

from brief.compose.model import Brief
from brief.layout.catalogue import Messages, is_right_to_left, localised_number
from brief.typeset.fonts import draws
from brief.typeset.linebreaks import break_offsets, grapheme_offsets, needs_dictionary
from brief.typeset.scripts import fallback_markup, needs_shaping, paragraph
from brief.typeset.styles import Styles


class RunningFurniture:
    """Draws the running header and footer of body pages from the layout's style, in the
    brief's words ("Page 2 of 5", "Стр. 2 из 5").

    Both follow the page's own frame, so they turn with a landscape page. In a brief written
    from right to left they are mirrored: the title and the organisation on the right, the
    series and the page number on the left.
    """

    def __init__(self, brief: Brief, styles: Styles, messages: Messages):
        self.brief = brief
        self.styles = styles
        self.messages = messages
        self.spec = styles.style.running
        self.font = styles.font(self.spec.font)
        self.mirrored = is_right_to_left(brief.language)
        self._lines: dict[tuple[str, float, int], Paragraph] = {}
        self._styles: dict[int, ParagraphStyle] = {}

    def header(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        canvas.furnished = doc.pageTemplate.text_area
        with canvas.artifact("header"):
            self._header(canvas)

    def _ends(self, x: float, width: float) -> tuple[tuple[float, int], tuple[float, int]]:
        """Where a line starts and where the other ends: (x, alignment) of each side."""
        start, end = (x, TA_LEFT), (x + width, TA_RIGHT)
        return (end, start) if self.mirrored else (start, end)

    def _header(self, canvas: Canvas) -> None:
        x, y, width, height = canvas.furnished
        spec = self.spec
        baseline = y + height + spec.header_offset
        (start, start_align), (end, end_align) = self._ends(x, width)
        canvas.saveState()
        self._line(canvas, self.brief.short_title, start, baseline, width * 0.62, start_align)
        right = " · ".join(p for p in (self.brief.series, self.brief.number) if p)
        if right:
            self._line(canvas, right, end, baseline, width * 0.36, end_align)
        if spec.rule:
            canvas.setStrokeColor(self.styles.colour(spec.rule))
            canvas.setLineWidth(spec.rule_width)
            canvas.line(x, baseline - 5, x + width, baseline - 5)
        canvas.restoreState()

    def page_label(self, page: int, total: int) -> str:
        native = self.spec.native_digits
        language = self.brief.language
        return self.messages.text(
            "page_of",
            page=localised_number(page, language, native),
            total=localised_number(total, language, native),
        )

    def footer(self, canvas: Canvas, page: int, total: int) -> None:
        x, y, width, _ = canvas.furnished
        spec = self.spec
        baseline = y - spec.footer_offset
        (start, start_align), (end, end_align) = self._ends(x, width)
        label = self.page_label(page, total)
        canvas.saveState()
        if self.brief.organisation:
            self._line(canvas, self.brief.organisation, start, baseline, width * 0.7, start_align)
        if (
            self.mirrored
            or needs_shaping(label, self._style(TA_RIGHT))
            or not draws(self.font, label)
        ):
            self._line(canvas, label, end, baseline, width * 0.28, end_align)
        else:  # as typed, in the running font: most footers
            canvas.setFont(self.font, spec.size)
            canvas.setFillColor(self.styles.colour(spec.color))
            canvas.drawRightString(x + width, baseline, label)
        if spec.rule:
            canvas.setStrokeColor(self.styles.colour(spec.rule))
            canvas.setLineWidth(spec.rule_width)
            canvas.line(x, baseline + spec.size + 4, x + width, baseline + spec.size + 4)
        canvas.restoreState()

    def _line(
        self,
        canvas: Canvas,
        text: str,
        x: float,
        baseline: float,
        width: float,
        align: Any = TA_LEFT,
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
        style = self._style(align)

        def make(candidate: str) -> Paragraph:
            return paragraph(fallback_markup(candidate, self.font, self.styles, {}), style)

        line = make(text)
        line.wrap(width, 10 * self.spec.size)
        if len(line.blPara.lines) <= 1:
            return line
        # the longest prefix that fits with an ellipsis, cut between words ("… Heating",
        # not "… Heating b"), between graphemes only when not even one word fits
        fits = self._longest(text, word_ends(text), width, make)
        if fits is None:
            fits = self._longest(text, grapheme_ends(text), width, make)
        return make(_shortened(text, fits or 0))

    def _longest(self, text: str, cuts: list[int], width: float, make: Any) -> int | None:
        """The largest of *cuts* at which *text* with an ellipsis fits *width*, if any."""
        low, high = -1, len(cuts) - 1
        while low < high:
            middle = (low + high + 1) // 2
            trial = make(_shortened(text, cuts[middle]))
            trial.wrap(width, 10 * self.spec.size)
            if len(trial.blPara.lines) <= 1:
                low = middle
            else:
                high = middle - 1
        return cuts[low] if low >= 0 else None

    def _style(self, align: int) -> ParagraphStyle:
        """The running lines' style for a side, made once (the footer asks on every page)."""
        if align not in self._styles:
            self._styles[align] = self._make_style(align)
        return self._styles[align]

    def _make_style(self, align: int) -> ParagraphStyle:
        return ParagraphStyle(
            f"running-{align}",
            fontName=self.font,
            fontSize=self.spec.size,
            leading=self.spec.size,
            textColor=self.styles.colour(self.spec.color),
            alignment=align,
            mirrored=True,  # the alignment is where the line goes, whatever its direction
        )


# Punctuation a title cut short does not end on before its ellipsis.
_TRAILING = " \t\u00a0:;,.–—-/("


def _shortened(text: str, end: int) -> str:
    return text[:end].rstrip(_TRAILING) + "…"


def word_ends(text: str) -> list[int]:
    """Where *text* may be cut between words: before each space, and in scripts written
    without spaces at ICU's line breaks."""
    ends = [m.start() for m in re.finditer(r"\s+", text.strip())]
    if needs_dictionary(text):
        ends = sorted(set(ends) | set(break_offsets(text)))
    return [end for end in ends if end > 0]


def grapheme_ends(text: str) -> list[int]:
    """Where *text* may be cut inside a word: between its grapheme clusters."""
    return grapheme_offsets(text) or [len(text)]
