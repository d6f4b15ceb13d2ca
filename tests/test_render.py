"""End to end: the bundled brief through the CLI, checked on the PDF it writes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.compose.merge import load_brief
from brief.compose.spec import load_spec
from brief.core.records import as_json
from brief.source.article import BulletList, Paragraph, Table
from brief.source.reader import read_article
from tests.conftest import output_files
from tests.readers import rasterise

from .conftest import BUNDLED_ARTICLE, BUNDLED_SPEC, pdf_pages_text, squash

BASE14 = {"Courier", "Helvetica", "Times", "Symbol", "ZapfDingbats"}
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“‘\"(])")


def article_pieces() -> list[str]:
    """Every sentence, list label and item, heading and table cell of the bundled article,
    after the spacing repairs and the spec's corrections."""
    article = read_article(BUNDLED_ARTICLE)
    corrections = load_spec(BUNDLED_SPEC).corrections
    pieces: list[str] = []
    for section in [None, *article.all_sections()]:
        blocks = article.lede if section is None else section.blocks
        if section is not None and section is not article.conclusion:
            pieces.append(section.heading)
        for block in blocks:
            if isinstance(block, Paragraph):
                pieces.extend(SENTENCE.split(block.text))
            elif isinstance(block, BulletList):
                for item in block.items:
                    pieces.extend([item.label, *SENTENCE.split(item.text)])
            elif isinstance(block, Table):
                pieces.extend([*block.header, *(c for row in block.rows for c in row)])
    for fix in corrections:
        pieces = [p.replace(fix.find, fix.replace) for p in pieces]
    return [p for p in pieces if p]


def test_render_without_arguments_renders_every_spec(project: Path, run) -> None:
    result = run("render")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["output/belarus-sco-tianjin.pdf"]
    assert (project / "output" / "belarus-sco-tianjin.pdf").read_bytes().startswith(b"%PDF-")


def test_every_sentence_of_the_article_is_in_the_pdf(bundled_pdf: Path) -> None:
    text = squash("".join(pdf_pages_text(bundled_pdf)))
    missing = [p for p in article_pieces() if squash(p) not in text]
    assert missing == []
    assert len(article_pieces()) > 60


def test_corrections_replace_the_typos(bundled_pdf: Path) -> None:
    text = squash("".join(pdf_pages_text(bundled_pdf)))
    assert squash("Information Technology") in text
    assert squash("Facts Technology") not in text


def test_title_page_has_title_and_no_running_header_or_footer(bundled_pdf: Path) -> None:
    first = " ".join(pdf_pages_text(bundled_pdf)[0].split())  # lines joined
    assert "Belarus at the SCO Summit in Tianjin" in first
    assert "What Minsk seeks from the Shanghai Cooperation Organization" in first
    assert "EURASIA POLICY BRIEFS · NO. 7/2025" in first
    assert "KEY POINTS" in first
    assert "Page 1" not in first
    assert "Eurasia Policy Briefs · No. 7/2025" not in first  # the header's spelling


def test_body_pages_say_page_n_of_m(bundled_pdf: Path) -> None:
    pages = pdf_pages_text(bundled_pdf)
    total = len(pages)
    assert total >= 3
    for number, text in enumerate(pages[1:], start=2):
        assert f"Page {number} of {total}" in text
        assert "Belarus at the SCO Summit" in text
        assert "Eurasia Policy Briefs · No. 7/2025" in text


def test_bookmarks_list_the_sections(bundled_pdf: Path) -> None:
    outline = PdfReader(bundled_pdf).outline
    assert [entry.title for entry in outline if not isinstance(entry, list)] == [
        "Summary",
        "1. Belarusian Leadership at the SCO Summit: Strategic Implications for Regional Alliances",
        "2. Economic Collaborations on the Horizon: Opportunities for Belarus and China",
        "3. Strengthening Ties: Recommendations for Enhanced Bilateral Relations Amid Global "
        "Challenges",
        "Conclusion",
    ]
    # the recommendations stand where the article listed them, in the third section
    assert [entry.title for entry in outline[4]] == ["Recommendations"]


def test_metadata(bundled_pdf: Path) -> None:
    reader = PdfReader(bundled_pdf)
    meta = reader.metadata
    assert meta.title == "Belarus at the SCO Summit in Tianjin"
    assert meta.author == "Eurasia Programme Analysis Team"
    assert meta.subject.startswith("What Minsk seeks")
    assert "Shanghai Cooperation Organization" in meta["/Keywords"]
    assert meta.creator.startswith("brief ")
    assert meta["/CreationDate"].startswith("D:20250901000000")
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]


