"""The story's ``<chart>``: a chart drawn from a table's numbers, tagged as a Figure whose
alternative text the template gives (written from the data), with its caption and note."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether

from brief.layout.palette import chart_palette
from brief.typeset.flowables import Figure
from brief.typeset.fonts import draws
from brief.typeset.scripts import escape, fallback_markup, needs_shaping, paragraph
from brief.typeset.story.builder import StoryBuilder
from brief.typeset.tagging import Tag, tagged

if TYPE_CHECKING:
    from brief.typeset.charts import ChartData, ChartLook
    from brief.typeset.styles import Styles


def chart_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    # ReportLab's chart classes take 25 ms to import: only a brief with a chart pays for them.
    from brief.typeset.charts import KINDS, ChartData

    kind = el.get("kind", "bar")
    if kind not in KINDS:
        raise builder.fail(f"<chart kind> '{kind}' is not one of: {', '.join(KINDS)}")
    alt = " ".join((el.get("alt") or "").split())
    if not alt:
        raise builder.fail("<chart> needs alt text (its 'alt' attribute): what the chart shows")
    categories = [" ".join("".join(c.itertext()).split()) for c in el.findall("category")]
    series = []
    for part in el.findall("series"):
        values = []
        for value in part.findall("value"):
            text = (value.text or "").strip()
            try:
                values.append(float(text) if text else None)
            except ValueError:
                raise builder.fail(f"<chart> value '{text}' is not a number") from None
        if len(values) != len(categories):
            raise builder.fail(
                f"<chart> series '{part.get('name', '')}' has {len(values)} values for "
                f"{len(categories)} categories"
            )
        series.append((part.get("name", ""), values))
    if not categories or not series:
        raise builder.fail("<chart> needs <category> and <series> elements")
    styles = builder.styles
    spec = styles.style.charts
    background = builder.backgrounds[-1][0] if builder.backgrounds else colors.white
    look, font_for = chart_look(styles, len(series), background)
    width_of, mixed = label_measures(styles, look.font)
    _check_colours(builder, look)
    data = ChartData(
        kind=kind,
        categories=categories,
        series=series,
        highlight=el.get("highlight") or None,
        percent=el.get("percent") == "true",
        language=styles.language,
        mirrored=styles.mirrored,
    )
    label_style = ParagraphStyle(
        "chart_label", fontName=look.font, fontSize=spec.size, leading=spec.size * 1.2,
        textColor=look.text, mirrored=styles.mirrored,
    )  # fmt: skip
    # with its caption and note, a chart never needs more than a page
    chart = ChartFlowable(data, look, font_for, label_style, styles.frame_size()[1] - 60)
    chart.styles, chart.width_of, chart.mixed = styles, width_of, mixed
    # A chart drawn in place of its table carries the table's data: the data file is
    # associated with the Figure through this ID (see brief.pdf.attachments).
    figure = Figure(chart, Tag("Figure", alt=alt, ident=el.get("data-id") or None))
    parts: list[Flowable] = []
    caption = el.find("caption")
    if caption is not None and builder.inline(caption):
        style = styles.paragraph(el.get("caption-style", "figure_caption"), " in <chart>")
        parts.append(tagged(paragraph(builder.inline(caption), style),
                            Tag("Caption", parent=figure.brief_tag)))  # fmt: skip
    parts.append(figure)
    note = el.find("note")
    if note is not None and builder.inline(note):
        style = styles.paragraph(el.get("note-style", "table_note"), " in <chart>")
        parts.append(tagged(paragraph(builder.inline(note), style), Tag("P")))
    group = KeepTogether(parts)
    group.spaceBefore, group.spaceAfter = spec.space_before, spec.space_after
    return [group]


def chart_look(styles: Styles, series: int, background: colors.Color = colors.white) -> Any:
    """The ``[charts]`` style resolved for a chart of *series* series on *background*, and
    the function that names the font drawing a text (the layout's, or a fallback for
    characters it lacks): what the PDF and the web page draw their charts with."""
    from brief.typeset.charts import ChartLook

    spec = styles.style.charts
    base_font = styles.font(spec.font)

    def font_for(text: str) -> str:
        return base_font if draws(base_font, text) else styles.fallback_for_all(text) or base_font

    if spec.palette is None:  # the layout's own colours, toned for the page
        primary = styles.named_colour("primary", "text")
        accent = styles.named_colour("accent", "primary")
        chosen = chart_palette(_hex(primary), _hex(accent), _hex(background), max(series, 1))
    else:
        chosen = spec.palette
    look = ChartLook(
        palette=[styles.colour(c) or colors.black for c in chosen],
        highlight=styles.colour(spec.highlight) or colors.black,
        muted=styles.colour(spec.muted) or colors.grey,
        text=styles.colour(spec.text) or colors.black,
        grid=styles.colour(spec.grid) if spec.grid else None,
        font=base_font,
        size=spec.size,
        height=spec.height,
    )
    return look, font_for


def label_measures(styles: Styles, base_font: str) -> Any:
    """How wide a chart's label is when its characters need several faces (Chinese with
    "GDP" in it: no one font draws both), each in the face that draws it; and whether a
    label does (it is then set as a paragraph, which switches faces within it)."""

    def face(char: str) -> str:
        if draws(base_font, char) or char.isspace():
            return base_font
        return styles.fallback_for(char) or base_font

    def width_of(text: str, size: float) -> float:
        from reportlab.pdfbase.pdfmetrics import stringWidth

        return sum(stringWidth(char, face(char), size) for char in text)

    def mixed(text: str) -> bool:
        return len({face(char) for char in text if not char.isspace()}) > 1

    return width_of, mixed


class ChartFlowable(Flowable):
    """A chart drawn to the width it is given (a column, or the page), with labels that
    need shaping set as paragraphs over it."""

    def __init__(
        self, data: ChartData, look: ChartLook, font_for: Any, label_style: Any, max_height: float
    ) -> None:
        super().__init__()
        self.max_height = max_height
        self.data, self.look, self.font_for, self.label_style = data, look, font_for, label_style
        self.styles: Styles | None = None  # with them, labels in several faces are set so
        self.width_of: Callable[[str, float], float] | None = None
        self.mixed: Callable[[str], bool] = lambda text: False
        self.hAlign = "CENTER"
        self._made: tuple[float, Any, list[Any]] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self._made is None or self._made[0] != avail_width:
            from brief.typeset.charts import draw_chart

            drawing, placed = draw_chart(
                self.data,
                avail_width,
                self.look,
                self.font_for,
                lambda text: needs_shaping(text, self.label_style) or self.mixed(text),
                self.max_height,
                self.width_of,
            )
            self._made = (avail_width, drawing, placed)  # fmt: skip
        drawing = self._made[1]
        self.width, self.height = drawing.width, drawing.height
        return self.width, self.height

    def draw(self) -> None:
        assert self._made is not None  # wrapped before drawn
        _, drawing, placed = self._made
        drawing.drawOn(self.canv, 0, 0)
        for label in placed:
            alignment = {"center": TA_CENTER, "left": TA_LEFT}.get(label.align, TA_RIGHT)
            style = ParagraphStyle(
                "chart_label", parent=self.label_style, fontName=self.font_for(label.text),
                alignment=alignment,
            )  # fmt: skip
            markup = (
                fallback_markup(label.text, style.fontName, self.styles, {})
                if self.styles is not None
                else escape(label.text)
            )
            text = paragraph(markup, style)
            _, height = text.wrap(label.width, 1e6)
            left = {
                "center": label.x - label.width / 2,
                "left": label.x,
            }.get(label.align, label.x - label.width)
            text.drawOn(self.canv, left, label.y - height + style.leading * 0.8)


def _hex(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


def _check_colours(builder: StoryBuilder, look: ChartLook) -> None:
    """Bars, lines and dots need 3:1 against the page (WCAG 1.4.11) and against the series
    beside them; checked as text at the size that asks 3:1, so the warning reads like every
    other colour's."""
    for index, colour in enumerate(look.palette, start=1):
        builder.check_colour(colour, 18.0, False, f"charts.palette[{index}]")
        if index > 1:
            before = look.palette[index - 2]
            builder.check_colour(
                colour, 18.0, False, f"charts.palette[{index}]",
                on=(before, f"the series before it (#{before.hexval()[2:]})"),
            )  # fmt: skip
    builder.check_colour(look.highlight, 18.0, False, "charts.highlight")
    builder.check_colour(look.text, look.size, False, "charts.text")
