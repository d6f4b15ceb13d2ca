"""Read a brief's PDF back with every PDF reader on the machine and compare with its article.

    python tools/compare_readers.py briefs/belarus-sco-tianjin.toml [--layout report]
    python tools/compare_readers.py tests/corpus/tables.md

Renders the spec or article, then extracts the text with PDFium (Chrome), pdf.js (Firefox,
after ``npm ci --prefix tools/pdfjs``), poppler's ``pdftotext``, MuPDF's ``mutool`` and
Ghostscript's ``txtwrite`` device, whichever are installed (Debian: ``apt install
poppler-utils mupdf-tools ghostscript``), and prints for each reader the number of words it
read and the pieces of the article (sentences, list items, cells) whose words it does not
give in order. The test suite checks PDFium and pdf.js on every corpus article; this script
is for looking at the other readers by hand.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from brief.api import SPEC_SUFFIX, render_brief  # noqa: E402
from brief.audit import expected_pieces, find_missing, words_of  # noqa: E402
from brief.compose.corrections import apply_corrections  # noqa: E402
from brief.compose.spec import Spec, load_spec  # noqa: E402
from brief.source.reader import read_article  # noqa: E402


def _command(argv: list[str]) -> str | None:
    if shutil.which(argv[0]) is None:
        return None
    result = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    return result.stdout if result.returncode == 0 else None


def readers(pdf: Path) -> dict[str, tuple[str | None, bool]]:
    """Each reader's text (pages separated by form feeds, None when it is not installed)
    and whether it keeps the hyphens hyphenation added."""
    from tests.readers import NodeMissing, read_with_pdfium, read_with_pdfjs

    try:
        pdfjs = read_with_pdfjs(pdf).text
    except NodeMissing:
        pdfjs = None
    with tempfile.TemporaryDirectory() as folder:
        mutool = Path(folder) / "mutool.txt"
        gs = Path(folder) / "gs.txt"
        mupdf = (
            mutool.read_text(encoding="utf-8", errors="replace")
            if _command(["mutool", "draw", "-q", "-F", "txt", "-o", str(mutool), str(pdf)])
            is not None
            else None
        )
        ghostscript = (
            gs.read_text(encoding="utf-8", errors="replace")
            if _command(
                [
                    "gs",
                    "-q",
                    "-dNOPAUSE",
                    "-dBATCH",
                    "-sDEVICE=txtwrite",
                    f"-sOutputFile={gs}",
                    str(pdf),
                ]
            )
            is not None
            else None
        )
    return {
        "PDFium": (read_with_pdfium(pdf).text, True),
        "pdf.js": (pdfjs, False),
        "poppler": (_command(["pdftotext", "-layout", str(pdf), "-"]), True),
        "MuPDF": (mupdf, True),
        "Ghostscript": (ghostscript, False),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--layout")
    options = parser.parse_args()
    path = options.path.resolve()
    if path.suffix == SPEC_SUFFIX:
        spec = load_spec(path)
        article_path = (path.parent / spec.source).resolve()
        project = path.parent.parent
    else:
        spec, article_path, project = Spec(source=path.name), path, path.parent
    with tempfile.TemporaryDirectory() as folder:
        pdf = render_brief(
            path, output_dir=Path(folder), layout=options.layout, project_dir=project
        ).output
        article = apply_corrections(spec, read_article(article_path), path, [])
        pieces = expected_pieces(article, spec)
        print(f"{path.name}: {len(pieces)} pieces of the article")
        for name, (text, hyphens) in readers(pdf).items():
            if text is None:
                print(f"  {name:12} not installed")
                continue
            missing = find_missing(pieces, text, hyphens_shown=hyphens)
            print(f"  {name:12} {len(words_of(text)):6} words, {len(missing)} pieces missing")
            for piece in missing[:5]:
                print(f"      line {piece.line}: {piece.text[:70]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