def test_fonts_are_embedded_subsets_and_never_base14(bundled_pdf: Path) -> None:
    seen = set()
    for page in PdfReader(bundled_pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            name = str(font["/BaseFont"]).lstrip("/")
            seen.add(name)
            assert not any(name.split("+")[-1].startswith(b) for b in BASE14), name
            assert re.match(r"^[A-Z]{6}\+", name), name
            descriptor = (
                font["/FontDescriptor"]
                if "/FontDescriptor" in font
                else font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            assert "/FontFile2" in descriptor, name
    families = {n.split("+")[1] for n in seen}
    assert {"NotoSerif-Regular", "NotoSerif-Bold", "NotoSans-Bold", "NotoSans-Regular"} <= families


def test_every_character_has_a_glyph(project: Path) -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    _, brief = load_brief(project / "briefs" / "belarus-sco-tianjin.toml")
    characters = set(as_json(brief)) - {"\n"}
    fonts = Path(__file__).resolve().parents[1] / "fonts"
    for name in ("NotoSerif-Regular", "NotoSans-Bold"):
        cmap = TTFont(name, str(fonts / f"{name}.ttf")).face.charToGlyph
        assert sorted(c for c in characters if ord(c) not in cmap) == []


def test_two_renders_are_byte_identical(project: Path, run) -> None:
    assert run("render", "-o", "a").exit_code == 0
    assert run("render", "-o", "b").exit_code == 0
    first = (project / "a" / "belarus-sco-tianjin.pdf").read_bytes()
    assert first == (project / "b" / "belarus-sco-tianjin.pdf").read_bytes()


def test_article_given_directly(project: Path, run) -> None:
    result = run("render", "sources/belarus-sco-tianjin.txt", "-o", "direct")
    assert result.exit_code == 0, result.output
    pdf = project / "direct" / "belarus-sco-tianjin.pdf"
    pages = pdf_pages_text(pdf)
    assert "Belarusian Leadership at the SCO Summit" in " ".join(pages[0].split())
    assert "Table 1: Moreover, the participation of Belarus in the SCO could lead to" in " ".join(
        " ".join(pages).split()
    )


def test_real_process_render_and_error(project: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "brief",
            "render",
            "sources/belarus-sco-tianjin.txt",
            "-o",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("out/belarus-sco-tianjin.pdf")
    assert len(PdfReader(tmp_path / "out" / "belarus-sco-tianjin.pdf").pages) >= 3
    failed = subprocess.run(
        [sys.executable, "-m", "brief", "render", "sources/none.txt"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stderr == "sources/none.txt: article not found\n"


def test_a_failed_render_keeps_the_previous_pdf(project: Path, run) -> None:
    assert run("render").exit_code == 0
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    good = pdf.read_bytes()
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text(spec.read_text().replace("subtitle =", "subtitel ="))
    result = run("render")
    assert result.exit_code == 1
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in pdf.parent.iterdir()) == output_files("belarus-sco-tianjin")


def test_unwritable_output_is_a_clear_error(project: Path, run) -> None:
    (project / "blocked").write_text("a file where the folder should be")
    result = run("render", "-o", "blocked")
    assert result.exit_code == 1
    assert result.stderr.startswith("blocked: cannot write to the output folder")


def test_markup_in_the_article_stays_text(project: Path, run) -> None:
    hostile = (
        'Intro <font size=500>big</font> &#0; <a href="javascript:alert(1)">x</a> '
        "<img src=/etc/passwd/> <b>unbalanced.\nHeading <i>Here\nBody & more.\n"
    )
    (project / "sources" / "hostile.txt").write_text(hostile, encoding="utf-8")
    result = run("render", "sources/hostile.txt")
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(pdf_pages_text(project / "output" / "hostile.pdf")).split())
    for literal in (
        "<font size=500>big</font>",
        "&#0;",
        '<a href="javascript:alert(1)">',
        "<img src=/etc/passwd/>",
        "<b>unbalanced.",
        "Heading <i>Here",
    ):
        assert literal in text
    annotations = [
        a
        for page in PdfReader(project / "output" / "hostile.pdf").pages
        for a in page.get("/Annots", [])
    ]
    assert annotations == []


def render_page(pdf: Path, index: int, scale: float = 1.0):
    return rasterise(pdf, index, scale)


def test_cover_band_is_drawn_to_the_page_edges(bundled_pdf: Path) -> None:
    image = render_page(bundled_pdf, 0)
    width, _ = image.size
    for x in (0, width // 2, width - 1):
        assert image.getpixel((x, 2)) == (0x14, 0x36, 0x5D)


@pytest.mark.parametrize("side", ["left", "right"])
def test_nothing_runs_into_the_side_margins(bundled_pdf: Path, side: str) -> None:
    """Body pages leave the outer 20 mm blank: no text or table overflows the frame."""
    pages = len(PdfReader(bundled_pdf).pages)
    for index in range(1, pages):
        image = render_page(bundled_pdf, index)
        width, height = image.size
        strip = int(20 / 25.4 * 72)
        box = (0, 0, strip, height) if side == "left" else (width - strip, 0, width, height)
        _, darkest = image.crop(box).convert("L").getextrema()
        assert darkest == 255, f"page {index + 1} has ink in the {side} margin"
