"""Pages of a PDF as pictures, for review in chat or e-mail: one PNG a page, or one contact
sheet of them all. PDFium (through pypdfium2) draws them, as Chrome's viewer does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brief.core.errors import BriefError
from brief.pdf.output import write_atomically


class PageListError(BriefError):
    """A --pages list that names no pages of the PDF: a mistake on the command line."""


SHEET_COLUMNS = 4
MAX_PAGE_PIXELS = 16_000_000  # a page's picture: a poster-sized page is drawn smaller
MAX_SHEET_PIXELS = 64_000_000  # a contact sheet's pages together
SHEET_GAP = 16  # pixels between pages on a contact sheet


def page_numbers(spec: str | None, count: int, pdf: Path) -> list[int]:
    """The pages a spec such as "1-3,5" names, from 1; every page when *spec* is None."""
    if spec is None:
        return list(range(1, count + 1))
    pages: list[int] = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        try:
            start, end = int(first), int(last or first)
        except ValueError:
            raise PageListError.at(
                pdf, f"--pages '{spec}' is not a page list such as 1-3,5"
            ) from None
        if start > end:
            raise PageListError.at(pdf, f"--pages '{spec}': {start}-{end} runs backwards")
        if not 1 <= start <= end <= count:
            raise PageListError.at(pdf, f"--pages '{spec}': the PDF has pages 1 to {count}")
        pages.extend(range(start, end + 1))
    return list(dict.fromkeys(pages))


def _scale(size: tuple[float, float], dpi: float) -> float:
    """Pixels a point at *dpi*, less for a page so large that its picture would pass
    :data:`MAX_PAGE_PIXELS` (a 200-inch page at 96 dpi is 370 million pixels)."""
    width, height = (max(float(side), 1.0) for side in size)
    scale = dpi / 72
    if width * height * scale * scale > MAX_PAGE_PIXELS:
        scale = (MAX_PAGE_PIXELS / (width * height)) ** 0.5
    return scale


def page_images(pdf: Path, pages: str | None = None, dpi: float = 96) -> list[tuple[int, Any]]:
    """(page number, image) for the pages *pages* names, at *dpi*."""
    import pypdfium2 as pdfium

    if not pdf.is_file():
        raise BriefError.at(pdf, "no such PDF; render the brief first (brief render)")
    try:
        document = pdfium.PdfDocument(pdf)
    except (pdfium.PdfiumError, OSError):
        raise BriefError.at(pdf, "cannot read this PDF (not a PDF, or damaged)") from None
    try:
        numbers = page_numbers(pages, len(document), pdf)
        images = []
        for number in numbers:
            page = document[number - 1]
            images.append((number, page.render(scale=_scale(page.get_size(), dpi)).to_pil()))
        return [(number, image.convert("RGB")) for number, image in images]
    finally:
        document.close()


def contact_sheet(images: list[Any], columns: int = SHEET_COLUMNS) -> Any:
    """The pages side by side, *columns* a row, on a light grey ground."""
    from PIL import Image

    pixels = sum(image.width * image.height for image in images)
    if pixels > MAX_SHEET_PIXELS:  # many large pages: each drawn smaller on the sheet
        factor = (MAX_SHEET_PIXELS / pixels) ** 0.5
        images = [
            image.resize((max(1, int(image.width * factor)), max(1, int(image.height * factor))))
            for image in images
        ]
    width = max(image.width for image in images)
    height = max(image.height for image in images)
    across = min(columns, len(images))
    rows = -(-len(images) // across)
    sheet = Image.new(
        "RGB",
        (across * width + (across + 1) * SHEET_GAP, rows * height + (rows + 1) * SHEET_GAP),
        (230, 230, 230),
    )
    for index, image in enumerate(images):
        row, column = divmod(index, across)
        sheet.paste(
            image,
            (SHEET_GAP + column * (width + SHEET_GAP), SHEET_GAP + row * (height + SHEET_GAP)),
        )
    return sheet


def write_previews(
    pdf: Path,
    folder: Path,
    pages: str | None = None,
    sheet: bool = False,
    dpi: float = 96,
    within: Path | None = None,
) -> list[Path]:
    """PNG pictures of *pdf* in *folder*: ``NAME-page-N.png`` each, or ``NAME-sheet.png``;
    never written through a link out of *within* (see :func:`write_atomically`)."""
    images = page_images(pdf, pages, dpi)
    if sheet:
        pictures = [(folder / f"{pdf.stem}-sheet.png", contact_sheet([i for _, i in images]))]
    else:
        pictures = [(folder / f"{pdf.stem}-page-{n}.png", image) for n, image in images]
    for target, image in pictures:
        write_atomically(_png(image), target, "the picture", within=within)
    return [target for target, _ in pictures]


def _png(image: Any) -> bytes:
    import io

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
