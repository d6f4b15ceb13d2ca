"""Regenerate the reference page images: ``python tests/references/regenerate.py``.

The multilingual corpus article is rendered and each page saved as a small greyscale PNG,
and the first page of the Arabic and the Chinese brief (``tests/languages``) in every bundled
layout. Look at every image before committing it: the references are what "correct" means.
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
LANGUAGES = REFERENCES.parent / "languages"
LANGUAGE_PAGES = [(language, layout) for language in ("ar", "zh-Hans") for layout in (
    "default", "report", "summary")]  # fmt: skip
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


def render_language(language: str, layout: str, folder: Path) -> Path:
    """The short article of *language* as a brief with every part a layout prints of its
    own (a spec with contents, a list of tables, authors, audience, series and number)."""
    import shutil

    from brief.api import render_brief
    from brief.layout.catalogue import shipped

    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "briefs").mkdir(exist_ok=True)
    shutil.copy(LANGUAGES / f"{language}.md", folder / "sources" / "article.md")
    name = shipped()[language]["language"]
    (folder / "briefs" / "brief.toml").write_text(
        f'source = "../sources/article.md"\nlanguage = "{language}"\n'
        f'organisation = "{name}"\naudience = "{name}"\nseries = "X"\nnumber = "1"\n'
        'authors = ["Ana Ruiz", "Jan Kowalski", "Lee Min"]\ncontents = true\n'
        "list_of_tables = true\ndate = 2025-09-30\n",
        encoding="utf-8",
    )
    return render_brief(
        folder / "briefs" / "brief.toml",
        output_dir=folder / "out" / layout,
        layout=layout,
        project_dir=folder,
    ).output


from brief.compose.spec import CHART_KINDS  # noqa: E402 (the one list)

CHART_ARTICLE = """---
title: Exports by region
date: 2025-06-01
---

# Exports by region

Exports grew in most regions.

## Exports

Exports by region, USD bn:

| Region | 2024 | 2025 |
|--------|-----:|-----:|
| North | 12.4 | 14.1 |
| South | 8.2 | 7.5 |
| East | 15.9 | 18.3 |
| West | 4.1 | 5.0 |
| Centre | 9.7 | — |
"""


def render_chart(kind: str, folder: Path) -> Path:
    """A one-page brief whose table is drawn as a *kind* chart in its place."""
    from brief.api import render_brief

    (folder / "briefs").mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "exports.md").write_text(CHART_ARTICLE, encoding="utf-8")
    series = '["2025"]' if kind in ("bar", "horizontal-bar", "dot") else '["2024", "2025"]'
    highlight = 'highlight = "East"\n' if kind == "bar" else ""
    (folder / "briefs" / f"{kind}.toml").write_text(
        f'source = "../sources/exports.md"\n[[charts]]\ntable = 1\nkind = "{kind}"\n'
        f'y = {series}\nunits = "USD bn"\nplace = "instead-of-table"\n{highlight}',
        encoding="utf-8",
    )
    return render_brief(
        folder / "briefs" / f"{kind}.toml", output_dir=folder / "out", project_dir=folder
    ).output


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
        for kind in CHART_KINDS:
            pdf = render_chart(kind, Path(folder) / "charts")
            target = REFERENCES / f"chart-{kind}-1.png"
            page_image(pdf, 0).save(target, optimize=True)
            print(target.relative_to(REFERENCES.parents[1]))
        for language, layout in LANGUAGE_PAGES:
            pdf = render_language(language, layout, Path(folder) / language)
            target = REFERENCES / f"{language}-{layout}-1.png"
            page_image(pdf, 0).save(target, optimize=True)
            print(target.relative_to(REFERENCES.parents[1]))


if __name__ == "__main__":
    sys.path[:0] = [str(REFERENCES.parents[1] / "src"), str(REFERENCES.parents[1])]
    main()
