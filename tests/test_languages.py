"""Briefs in the reader's language: for every language brief ships words for, a short article
rendered in every bundled layout prints every label in that language and no English one."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest

from brief.api import render_brief
from brief.audit import Piece, find_missing, pdf_text
from brief.layout.catalogue import shipped
from brief.typeset.bidi import has_rtl

from .conftest import text_edges
from .references.regenerate import LANGUAGE_PAGES, REFERENCES, page_image, render_language

HERE = Path(__file__).resolve().parent / "languages"
LANGUAGES = sorted(shipped())
LAYOUTS = ["default", "report", "summary"]

pytestmark = pytest.mark.slow

# The words each bundled layout prints of its own for this article and spec.
PRINTED = {
    "default": [
        "key_points", "summary", "contents", "tables", "recommendations", "conclusion",
        "notes", "about_brief", "source", "the_article", "published_by", "written_for",
        "views", "how_to_cite", "table_caption", "figure_caption", "image_missing",
        "for_audience", "page_of",
    ],
    "report": [
        "contents", "tables", "key_points", "executive_summary", "chapter",
        "recommendations", "conclusion", "notes", "report_based_on", "report_written_for",
        "how_to_cite", "report_disclaimer", "table_caption", "figure_caption",
        "image_missing", "page_of",
    ],
    "summary": [
        "at_a_glance", "recommendations", "summary", "conclusion", "notes", "based_on",
        "published_by", "views", "table_caption", "figure_caption", "image_missing",
    ],
}  # fmt: skip


def render(language: str, layout: str, tmp_path: Path) -> Path:
    """The language's article as a brief with every part a layout prints of its own."""
    return render_language(language, layout, tmp_path)


def fragments(message: str) -> list[str]:
    """The fixed parts of a message, without its placeholders and bare punctuation."""
    parts = re.split(r"\{\w+\}", message)
    return [p.strip(" \u00a0:：.。，、()（）«»“”„「」〈〉《》–") for p in parts if p.strip()]


def squashed(text: str, language: str = "en") -> str:
    """*text* compared as printed: compatibility forms undone, no spaces, in small letters
    (Turkish capitals İ and I are i and ı)."""
    text = unicodedata.normalize("NFKC", text)
    if language == "tr":
        text = text.replace("İ", "i").replace("I", "ı")
    return re.sub(r"\s+", "", text).casefold()


def words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return set(re.findall(r"[^\W\d_]{3,}", folded))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_in_the_language_of_the_brief(
    language: str, layout: str, tmp_path: Path
) -> None:
    pdf = render(language, layout, tmp_path)
    text = pdf_text(pdf)
    catalogue = shipped()[language]
    found = squashed(text, language)
    rtl = [f for key in PRINTED[layout] for f in fragments(catalogue[key]) if has_rtl(f)]
    others = [f for key in PRINTED[layout] for f in fragments(catalogue[key]) if not has_rtl(f)]
    missing = [f for f in others if squashed(f, language) not in found]
    missing += [p.text for p in find_missing([Piece(0, f) for f in rtl], text)]
    assert missing == [], f"{language} labels missing from the {layout} layout"
    if language != "en":
        own = words(" ".join(catalogue.values()) + (HERE / f"{language}.md").read_text("utf-8"))
        english = words(" ".join(shipped()["en"].values())) - own
        assert words(text) & english == set(), f"English left in a {language} brief"


def test_the_english_check_sees_an_english_label(tmp_path: Path) -> None:
    """The check for English is not blind: a French brief whose layout says "Key points"."""
    pdf = render("fr", "default", tmp_path)
    english = words(" ".join(shipped()["en"].values())) - words(
        " ".join(shipped()["fr"].values()) + (HERE / "fr.md").read_text("utf-8")
    )
    assert "points" not in english  # French has "Points clés"
    assert {"summary", "contents"} <= english
    assert not words(pdf_text(pdf)) & english
    layouts = tmp_path / "layouts" / "mixed"
    layouts.mkdir(parents=True)
    (layouts / "style.toml").write_text('extends = "default"\n[texts.fr]\nsummary = "Summary"\n')
    mixed = render_brief(
        tmp_path / "briefs" / "brief.toml", output_dir=tmp_path / "mixed", layout="mixed",
        project_dir=tmp_path,
    ).output  # fmt: skip
    assert words(pdf_text(mixed)) & english == {"summary"}


