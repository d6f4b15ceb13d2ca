"""The floor: a minimal hand-written ReportLab script that typesets an article as brief does.

Run: ``python bench/floor.py ARTICLE OUT.pdf``. It registers the same Noto Serif and Noto
Sans faces, reads the plain-text article with the simplest rules that work for the bundled one
(short lines without a full stop are headings, ``- `` lines are bullets, ``|`` lines are table
rows), and sets it on A4 with a title band, justified and hyphenated body text, bullet lists,
tables with a repeated header row, and a running header and page-numbered footer. No parsing
library, no validation, no templates: what is left is ReportLab's own work, the cost below
which brief cannot go.
"""

from __future__ import annotations

import sys
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    LongTable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus.flowables import KeepTogether

FONTS = Path(__file__).resolve().parents[1] / "fonts"
NAVY = colors.HexColor("#15325b")


def register_fonts() -> None:
    for family in ("NotoSerif", "NotoSans"):
        faces = {
            (0, 0): "Regular",
            (1, 0): "Bold",
            (0, 1): "Italic",
            (1, 1): "BoldItalic",
        }
        for (bold, italic), face in faces.items():
            pdfmetrics.registerFont(TTFont(f"{family}-{face}", str(FONTS / f"{family}-{face}.ttf")))
            addMapping(f"{family}-Regular", bold, italic, f"{family}-{face}")


def styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body",
        fontName="NotoSerif-Regular",
        fontSize=10.5,
        leading=15,
        alignment=TA_JUSTIFY,
        spaceAfter=6,
        hyphenationLang="en_GB",
        allowWidows=0,
        allowOrphans=0,
    )
    return {
        "body": body,
        "heading": ParagraphStyle(
            "heading",
            fontName="NotoSans-Bold",
            fontSize=15,
            leading=19,
            textColor=NAVY,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        "item": ParagraphStyle("item", parent=body, alignment=0, spaceAfter=3),
        "cell": ParagraphStyle("cell", fontName="NotoSans-Regular", fontSize=8.5, leading=11),
        "head": ParagraphStyle("head", fontName="NotoSans-Bold", fontSize=8.5, leading=11),
    }


def escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def story(text: str, style: dict[str, ParagraphStyle]) -> list:
    flowables: list = []
    bullets: list = []
    rows: list[list[str]] = []

    def flush() -> None:
        if bullets:
            flowables.append(ListFlowable(bullets[:], bulletType="bullet", leftIndent=14))
            bullets.clear()
        if rows:
            header, *body = [r for r in rows if not set("".join(r)) <= set("-: ")]
            data = [[Paragraph(escape(c), style["head"]) for c in header]]
            data += [[Paragraph(escape(c), style["cell"]) for c in row] for row in body]
            # Wider columns for longer cells (the square root keeps short ones readable).
            longest = [
                max(len(row[i]) for row in [header, *body]) ** 0.5 for i in range(len(header))
            ]
            width = A4[0] - 48 * mm
            table = LongTable(
                data, colWidths=[width * n / sum(longest) for n in longest], repeatRows=1
            )
            table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.lightgrey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            flowables.append(table)
            rows.clear()

    for line in (raw.strip() for raw in text.splitlines()):
        if not line:
            continue
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip("|").split("|")])
            continue
        if line.startswith("- "):
            label, _, rest = line[2:].partition(":")
            markup = f"<b>{escape(label)}:</b>{escape(rest)}" if rest else escape(label)
            bullets.append(ListItem(Paragraph(markup, style["item"])))
            continue
        flush()
        if len(line) < 120 and not line.endswith((".", ":", "?", "!")):
            flowables.append(KeepTogether([Paragraph(escape(line), style["heading"])]))
        else:
            flowables.append(Paragraph(escape(line), style["body"]))
    flush()
    return flowables


def build(article: Path, output: Path, register: bool = True) -> int:
    if register:
        register_fonts()
    style = styles()
    text = article.read_text(encoding="utf-8")
    title = "Belarus at the SCO Summit"

    def first_page(canvas, doc) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFillColor(NAVY)
        canvas.rect(0, height - 70 * mm, width, 70 * mm, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setFont("NotoSans-Bold", 26)
        canvas.drawString(24 * mm, height - 45 * mm, title)
        canvas.restoreState()

    def later_pages(canvas, doc) -> None:
        width, height = A4
        canvas.saveState()
        canvas.setFont("NotoSans-Regular", 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(24 * mm, height - 16 * mm, title)
        canvas.drawRightString(width - 24 * mm, 14 * mm, f"Page {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(output),
        pagesize=A4,
        leftMargin=24 * mm,
        rightMargin=24 * mm,
        topMargin=24 * mm,
        bottomMargin=24 * mm,
        title=title,
    )
    flowables = [Spacer(1, 55 * mm), *story(text, style)]
    doc.build(flowables, onFirstPage=first_page, onLaterPages=later_pages)
    return doc.page


if __name__ == "__main__":
    pages = build(Path(sys.argv[1]), Path(sys.argv[2]))
    print(pages)
