"""Every script drawn: right-to-left shaping and order, fallback fonts, emoji, system fonts,
and the multilingual corpus article compared with reference page images."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from brief.typeset.bidi import LTR, RTL, levels, visual_order

from .conftest import REPO, child_layout, glyph_texts, pdf_fonts, pdf_pages_text, text_edges
from .references.regenerate import REFERENCES, page_image, render_multilingual
from .test_markdown import write


def order(tokens: list[str], base: str) -> list[str]:
    return [tokens[i] for i in visual_order(levels(tokens, base))]


def test_words_of_a_right_to_left_phrase_are_reversed_inside_left_to_right_text() -> None:
    tokens = ["The", " ", "تعاون", " ", "جديد", " ", "was"]
    assert order(tokens, LTR) == ["The", " ", "جديد", " ", "تعاون", " ", "was"]


def test_left_to_right_runs_keep_their_order_inside_right_to_left_text() -> None:
    tokens = ["قال", " ", "New", " ", "York", " ", "في", " ", "2025"]
    assert order(tokens, RTL) == ["2025", " ", "في", " ", "New", " ", "York", " ", "قال"]


def test_a_number_after_arabic_in_english_text_stays_with_the_arabic() -> None:
    # Rule W7 does not make it left-to-right: the last strong text before it is Arabic.
    tokens = ["Gulf:", " ", "تعاون", " ", "12", " ", "March"]
    assert order(tokens, LTR) == ["Gulf:", " ", "12", " ", "تعاون", " ", "March"]


def test_spaces_at_the_end_of_a_line_take_the_paragraph_level() -> None:
    assert levels(["قال", " "], LTR) == [1, 0]


def char_boxes(pdf: Path, page: int = 0) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Each character pdfium finds on *page* with its box (left, bottom, right, top), as tall
    as the font, so the characters of a line share their bottom."""
    text = pdfium.PdfDocument(pdf)[page].get_textpage()
    count = text.count_chars()
    return [(text.get_text_range(i, 1), text.get_charbox(i, loose=True)) for i in range(count)]


def lines_between(pdf: Path, above: str, below: str) -> list[tuple[float, float]]:
    """Left and right ends of the lines of text between two headings, top to bottom."""
    boxes = char_boxes(pdf)
    text = "".join(c for c, _ in boxes)
    top = boxes[text.index(above)][1][1]
    bottom = boxes[text.index(below)][1][3]
    inside = sorted(
        (box for char, box in boxes if bottom < box[1] < top and char.strip()),
        key=lambda box: -box[1],
    )
    lines: list[list[tuple[float, float, float, float]]] = []
    for box in inside:  # raised marks and other fonts sit a little off the line
        if lines and lines[-1][0][1] - box[1] < 6:
            lines[-1].append(box)
        else:
            lines.append([box])
    return [(min(b[0] for b in line), max(b[2] for b in line)) for line in lines]


def render(project: Path, run, name: str, body: str) -> Path:
    """An English brief (its labels are the test's landmarks) holding *body*."""
    front = "---\nlang: en\n---\n\n"
    write(project, name, f"{front}# Languages\n\n{body}\n\n## Conclusion\n\nDone.\n")
    result = run("render", f"sources/{name}")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return project / "output" / (Path(name).stem + ".pdf")


ARABIC = (
    "وقّعت بيلاروس مذكرة تفاهم مع الإمارات العربية المتحدة، وتشمل التعاون في مجالات الطاقة "
    "والزراعة والتكنولوجيا عبر منصة BelExpo الجديدة بحلول عام 2030. " * 3
)


