"""Tables of every kind render completely, inside the page, with headers and captions."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brief.api import render_brief
from brief.typeset.tables import PagedTable, TableContent
from brief.typeset.tables.columns import share as _share

from .conftest import WORDS, squash, text_edges

A4_WIDTH, A4_HEIGHT = 595.2756, 841.8898
MARGIN = text_edges()[0]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def torture_article() -> str:
    rng = random.Random(7)
    parts = [
        "# Table Torture\n\nIntro paragraph.\n\n## Narrow\n\n| A | B |\n|---|---|\n"
        "| 1 | x |\n| 2 | y |\n\n## Nine columns\n\n"
        "| Country | 2019 | 2020 | 2021 | 2022 | 2023 | 2024 | Change | Notes |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    ]
    for country in ("Belarus", "Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan"):
        numbers = " | ".join(f"{rng.randint(1000, 99999):,}" for _ in range(6))
        parts.append(
            f"| {country} | {numbers} | {rng.uniform(-9, 9):+.1f}% | {sentence(rng, 6)} |\n"
        )
    parts.append("\nSource: National statistics offices.\n\n## Twelve wide columns\n\n")
    parts.append("| " + " | ".join(f"Indicator{i}Longname" for i in range(12)) + " |\n")
    parts.append("|" + "---|" * 12 + "\n")
    for r in range(6):
        parts.append("| " + " | ".join(f"V{r}x{i}Verylongtokenvalue" for i in range(12)) + " |\n")
    parts.append("\n## Long cells\n\n| Topic | Discussion |\n|---|---|\n")
    parts.extend(f"| Topic {r} | {sentence(rng, 120)} |\n" for r in range(4))
    parts.append(
        f"\n## Giant cell\n\n| Item | Text |\n|---|---|\n| Huge | {sentence(rng, 5000)} "
        "|\n| After | short |\n"
    )
    parts.append(
        "\n## Long table\n\n| Region | Year | Tonnes | Link |\n|---|---|---:|---|\n"
        "| Unit | year | t | address |\n"
    )
    for r in range(300):
        parts.append(
            f"| Region {r} | {2000 + r % 25} | {rng.randint(1, 10**6):,} | "
            f"https://example.org/data/series/{r}/a-very-long-path-without-breaks |\n"
        )
    parts.append("\n## Conclusion\n\nDone.\n")
    return "".join(parts)


@pytest.fixture(scope="module")
def torture(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("torture")
    (folder / "sources").mkdir()
    (folder / "briefs").mkdir()
    text = torture_article()
    (folder / "sources" / "tables.md").write_text(text, encoding="utf-8")
    (folder / "briefs" / "tables.toml").write_text(
        'source = "../sources/tables.md"\ndate = 2026-01-01\nlist_of_tables = true\n'
        "contents = true\n"
        '[[tables]]\nnumber = 6\nheader_rows = 2\ncaption = "A long table with two header rows"\n',
        encoding="utf-8",
    )
    result = render_brief(folder / "briefs" / "tables.toml", output_dir=folder, project_dir=folder)
    pdf = pdfium.PdfDocument(result.output)
    pages = []
    for page in pdf:
        textpage = page.get_textpage()
        boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
        pages.append({"text": textpage.get_text_range(), "size": page.get_size(), "boxes": boxes})
    return {"source": text, "pages": pages}


def page_with(torture: dict, text: str) -> int:
    """The first page after the title page (which lists contents) holding *text*."""
    return next(i for i, p in enumerate(torture["pages"]) if text in p["text"] and i > 0)


def test_every_cell_is_in_the_pdf(torture: dict) -> None:
    everything = squash("".join(p["text"] for p in torture["pages"]))
    cells = []
    for line in torture["source"].splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            cells.extend(c.strip() for c in line.strip("|").split("|"))
    assert len(cells) > 1300
    long_cells = [c for c in cells if len(c.split()) > 200]
    short_cells = [c for c in cells if c not in long_cells and c and not set(c) <= set("-:")]
    assert [c for c in short_cells if squash(c) not in everything] == []
    # A cell longer than a page is interrupted by footers and repeated headers: its words
    # must all be there, in order.
    words = iter(" ".join(p["text"] for p in torture["pages"]).split())
    for cell in long_cells:
        assert all(any(w == pdf_word for pdf_word in words) for w in cell.split())


def test_all_text_is_inside_the_page_and_the_side_margins(torture: dict) -> None:
    for number, page in enumerate(torture["pages"], start=1):
        width, height = page["size"]
        for left, bottom, right, top in page["boxes"]:
            if right - left <= 0:
                continue  # spaces and line ends
            assert left >= MARGIN - 1 and right <= width - MARGIN + 1, number
            assert bottom >= 0 and top <= height, number


def test_numbers_are_right_aligned(torture: dict) -> None:
    page = torture["pages"][page_with(torture, "Nine columns")]
    text = page["text"]
    right_edges = []
    for value in ("Change",):
        assert value in text
    # The right edges of the 'Change' column values line up.
    for line in text.splitlines():
        for token in line.split():
            if token.endswith("%") and token[0] in "+-":
                start = text.index(token)
                right_edges.append(round(page["boxes"][start + len(token) - 1][2], 1))
    assert len(right_edges) == 5
    assert max(right_edges) - min(right_edges) < 0.5


def test_source_line_becomes_the_table_note(torture: dict) -> None:
    text = torture["pages"][page_with(torture, "Nine columns")]["text"]
    assert "Source: National statistics offices." in text
    assert text.index("Source: National statistics") > text.index("Tajikistan")


def test_wide_table_goes_on_a_landscape_page_with_its_heading(torture: dict) -> None:
    index = page_with(torture, "Indicator0")
    page = torture["pages"][index]
    width, height = page["size"]
    assert width > height
    assert "Twelve wide columns" in page["text"]  # the heading went with the table
    assert "Page " in page["text"] and "Table Torture" in page["text"]  # header and footer
    before, after = torture["pages"][index - 1], torture["pages"][index + 1]
    assert before["size"][0] < before["size"][1] and after["size"][0] < after["size"][1]
    assert "Twelve wide columns" not in before["text"]


def test_giant_cell_is_split_across_pages(torture: dict) -> None:
    first = page_with(torture, "Table 5: Giant cell")
    continued = [i for i, p in enumerate(torture["pages"]) if "Table 5 (continued)" in p["text"]]
    assert "5 Giant cell" in torture["pages"][first]["text"]
    assert len(continued) >= 3
    assert continued == list(range(first + 1, first + 1 + len(continued)))
    for index in continued:
        assert "Item" in torture["pages"][index]["text"]  # the header is repeated


def test_long_table_repeats_both_header_rows_and_never_leaves_a_header_alone(torture) -> None:
    first = page_with(torture, "Table 6: A long table with two header rows")
    pages = [p for p in torture["pages"][first:] if "Table 6" in p["text"]]
    assert len(pages) >= 4
    for page in pages[1:]:
        text = page["text"]
        assert "Table 6 (continued)" in text
        assert "Region\r\n" in text or "Region " in text
        assert "Unit" in text and "address" in text  # the second header row
        assert re.search(r"Region \d+ \d{4}", text)  # body rows follow the header
    assert "Region 299" in pages[-1]["text"]


def test_share_gives_narrow_columns_their_preferred_width() -> None:
    widths, fits = _share(400, [30, 60], [40, 4000], [None, None])
    assert fits and widths[0] == 40 and abs(sum(widths) - 400) < 1e-6


def test_share_honours_fixed_widths() -> None:
    widths, fits = _share(400, [20, 20, 20], [50, 50, 50], [100.0, None, 120.0])
    assert widths[0] == 100 and widths[2] == 120 and abs(widths[1] - 180) < 1e-6 and fits


def test_spec_widths_are_used(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text(
        spec.read_text().replace(
            'caption = "Sectors for', 'widths = ["60%", "*"]\ncaption = "Sectors for'
        )
    )
    assert run("render").exit_code == 0
    pdf = pdfium.PdfDocument(project / "output" / "belarus-sco-tianjin.pdf")
    for page in pdf:
        textpage = page.get_textpage()
        text = textpage.get_text_range()
        if "Sector" in text and "Potential Collaboration" in text:
            start = text.index("Potential Collaboration")
            left = textpage.get_charbox(start)[0]
            frame_width = A4_WIDTH - 2 * MARGIN
            assert abs(left - (MARGIN + 0.6 * frame_width + 4.5)) < 1.5
            return
    raise AssertionError("table 2 not found")


def test_spec_widths_errors(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text(
        spec.read_text().replace(
            'caption = "Sectors for',
            'widths = ["60 furlongs", "1", "2"]\nheader_rows = 9\ncaption = "Sectors for',
        )
    )
    result = run("check")
    assert result.stderr.splitlines() == [
        "briefs/belarus-sco-tianjin.toml:tables[2].widths: 3 widths given for a table of 2 columns",
        "briefs/belarus-sco-tianjin.toml:tables[2].widths[1]: '60 furlongs' is not a length, a "
        "percentage or '*'",
        "briefs/belarus-sco-tianjin.toml:tables[2].header_rows: the table has 5 rows; at least "
        "one must stay a body row",
    ]


def test_twenty_thousand_rows(tmp_path: Path) -> None:
    rows = "".join(f"| R{r} | {r * 7 % 1000:,} |\n" for r in range(20000))
    source = tmp_path / "big.md"
    source.write_text(f"# Big\n\nIntro.\n\n## Data\n\n| Row | Value |\n|---|---:|\n{rows}")
    result = render_brief(source, output_dir=tmp_path, project_dir=tmp_path)
    pdf = pdfium.PdfDocument(result.output)
    assert len(pdf) == result.pages > 200
    seen: list[str] = []
    for index in range(len(pdf)):
        text = pdf[index].get_textpage().get_text_range()
        rows_here = [t for t in text.split() if t.startswith("R") and t[1:].isdigit()]
        if rows_here:
            assert "Row" in text and "Value" in text, index  # the header on every page
            assert "Table 1: Data" in text or "Table 1 (continued)" in text, index
        seen.extend(rows_here)
    assert seen == [f"R{r}" for r in range(20000)]  # every row once, in order


def test_plan_steps_the_font_down_before_turning_the_page(project: Path) -> None:
    from brief.layout.loader import load_layout
    from brief.typeset.styles import resolve_styles

    styles = resolve_styles(load_layout("default", project))
    header = [f"Col{i}" for i in range(9)]
    rows = [[f"{i * 1000:,}" for i in range(9)] for _ in range(3)]
    table = PagedTable(TableContent([header], rows), styles, 700)
    size, _widths, fits = table.plan(styles.frame_size()[0])
    assert fits and size <= styles.style.table.size
    wide = PagedTable(
        TableContent([[f"Column{i}Verylongname" for i in range(12)]], []), styles, 700
    )
    assert not wide.fits_width(styles.frame_size()[0])
    assert wide.plan(styles.frame_size()[0])[0] == styles.style.table.min_size


def test_every_heading_shares_its_page_with_its_table(torture: dict) -> None:
    for number, heading in enumerate(
        ["Narrow", "Nine columns", "Twelve wide columns", "Long cells", "Giant cell", "Long table"],
        start=1,
    ):
        index = page_with(torture, f"{number} {heading}\r\n") if number > 1 else 0
        assert f"Table {number}: " in torture["pages"][index]["text"], heading


def test_contents_and_list_of_tables_give_the_right_pages(torture: dict) -> None:
    first = torture["pages"][0]["text"]
    # Each entry reads as its title, then its leaders and page (on the same line or the next).
    entries = re.findall(r"^(Table \d+: [^.\r\n]+?)\s*[. ]+(\d+)\r?$", first, re.MULTILINE)
    assert len(entries) == 6
    for caption, page in entries:
        assert caption in torture["pages"][int(page) - 1]["text"], caption
    sections = re.findall(r"^(\d\. [^.\r\n]+?)\s*[. ]+(\d+)\r?$", first, re.MULTILINE)
    assert [s[0] for s in sections][:2] == ["1. Narrow", "2. Nine columns"]
    for title, page in sections:
        number, heading = title.split(". ", 1)
        assert f"{number} {heading}" in torture["pages"][int(page) - 1]["text"], title
    assert "Contents . ." not in first and "Tables . ." not in first


def test_small_tables_keep_close_to_their_natural_width() -> None:
    widths, _ = _share(400, [10, 10], [30, 30], [None, None])
    assert widths == [45.0, 45.0]
    widths, _ = _share(400, [10, 10], [150, 150], [None, None])
    assert widths == [200.0, 200.0]


@pytest.mark.parametrize("words", range(60, 140, 7))
def test_a_cut_row_never_leaves_a_one_line_fragment(words: int) -> None:
    """A row taller than its share of a page is cut between lines; no piece is a single line
    (which would stand alone under the caption and header on a page of its own)."""
    from reportlab.lib.styles import ParagraphStyle

    from brief.typeset.tables.parts import cut_row as _cut_row

    style = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)
    text = " ".join(["cooperation"] * words)
    pieces = _cut_row([text, "short"], [style, style], [150.0, 80.0], 3.0, 4 * 11.0)
    heights = [height for _, height in pieces]
    assert len(pieces) >= 2
    assert all(height >= 2 * 11 - 0.01 for height in heights), heights


def test_rows_with_a_leading_pipe_continue_a_table_written_without_outer_pipes() -> None:
    """``A | B`` / ``---|---`` / ``1 | 2`` / ``| x | 3``: one table, as markdown-it reads it;
    no separator row is added before ``| x | 3`` (it printed as a row of dashes)."""
    from brief.source.reader import parse_article

    article = parse_article(
        "Intro.\n\nA | B\n---|---\n1 | 2\n| x | 3\n| y | 4\n\n| P | Q |\n| 1 | 2 |\n",
        markdown=True,
    )
    first, second = (b for b in article.lede if b.kind == "table")
    assert first.header == ["A", "B"] and first.rows == [["1", "2"], ["x", "3"], ["y", "4"]]
    assert second.header == ["P", "Q"] and second.rows == [["1", "2"]]


def test_a_caption_line_right_under_a_table_is_its_caption_not_a_row() -> None:
    from brief.source.reader import parse_article

    article = parse_article(
        "Intro.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n*Tabelle 1: Ergebnisse der Wahl*\n\nNext.\n",
        markdown=True,
    )
    (table,) = (b for b in article.lede if b.kind == "table")
    assert table.rows == [["1", "2"]] and table.caption == "Ergebnisse der Wahl"
