"""Every language of the Universal Declaration of Human Rights, as a brief: exit, boxes and
the letters readers get back, for a corpus too large for the test suite.

    python bench/scripts.py DIR [--jobs 2] [--limit N] [--pdf-a]

DIR holds Unicode's "UDHR in XML" files (``udhr_*.xml``, from the eric-muller/udhr
repository's ``data/udhr``; about 530 translations in 150 languages' scripts). Each is
rendered as an article in its language (the bcp47 tag of its file), in the bundled layouts
by turns, and read back with PDFium and poppler's ``pdftotext``. A translation fails when
the render exits with an error, a character is drawn by no font (a box), or either reader
gives back less than 99% of its letters (NFKD, counted as a multiset; not for the summary
layout, which prints the key points and not every article).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

LAYOUTS = ("default", "report", "summary")
NS = "{http://efele.net/udhr}"


def article(path: Path) -> tuple[str, str]:
    """The translation's language tag and its text as a Markdown article."""
    root = ET.parse(path).getroot()
    tag = root.get("{http://www.w3.org/XML/1998/namespace}lang") or "und"
    title = (root.findtext(f"{NS}title") or path.stem).strip()
    lines = ["---", f"lang: {tag}", f"title: {json.dumps(title)}", "---", ""]
    for part in root:
        heading = part.findtext(f"{NS}title")
        if part.tag in (f"{NS}preamble", f"{NS}article") and heading:
            lines += [f"## {heading.strip()}", ""]
        for para in part.iter(f"{NS}para"):
            if para.text and para.text.strip():
                lines += [" ".join(para.text.split()), ""]
    return tag, "\n".join(lines)


def letters(text: str) -> Counter:
    decomposed = unicodedata.normalize("NFKD", text)
    return Counter(c for c in decomposed if unicodedata.category(c)[0] in "LM")


def share(wanted: str, got: str) -> float:
    want = letters(wanted)
    return 1 - sum((want - letters(got)).values()) / max(sum(want.values()), 1)


def check(job: tuple[int, str, bool]) -> tuple[str, str, str]:
    """(file, layout, problem or '') for one translation."""
    import pypdfium2 as pdfium

    from brief.api import render_brief
    from brief.core.errors import BriefError

    index, name, pdf_a = job
    path = Path(name)
    layout = LAYOUTS[index % len(LAYOUTS)]
    tag, text = article(path)
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "sources" / f"{path.stem}.md"
        source.parent.mkdir()
        source.write_text(text, encoding="utf-8")
        warnings: list = []
        try:
            result = render_brief(
                source, project_dir=Path(folder), layout=layout, pdf_a=pdf_a, warnings=warnings
            )
        except BriefError as error:
            return path.name, layout, f"error: {error.problems[0].message}"
        except Exception as error:  # an internal error: what this run is for
            return path.name, layout, f"crash: {type(error).__name__}: {error}"
        boxes = [w.message for w in warnings if "no font" in w.message]
        if boxes:
            return path.name, layout, f"box: {boxes[0][:80]}"
        if layout == "summary":  # a summary prints the key points, not every article
            return path.name, layout, ""
        document = pdfium.PdfDocument(result.output)
        read = " ".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        poppler = subprocess.run(
            ["pdftotext", str(result.output), "-"], capture_output=True, check=True
        ).stdout.decode("utf-8", "replace")
        body = text.split("---", 2)[2]
        worst = min(share(body, read), share(body, poppler))
        if worst < 0.99:
            return path.name, layout, f"letters: {worst:.3f} ({tag})"
    return path.name, layout, ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--pdf-a", action="store_true", help="PDF/A, checked as written")
    args = parser.parse_args()
    files = sorted(str(p) for p in args.folder.glob("udhr_*.xml"))
    if args.limit:
        files = files[: args.limit]
    started = time.perf_counter()
    failed = []
    with ProcessPoolExecutor(args.jobs) as pool:
        jobs = [(index, name, args.pdf_a) for index, name in enumerate(files)]
        for name, layout, problem in pool.map(check, jobs, chunksize=4):
            if problem:
                failed.append((name, layout, problem))
                print(f"{name} [{layout}]: {problem}", flush=True)
    seconds = time.perf_counter() - started
    print(f"{len(files) - len(failed)} of {len(files)} translations pass ({seconds:.0f} s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
