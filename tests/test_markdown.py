"""Markdown features end to end: inline styles, links, notes, images, front matter, HTML."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.core.errors import ArticleError
from brief.source.reader import parse_article
from tests.readers import rasterise

from .conftest import pdf_fonts, pdf_pages_text, text_edges
from .corpus.regenerate import CORPUS


def write(project: Path, name: str, text: str) -> Path:
    path = project / "sources" / name
    path.write_text(text, encoding="utf-8")
    return path


def test_links_become_annotations_only_with_safe_schemes(project: Path, run) -> None:
    write(
        project,
        "links.md",
        "# Links\n\nRead [the report](https://example.org/r) or "
        "[this](javascript:alert(1)) or [mail us](mailto:a@example.org).\n\n## More\n\nText.\n",
    )
    assert run("render", "sources/links.md").exit_code == 0
    reader = PdfReader(project / "output" / "links.pdf")
    uris = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])]
    assert uris == ["https://example.org/r", "mailto:a@example.org"]
    text = " ".join(pdf_pages_text(project / "output" / "links.pdf"))
    # markdown-it refuses the javascript: link, so it stays literal text, never a link.
    assert "Read the report or [this](javascript:alert(1)) or mail us." in " ".join(text.split())


def test_styles_use_the_right_fonts(project: Path, run) -> None:
    write(project, "styles.md", "# Styles\n\nPlain **bold** *italic* `code` text.\n")
    assert run("render", "sources/styles.md").exit_code == 0
    fonts = pdf_fonts(project / "output" / "styles.pdf")
    assert {"NotoSerif-Bold", "NotoSerif-Italic", "NotoSansMono-Regular"} <= fonts


def test_footnotes_become_numbered_notes(project: Path, run) -> None:
    write(
        project,
        "notes.md",
        "# Notes\n\nA claim.[^a] Another.[^b]\n\n## Part\n\nBody.\n\n"
        "[^a]: First source.\n[^b]: Second source.\n",
    )
    assert run("render", "sources/notes.md").exit_code == 0
    text = " ".join(" ".join(pdf_pages_text(project / "output" / "notes.pdf")).split())
    assert "A claim.1 Another.2" in text
    assert "Notes 1 First source. 2 Second source." in text


def test_corrections_keep_styles_unless_they_cross_them(project: Path) -> None:
    from brief.compose.corrections import apply_corrections
    from brief.compose.spec import Spec

    article = parse_article("Intro **bold text** and plain words.\n", markdown=True)
    inside = Spec(source="x", corrections=[{"find": "bold", "replace": "strong"}])
    fixed = apply_corrections(inside, article, Path("x"), [])
    assert [s.text for s in fixed.lede[0].spans] == ["Intro ", "strong text", " and plain words."]
    across = Spec(source="x", corrections=[{"find": "text and", "replace": "text, and"}])
    fixed = apply_corrections(across, article, Path("x"), [])
    assert fixed.lede[0].text == "Intro bold text, and plain words."
    assert fixed.lede[0].spans == []  # words kept, styling dropped


def test_local_image_is_included(project: Path, run) -> None:
    (project / "sources" / "img").mkdir()
    shutil.copy(CORPUS / "img" / "chart.png", project / "sources" / "img" / "chart.png")
    write(project, "pic.md", "# Pictures\n\nIntro.\n\n![A bar chart](img/chart.png)\n")
    assert run("render", "sources/pic.md").exit_code == 0
    reader = PdfReader(project / "output" / "pic.pdf")
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 1 and images[0].image.size == (800, 400)
    assert "Figure 1: A bar chart" in pdf_pages_text(project / "output" / "pic.pdf")[0]


@pytest.mark.parametrize(
    ("src", "setup", "message"),
    [
        ("missing.png", None, "image 'missing.png' is not there"),
        ("fake.png", "text", "image 'fake.png' is not a PNG, JPEG or GIF image"),
        (
            "../../outside.png",
            "outside",
            "image '../../outside.png' lies outside the project folder (--allow-outside "
            "includes it)",
        ),
        ("/images/posts/chart.png", None, "image '/images/posts/chart.png' is not there"),
        ("pic%00.png", None, "image 'pic%00.png' "),
        ("bad.svg", "text", "image 'bad.svg' is not an SVG image"),
        ("img", "folder", "image 'img' is a folder"),
    ],
    ids=["missing", "not-an-image", "outside", "site-path", "nul", "not-svg", "folder"],
)
def test_an_image_brief_cannot_show_is_described_with_a_warning(
    project: Path, run, src: str, setup: str | None, message: str
) -> None:
    """An article saved from the web names images that are not there: the brief still
    renders, showing the description (not the path, which means nothing to a reader), with
    one warning at the image's line;
    --strict makes it an error. A file outside the project is never read."""
    if setup == "text":
        (project / "sources" / src).write_text("not an image")
    elif setup == "folder":
        (project / "sources" / src).mkdir()
    elif setup == "outside":
        (project.parent / "outside.png").write_bytes((CORPUS / "img" / "chart.png").read_bytes())
    write(project, "bad.md", f"# Exports\n\nIntro.\n\n![A chart of exports]({src})\n")
    result = run("render", "sources/bad.md")
    assert result.exit_code == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"sources/bad.md:5: warning: {message}")
    assert lines[0].endswith("; the brief shows its description instead")
    text = " ".join(" ".join(pdf_pages_text(project / "output" / "bad.pdf")).split())
    assert "Figure 1: A chart of exports" in text
    assert src not in text and "not included in this publication" not in text  # a local path
    assert not any(page.images for page in PdfReader(project / "output" / "bad.pdf").pages)
    strict = run("render", "--strict", "sources/bad.md")
    assert strict.exit_code == 1
    assert strict.stderr.startswith(f"sources/bad.md:5: {message}")


def test_an_image_outside_the_project_is_included_with_allow_outside(project: Path, run) -> None:
    (project.parent / "outside.png").write_bytes((CORPUS / "img" / "chart.png").read_bytes())
    write(project, "out.md", "# Out\n\nIntro.\n\n![A chart](../../outside.png)\n")
    result = run("render", "--allow-outside", "sources/out.md")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(PdfReader(project / "output" / "out.pdf").pages[0].images) == 1


def test_remote_images_are_described_not_fetched(project: Path, run) -> None:
    write(project, "remote.md", "# Ports\n\nIntro.\n\n![Port at dusk](https://example.org/p.jpg)\n")
    result = run("render", "sources/remote.md")
    assert result.exit_code == 0 and result.stderr == ""
    text = " ".join(" ".join(pdf_pages_text(project / "output" / "remote.pdf")).split())
    assert (
        "Figure 1: Port at dusk Image not included in this publication: https://example.org/p.jpg"
        in text
    )


def test_svg_images_are_drawn_as_vectors(project: Path, run) -> None:
    (project / "sources" / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='100'>"
        "<rect width='200' height='100' fill='#14365d'/></svg>"
    )
    write(project, "svg.md", "Intro.\n\n![A navy block](logo.svg)\n")
    assert run("render", "sources/svg.md").exit_code == 0
    pdf = project / "output" / "svg.pdf"
    assert "Figure 1: A navy block" in pdf_pages_text(pdf)[0]
    assert not PdfReader(pdf).pages[0].images  # vectors, not a picture

    image = rasterise(pdf)
    width, height = image.size
    navy = sum(
        1
        for x in range(0, width, 4)
        for y in range(0, height, 4)
        if image.getpixel((x, y)) == (0x14, 0x36, 0x5D)
    )
    assert navy > 500  # the drawing is there (the title band is navy too, so count plenty)


@pytest.mark.parametrize(
    ("svg", "why"),
    [
        ("<svg this is not xml at all", "not well-formed XML"),
        ("<svg xmlns='http://www.w3.org/2000/svg' width='1e308' height='10'/>", "width '1e308'"),
        ("<html/>", "its root is not <svg>"),
    ],
)
def test_an_svg_brief_cannot_draw_is_described_with_a_warning(
    project: Path, run, svg: str, why: str
) -> None:
    (project / "sources" / "bad.svg").write_text(svg)
    write(project, "badsvg.md", "# Drawings\n\nIntro.\n\n![x](bad.svg)\n")
    result = run("check", "sources/badsvg.md")
    assert result.exit_code == 0
    assert result.stderr.startswith("sources/badsvg.md:5: warning: image 'bad.svg' is not an")
    assert why in result.stderr and result.stderr.count("\n") == 1


def test_front_matter_feeds_the_title_page_and_the_spec_wins(project: Path, run) -> None:
    write(
        project,
        "fm.md",
        "---\ntitle: From the Front Matter\nsubtitle: A subtitle\n"
        "date: 2024-05-06\nauthor: Ana Ruiz\nlang: es\n---\n\nTexto.\n\n## Parte\n\nMás.\n",
    )
    assert run("render", "sources/fm.md").exit_code == 0
    first = pdf_pages_text(project / "output" / "fm.pdf")[0]
    assert "From the Front Matter" in first and "6 de mayo de 2024" in first and "Ana Ruiz" in first
    assert "Resumen" in first  # a Spanish article, Spanish labels
    assert PdfReader(project / "output" / "fm.pdf").trailer["/Root"]["/Lang"] == "es"
    (project / "briefs" / "fm.toml").write_text(
        'source = "../sources/fm.md"\ntitle = "From the Spec"\n'
    )
    assert run("render", "briefs/fm.toml").exit_code == 0
    assert "From the Spec" in pdf_pages_text(project / "output" / "fm.pdf")[0]


@pytest.mark.parametrize(
    ("front", "message"),
    [
        ("---\ntitle: [unclosed\n---\n", "front matter is not valid YAML"),
        ("---\na: &x [1]\nb: *x\n---\n", "front matter is not valid YAML: aliases are not allowed"),
        ("+++\ntitle = \n+++\n", "front matter is not valid TOML"),
    ],
    ids=["yaml", "alias", "toml"],
)
def test_bad_front_matter(front: str, message: str) -> None:
    with pytest.raises(ArticleError) as caught:
        parse_article(front + "\nText.\n", markdown=True)
    assert caught.value.problems[0].message.startswith(message)
    assert caught.value.problems[0].line is not None


def test_html_is_converted_or_dropped_never_interpreted() -> None:
    article = parse_article(
        "Line one<br>line two <span style='font-size:99px'>big</span> end.\n\n"
        "<details><summary>More</summary>Hidden <b>text</b>.</details>\n\n"
        "<!-- an editor's comment -->\n\n<script>alert(1)</script>\n",
        markdown=True,
    )
    first, summary, details = article.lede
    assert first.text == "Line one\nline two big end."
    assert (summary.text, details.text) == ("More", "Hidden text.")


def test_html_blocks_are_read_as_the_markdown_they_stand_for() -> None:
    """A post whose body pandoc wrote as HTML: its paragraphs, links, lists and table are
    the article's; its style sheet and script are dropped, each with a warning at its line."""
    warnings: list = []
    article = parse_article(
        "# Post\n\n<style>\n.gt_table { color: red; }\n\n.x { margin: 0 }\n</style>\n\n"
        '<p>One <em>two</em> <a href="https://example.org/a">three</a>.</p>\n'
        "<p>Four five.</p>\n<ul><li>six</li><li>seven <b>eight</b></li></ul>\n"
        "<script>$(document).ready(function(){ x() })</script>\n\n"
        "<table><tr><th>Year</th><th>Value</th></tr><tr><td>2020</td><td>1 | 2</td></tr>"
        "</table>\n\n<nav>Home About</nav>\n",
        markdown=True,
        warnings=warnings,
    )
    one, four, items, table = article.lede
    assert one.text == "One two three." and [s.href for s in one.spans if s.href] == [
        "https://example.org/a"
    ]
    assert four.text == "Four five." and (one.line, four.line, items.line) == (9, 10, 11)
    assert table.line == 14  # each block at its own line of the HTML
    assert [item.text for item in items.items] == ["six", "seven eight"]
    assert table.header == ["Year", "Value"] and table.rows == [["2020", "1 | 2"]]
    text = " ".join(b.text for b in article.lede if hasattr(b, "text"))
    assert "gt_table" not in text and "document" not in text and "Home" not in text
    assert [(w.line, w.message) for w in warnings] == [
        (3, "raw HTML: a style sheet is not printed (not text)"),
        (9, "raw HTML: a script is not printed (not text)"),
        (16, "raw HTML: navigation is not printed (not text)"),
    ]


