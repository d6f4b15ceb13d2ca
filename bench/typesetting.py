"""Lines as a designer measures them, brief next to Typst on the same text, and what brief's
line breaking costs.

    python -m pip install -e ".[bench]" -c constraints.txt   # Typst, once
    python bench/typesetting.py [ARTICLE ...] [--runs 5]

Each article's body paragraphs are set by brief (the default layout) and by Typst (its
Python package; Knuth-Plass breaking of justified text, hyphenated by the language) on the
same measure in the same font and size: Noto Serif 10.5 pt on 138 mm, A4. Both PDFs are read
back with MuPDF's character boxes (tests/wordboxes.py): the longest run of hyphenated line
ends, the share of lines hyphenated, the gaps between words of full justified lines over the
median gap (median, 90th and 99th percentiles, widest) and the characters of a full line.

The cost: every paragraph of the articles broken into lines at the measure by brief's
paragraph (total fit) and by ReportLab's greedy breaking in the same process, as the ratio of
the two (medians of the runs; the words' hyphenation points are forgotten before each run, as
in a new process). Without arguments: the bundled article and three real articles
of the test corpus (German, French, English).
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from tests.wordboxes import measure  # noqa: E402

DEFAULT = (
    ROOT / "sources" / "belarus-sco-tianjin.txt",
    ROOT / "tests" / "web" / "18-afd-unterschaetzt.de.md",
    ROOT / "tests" / "web" / "05-pandoc-depannage.fr.md",
    ROOT / "tests" / "web" / "28-government-statisticians-marazzi.md",
)
MEASURE_MM, SIZE, LEADING = 138, 10.5, 15.5

TYPST = """#set page(paper: "a4", margin: (x: 36mm, y: 24mm))
#set text(font: "Noto Serif", size: 10.5pt, lang: "{lang}", hyphenate: true)
#set par(justify: true, leading: 5pt, spacing: 6.5pt)
#for p in json("paragraphs.json") {{ p; parbreak() }}
"""


def paragraphs(article: Path):
    """The article's language and its body paragraphs, as brief reads them."""
    from brief.source.article import Paragraph
    from brief.source.reader import read_article

    read = read_article(article, warnings=[])
    found = [
        block.text
        for section in [None, *read.all_sections()]
        for block in (read.lede if section is None else section.blocks)
        if isinstance(block, Paragraph) and len(block.text) > 150
    ]
    return read.meta.language or "en", found


def brief_pdf(lang: str, texts: list[str], folder: Path) -> Path:
    from brief.api import render_brief

    (folder / "sources").mkdir()
    article = folder / "sources" / "body.md"
    body = "\n\n".join(_markdown_escaped(t) for t in texts)
    article.write_text(f"---\nlang: {lang}\n---\n# Body\n\n## Text\n\n{body}\n", encoding="utf-8")
    return render_brief(article, project_dir=folder, output_file=folder / "brief.pdf").output


def typst_pdf(lang: str, texts: list[str], folder: Path) -> Path:
    import typst

    (folder / "paragraphs.json").write_text(json.dumps(texts), encoding="utf-8")
    source = folder / "body.typ"
    source.write_text(TYPST.format(lang=lang.split("-")[0]), encoding="utf-8")
    output = folder / "typst.pdf"
    fonts = [str(ROOT / "fonts")]
    typst.compile(str(source), output=str(output), root=str(folder), font_paths=fonts)
    return output


def _markdown_escaped(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#|~$])", r"\\\1", text)


def report(name: str, pdf: Path) -> dict:
    found = measure(pdf)
    gaps = []
    median = statistics.median([g for line in found.lines for g in line.gaps if g > 0] or [1])
    for line in found.lines:
        if line.full:
            gaps += [g / median for g in line.gaps]
    gaps.sort()

    def at(share: float) -> float:
        return gaps[min(int(share * len(gaps)), len(gaps) - 1)] if gaps else 0.0

    return {
        "engine": name,
        "lines": len(found.lines),
        "hyphen run": found.longest_hyphen_run,
        "hyphenated": f"{found.hyphenated_ends / max(len(found.lines), 1):.1%}",
        "gap p50": f"{at(0.5):.2f}",
        "gap p90": f"{at(0.9):.2f}",
        "gap p99": f"{at(0.99):.2f}",
        "widest": f"{found.widest_gap:.2f}",
        "chars": found.median_full_line,
    }


def breaking_cost(lang: str, texts: list[str], runs: int) -> tuple[float, float]:
    """(seconds per paragraph with total fit, ratio to ReportLab's greedy breaking)."""
    from brief.layout.loader import load_layout
    from brief.typeset import breaking
    from brief.typeset import paragraph as paragraphs_module
    from brief.typeset.scripts import paragraph
    from brief.typeset.styles import resolve_styles

    style = resolve_styles(load_layout("default", ROOT), lang).paragraph("body")
    width = MEASURE_MM / 25.4 * 72
    greedy = paragraphs_module.total_fit_lines
    timings: dict[str, list[float]] = {"total fit": [], "greedy": []}
    for _ in range(runs):
        for name in timings:
            paragraphs_module.total_fit_lines = (lambda *a: None) if name == "greedy" else greedy
            breaking._hyphen_points.cache_clear()  # each run as a new process finds them
            start = time.perf_counter()
            for text in texts:
                paragraph(text, style).wrap(width, 1e6)
            timings[name].append((time.perf_counter() - start) / max(len(texts), 1))
    paragraphs_module.total_fit_lines = greedy
    fit, plain = (statistics.median(timings[k]) for k in ("total fit", "greedy"))
    return fit, fit / plain


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("articles", nargs="*", type=Path, default=list(DEFAULT))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for article in args.articles:
        lang, texts = paragraphs(article)
        with tempfile.TemporaryDirectory() as folder:
            folder = Path(folder)
            (folder / "b").mkdir()
            (folder / "t").mkdir()
            made = brief_pdf(lang, texts, folder / "b")
            rows.append({"article": article.name, **report("brief", made)})
            made = typst_pdf(lang, texts, folder / "t")
            rows.append({"article": article.name, **report("Typst", made)})
        seconds, ratio = breaking_cost(lang, texts, args.runs)
        rows[-2]["break ms/para"] = f"{seconds * 1000:.2f} ({ratio:.2f}× greedy)"
    keys = list(dict.fromkeys(k for row in rows for k in row))
    print("| " + " | ".join(keys) + " |")
    print("| " + " | ".join("---" for _ in keys) + " |")
    for row in rows:
        print("| " + " | ".join(str(row.get(k, "")) for k in keys) + " |")


if __name__ == "__main__":
    main()