def test_an_arabic_paragraph_is_shaped_and_set_right_to_left(project: Path, run) -> None:
    pdf = render(project, run, "ar.md", ARABIC)
    assert any(name.startswith("NotoNaskhArabic") for name in pdf_fonts(pdf))
    text = "".join(pdf_pages_text(pdf))
    # The letters come back as typed, not as presentation forms (U+FB50 to U+FEFF) ...
    assert not any("\ufb50" <= c <= "\ufeff" for c in text)
    # ... yet HarfBuzz joined them: the same letter is drawn by several glyphs (its initial,
    # medial and final forms), each read back as the letter.
    naskh = next(v for k, v in glyph_texts(pdf).items() if k.startswith("NotoNaskhArabic"))
    assert max(naskh.count(letter) for letter in "لمنبت") >= 3
    margin_left, margin_right = text_edges()
    edges = lines_between(pdf, "Summary", "Conclusion")
    assert len(edges) >= 4
    assert all(abs(right - margin_right) < 1 for _, right in edges)  # every line ends right
    assert all(abs(left - margin_left) < 1 for left, _ in edges[:-1])  # justified
    assert edges[-1][0] > margin_left + 1  # the last line is not stretched: set on the right
    # Latin and numbers inside read left to right.
    boxes = char_boxes(pdf)
    text = "".join(c for c, _ in boxes)
    for word in ("BelExpo", "2030"):
        start = text.index(word)
        xs = [box[0] for _, box in boxes[start : start + len(word)]]
        assert xs == sorted(xs)


def test_a_hebrew_word_with_digits_keeps_the_number_in_reading_order(project: Path, run) -> None:
    pdf = render(project, run, "he.md", "בלארוס חתמה על מזכר הבנות ב-12 במרץ, לדברי השר.")
    assert any(name.startswith("DejaVuSans") for name in pdf_fonts(pdf))  # letters and digits
    # Only the Hebrew line: the cover's date has digits too (and changes every day).
    resh = next(box for c, box in char_boxes(pdf) if c == "ר")
    middle = (resh[1] + resh[3]) / 2
    boxes = [(c, box) for c, box in char_boxes(pdf) if box[1] < middle < box[3]]
    one = next(box for c, box in boxes if c == "1")
    two = min(
        (box for c, box in boxes if c == "2" and abs(box[1] - one[1]) < 2),
        key=lambda box: abs(box[0] - one[0]),
    )
    bet = next(box for c, box in boxes if c == "ב")
    assert one[0] < two[0]  # "12", not "21"
    # The first word is at the right: Hebrew reads from the right.
    lamed = max(box[0] for c, box in boxes if c == "ל" and abs(box[1] - one[1]) < 2)
    assert lamed > one[0]  # בלארוס, the first word, is at the far right
    assert bet[0] > 0


def test_an_arabic_phrase_inside_english_reads_from_its_right(project: Path, run) -> None:
    pdf = render(project, run, "mixed.md", "The slogan تعاون جديد was printed on every banner.")
    boxes = char_boxes(pdf)
    line = [
        (unicodedata.normalize("NFKC", c), box[0]) for c, box in boxes if "\u0600" <= c <= "\ufeff"
    ]
    ain = next(x for c, x in line if c == "ع")  # in تعاون, the first word
    jeem = next(x for c, x in line if c == "ج")  # in جديد, the second
    slogan = next(box[0] for c, box in boxes if c == "n")
    assert slogan < jeem < ain


def test_emoji_are_drawn_and_extract_as_themselves(project: Path, run) -> None:
    pdf = render(project, run, "emoji.md", "Markets reacted 📈 and officials cheered 👍.")
    assert "Symbola" in pdf_fonts(pdf)
    text = "".join(pdf_pages_text(pdf))
    assert "Markets reacted 📈 and officials cheered 👍." in " ".join(text.split())


def test_system_fonts_draw_what_the_layout_cannot(project: Path, run, monkeypatch) -> None:
    from fontTools.ttLib import TTFont

    # A face of the system's that draws a character none of brief's fonts has (U+1FAE8,
    # "shaking face", of Unicode 15): DejaVu Sans with that character given its arrow.
    installed = project / "system" / "Shaking.ttf"
    installed.parent.mkdir()
    face = TTFont(REPO / "fonts" / "DejaVuSans.ttf")
    for table in face["cmap"].tables:
        if table.isUnicode() and table.format in (12, 4):
            table.cmap[0x1FAE8] = face.getBestCmap()[0x2192]
            if table.format == 4:
                del table.cmap[0x1FAE8]  # the basic map holds only the first plane
    face.save(installed)
    child_layout(project, "bare", "font_fallbacks = []\n")
    write(project, "shaking.md", "# Shaking\n\nA face \U0001fae8 shakes.\n\n## End\n\nDone.\n")
    # Only that face is 'installed': fontconfig answers with its path.
    bin_dir = project / "bin"
    bin_dir.mkdir()
    fc_list = bin_dir / "fc-list"
    fc_list.write_text(f"#!/bin/sh\necho '{installed}|0'\n")
    fc_list.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    result = run("render", "sources/shaking.md", "--layout", "bare")
    assert result.exit_code == 0 and result.stderr == ""
    assert any(f.startswith("Shaking") for f in pdf_fonts(project / "output" / "shaking.pdf"))

    child_layout(project, "bare", "font_fallbacks = []\nsystem_fonts = false\n")
    result = run("check", "sources/shaking.md", "--layout", "bare")
    assert "no font of the layout can draw U+1FAE8" in result.stderr