def test_nested_and_mixed_lists() -> None:
    article = parse_article(
        "Intro.\n\n1. One\n   1. One-a\n      - deep\n2. Two\n\n* star\n+ plus\n", markdown=True
    )
    numbered, star, plus = article.lede[1:]
    assert [(i.text, i.level) for i in numbered.items] == [
        ("One", 0),
        ("One-a", 1),
        ("deep", 2),
        ("Two", 0),
    ]
    assert numbered.ordered and not star.ordered and star.items[0].text == "star"
    assert plus.items[0].text == "plus"


def test_setext_headings_and_code() -> None:
    article = parse_article(
        "Title\n=====\n\nIntro.\n\nPart\n----\n\n```python\nx = 1\n```\n", markdown=True
    )
    assert article.title == "Title"
    assert article.sections[0].heading == "Part"
    assert article.sections[0].blocks[0].text == "x = 1"


def test_cjk_text_falls_back_to_the_cjk_font_and_breaks_between_characters(
    project: Path, run
) -> None:
    chinese = (
        "白俄罗斯总统卢卡申科抵达天津出席上海合作组织峰会双方讨论了贸易技术和基础设施领域的合作" * 6
    )
    write(
        project,
        "zh.txt",
        f"上海合作组织天津峰会\n{chinese}。\n经济合作\n双方讨论了合作。\n结论\n新的平台。\n",
    )
    result = run("render", "sources/zh.txt")
    assert result.exit_code == 0 and result.stderr == ""
    pdf = project / "output" / "zh.pdf"
    fonts = pdf_fonts(pdf)
    assert "DroidSansFallback" in fonts
    import pypdfium2 as pdfium

    textpage = pdfium.PdfDocument(pdf)[0].get_textpage()
    boxes = [textpage.get_charbox(i) for i in range(textpage.count_chars())]
    lines = {
        round(box[1])
        for box, char in zip(boxes, textpage.get_text_range(), strict=False)
        if char in chinese
    }
    assert len(lines) >= 4  # one long run of characters, broken into lines
    _, right = text_edges()
    inked = [box for box in boxes if box[2] > box[0]]  # line ends have no width
    assert all(box[2] <= right + 1 for box in inked)  # never past the margin
    assert chinese in "".join(pdf_pages_text(pdf)).replace("\n", "")


