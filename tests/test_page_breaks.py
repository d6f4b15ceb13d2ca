"""Page-break quality over a long article: no heading ends a page, no introducing sentence is
left behind by the list or table it introduces, no paragraph leaves a single line behind."""

from __future__ import annotations

import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brief.api import render_brief

from .conftest import WORDS


def long_article(seed: int) -> tuple[str, list[str]]:
    rng = random.Random(seed)
    parts, headings = ["# Long Brief\n\nAn opening paragraph.\n"], []
    for number in range(1, 19):
        heading = f"Section {number} on {rng.choice(WORDS).title()} Matters"
        headings.append(heading)
        parts.append(f"\n## {heading}\n")
        if number % 5 == 0:  # a heading directly followed by a sentence introducing a list
            parts.append("\nThe section opens with these points:\n\n")
            parts.extend(
                f"- Opening {k}: {' '.join(rng.choice(WORDS) for _ in range(9))}.\n"
                for k in range(rng.randint(4, 7))
            )
        for _ in range(rng.randint(1, 4)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(20, 140))]
            parts.append("\n" + " ".join(words).capitalize() + ".\n")
        if number % 3 == 0:
            parts.append("\nThe main points are as follows:\n\n")
            parts.extend(
                f"- Point {k}: {' '.join(rng.choice(WORDS) for _ in range(8))}.\n"
                for k in range(rng.randint(3, 6))
            )
        if number % 4 == 0:
            parts.append("\nThe figures were these:\n\n| Year | Value |\n|---|---:|\n")
            parts.extend(f"| {2000 + k} | {rng.randint(1, 999):,} |\n" for k in range(8))
    parts.append("\n## Conclusion\n\nThat is all.\n")
    return "".join(parts), headings


def page_lines(pdf: Path) -> list[list[str]]:
    """Each page's text lines, without the running header and footer."""
    pages = []
    for page in pdfium.PdfDocument(pdf):
        lines = [line.strip() for line in page.get_textpage().get_text_range().splitlines()]
        lines = [
            line for line in lines if line and not line.startswith("Page ") and line != "Long Brief"
        ]
        pages.append(lines)
    return pages


# Without the keep-together rules, these seeds leave introductions behind in every layout.
CASES = [(layout, seed) for layout in ("default", "summary", "report") for seed in (11, 12, 13)]


@pytest.fixture(scope="module", params=CASES, ids=lambda case: f"{case[0]}-{case[1]}")
def rendered(request, tmp_path_factory) -> tuple[list[list[str]], list[str]]:
    layout, seed = request.param
    folder = tmp_path_factory.mktemp(f"{layout}{seed}")
    text, headings = long_article(seed=seed)
    source = folder / "long.md"
    source.write_text(text, encoding="utf-8")
    result = render_brief(source, output_dir=folder, layout=layout, project_dir=folder)
    return page_lines(result.output), headings


def test_no_heading_ends_a_page(rendered) -> None:
    pages, headings = rendered
    assert len(pages) >= 4
    for number, lines in enumerate(pages[:-1], start=1):
        last = lines[-1].lower()
        assert not any(last.endswith(h.lower()) or h.lower().startswith(last) for h in headings), (
            number,
            lines[-1],
        )


def test_no_introduction_is_left_behind(rendered) -> None:
    pages, _ = rendered
    for number, lines in enumerate(pages[:-1], start=1):
        assert not lines[-1].endswith(("as follows:", "were these:", "these points:")), (
            number,
            lines[-1],
        )


@pytest.mark.parametrize("layout", ["default", "summary", "report"])
def test_the_bundled_brief_has_no_heading_at_the_foot_of_a_page(layout: str, tmp_path) -> None:
    from brief.compose.merge import load_brief

    from .conftest import BUNDLED_SPEC, REPO

    _, brief = load_brief(BUNDLED_SPEC, project_dir=REPO)
    headings = [s.heading.lower() for s in brief.sections]
    headings += ["summary", "executive summary", "key points", "recommendations", "conclusion"]
    result = render_brief(BUNDLED_SPEC, output_dir=tmp_path, layout=layout, project_dir=REPO)
    for number, lines in enumerate(page_lines(result.output)[:-1], start=1):
        last = lines[-1].lower().lstrip("0123456789 ")
        assert not any(h.endswith(last) for h in headings), (number, lines[-1])


def test_a_heading_takes_only_the_start_of_what_follows_with_it() -> None:
    """A heading kept with a list that does not fit the rest of the page: the heading and the
    list's first items stay on the page, the rest goes on; the whole group moves on only when
    not even the first part fits (a blank third of a page, as under "could include:")."""
    import io

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import FrameBreak, ListFlowable, ListItem

    from brief.typeset.keeping import KeepWithNext
    from brief.typeset.paragraph import Paragraph

    style = ParagraphStyle("p", fontSize=10, leading=14)
    heading = Paragraph("A heading kept with the list", style)
    items = [ListItem(Paragraph(f"Item {n} of the list.", style)) for n in range(1, 11)]
    group = KeepWithNext([heading, ListFlowable(items, bulletType="1")])
    canvas = Canvas(io.BytesIO())
    group.canv = canvas
    group._frame = None
    parts = group.splitOn(canvas, 300, 14 * 5)  # the heading and about four items
    assert parts[0] is heading
    assert not any(isinstance(part, type(FrameBreak)) for part in parts)
    assert len(parts) > 2  # the heading, then the list in parts (ReportLab's: its items)
    moved = KeepWithNext([Paragraph("A heading", style), ListFlowable(items, bulletType="1")])
    moved.canv = canvas
    moved._frame = None
    assert isinstance(moved.splitOn(canvas, 300, 14)[0], type(FrameBreak))  # the heading only fits
