"""Pictures of a brief for the web: a cover thumbnail for the index and the brief's page,
and a 1200×630 card for social media (Open Graph, Twitter), both drawn from the PDF's first
page by PDFium, as readers see it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from brief.core.errors import BriefError

CARD_SIZE = (1200, 630)
THUMBNAIL_WIDTH = 480


def cover_image(pdf: Path, width: int):
    """The first page as a PIL image *width* pixels wide (drawn at twice the size and
    reduced, so type stays crisp)."""
    import pypdfium2 as pdfium
    from PIL import Image

    from brief.pdf.preview import page_images

    document = pdfium.PdfDocument(str(pdf))
    try:
        page_width = document[0].get_width()  # points
    finally:
        document.close()
    dpi = 2 * width / (page_width / 72)
    _, image = page_images(pdf, "1", dpi=dpi)[0]
    height = round(image.height * width / image.width)
    return image.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)


def png(image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def card(cover, background: str, accent: str):
    """The social card: the cover, upright and whole, on the layout's colour, with a band of
    its accent colour; the cover carries the title in the layout's own type."""
    from PIL import Image, ImageDraw, ImageFilter

    width, height = CARD_SIZE
    canvas = Image.new("RGB", CARD_SIZE, background)
    margin = 40
    cover_height = height - 2 * margin
    cover_width = round(cover.width * cover_height / cover.height)
    page = cover.resize((cover_width, cover_height), Image.Resampling.LANCZOS)
    x = (width - cover_width) // 2
    shadow = Image.new("L", (cover_width + 40, cover_height + 40), 0)
    ImageDraw.Draw(shadow).rectangle((20, 20, cover_width + 20, cover_height + 20), fill=110)
    shadow = shadow.filter(ImageFilter.GaussianBlur(10))
    canvas.paste(Image.new("RGB", shadow.size, "#000000"), (x - 14, margin - 12), shadow)
    canvas.paste(page, (x, margin))
    ImageDraw.Draw(canvas).rectangle((0, height - 12, width, height), fill=accent)
    return canvas


@dataclass(frozen=True)
class Pictures:
    """A brief's pictures on the site, as PNG files."""

    cover: bytes
    card: bytes
    width: int  # the cover's size in pixels
    height: int


def pictures(pdf: Path, background: str, accent: str) -> Pictures:
    """The cover thumbnail and the social card of *pdf*; a PDF PDFium cannot draw (one an
    edited manifest passed off as the brief's) is an error at the PDF, not a bug."""
    import pypdfium2 as pdfium

    try:
        cover = cover_image(pdf, THUMBNAIL_WIDTH)
        shown = card(cover_image(pdf, 900), background, accent)
    except (pdfium.PdfiumError, IndexError, OSError):
        raise BriefError.at(
            pdf, "cannot draw this PDF's first page (not a PDF brief wrote?): render it again"
        ) from None
    return Pictures(png(cover), png(shown), cover.width, cover.height)


def picture_size(data: bytes) -> tuple[int, int] | None:
    """The size of a PNG brief wrote before, from its header; None if it is not one."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
