"""The published site's own settings (site.toml), the social card, translations, charts as
SVG and the web fonts cut for each page's scripts."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import html

from .conftest import SITE_URL, citeproc_reference, make_site_project, publish_site

pytestmark = pytest.mark.slow


def parse(page: Path):
    return html.fromstring(page.read_bytes())


def test_site_toml_gives_the_title_language_address_and_citation_style(tmp_path) -> None:
    from brief.layout.catalogue import Messages

    project = make_site_project(tmp_path)
    (project / "site.toml").write_text(
        'title = "Observatoire des politiques"\nlanguage = "fr"\n'
        f'base_url = "{SITE_URL}"\ndescription = "Notes sur le commerce et la sécurité."\n'
        'citation_style = "chicago"\n',
        encoding="utf-8",
    )
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0, err
    site = project / "site"
    assert (site / "feed.xml").is_file()  # the address came from site.toml
    index = parse(site / "index.html")
    assert index.get("lang") == "fr"
    assert index.xpath("string(//h1)") == "Observatoire des politiques"
    assert index.xpath("string(//p[@class='site-description'])").startswith("Notes sur")
    footer = index.xpath("string(//footer)")
    assert Messages("fr").text("all_publications") in footer
    assert Messages("en").text("all_publications") not in footer
    russian = parse(site / "briefs" / "russian" / "index.html")  # a brief's page: its own
    assert russian.get("lang") == "ru"
    assert Messages("ru").text("all_publications") in russian.xpath("string(//footer)")

    folder = site / "briefs" / "trade-tables"
    items = json.loads((folder / "trade-tables.csl.json").read_text(encoding="utf-8"))
    (shown,) = parse(folder / "index.html").xpath("//p[@id='cite-text']")
    assert shown.text_content() == citeproc_reference(items, "chicago-author-date")
    assert shown.get("data-style") == "Chicago"
    assert shown.text_content().startswith("Kowalska, A., and L. Wei. 2025. Tables")  # not APA

    code, _, err = publish_site(project, "-o", "site", "--title", "Given")
    assert code == 0, err
    assert parse(site / "index.html").xpath("string(//h1)") == "Given"  # the option wins


def test_a_wrong_site_toml_says_which_keys(tmp_path) -> None:
    project = make_site_project(tmp_path)
    (project / "site.toml").write_text(
        'titel = "A"\ncitation_style = "mla"\nbase_url = "ftp://x"\n', encoding="utf-8"
    )
    code, _, err = publish_site(project, "-o", "site")
    assert code != 0 and "Traceback" not in err
    lines = err.strip().splitlines()
    assert "site.toml:titel: unknown key 'titel' (did you mean 'title'?)" in lines
    assert any(line.startswith("site.toml:citation_style: ") for line in lines), err
    assert any(line.startswith("site.toml:base_url: must be a web address") for line in lines)
    assert not (project / "site").exists()


def test_a_translation_of_a_brief_not_on_the_site_is_a_warning(tmp_path) -> None:
    project = make_site_project(tmp_path)
    spec = project / "briefs" / "russian.toml"
    spec.write_text(spec.read_text("utf-8") + 'translation_of = "gone.toml"\n', "utf-8")
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0, err
    assert (
        "briefs/russian.toml:translation_of: warning: 'gone.toml' is not a brief published "
        "with this one; no language links made" in err
    )
    page = parse(project / "site" / "briefs" / "russian" / "index.html")
    assert not page.xpath("//link[@hreflang]") and not page.xpath("//nav[@class='languages']")


def title_spans(pdf: bytes) -> list[tuple[str, float]]:
    """(text, size) of each line of the card, as MuPDF reads them."""
    import pymupdf

    document = pymupdf.open(stream=pdf, filetype="pdf")
    lines = []
    for block in document[0].get_text("dict")["blocks"]:
        for line in block.get("lines", []):
            spans = line["spans"]
            lines.append(("".join(s["text"] for s in spans), max(s["size"] for s in spans)))
    return lines


@pytest.mark.parametrize(
    ("title", "language"),
    [
        ("Revenue and distribution of a 10 per cent universal tariff", "en"),
        ("关税对中国出口的影响：二〇二五年贸易数据分析与政策建议", "zh-Hans"),
        ("أثر الرسوم الجمركية على التجارة الإقليمية", "ar"),
    ],
)
def test_the_social_card_sets_the_title_large_enough_for_a_feed(title, language) -> None:
    """The card is typeset, one point to a pixel: its title is text at 48 px or more, all of
    it, with the series and the publisher."""
    from brief.layout.loader import load_layout
    from brief.publish.card import CardText, card_pdf, card_png

    layout = load_layout("default", Path.cwd())
    card = card_pdf(CardText(title, language, "Trade Notes · 3", "Institute", "2025"), layout)
    lines = title_spans(card.pdf)
    large = [(text, size) for text, size in lines if size >= 48]
    assert card.title_size >= 48 and large
    if language == "en":
        assert " ".join(text for text, _ in large).split() == title.split()
    else:
        assert sum(len(text.replace(" ", "")) for text, _ in large) >= len(title.replace(" ", ""))
    assert any("Trade Notes" in text and size < 48 for text, size in lines)
    from PIL import Image

    assert Image.open(io.BytesIO(card_png(card))).size == (1200, 630)


def test_a_title_too_long_for_the_card_is_cut_at_a_word() -> None:
    from brief.layout.loader import load_layout
    from brief.publish.card import CardText, card_pdf

    words = [f"word{n}" for n in range(60)]
    card = card_pdf(CardText(" ".join(words), "en"), load_layout("default", Path.cwd()))
    shown = " ".join(text for text, size in title_spans(card.pdf) if size >= 48).split()
    assert card.title_size == 48
    assert shown[-1].endswith("…") and shown[:-1] == words[: len(shown) - 1]


def test_a_chart_label_cannot_inject_markup(tmp_path) -> None:
    """A category is text in the chart's SVG, whatever it holds."""
    hostile = '</text><script>alert(1)</script>"><img src=x onerror=alert(2)>'
    written = hostile.replace("<", "&lt;").replace(">", "&gt;")  # text, as Markdown reads it
    (tmp_path / "sources").mkdir()
    (tmp_path / "briefs").mkdir()
    (tmp_path / "sources" / "c.md").write_text(
        "# Charted\n\nThe lede.\n\n## Data\n\n| Group | Value |\n|---|---:|\n"
        f"| {written} | 4 |\n| Other | 6 |\n",
        encoding="utf-8",
    )
    (tmp_path / "briefs" / "c.toml").write_text(
        'source = "../sources/c.md"\n\n[[charts]]\ntable = 1\nkind = "bar"\n', encoding="utf-8"
    )
    code, _, err = publish_site(tmp_path, "-o", "site")
    assert code == 0, err
    page = parse(tmp_path / "site" / "briefs" / "c" / "index.html")
    assert not page.xpath("//script[not(@type='application/ld+json') and not(@src)]")
    assert not page.xpath("//img[@onerror]")
    labels = page.xpath("//figure[contains(@class, 'chart')]//svg//text/text()")
    assert hostile[:27] + "…" in labels  # shortened, as in the PDF
    descriptions = page.xpath("//figure[contains(@class, 'chart')]//svg/desc/text()")
    assert len(descriptions) == 2 and all(hostile in d for d in descriptions)


