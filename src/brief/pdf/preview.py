"""Pages of a PDF as pictures, for review in chat or e-mail: one PNG a page, or one contact
sheet of them all. PDFium (through pypdfium2) draws them, as Chrome's viewer does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brief.core.errors import BriefError, OutputError


class PageListError(BriefError):
    """A --pages list that names no pages of the PDF: a mistake on the command line."""


SHEET_COLUMNS = 4
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
        return [
            (number, document[number - 1].render(scale=dpi / 72).to_pil().convert("RGB"))
            for number in numbers
        ]
    finally:
        document.close()


def contact_sheet(images: list[Any], columns: int = SHEET_COLUMNS) -> Any:
    """The pages side by side, *columns* a row, on a light grey ground."""
    from PIL import Image

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
    pdf: Path, folder: Path, pages: str | None = None, sheet: bool = False, dpi: float = 96
) -> list[Path]:
    """PNG pictures of *pdf* in *folder*: ``NAME-page-N.png`` each, or ``NAME-sheet.png``."""
    images = page_images(pdf, pages, dpi)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if sheet:
            target = folder / f"{pdf.stem}-sheet.png"
            contact_sheet([image for _, image in images]).save(target, optimize=True)
            return [target]
        written = []
        for number, image in images:
            target = folder / f"{pdf.stem}-page-{number}.png"
            image.save(target, optimize=True)
            written.append(target)
        return written
    except OSError as exc:
        raise OutputError.at(folder, f"cannot write the pictures: {exc.strerror}") from None
