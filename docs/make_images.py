"""Regenerate the README's picture of the bundled brief: ``python docs/make_images.py``."""

from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from brief.api import render_brief

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    result = render_brief(ROOT / "briefs" / "belarus-sco-tianjin.toml", project_dir=ROOT)
    pages = [page.render(scale=0.9).to_pil() for page in pdfium.PdfDocument(result.output)][:3]
    gap = 24
    width = sum(p.width for p in pages) + gap * (len(pages) + 1)
    height = max(p.height for p in pages) + 2 * gap
    sheet = Image.new("RGB", (width, height), (222, 226, 231))
    x = gap
    for page in pages:
        sheet.paste(page, (x, gap))
        x += page.width + gap
    target = ROOT / "docs" / "images" / "bundled-brief.png"
    sheet.save(target, optimize=True)
    print(target.relative_to(ROOT))


if __name__ == "__main__":
    main()
