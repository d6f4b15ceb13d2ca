"""Regenerate the pictures of the bundled brief and layouts: ``python docs/make_images.py``."""

import tempfile
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from brief.api import render_brief

ROOT = Path(__file__).resolve().parents[1]


def sheet(pages: list[Image.Image], target: Path) -> None:
    """Pages side by side on a grey background."""
    gap = 24
    width = sum(p.width for p in pages) + gap * (len(pages) + 1)
    height = max(p.height for p in pages) + 2 * gap
    canvas = Image.new("RGB", (width, height), (222, 226, 231))
    x = gap
    for page in pages:
        canvas.paste(page, (x, gap))
        x += page.width + gap
    canvas.save(target, optimize=True)
    print(target.relative_to(ROOT))


def main() -> None:
    spec = ROOT / "briefs" / "belarus-sco-tianjin.toml"
    with tempfile.TemporaryDirectory() as folder:
        firsts = []
        for layout in ("default", "summary", "report"):
            result = render_brief(
                spec, output_dir=Path(folder) / layout, layout=layout, project_dir=ROOT
            )
            pages = [page.render(scale=0.9).to_pil() for page in pdfium.PdfDocument(result.output)]
            if layout == "default":
                sheet(pages[:3], ROOT / "docs" / "images" / "bundled-brief.png")
            firsts.append(pages[0].resize((int(pages[0].width * 0.6), int(pages[0].height * 0.6))))
        sheet(firsts, ROOT / "docs" / "images" / "layouts.png")


if __name__ == "__main__":
    main()
