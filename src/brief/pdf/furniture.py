"""The running header and footer of body pages."""

from __future__ import annotations

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Paragraph

from brief.compose.model import Brief
from brief.typeset.scripts import fallback_markup, paragraph
from brief.typeset.styles import Styles


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

    def _header(self, canvas: Canvas) -> None:
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
