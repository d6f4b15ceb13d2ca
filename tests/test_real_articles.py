"""Real articles as their authors meant them: captions, titles, front matter, key points,
images that are not there and characters that are not text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf

from tests.conftest import REPO, pdf_pages_text

CORPUS = REPO / "tests" / "corpus"


def rendered(project: Path, run, name: str, *options: str) -> tuple[str, str]:
    shutil.copy(CORPUS / name, project / "sources" / name)
    result = run("render", f"sources/{name}", *options)
    assert result.exit_code == 0, result.stderr
    pdf = project / "output" / f"{Path(name).stem}.pdf"
    return " ".join(" ".join(pdf_pages_text(pdf)).split()), result.stderr


def test_an_authors_caption_is_the_caption_of_its_table_or_figure(project: Path, run) -> None:
    text, _ = rendered(project, run, "captions-and-titles.md")
    assert text.count("Applicable percentage by income band") == 1
    assert "Table 1: Applicable percentage by income band Band Share" in text
    assert text.count("Winners and losers by decile") == 1
    assert "Figure 1: Winners and losers by decile" in text
    assert "Figure 2: Malformed caption (2026)" in text
    assert "**" not in text


def test_title_subtitle_date_and_source_come_from_the_article(project: Path, run) -> None:
    text, _ = rendered(project, run, "captions-and-titles.md")
    pdf = project / "output" / "captions-and-titles.pdf"
    first = " ".join(pdf_pages_text(pdf)[0].split())
    assert first.startswith("Carbon tax and households How a carbon tax would change")
    assert "4 March 2026" in first
    with pikepdf.open(pdf) as document:
        assert str(document.docinfo["/Title"]) == "Carbon tax and households"
    assert "Source: the article Carbon tax and households (https://example.org/posts/" in text
    assert ".md" not in text.split("ABOUT THIS BRIEF")[-1]


def test_key_points_state_findings(project: Path, run) -> None:
    text, _ = rendered(project, run, "captions-and-titles.md")
    points = text.split("KEY POINTS", 1)[1].split("Summary", 1)[0]
    assert "A tax of £100 per tonne would raise 1.4% of household spending" in points
    assert "This article explores" not in points
    assert "regulations.md" not in points


def test_missing_and_undescribed_images_are_warnings(project: Path, run) -> None:
    text, warnings = rendered(project, run, "captions-and-titles.md")
    assert "/images/posts/uk-carbon-tax/carbon-tax-100.png" not in text  # a site's own path
    lines = warnings.strip().splitlines()
    assert any(
        line.startswith("sources/captions-and-titles.md:26: warning: image '/images/posts/")
        for line in lines
    ), lines
    assert any(
        line.startswith("sources/captions-and-titles.md:32: warning: image 'https://example.org/")
        and "has no description" in line
        for line in lines
    ), lines
    strict = run("render", "sources/captions-and-titles.md", "--strict")
    assert strict.exit_code == 1


def test_an_article_without_a_title_is_named_after_its_file_with_a_warning(
    project: Path, run
) -> None:
    (project / "sources" / "tariff-note.md").write_text(
        "## Background\n\nTariffs rose in 2025.\n\n## Effects\n\nPrices followed.\n"
    )
    result = run("render", "sources/tariff-note.md")
    assert result.exit_code == 0
    assert "warning: the article has no title" in result.stderr
    assert "using 'Tariff note' from the file name" in result.stderr
    first = pdf_pages_text(project / "output" / "tariff-note.pdf")[0]
    assert first.lstrip().startswith("Tariff note")


def test_characters_that_are_not_text_are_removed_with_a_warning(project: Path, run) -> None:
    text, warnings = rendered(project, run, "odd-characters.md")
    assert "sources/odd-characters.md:3: warning: removed 1 code point(s) that are not " in (
        warnings
    )
    assert "A noncharacter and a reference" in text


def test_spec_values_that_xml_cannot_carry_never_break_the_story(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace('title = "', 'title = "Bad \\uFFFF \\u0001 ', 1),
        encoding="utf-8",
    )
    result = run("render")
    assert result.exit_code == 0, result.stderr