def test_every_catalogue_has_every_message_and_its_placeholders() -> None:
    english = shipped()["en"]
    for language, catalogue in shipped().items():
        assert set(catalogue) == set(english), language
        for key, text in catalogue.items():
            names = set(re.findall(r"\{(\w+)\}", text))
            assert names == set(re.findall(r"\{(\w+)\}", english[key])), (language, key)


def test_french_spacing_before_colons() -> None:
    french = shipped()["fr"]
    assert french["table_caption"] == "Tableau {number}\u00a0: {caption}"
    assert french["quote_open"] == "«\u00a0"


def test_every_shipped_language_has_an_article() -> None:
    assert {p.stem for p in HERE.glob("*.md")} == set(LANGUAGES)
    for language in LANGUAGES:
        front = (HERE / f"{language}.md").read_text("utf-8").split("---")[1]
        assert tomllib.loads(front.replace(": ", ' = "').replace("\n", '"\n')[2:])


# --- right to left ------------------------------------------------------------------------


def char_boxes(pdf: Path, page: int) -> list[tuple[str, tuple[float, float, float, float]]]:
    import pypdfium2 as pdfium

    text = pdfium.PdfDocument(pdf)[page].get_textpage()
    return [(text.get_text_range(i, 1), text.get_charbox(i)) for i in range(text.count_chars())]


MARGIN_LEFT, MARGIN_RIGHT = text_edges()


def test_an_arabic_brief_mirrors_its_pages(tmp_path: Path) -> None:
    """Cover lines, contents page numbers and the running header and footer of an Arabic
    brief start on the right; the viewer is told the pages run from right to left."""
    import pikepdf

    pdf = render("ar", "default", tmp_path)
    with pikepdf.open(pdf) as document:
        assert str(document.Root.ViewerPreferences.Direction) == "/R2L"
    cover = char_boxes(pdf, 0)
    series = [box for c, box in cover if c in "X·1" and box[1] > 700]  # "X · 1" on the band
    assert series and min(b[0] for b in series) > 595.28 / 2  # a Latin line, set on the right
    title = [box for c, box in cover if "\u0600" <= c <= "\ufeff" and box[1] > 650]
    assert abs(max(b[2] for b in title) - MARGIN_RIGHT) < 2
    # Contents: page numbers at the left margin, titles ending at the right one.
    lines: list[list] = []  # characters within 3 points of each other's bottom: a line
    for char, box in sorted(cover, key=lambda item: item[1][1]):
        if lines and box[1] - lines[-1][-1][1][1] < 3:
            lines[-1].append((char, box))
        else:
            lines.append([(char, box)])
    numbered = [
        line
        for line in lines
        if sum(c == "." for c, _ in line) > 10  # a contents line: its leaders
    ]
    assert numbered
    for line in numbered:
        leftmost = min(line, key=lambda item: item[1][0])
        assert leftmost[0].isdigit() and leftmost[1][0] < MARGIN_LEFT + 8, leftmost
    # Body pages: the title in the running header on the right, the page label on the left.
    body = char_boxes(pdf, 1)
    numbers = [box for c, box in body if c.isdigit() and box[1] < 60]  # "صفحة 2 من 2"
    organisation = [box for c, box in body if "\u0600" <= c <= "\ufeff" and box[1] < 60]
    header = [box for c, box in body if "\u0600" <= c <= "\ufeff" and box[1] > 780]
    assert numbers and max(b[2] for b in numbers) < 595.28 / 2  # the page label, left
    assert max(b[2] for b in organisation) > MARGIN_RIGHT - 2  # the organisation, right
    assert header and max(b[2] for b in header) > MARGIN_RIGHT - 2  # the title, right