@pytest.fixture(scope="module")
def multilingual(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_multilingual(tmp_path_factory.mktemp("multilingual"))


def test_every_character_of_every_language_is_drawn(multilingual: Path) -> None:
    """No missing glyph: every character comes back as itself, none as a private-use or
    replacement character (what a glyph no font has would extract as)."""
    document = pdfium.PdfDocument(multilingual)
    chars = "".join(page.get_textpage().get_text_range() for page in document)
    assert not [c for c in chars if "\ue000" <= c <= "\uf8ff" or c in "\ufffd\x00"]
    for needle in ("Größere", "сотрудничество", "上海合作组织", "雙邊貿易", "📈", "✓"):
        assert needle in chars
    fonts = pdf_fonts(multilingual)
    for family in ("NotoSerif", "NotoNaskhArabic", "NotoSerifHebrew", "DroidSansFallback"):
        assert any(name.startswith(family) for name in fonts), family


@pytest.mark.parametrize("page", [0, 1])
def test_pages_match_their_reference_images(multilingual: Path, page: int) -> None:
    """Regenerate with ``python tests/references/regenerate.py`` and look at the images."""
    reference = Image.open(REFERENCES / f"multilingual-{page + 1}.png")
    image = page_image(multilingual, page)
    assert image.size == reference.size
    difference = ImageChops.difference(image, reference)
    pixels = difference.histogram()
    changed = sum(pixels[65:]) / sum(pixels)
    assert changed < 0.002, f"{changed:.2%} of the page differs from its reference"


def test_a_layout_can_ask_for_kerning_and_ligatures_everywhere(project: Path, run) -> None:
    body = "AVAILABLE office traffic flows. WAVE To Ty."
    plain = render(project, run, "plain.md", body)
    child_layout(project, "kerned", 'shaping = "always"\n')
    write(project, "kerned.md", f"# Languages\n\n{body}\n\n## Conclusion\n\nDone.\n")
    assert run("render", "sources/kerned.md", "--layout", "kerned").exit_code == 0
    kerned = project / "output" / "kerned.pdf"
    text = "".join(pdf_pages_text(kerned))
    assert "office traffic flows" in text  # read back as typed ...
    texts = [text for font in glyph_texts(kerned).values() for text in font]
    assert "ffi" in texts and "fl" in texts  # ... from the font's ligatures, a glyph each
    assert "office traffic flows" in "".join(pdf_pages_text(plain))

    def gap(pdf: Path, pair: str) -> float:
        boxes = char_boxes(pdf)
        text = "".join(c for c, _ in boxes)
        start = text.index(pair)
        return boxes[start + 1][1][0] - boxes[start][1][0]

    assert gap(kerned, "WA") < gap(plain, "WA") - 0.5  # kerned closer
    assert gap(kerned, "To") < gap(plain, "To") - 0.5


def test_scripts_that_need_shaping_get_it_and_others_do_not() -> None:
    from reportlab.lib.styles import ParagraphStyle

    from brief.typeset.bidi import BidiParagraph
    from brief.typeset.scripts import paragraph

    style = ParagraphStyle("body")
    assert isinstance(paragraph("नमस्ते दुनिया", style), BidiParagraph)  # Devanagari
    assert isinstance(paragraph("ສະບາຍດີ", style), BidiParagraph)  # Lao
    assert not isinstance(paragraph("Hello, Привет, Γειά", style), BidiParagraph)
    assert paragraph("你好世界", style).style.wordWrap == "CJK"


def test_a_right_to_left_list_item_has_its_bullet_on_the_right(project: Path, run) -> None:
    pdf = render(
        project,
        run,
        "list.md",
        "Intro.\n\n## Points\n\nThe points:\n\n- בלארוס חתמה על מזכר הבנות\n- An English point\n",
    )
    boxes = char_boxes(pdf)
    bullets = [box for c, box in boxes if c == "•"]
    hebrew = [box for c, box in boxes if "\u0590" <= c <= "\u05ff"]
    english = next(box for c, box in boxes if c == "E")
    rtl_bullet = next(b for b in bullets if abs(b[1] - hebrew[0][1]) < 3)
    ltr_bullet = next(b for b in bullets if abs(b[1] - english[1]) < 3)
    assert rtl_bullet[0] > max(box[2] for box in hebrew if abs(box[1] - rtl_bullet[1]) < 3)
    assert ltr_bullet[2] < english[0]


@pytest.mark.parametrize("phrase", ["تعاون جديد", "*تعاون جديد*"], ids=["plain", "emphasis"])
def test_a_full_stop_after_an_arabic_phrase_stays_on_the_english_side(
    project: Path, run, phrase: str
) -> None:
    """Also when the stop follows a closing tag, in another font run than the phrase."""
    pdf = render(project, run, "stop.md", f"The slogan was {phrase}. Then it changed.")
    boxes = char_boxes(pdf)
    text = "".join(c for c, _ in boxes)
    line = boxes[text.index("slogan")][1][1]  # fonts differ in depth: within 6 pt is one line
    arabic = [box for c, box in boxes if "\u0600" <= c <= "\ufeff" and abs(box[1] - line) < 6]
    stop = min((box for c, box in boxes if c == "." and abs(box[1] - line) < 6), key=lambda b: b[0])
    then = boxes[text.index("Then")][1]
    assert max(box[2] for box in arabic) <= stop[0] + 0.5 < then[0]


def test_a_bold_arabic_heading_is_bold_and_set_on_the_right(project: Path, run) -> None:
    pdf = render(project, run, "heading.md", "Intro.\n\n## التعاون الاقتصادي\n\nنص قصير.")
    assert "NotoNaskhArabic-Bold" in pdf_fonts(pdf)
    boxes = char_boxes(pdf)
    arabic = [box for c, box in boxes if "\u0600" <= c <= "\ufeff"]
    _, margin_right = text_edges()
    assert abs(max(box[2] for box in arabic) - margin_right) < 1


def test_an_arabic_table_runs_from_the_right(project: Path, run) -> None:
    table = "| البلد | القيمة | ملاحظة |\n|---|---:|---|\n| بيلاروس | 450 | شراكة |\n"
    pdf = render(project, run, "table.md", f"Intro.\n\n## الجدول\n\n{table}")
    boxes = char_boxes(pdf)
    middle = next(box for c, box in boxes if c == "4")[0]  # 450, in the middle column

    def xs(letter: str) -> list[float]:  # shaped letters come back as presentation forms
        return [box[0] for c, box in boxes if unicodedata.normalize("NFKC", c) == letter]

    assert max(xs("ش")) < middle < min(xs("ب"))  # شراكة last on the left; البلد, بيلاروس right
    _, margin_right = text_edges()
    assert max(box[2] for c, box in boxes if "\u0600" <= c <= "\ufeff") > margin_right - 8


def test_arabic_indic_digits_read_left_to_right(project: Path, run) -> None:
    pdf = render(
        project,
        run,
        "digits.md",
        "بلغت الصادرات ١٢ مليون طن.\n\n| المنطقة | الكمية |\n|---|---|\n| الشمال | ٣٤ |",
    )
    boxes = char_boxes(pdf)
    for first, second in (("١", "٢"), ("٣", "٤")):  # twelve and thirty-four, not 21 and 43
        left = next(box for c, box in boxes if c == first)
        right = min(
            (box for c, box in boxes if c == second and abs(box[1] - left[1]) < 2),
            key=lambda box: abs(box[0] - left[0]),
        )
        assert left[0] < right[0]


def test_a_table_set_in_a_font_that_covers_its_script_is_still_shaped(project: Path, run) -> None:
    """Cells whose text the table's own font draws take no fallback markup: they must still
    be shaped (joined letters, narrower than the letters alone) and set right to left, not
    drawn letter by letter in the order typed."""
    import uharfbuzz
    from reportlab.pdfbase.pdfmetrics import registerFont, stringWidth
    from reportlab.pdfbase.ttfonts import TTFont

    child_layout(project, "arabic-tables", '[table]\nfont = "arabic"\nsize = 10\n')
    word = "بيلاروس"
    table = f"| البلد |\n|---|\n| {word} |\n"
    write(project, "cells.md", f"# Languages\n\nIntro.\n\n## Table\n\n{table}\n\n## End\n\nDone.\n")
    result = run("render", "sources/cells.md", "--layout", "arabic-tables")
    assert result.exit_code == 0, result.stderr
    boxes = char_boxes(project / "output" / "cells.pdf")
    line = next(box for c, box in boxes if unicodedata.normalize("NFKC", c) == "س")[1]
    cell = [(c, box) for c, box in boxes if c.strip() and abs(box[1] - line) < 2]
    first = next(box for c, box in cell if unicodedata.normalize("NFKC", c) == "ب")
    last = next(box for c, box in cell if unicodedata.normalize("NFKC", c) == "س")
    assert first[0] > last[0]  # the word starts on the right
    font_file = REPO / "fonts" / "NotoNaskhArabic-Regular.ttf"
    registerFont(TTFont("arabic-unshaped", str(font_file)))
    alone = stringWidth(word, "arabic-unshaped", 10)
    face = uharfbuzz.Face(uharfbuzz.Blob.from_file_path(str(font_file)))
    buffer = uharfbuzz.Buffer()
    buffer.add_str(word)
    buffer.guess_segment_properties()
    uharfbuzz.shape(uharfbuzz.Font(face), buffer, {})
    joined = sum(p.x_advance for p in buffer.glyph_positions) / face.upem * 10
    span = max(box[2] for _, box in cell) - min(box[0] for _, box in cell)
    assert abs(span - joined) < abs(span - alone), (span, joined, alone)


@pytest.mark.parametrize("layout", ["default", "report", "summary"])
def test_a_raised_mark_first_in_a_run_does_not_crash(tmp_path, layout) -> None:
    """A tanwin over the alef of a paragraph's last word, before its full stop, made
    ReportLab's baseline shift look at an operator that was not there (exit 3 in every
    layout)."""
    from brief.api import render_brief

    article = tmp_path / "sources" / "ar.md"
    article.parent.mkdir()
    article.write_text(
        "---\nlang: ar\n---\n# المياه\n\n## الخليج\n\nلجأت دول الخليج إلى تحلية مياه البحر أيضاً.\n",
        encoding="utf-8",
    )
    result = render_brief(article, project_dir=tmp_path, layout=layout, warnings=[])
    text = " ".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(result.output))
    assert "تحلية مياه البحر" in text