def test_a_page_gets_the_fonts_of_its_scripts_cut_to_its_characters() -> None:
    """Chinese and Arabic text on a page whose layout fonts are Latin: the faces the PDF falls
    back to, each cut to the characters the page holds (and small for it)."""
    from fontTools.ttLib import TTFont

    from brief.layout.loader import load_layout
    from brief.publish.webfonts import page_fonts, page_text
    from brief.typeset.styles import resolve_styles

    layout = load_layout("default", Path.cwd())
    text = page_text(
        "<p>Trade 贸易数据分析 and <span>التجارة الإقليمية</span></p>"
        "<script>不要</script><img alt='图表'>"
    )
    assert "不要" not in text and "图表" in text
    fonts = page_fonts(text, resolve_styles(layout, "en"), ["serif", "sans"])
    assert fonts.families == ["scripts-1", "scripts-2"]
    covered: dict[str, set[int]] = {}
    for face in fonts.faces:
        font = TTFont(io.BytesIO(face.data))
        assert font.flavor == "woff" and len(face.data) < 200_000
        covered.setdefault(face.family, set()).update(font.getBestCmap())
    every = set().union(*covered.values())
    for char in "贸易数据分析图表التجارة":
        assert ord(char) in every, char
    assert ord("不") not in every  # not on the page
    assert all(ord(char) not in every for char in "Trade")  # the layout's own faces do
