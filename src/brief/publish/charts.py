"""Charts on a brief's web page: the PDF's own drawing (:func:`brief.typeset.charts.draw_chart`,
the same ticks, order, highlight and palette), written as inline SVG by ReportLab's SVG
renderer and made a picture screen readers can read: ``role="img"``, a ``<title>`` (the
caption) and a ``<desc>`` (the description written from the data, as the PDF's alternative
text).

Each chart is drawn twice: wide, for a desktop's column, and narrow, for a phone, each with
type that stays readable at the width it is shown (a drawing scaled down to a phone would
set its labels at 6 px); the page's style shows one. The labels are the drawing's text, set
by the browser in the page's own web fonts (the files the PDF embeds, so ReportLab's widths
hold), with its own shaping and bidi for Arabic or Hindi.
"""

from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from brief.compose.model import BriefChart
from brief.typeset.styles import Styles

_SVG = "{http://www.w3.org/2000/svg}"

#: (name, width in the drawing's units, type size): shown at about 672 and 350 CSS pixels,
#: the labels come out at 12 to 13 px
VARIANTS = (("wide", 640.0, 12.0), ("narrow", 340.0, 11.0))


@dataclass(frozen=True)
class ChartPicture:
    """A chart's two drawings as SVG markup, ready to be put in the page."""

    wide: str
    narrow: str


def chart_pictures(
    chart: BriefChart,
    styles: Styles,
    anchor: str,
    title: str,
    description: str,
    family_of: Callable[[str, str], str],
) -> ChartPicture:
    """The SVG drawings of *chart*, their IDs starting with *anchor* (unique in the page);
    *family_of(font, text)* gives the CSS font stack that draws *text* on the page in the
    face ReportLab measured it in (ReportLab's name for it)."""
    from brief.typeset.charts import ChartData, draw_chart
    from brief.typeset.story.graphs import chart_look, label_measures

    look, font_for = chart_look(styles, len(chart.series))
    data = ChartData(
        kind=chart.chart,
        categories=list(chart.categories),
        series=[(series.name, list(series.values)) for series in chart.series],
        highlight=chart.highlight,
        percent=chart.percent,
        language=styles.language,
        mirrored=styles.mirrored,
    )
    drawn = {}
    for name, width, size in VARIANTS:
        scaled = dataclasses.replace(look, size=size, height=look.height * size / look.size)
        width_of, mixed = label_measures(styles, look.font)
        drawing, placed = draw_chart(data, width, scaled, font_for, mixed, width_of=width_of)
        svg = _accessible(drawing, f"{anchor}-{name}", title, description, family_of)
        drawn[name] = _with_labels(svg, placed, scaled, font_for, family_of, drawing.height)
    return ChartPicture(**drawn)


def _accessible(
    drawing: Any, ident: str, title: str, description: str, family_of: Callable[[str, str], str]
) -> str:
    """ReportLab's SVG of *drawing* as an inline picture: IDs of its own, its title and
    description, fonts named as the page names them, written without an XML prologue."""
    from brief.typeset.reportlab_internals import drawing_svg

    root = ET.fromstring(drawing_svg(drawing).encode("utf-8"))
    for element in root.iter():
        element.tag = element.tag.removeprefix(_SVG)
        for key in [k for k in element.attrib if k.startswith("{")]:  # xlink: not needed
            del element.attrib[key]
        if element.get("id"):
            element.set("id", f"{ident}-{element.get('id')}")
        style = element.get("style")
        if style:
            style = style.replace("url(#", f"url(#{ident}-")
            font = _FONT.search(style)
            if font is not None:
                family = family_of(font[1].strip(), element.text or "")
                style = _FONT.sub(f"font-family: {family};", style)
            element.set("style", style)
    for old in [e for e in root if e.tag in ("title", "desc")]:
        root.remove(old)
    heading = ET.Element("title", id=f"{ident}-title")
    heading.text = title
    words = ET.Element("desc", id=f"{ident}-desc")
    words.text = description
    root.insert(0, words)
    root.insert(0, heading)
    width, height = root.get("width"), root.get("height")
    for key in ("width", "height", "version", "preserveAspectRatio"):
        root.attrib.pop(key, None)
    root.set("class", "chart-drawing")
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title {ident}-desc")
    # drawn left to right whatever the page's direction: ReportLab placed every label so
    root.set("style", f"aspect-ratio: {float(width or 1):g} / {float(height or 1):g}; "
             "direction: ltr")  # fmt: skip
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


def _with_labels(
    svg: str,
    placed: list[Any],
    look: Any,
    font_for: Any,
    family_of: Callable[[str, str], str],
    height: float,
) -> str:
    """The labels the PDF sets as paragraphs over a chart (a right-to-left chart's
    categories), as text of the drawing: the browser shapes and orders them itself."""
    if not placed:
        return svg
    root = ET.fromstring(svg)
    colour = "#" + look.text.hexval()[2:]
    anchors = {"center": "middle", "left": "start", "right": "end"}
    for label in placed:
        text = ET.SubElement(root, "text", {
            "x": f"{label.x:.2f}", "y": f"{height - label.y:.2f}",
            "text-anchor": anchors.get(label.align, "end"),
            "style": f"font-family: {family_of(font_for(label.text), label.text)}; "
                     f"font-size: {look.size:g}px; fill: {colour}",
        })  # fmt: skip
        text.text = label.text
    return ET.tostring(root, encoding="unicode", short_empty_elements=True)


_FONT = re.compile(r"font-family:\s*([^;]+);")
