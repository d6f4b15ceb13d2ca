"""The story's pictures: article figures with captions, and a layout's own images (logos),
as raster images or SVG drawn as vectors in the layout's fonts."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether
from reportlab.platypus import Image as Picture

from brief.compose.pictures import PictureProblem
from brief.core.confined import read_confined
from brief.core.errors import StoryError
from brief.typeset.drawings import load_svg, raster_reader
from brief.typeset.flowables import Figure
from brief.typeset.formulas import FormulaProblem, formula_drawing
from brief.typeset.scripts import escape, paragraph
from brief.typeset.story.builder import StoryBuilder
from brief.typeset.tagging import Tag, tagged


def figure_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    """An image scaled to the text width (at most half a page tall), with its caption."""
    source = Path(el.get("src", ""))
    if not source.is_absolute():
        raise builder.fail(f"<figure src> '{source}' lies outside the project and layout folders")
    alt = " ".join((el.get("alt") or "").split())
    if not alt:
        raise builder.fail(f"<figure src='{source.name}'> needs alt text (its 'alt' attribute)")
    frame_width, frame_height = builder.styles.frame_size()
    picture = fitted_picture(
        builder, source, builder.roots, frame_width, frame_height * 0.5, natural=True
    )
    picture.hAlign = "CENTER"
    figure = Figure(picture, Tag("Figure", alt=alt))
    caption = el.find("caption")
    parts: list[Flowable] = [figure]
    if caption is not None and builder.inline(caption):
        # above the picture, as a chart's and a table's caption are
        style = builder.styles.paragraph(el.get("caption-style", "figure_caption"), " in <figure>")
        caption_tag = Tag("Caption", parent=figure.brief_tag)
        parts.insert(0, tagged(paragraph(builder.inline(caption), style), caption_tag))
    return [KeepTogether(parts)]


def formula_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    """A displayed formula, its TeX the element's text: drawn as vectors at the size and in
    the colour of its paragraph style, centred, narrowed to the frame when wider; tagged as
    a Formula whose alternative text is its plain-text form."""
    tex = "".join(el.itertext()).strip()
    alt = " ".join((el.get("alt") or "").split()) or tex
    if not tex:
        return []
    style = builder.styles.paragraph(el.get("style", "body"), " in <formula>")
    colour = "#" + (style.textColor.hexval()[2:] if style.textColor else "000000")
    try:
        drawing = formula_drawing(
            tex, style.fontSize * 1.1, colour, style.fontName, builder.limits.svg_elements
        )
    except FormulaProblem:  # the reader warned of the TeX it could not read
        shown = ParagraphStyle("formula", parent=style, alignment=TA_CENTER)
        return [tagged(paragraph(escape(alt), shown), Tag("Formula", alt=alt))]
    frame_width, _ = builder.styles.frame_size()
    if drawing.width > frame_width:
        shrink = frame_width / drawing.width
        drawing.scale(shrink, shrink)
        drawing.width, drawing.height = frame_width, drawing.height * shrink
    drawing.hAlign = "CENTER"
    number = " ".join((el.get("number") or "").split())
    if number:  # "(3)" at the right edge, in the text's face; read with the formula
        drawing = NumberedFormula(drawing, number, style.fontName, style.fontSize, colour)
        alt = f"{alt} {number}"
    formula = Figure(drawing, Tag("Formula", alt=alt))
    formula.spaceBefore = formula.spaceAfter = style.fontSize * 0.5
    return [formula]


class NumberedFormula(Flowable):
    """A formula centred in the column with its number at the right edge."""

    def __init__(self, drawing: Flowable, number: str, font: str, size: float, colour: str):
        super().__init__()
        self.drawing, self.number = drawing, number
        self.font, self.size, self.colour = font, size, colour
        self.hAlign = "CENTER"

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        self.height = max(self.drawing.height, self.size * 1.4)
        return self.width, self.height

    def draw(self) -> None:
        from reportlab.lib.colors import HexColor

        self.drawing.drawOn(self.canv, (self.width - self.drawing.width) / 2, 0)
        self.canv.setFont(self.font, self.size)
        self.canv.setFillColor(HexColor(self.colour))
        self.canv.drawRightString(self.width, self.height / 2 - self.size * 0.35, self.number)


def image_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    """A layout's own image (a logo), found in the layout folders, sized by the layout."""
    name = el.get("src", "")
    source = next((f / name for f in builder.folders if (f / name).is_file()), None)
    if source is None:
        raise builder.fail(f"<image src> '{name}' not found in the layout")
    width = builder.length(el, "width", 0) or None
    height = builder.length(el, "height", 0) or None
    picture = fitted_picture(builder, source, list(builder.folders), width, height, natural=False)
    align = el.get("align", "left").upper()
    if builder.styles.mirrored:  # a page that runs from the right starts there
        align = {"LEFT": "RIGHT", "RIGHT": "LEFT"}.get(align, align)
    picture.hAlign = align
    if el.get("decorative") == "true":
        return [picture]  # drawn as an artifact: readers skip it
    alt = " ".join((el.get("alt") or "").split())
    if not alt:
        raise builder.fail(
            f"<image src='{name}'> needs alt text (its 'alt' attribute), or "
            f'decorative="true" when it carries no information'
        )
    return [Figure(picture, Tag("Figure", alt=alt))]