def test_an_english_brief_is_not_mirrored(tmp_path: Path) -> None:
    import pikepdf

    pdf = render("en", "default", tmp_path)
    with pikepdf.open(pdf) as document:
        assert "/ViewerPreferences" not in document.Root or "/Direction" not in (
            document.Root.ViewerPreferences
        )
    body = char_boxes(pdf, 1)
    footer = [box for c, box in body if c.strip() and box[1] < 60]
    assert max(b[2] for b in footer) > MARGIN_RIGHT - 2  # "Page 2 of 2" at the right


# --- kinsoku ------------------------------------------------------------------------------

CHINESE = "各国代表团在会议期间就贸易能源交通数字经济农业教育卫生等领域的合作进行了深入交流"


def lines_of(pdf: Path) -> list[str]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    return [line.strip() for page in pages for line in page.splitlines() if line.strip()]


def test_no_chinese_line_starts_with_a_closing_mark_or_ends_with_an_opening_one(
    tmp_path: Path,
) -> None:
    """A comma, full stop or closing bracket never begins a line, an opening bracket never
    ends one, wherever the commas fall (each paragraph puts them one character later)."""
    from brief.typeset.kinsoku import CANNOT_END, CANNOT_START

    paragraphs = [
        CHINESE[:k] + "，" + CHINESE[k:] + "（" + CHINESE[:5] + "）" + CHINESE + "。「"
        + CHINESE[:7] + "」" + CHINESE[::-1] + "、" + CHINESE
        for k in range(1, 40)
    ]  # fmt: skip
    (tmp_path / "zh.md").write_text(
        "---\nlang: zh-Hans\n---\n\n# 会议纪要\n\n" + "\n\n".join(paragraphs) + "\n",
        encoding="utf-8",
    )
    pdf = render_brief(tmp_path / "zh.md", output_dir=tmp_path / "out", project_dir=tmp_path).output
    lines = [line for line in lines_of(pdf) if "/" not in line]  # not the page footer
    assert len(lines) > 150
    assert [line for line in lines if line[0] in CANNOT_START] == []
    assert [line for line in lines if line[-1] in CANNOT_END] == []


