"""The social card of a brief (Open Graph, Twitter: 1200×630): its series, title and
publisher typeset on the layout's colours, in the layout's heading type, readable where feeds
show it (600 px wide and less). A picture of the PDF's cover is not: its title, set for an
A4 page, is a few pixels high there.

The card is typeset as a one-page PDF by the same machinery as the brief (shaping,
right-to-left order, fallback fonts for every script) and drawn to PNG by PDFium, at one
point per pixel: the title's size in points is its size in pixels.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from brief.layout.contrast import contrast
from brief.layout.loader import Layout

CARD_SIZE = (1200, 630)
TITLE_LARGEST, TITLE_SMALLEST = 96.0, 48.0  # pixels: readable at half the width
_LARGE = 76.0  # above this size, a title takes three lines at most
_MARGIN = 80.0
_BAND = 18.0


@dataclass(frozen=True)
class CardText:
    """What a card says, in the brief's language."""

    title: str
    language: str
    series: str | None = None  # with its number, as the page shows it
    publisher: str | None = None  # the organisation, else the authors
    date: str | None = None


@dataclass(frozen=True)
class Card:
    pdf: bytes
    title_size: float  # in pixels of the PNG


def card_pdf(text: CardText, layout: Layout) -> Card:
    """The card as a one-page PDF of 1200×630 points; the title's size is the largest from
    96 down to 48 at which it fits in three lines (four below 76 px; a longer one is cut at
    a word with "…"), set a little above the middle of the room the series and the
    publisher leave."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas

    from brief.layout.catalogue import is_right_to_left
    from brief.typeset.scripts import fallback_markup, paragraph
    from brief.typeset.styles import resolve_styles

    styles = resolve_styles(layout, text.language)
    background = styles.named_colour("primary", "text")
    accent = styles.named_colour("accent", "primary")
    ink = max((colors.white, colors.HexColor("#111418")), key=lambda c: contrast(c, background))
    heading = paragraph_family(layout, "heading1", "sans")
    title_font = styles.font(heading, bold=True)
    plain_font = styles.font(heading)
    rtl = is_right_to_left(text.language)
    width, height = CARD_SIZE
    measure = width - 2 * _MARGIN - _BAND

    def set_text(words: str, font: str, size: float, leading: float) -> Any:
        style = ParagraphStyle(
            "card", fontName=font, fontSize=size, leading=leading, textColor=ink,
            alignment=TA_RIGHT if rtl else TA_LEFT, mirrored=rtl,
        )  # fmt: skip
        return paragraph(fallback_markup(words, font, styles, {}), style)

    top = height - _MARGIN
    bottom = _MARGIN
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=CARD_SIZE, invariant=1, pageCompression=1)
    canvas.setTitle(text.title)
    canvas.setFillColor(background)
    canvas.rect(0, 0, width, height, stroke=0, fill=1)
    canvas.setFillColor(accent)
    canvas.rect(width - _BAND if rtl else 0, 0, _BAND, height, stroke=0, fill=1)
    left = _MARGIN if rtl else _MARGIN + _BAND
    if text.series:
        series = set_text(text.series, plain_font, 30, 36)
        _, used = series.wrap(measure, 80)
        series.drawOn(canvas, left, top - used)
        top -= used + 28
    if text.publisher or text.date:
        foot = " · ".join(filter(None, [text.publisher, text.date]))
        footer = set_text(foot, plain_font, 28, 34)
        _, used = footer.wrap(measure, 80)
        footer.drawOn(canvas, left, bottom)
        bottom += used + 28
    room = top - bottom
    size = TITLE_LARGEST
    while True:
        title = set_text(text.title, title_font, size, size * 1.12)
        _, used = title.wrap(measure, room)
        lines = round(used / (size * 1.12))
        if (used <= room and lines <= (3 if size > _LARGE else 4)) or size <= TITLE_SMALLEST:
            break
        size -= 4
    if used > room:  # still too long at the smallest size: its first lines, then "…"
        words = text.title.split()
        while len(words) > 1 and used > room:
            words.pop()
            title = set_text(" ".join(words) + "…", title_font, size, size * 1.12)
            _, used = title.wrap(measure, room)
    title.drawOn(canvas, left, top - used - max(room - used, 0) * 0.4)  # a little above centre
    canvas.showPage()
    canvas.save()
    return Card(out.getvalue(), size)


def card_png(card: Card) -> bytes:
    """The card drawn by PDFium at one pixel per point."""
    import pypdfium2 as pdfium

    from brief.publish.images import png

    document = pdfium.PdfDocument(card.pdf)
    try:
        return png(document[0].render(scale=1).to_pil().convert("RGB"))
    finally:
        document.close()


def paragraph_family(layout: Layout, paragraph_style: str, fallback: str) -> str:
    """The font family a paragraph style of *layout* sets its text in (following parents)."""
    style = layout.style
    seen: set[str] = set()
    name: str | None = paragraph_style
    while name and name in style.paragraphs and name not in seen:
        seen.add(name)
        if style.paragraphs[name].font:
            return str(style.paragraphs[name].font)
        name = style.paragraphs[name].parent
    return fallback if fallback in style.fonts else next(iter(style.fonts))
