"""The running header: a long title cut between words, with an ellipsis; `brief new`
proposing a short title for it."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium

from brief.api import render_brief
from brief.compose.draft import short_title

from .readers import read_with_pdfium

TITLE = (
    "Heating the Baltic Capitals After the Energy Crisis: District Heating, Heat Pumps and "
    "the Price of Gas in Tallinn, Riga and Vilnius"
)


def header_line(pdf: Path, page: int) -> str:
    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].get_textpage().get_text_range().splitlines()[0].strip()
    finally:
        document.close()


def test_a_long_title_is_cut_between_words_in_the_running_header(tmp_path: Path) -> None:
    body = "\n\n".join(
        f"## Part {n}\n\n" + "Heat demand falls as buildings improve. " * 60 for n in range(3)
    )
    article = tmp_path / "sources" / "heat.md"
    article.parent.mkdir()
    article.write_text(f"---\ntitle: {json.dumps(TITLE)}\n---\n\n{body}\n", encoding="utf-8")
    result = render_brief(article, project_dir=tmp_path, warnings=[])
    line = header_line(result.output, 1)
    assert line.endswith("…")
    kept = line.removesuffix("…").rstrip()
    assert TITLE.startswith(kept) and TITLE[len(kept)] in " :"  # a whole word, then the cut
    assert len(kept) > 20


def test_brief_new_proposes_a_short_title_for_a_long_one() -> None:
    assert short_title(TITLE) == "Heating the Baltic Capitals After the Energy Crisis"
    assert short_title("District heating in the Baltic capitals") is None
    long_without_colon = (
        "Heat pumps and district heating in the Baltic states after the crisis of 2022"
    )
    shortened = short_title(long_without_colon)
    assert shortened and long_without_colon.startswith(shortened) and len(shortened) <= 45


def test_a_lead_in_keeps_the_authors_colon_and_case(tmp_path: Path) -> None:
    article = tmp_path / "sources" / "fr.md"
    article.parent.mkdir()
    article.write_text(
        "---\nlang: fr\ntitle: Le chauffage urbain\n---\n\n## Contexte\n\n"
        "La demande de chaleur baisse à mesure que les bâtiments sont rénovés.\n\n"
        "## Recommandations\n\n- Encadrement : étendre les aides aux pompes à chaleur.\n"
        "- Tarifs : publier les prix chaque trimestre.\n\n## Conclusion\n\nLa chaleur coûte.\n",
        encoding="utf-8",
    )
    text = read_with_pdfium(render_brief(article, project_dir=tmp_path, warnings=[]).output).text
    flat = " ".join(text.replace("\u00a0", " ").split())
    assert "Encadrement : étendre les aides" in flat  # not "Encadrement. étendre"
    assert "Encadrement." not in flat


def test_the_report_back_page_has_no_running_header_nor_page_number(tmp_path: Path) -> None:
    from .conftest import BUNDLED_SPEC

    result = render_brief(BUNDLED_SPEC, output_file=tmp_path / "r.pdf", layout="report")
    document = pdfium.PdfDocument(result.output)
    try:
        pages = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    total = len(pages)
    assert f"Page {total - 1} of {total}" in pages[-2]  # the page before has its footer
    assert "Page" not in pages[-1] and "Belarus at the SCO" not in pages[-1].splitlines()[0]


def test_a_contents_entry_that_turns_over_hangs(tmp_path: Path) -> None:
    article = tmp_path / "sources" / "toc.md"
    article.parent.mkdir()
    long = (
        "A very long section heading that certainly runs onto a second line of the page of contents"
    )
    article.write_text(f"# Contents test\n\n## {long}\n\nText.\n\n## Short\n\nText.\n", "utf-8")
    result = render_brief(article, project_dir=tmp_path, layout="report", warnings=[])
    document = pdfium.PdfDocument(result.output)
    try:
        textpage = document[1].get_textpage()
        text = textpage.get_text_range()
        first = text.rindex("1", 0, text.index("A very"))  # the entry starts with its number
        second = text.index("\n", text.index("A very")) + 1  # the turnover line's first letter
        boxes = [textpage.get_charbox(i) for i in (first, second, text.index("Short"))]
        boxes[2] = textpage.get_charbox(text.rindex("2", 0, text.index("Short")))
        left = [box[0] for box in boxes]
    finally:
        document.close()
    assert boxes[1][1] < boxes[0][1] - 5  # the entry turns over: its rest a line lower
    assert left[1] > left[0] + 8  # its second line is indented
    assert abs(left[2] - left[0]) < 1  # the next entry starts where the first did


def test_the_title_and_the_box_labels_are_headings_a_screen_reader_jumps_to(tmp_path) -> None:
    from .conftest import BUNDLED_SPEC
    from .structure import read

    first_box = {"default": "KEY POINTS", "report": None, "summary": "AT A GLANCE"}
    for layout, label in first_box.items():
        result = render_brief(BUNDLED_SPEC, output_file=tmp_path / f"{layout}.pdf", layout=layout)
        elements = [e for e in read(result.output).root.walk() if e.role in ("H1", "H2", "H3")]
        headings = [(e.role, " ".join(e.all_text().split())) for e in elements]
        assert headings[0] == ("H1", "Belarus at the SCO Summit in Tianjin"), layout
        if label:
            assert headings[1][0] == "H2" and headings[1][1].upper() == label, layout


def test_a_heading_too_long_for_capitals_keeps_its_case(tmp_path: Path) -> None:
    long = "A considerably longer heading that in capitals would run past two lines of the column"
    article = tmp_path / "sources" / "caps.md"
    article.parent.mkdir()
    article.write_text(f"# Caps\n\n## Short heading\n\nText.\n\n## {long}\n\nMore.\n", "utf-8")
    result = render_brief(article, project_dir=tmp_path, layout="summary", warnings=[])
    document = pdfium.PdfDocument(result.output)
    text = " ".join(" ".join(page.get_textpage().get_text_range().split()) for page in document)
    document.close()
    assert "SHORT HEADING" in text  # the layout's capitals where they fit
    assert long in text  # as typed where capitals would run to three lines


def test_a_title_ending_a_sentence_gets_no_second_full_stop(tmp_path: Path) -> None:
    article = tmp_path / "sources" / "q.md"
    article.parent.mkdir()
    article.write_text('---\ntitle: "Is the recovery over?"\n---\n\n## A\n\nText.\n', "utf-8")
    for layout in ("default", "report", "summary"):
        result = render_brief(article, project_dir=tmp_path, layout=layout, warnings=[])
        text = " ".join(read_with_pdfium(result.output).text.split())
        assert "recovery over? " in text and "over?." not in text, layout
