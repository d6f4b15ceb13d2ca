"""Pictures of a brief for the web: a cover thumbnail for the index and the brief's page,
drawn from the PDF's first page by PDFium, as readers see it; and its social card (typeset
by :mod:`brief.publish.card`)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief.core.errors import BriefError

THUMBNAIL_WIDTH = 480


def cover_image(pdf: Path, width: int) -> Any:
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


def png(image: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


@dataclass(frozen=True)
class Pictures:
    """A brief's pictures on the site, as PNG files."""

    cover: bytes
    card: bytes
    width: int  # the cover's size in pixels
    height: int


def cover(pdf: Path) -> tuple[bytes, int, int]:
    """The cover thumbnail of *pdf* as PNG, with its size; a PDF PDFium cannot draw (one an
    edited manifest passed off as the brief's) is an error at the PDF, not a bug."""
    import pypdfium2 as pdfium

    try:
        image = cover_image(pdf, THUMBNAIL_WIDTH)
    except (pdfium.PdfiumError, IndexError, OSError):
        raise BriefError.at(
            pdf, "cannot draw this PDF's first page (not a PDF brief wrote?): render it again"
        ) from None
    return png(image), image.width, image.height


def picture_size(data: bytes) -> tuple[int, int] | None:
    """The size of a PNG brief wrote before, from its header; None if it is not one."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