def test_characters_no_font_can_draw_are_reported(project: Path, run, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(project))  # no fontconfig: the bundled fonts alone
    write(project, "emoji.md", "# Emoji\n\nA face \U0001fae8 shakes.\n\n## Part\n\nText.\n")
    result = run("check", "sources/emoji.md")
    assert result.exit_code == 0
    assert (
        "warning: no font of the layout can draw U+1FAE8 '\U0001fae8' (in \"A face \U0001fae8 "
        'shakes."); it would print as a blank or a box' in result.stderr
    )
    assert run("check", "sources/emoji.md", "--strict").exit_code == 1


def test_symbols_fall_back_to_the_symbols_font(project: Path, run) -> None:
    write(
        project,
        "sym.md",
        "# Symbols\n\nExports rose ≥ 5% → a record ✓, imports fell ■; 3 ≠ 4.\n\n## Part\n\nText.\n",
    )
    result = run("render", "sources/sym.md")
    assert result.exit_code == 0 and result.stderr == ""
    pdf = project / "output" / "sym.pdf"
    fonts = pdf_fonts(pdf)
    assert "DejaVuSans" in fonts and "DroidSansFallback" not in fonts  # only what is needed
    text = " ".join(" ".join(pdf_pages_text(pdf)).split())
    assert "Exports rose ≥ 5% → a record ✓, imports fell ■; 3 ≠ 4." in text


def test_an_image_run_on_into_a_footnote_is_a_warning() -> None:
    from brief.core.errors import Problem

    warnings: list[Problem] = []
    article = parse_article(
        "# T\n\nText with a note.[^1]\n\n## Part\n\nMore.\n\n[^1]: The survey 2024.\n"
        "![Chart](chart.png)\n",
        markdown=True,
        warnings=warnings,
    )
    assert article.notes[0].text == "The survey 2024. Chart"
    assert [(w.line, w.message) for w in warnings] == [
        (
            9,
            "an image inside a footnote is printed as its description ('Chart'); "
            "leave a blank line before it to show it in the text",
        )
    ]


def test_the_markdownify_names_brief_extends_still_exist() -> None:
    """brief.source.html subclasses markdownify's converter: its cell rules and the
    parent-tag set it hands them must still be there."""
    import inspect

    from markdownify import MarkdownConverter

    for name in ("convert_td", "convert_th", "convert_soup", "convert_div"):
        assert callable(getattr(MarkdownConverter, name, None)), name
    assert list(inspect.signature(MarkdownConverter.convert_td).parameters) == [
        "self",
        "el",
        "text",
        "parent_tags",
    ]
