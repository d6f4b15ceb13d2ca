"""Regenerate the reference page images: ``python tests/references/regenerate.py``.

The multilingual corpus article is rendered and each page saved as a small greyscale PNG.
Look at every image before committing it: the references are what "correct" means.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

REFERENCES = Path(__file__).resolve().parent
CORPUS = REFERENCES.parent / "corpus"
SOURCE_DATE_EPOCH = "1767225600"


def render_multilingual(folder: Path) -> Path:
    from brief.api import render_brief

    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        article = CORPUS / "multilingual.md"
        return render_brief(article, output_dir=folder, project_dir=CORPUS).output
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def page_image(pdf: Path, page: int) -> Image.Image:
    from tests.readers import rasterise

    return rasterise(pdf, page, scale=0.6, mode="L")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        pdf = render_multilingual(Path(folder))
        for page in range(len(pdfium.PdfDocument(pdf))):
            target = REFERENCES / f"multilingual-{page + 1}.png"
            page_image(pdf, page).save(target, optimize=True)
            print(target.relative_to(REFERENCES.parents[1]))


if __name__ == "__main__":
    sys.path[:0] = [str(REFERENCES.parents[1] / "src"), str(REFERENCES.parents[1])]
    main()