def fitted_picture(
    builder: StoryBuilder,
    source: Path,
    roots: list[Path],
    width: float | None,
    height: float | None,
    natural: bool,
) -> Flowable:
    """PNG, JPEG or GIF as an image; SVG as vectors. Fits within width x height; with
    *natural* it is not enlarged beyond 1.5 times its size at 96 dpi. The file is read
    once, checked to lie inside *roots*, and drawn from those bytes."""
    data, _ = read_confined(
        source,
        roots,
        StoryError,
        "image",
        max_bytes=int(builder.limits.image_mb * 1_000_000),
        limit_hint=builder.limits.hint("image-mb"),
        outside=f"'{source.name}' lies outside the project and layout folders",
    )
    try:
        if source.suffix.lower() == ".svg":
            # ReportLab starts every drawing in Helvetica, and svglib sets text in the
            # PDF base fonts, which are never embedded: the layout's body font is used.
            family = next(iter(builder.styles.families))
            regular = builder.styles.font(family)
            bold = builder.styles.font(family, bold=True)
            drawing = load_svg(
                data,
                builder.limits.svg_elements,
                regular,
                bold,
                builder.limits.image_megapixels,
            )
            _embed_text(drawing, regular, bold)
            size = (drawing.width, drawing.height)
        else:
            reader = raster_reader(data, builder.limits.image_megapixels)
            size = reader.getSize()
    except PictureProblem as problem:
        raise builder.fail(f"'{source.name}' {problem}") from None
    limits = [w / s for w, s in ((width, size[0]), (height, size[1])) if w]
    if natural:
        limits.append(72 / 96 * 1.5)
    scale = min(limits) if limits else 1.0
    if source.suffix.lower() == ".svg":
        drawing.scale(scale, scale)
        drawing.width, drawing.height = size[0] * scale, size[1] * scale
        return drawing
    return Picture(io.BytesIO(data), size[0] * scale, size[1] * scale)


def _embed_text(node: Any, regular: str, bold: str) -> None:
    """Set the text of an SVG drawing that is in a font brief does not embed in *regular*,
    or *bold* where it was bold."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for child in getattr(node, "contents", ()):
        _embed_text(child, regular, bold)
    if isinstance(node, String):
        try:
            embedded = isinstance(pdfmetrics.getFont(node.fontName), TTFont)
        except KeyError:
            embedded = False
        if not embedded:
            node.fontName = bold if "bold" in node.fontName.lower() else regular
