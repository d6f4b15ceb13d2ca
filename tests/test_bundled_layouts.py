"""The three bundled layouts, the layout commands, and what a child layout changes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from brief.audit import audit
from brief.layout.loader import builtin_layouts_dir
from tests.readers import rasterise

from .conftest import BUNDLED_SPEC, REPO, child_layout, pdf_pages_text
from .corpus.regenerate import CORPUS

LAYOUTS = ["default", "summary", "report"]


BUILTIN = builtin_layouts_dir()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    "source",
    [BUNDLED_SPEC, CORPUS / "markdown-full.md", CORPUS / "tables.md", CORPUS / "german.md"],
    ids=lambda p: p.name,
)
def test_every_layout_renders_every_brief_completely(
    layout: str, source: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    project = REPO if source == BUNDLED_SPEC else CORPUS
    result = audit(source, layout=layout, project_dir=project)
    assert result.missing == []


def render(layout: str, tmp_path: Path) -> Path:
    from brief.api import render_brief

    return render_brief(
        BUNDLED_SPEC, output_dir=tmp_path / layout, layout=layout, project_dir=REPO
    ).output


def test_summary_is_two_letter_pages_in_two_columns(tmp_path: Path) -> None:
    pdf = pdfium.PdfDocument(render("summary", tmp_path))
    assert len(pdf) == 2
    assert pdf[0].get_size() == (612, 792)
    textpage = pdf[1].get_textpage()
    lefts = {
        round(textpage.get_charbox(i)[0])
        for i in range(textpage.count_chars())
        if not textpage.get_text_range(i, 1).isspace()  # a space at a line's end has no ink
    }
    margin, gap = 0.6 * 72, 0.28 * 72
    column = (612 - 2 * margin - gap) / 2
    second = margin + column + gap
    assert any(abs(x - margin) < 2 for x in lefts) and any(abs(x - second) < 2 for x in lefts)
    assert all(x < margin + column + 1 or x > second - 1 for x in lefts)  # nothing in the gap


def test_summary_opens_with_key_points_and_recommendations(tmp_path: Path) -> None:
    first = " ".join(pdf_pages_text(render("summary", tmp_path))[0].split())
    assert first.index("AT A GLANCE") < first.index("RECOMMENDATIONS") < first.index("SUMMARY")


def test_report_has_cover_contents_chapters_and_back_page(tmp_path: Path) -> None:
    path = render("report", tmp_path)
    pages = pdf_pages_text(path)
    cover = " ".join(pages[0].split())
    assert "Belarus at the SCO Summit in Tianjin" in cover and "Page" not in cover
    assert "Contents" in pages[1] and "Tables" in pages[1]
    assert "Table 1: Strategic outcomes of Belarus's participation in the SCO" in pages[1]
    assert any("CHAPTER 1" in page for page in pages)
    assert "How to cite:" in pages[-1] and "do not necessarily reflect" in pages[-1]
    image = rasterise(path, scale=0.5)
    width, height = image.size
    for point in ((2, 2), (width - 3, height - 3), (width // 2, height - 3)):
        assert image.getpixel(point) == (0x5C, 0x1A, 0x33)  # the cover is one full bleed
    page = PdfReader(path).pages[0]
    assert not page.images  # the logo is drawn as vectors, not pasted as a picture


def test_three_layouts_look_different(tmp_path: Path) -> None:
    corners = set()
    for layout in LAYOUTS:
        image = rasterise(render(layout, tmp_path), scale=0.3)
        corners.add(image.getpixel((3, 3)))
    assert len(corners) == 3


def test_layouts_command_lists_origin_and_parent(project: Path, run) -> None:
    assert run("layout", "new", "house", "--from", "report").exit_code == 0
    lines = run("layouts").stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["default", "house", "report", "summary"]
    assert lines[1].startswith("house          project, extends report  (layouts/house)")
    assert lines[2].startswith("report         built-in, extends default")


def test_layout_new_creates_a_working_layout(project: Path, run) -> None:
    result = run("layout", "new", "house")
    assert result.stdout == (
        "created layouts/house/ (extends default); render with brief render --layout house\n"
    )
    style = (project / "layouts" / "house" / "style.toml").read_text()
    assert style.splitlines()[2] == 'extends = "default"'
    assert run("render", "--layout", "house").exit_code == 0
    again = run("layout", "new", "house")
    assert again.exit_code == 1
    assert again.stderr == "layouts/house: already exists; choose another name\n"
    bad = run("layout", "new", "x", "--from", "nowhere")
    assert bad.stderr.startswith("unknown layout 'nowhere'; available layouts: default, house")


def test_a_child_layout_differs_in_exactly_its_changes(project: Path, run) -> None:
    """One colour and one block changed: the same pages and text but for that block, and the
    new colour where the old one was."""
    assert run("render", "-o", "parent").exit_code == 0
    assert run("layout", "new", "house").exit_code == 0
    folder = child_layout(project, "house", '[colors]\nprimary = "#2a6f2a"\n')
    (folder / "brief.xml.j2").write_text(
        '{% extends "default/brief.xml.j2" %}\n{% from "blocks.xml.j2" import render_block %}\n'
        '{% block conclusion %}<heading level="1">Our assessment</heading>\n'
        "{% for b in brief.conclusion.blocks %}{{ render_block(b) }}{% endfor %}{% endblock %}\n"
    )
    assert run("render", "--layout", "house", "-o", "child").exit_code == 0
    parent = pdf_pages_text(project / "parent" / "belarus-sco-tianjin.pdf")
    child = pdf_pages_text(project / "child" / "belarus-sco-tianjin.pdf")
    assert len(parent) == len(child)
    changed = [(a, b) for a, b in zip(parent, child, strict=True) if a != b]
    assert len(changed) == 1
    before, after = changed[0]
    assert before.replace("Conclusion\n", "Our assessment\n") == after
    for pdf, colour in (("parent", (0x14, 0x36, 0x5D)), ("child", (0x2A, 0x6F, 0x2A))):
        image = rasterise(project / pdf / "belarus-sco-tianjin.pdf", scale=0.5)
        assert image.getpixel((2, 2)) == colour


def test_low_contrast_is_a_warning_and_strict_makes_it_an_error(project: Path, run) -> None:
    child_layout(project, "pale", '[colors]\nmuted = "#bbbbbb"\n')
    result = run("check", "--layout", "pale")
    assert result.exit_code == 0
    assert (
        "layouts/pale/style.toml:paragraphs.meta.color: warning: text colour #bbbbbb on the "
        "page (#ffffff) has a contrast of 1.91:1, below WCAG AA (4.5:1)" in result.stderr
    )
    strict = run("check", "--layout", "pale", "--strict")
    assert strict.exit_code == 1
    assert "paragraphs.meta.color: text colour #bbbbbb" in strict.stderr


def test_bundled_layouts_meet_wcag_aa(project: Path, run) -> None:
    for layout in LAYOUTS:
        result = run("check", "--layout", layout, "--strict")
        assert result.exit_code == 0, (layout, result.stderr)


def test_a_bullet_without_a_glyph_is_refused(project: Path, run) -> None:
    child_layout(project, "boxes", '[lists]\nbullet = "■"\n')
    result = run("check", "--layout", "boxes")
    assert result.stderr == (
        "layouts/boxes/style.toml:lists.bullet: the bullet '■' has no "
        "glyph in the font NotoSerif-Regular\n"
    )


def test_a_layout_can_override_only_the_tables(project: Path, run) -> None:
    folder = child_layout(project, "exhibits")
    table = (BUILTIN / "default" / "table.xml.j2").read_text()
    caption = '{{ t("table_caption", number=block.number, caption=block.caption) if'
    assert caption in table
    mine = '{{ block.caption ~ " (" ~ t("table", number=block.number) ~ ")" if'
    (folder / "table.xml.j2").write_text(table.replace(caption, mine))
    assert run("render", "--layout", "exhibits").exit_code == 0
    text = " ".join(pdf_pages_text(project / "output" / "belarus-sco-tianjin.pdf"))
    assert "Belarus's participation in the SCO (Table 1)" in text and "Table 1:" not in text


def test_a_layout_renames_a_label_in_its_texts(project: Path, run) -> None:
    child_layout(
        project,
        "exhibits",
        '[texts]\ntable_caption = "Exhibit {number}: {caption}"\n'
        'table_continued = "Exhibit {number}, continued"\n'
        '[texts.fr]\ntable_caption = "Annexe chiffrée {number} : {caption}"\n',
    )
    assert run("render", "--layout", "exhibits").exit_code == 0
    text = " ".join(pdf_pages_text(project / "output" / "belarus-sco-tianjin.pdf"))
    assert "Exhibit 1: Strategic outcomes" in text and "Table 1:" not in text