def test_reportlab_alone_would_start_a_line_with_a_comma() -> None:
    """What the rules above add: ReportLab's own breaking puts "，" first on a line."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph as ReportLabParagraph

    from brief.typeset.paragraph import Paragraph

    font = Path(__file__).resolve().parents[1] / "fonts" / "DroidSansFallbackFull.ttf"
    pdfmetrics.registerFont(TTFont("kinsoku-test", str(font)))
    style = ParagraphStyle("k", fontName="kinsoku-test", fontSize=10, leading=12, wordWrap="CJK")
    text = "一二三四五六七八九十，一二三四五（六七八九十一二三"

    def lines(kind) -> list[str]:
        para = kind(text, style)
        para.wrap(100, 1000)
        return [line[1][0] for line in para.blPara.lines]

    assert lines(ReportLabParagraph)[1].startswith("，")
    assert lines(Paragraph) == ["一二三四五六七八九十，", "一二三四五（六七八", "九十一二三"]


# --- reference images ---------------------------------------------------------------------


@pytest.mark.parametrize(("language", "layout"), LANGUAGE_PAGES)
def test_first_pages_match_their_reference_images(
    language: str, layout: str, tmp_path: Path
) -> None:
    """Regenerate with ``python tests/references/regenerate.py`` and look at the images."""
    from PIL import Image, ImageChops

    reference = Image.open(REFERENCES / f"{language}-{layout}-1.png")
    image = page_image(render(language, layout, tmp_path), 0)
    assert image.size == reference.size
    pixels = ImageChops.difference(image, reference).histogram()
    changed = sum(pixels[65:]) / sum(pixels)
    assert changed < 0.002, f"{changed:.2%} of the page differs from its reference"


# --- overrides, fallbacks and digits ------------------------------------------------------


def test_a_language_without_words_prints_english_with_one_warning(tmp_path: Path) -> None:
    from brief.core.errors import Problem

    (tmp_path / "sv.md").write_text(
        "# Energi i Östersjön\n\nTre nya förbindelser.\n\n## Nät\n\nKapaciteten växte.\n",
        encoding="utf-8",
    )
    (tmp_path / "sv.toml").write_text('source = "sv.md"\nlanguage = "sv"\n', encoding="utf-8")
    warnings: list[Problem] = []
    result = render_brief(
        tmp_path / "sv.toml", output_dir=tmp_path / "out", project_dir=tmp_path,
        warnings=warnings,
    )  # fmt: skip
    languages = [w for w in warnings if w.key == "language"]
    assert len(languages) == 1 and "'sv'" in languages[0].message
    assert "printed in English" in languages[0].message
    assert "Key points" in squashed_text(result.output) or "Summary" in pdf_text(result.output)


def squashed_text(pdf: Path) -> str:
    return " ".join(pdf_text(pdf).split())


def test_the_spec_and_the_layout_give_their_own_words(tmp_path: Path) -> None:
    pdf = render("fr", "default", tmp_path)
    assert "Points clés" in squashed_text(pdf) or "POINTS CLÉS" in squashed_text(pdf)
    layout = tmp_path / "layouts" / "house"
    layout.mkdir(parents=True)
    (layout / "style.toml").write_text(
        'extends = "default"\n[texts.fr]\nkey_points = "Faits saillants"\n'
        'summary = "En quelques mots"\n',
        encoding="utf-8",
    )
    spec = tmp_path / "briefs" / "brief.toml"
    spec.write_text(spec.read_text() + '[texts]\nsummary = "L’essentiel"\n', encoding="utf-8")
    out = render_brief(spec, output_dir=tmp_path / "house", layout="house", project_dir=tmp_path)
    text = squashed_text(out.output).casefold()
    assert "faits saillants" in text  # the layout's word for French
    assert "l’essentiel" in text and "en quelques mots" not in text  # the spec's wins


def test_page_numbers_in_the_languages_own_digits_when_the_layout_asks(tmp_path: Path) -> None:
    render("ar", "default", tmp_path)  # makes the project
    layout = tmp_path / "layouts" / "native"
    layout.mkdir(parents=True)
    (layout / "style.toml").write_text(
        'extends = "default"\n[running]\nnative_digits = true\n', encoding="utf-8"
    )
    out = render_brief(
        tmp_path / "briefs" / "brief.toml", output_dir=tmp_path / "native", layout="native",
        project_dir=tmp_path,
    ).output  # fmt: skip
    footer = "".join(c for c, box in char_boxes(out, 1) if box[1] < 60)
    assert "٢" in footer and "2" not in footer  # "صفحة ٢ من ٢"
    contents = "".join(c for c, box in char_boxes(out, 0))
    assert "١" in contents  # the contents' page numbers too


def test_a_template_asking_for_a_word_brief_does_not_have_is_a_one_line_error(
    tmp_path: Path,
) -> None:
    from brief.core.errors import LayoutError

    render("en", "default", tmp_path)
    layout = tmp_path / "layouts" / "typo"
    layout.mkdir(parents=True)
    (layout / "style.toml").write_text('extends = "default"\n', encoding="utf-8")
    (layout / "brief.xml.j2").write_text(
        '<story>\n<p>{{ t("key_point") }}</p>\n</story>\n', encoding="utf-8"
    )
    with pytest.raises(LayoutError) as caught:
        render_brief(
            tmp_path / "briefs" / "brief.toml", output_dir=tmp_path / "typo", layout="typo",
            project_dir=tmp_path,
        )  # fmt: skip
    problem = caught.value.problems[0]
    assert problem.line == 2 and "no message 'key_point'" in problem.message
    assert "key_points" in problem.message
