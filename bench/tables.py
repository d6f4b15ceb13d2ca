"""Table scale benchmark: time per row and peak memory for tables of 100 to 20,000 rows.

Run: ``python bench/tables.py`` (add ``--sizes 100 1000`` for a quicker run).

Each size renders in a fresh process, so peak memory is that render's own. The baseline,
measured in the same run, is a plain ReportLab ``Table`` with ``repeatRows=1`` and the same
fonts and cells, which re-measures the rest of the table at every page break; it is timed
up to 5,000 rows (beyond that it takes minutes). Ratios compare each time per row with the
1,000-row time per row of the same tool, so a flat line reads 1.0.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import WORDS  # bench/ is on the path when a benchmark runs as a script

ROOT = Path(__file__).resolve().parents[1]


def article(rows: int) -> str:
    lines = [
        "# Scale\n\nIntro.\n\n## Data\n\n| Region | Year | Tonnes | Comment |\n",
        "|---|---|---:|---|\n",
    ]
    for r in range(rows):
        comment = " ".join(WORDS[(r + k) % len(WORDS)] for k in range(3 + r % 9))
        lines.append(f"| Region {r} | {2000 + r % 25} | {r * 37 % 100000:,} | {comment} |\n")
    return "".join(lines)


def run_brief(rows: int) -> dict:
    from brief.api import render_brief

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "scale.md"
        source.write_text(article(rows), encoding="utf-8")
        started = time.perf_counter()
        result = render_brief(source, output_dir=Path(folder), project_dir=ROOT)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": result.pages}


def run_reportlab(rows: int) -> dict:
    """The baseline: ReportLab's own Table with the same fonts, cells and page size."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    fonts = ROOT / "fonts"
    pdfmetrics.registerFont(TTFont("Sans", str(fonts / "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("SansBold", str(fonts / "NotoSans-Bold.ttf")))
    body = ParagraphStyle("b", fontName="Sans", fontSize=8.5, leading=11.5)
    head = ParagraphStyle("h", parent=body, fontName="SansBold")
    data = [[Paragraph(c, head) for c in ("Region", "Year", "Tonnes", "Comment")]]
    for r in range(rows):
        comment = " ".join(WORDS[(r + k) % len(WORDS)] for k in range(3 + r % 9))
        data.append(
            [
                Paragraph(c, body)
                for c in (f"Region {r}", str(2000 + r % 25), f"{r * 37 % 100000:,}", comment)
            ]
        )
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        doc = SimpleDocTemplate(str(Path(folder) / "t.pdf"), pagesize=A4, initialFontName="Sans")
        doc.build(
            [
                Table(
                    data,
                    repeatRows=1,
                    colWidths=[90, 50, 70, 240],
                    style=[("FONT", (0, 0), (-1, -1), "Sans", 8.5)],
                )
            ]
        )
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "pages": doc.page}


def measure(tool: str, rows: int) -> dict:
    """Run one render in a child process and read its time and peak memory."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", tool, str(rows)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 20000])
    parser.add_argument("--one", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        tool, rows = args.one[0], int(args.one[1])
        figures = (run_brief if tool == "brief" else run_reportlab)(rows)
        figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps(figures))
        return
    results: dict[tuple[str, int], dict] = {}
    for rows in args.sizes:
        results["brief", rows] = measure("brief", rows)
        if rows <= 5000:
            results["reportlab", rows] = measure("reportlab", rows)
    print(
        f"{'tool':<10}{'rows':>7}{'pages':>7}{'seconds':>9}{'ms/row':>8}{'ratio':>7}{'peak MB':>9}"
    )
    for (tool, rows), figures in sorted(results.items()):
        per_row = figures["seconds"] / rows * 1000
        reference = results.get((tool, 1000))
        ratio = per_row / (reference["seconds"] / 1000 * 1000) if reference else float("nan")
        print(
            f"{tool:<10}{rows:>7}{figures['pages']:>7}{figures['seconds']:>9.2f}"
            f"{per_row:>8.3f}{ratio:>7.2f}{figures['peak_mb']:>9.0f}"
        )


if __name__ == "__main__":
    main()