def test_a_character_no_font_draws_is_warned_at_the_brief_and_its_line(tmp_path) -> None:
    from brief.api import render_brief
    from brief.core.errors import Problem

    article = tmp_path / "sources" / "hi.md"
    article.parent.mkdir()
    # Nag Mundari (Unicode 15): no bundled font draws it
    article.write_text(
        "# Title\n\n## Text\n\nFirst.\n\n\U0001e4d0\U0001e4d1 \U0001e4d2.\n", encoding="utf-8"
    )
    warnings: list[Problem] = []
    render_brief(article, project_dir=tmp_path, warnings=warnings)
    boxes = [w for w in warnings if "no font of the layout can draw" in w.message]
    assert boxes and {(w.path, w.line) for w in boxes} == {(article, 7)}
    assert all("font_fallbacks" in w.message for w in boxes)


def test_a_font_is_named_alike_wherever_brief_is_installed(tmp_path: Path, monkeypatch) -> None:
    """A registration's name can reach the PDF as a subset's name: it must not carry the
    folder brief or the layout is in, or the same brief gives other bytes elsewhere."""
    from brief.typeset import fonts

    bundled = sorted((REPO / "fonts").glob("*.ttf"))[0]
    names = []
    for folder in ("one", "two"):  # two installations, each its own process
        monkeypatch.setattr(fonts, "_NAMED_FILES", {})
        (tmp_path / folder).mkdir()
        copy = tmp_path / folder / bundled.name
        copy.write_bytes(bundled.read_bytes())
        names.append(fonts._registration_name(copy, 0))
    assert names[0] == names[1]
    # In one process, a file of the same name and size elsewhere (a layout's edited copy)
    # is another font and gets another name.
    assert fonts._registration_name(bundled, 0) != names[1]
