"""The article parser, on the bundled article and on the other shapes articles come in."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.core.errors import ArticleError
from brief.core.records import as_json
from brief.source.article import BulletList, Paragraph, Subheading, Table
from brief.source.reader import parse_article, read_article

from .conftest import BUNDLED_ARTICLE


@pytest.fixture(scope="module")
def bundled():
    return read_article(BUNDLED_ARTICLE)


def test_bundled_sections_and_lede(bundled) -> None:
    assert bundled.title is None
    assert [s.heading for s in bundled.sections] == [
        "Belarusian Leadership at the SCO Summit: Strategic Implications for Regional Alliances",
        "Economic Collaborations on the Horizon: Opportunities for Belarus and China",
        "Strengthening Ties: Recommendations for Enhanced Bilateral Relations Amid Global "
        "Challenges",
    ]
    assert [s.line for s in bundled.sections] == [2, 15, 28]
    assert len(bundled.lede) == 1 and bundled.lede[0].line == 1
    assert bundled.lede[0].text.startswith("Belarusian President Alexander Lukashenko has arrived")


def test_bundled_lists_keep_labels_apart(bundled) -> None:
    lists = [b for s in bundled.sections for b in s.blocks if isinstance(b, BulletList)]
    assert [[i.label for i in lst.items] for lst in lists] == [
        ["Security Enhancements", "Economic Initiatives", "Cultural Exchange"],
        [
            "Joint Ventures",
            "Technological Exchange",
            "Infrastructure Development",
            "Trade Agreements",
        ],
        ["Economic Cooperation", "Technology Transfer", "Cultural Initiatives"],
    ]
    first = lists[0].items[0]
    assert first.text == "Addressing regional threats and promoting stability."
    assert first.line == 5
    assert lists[2].items[2].text == (
        "Promoting cultural exchanges to deepen mutual understanding and goodwill between "
        "the citizens of both countries."
    )


def test_bundled_tables_exact_cells(bundled) -> None:
    tables = bundled.tables()
    assert len(tables) == 3
    assert tables[0].header == ["Strategic Outcome", "Implications"]
    assert tables[0].rows == [
        [
            "Increased Military Collaboration",
            "Enhanced defence mechanisms against external threats.",
        ],
        ["Economic Diversification", "Reduced dependency on Western markets."],
        ["Cultural Diplomacy", "Strengthening soft power within the region."],
    ]
    assert tables[1].header == ["Sector", "Potential Collaboration"]
    assert [r[0] for r in tables[1].rows] == [
        "Agriculture",
        "Manufacturing",
        "Facts Technology",
        "Tourism",
    ]
    assert tables[1].rows[3][1] == "Collaborative marketing to boost tourism between both nations."
    assert tables[2].header == ["Initiative", "Description"]
    assert tables[2].rows == [
        [
            "Joint Military Exercises",
            "Enhance defense collaboration to counter regional instability.",
        ],
        [
            "Cooperative Environmental Projects",
            "Tackle climate change through joint sustainable initiatives.",
        ],
        ["Trade Forums", "Facilitate dialog between businesses to explore potential investments."],
    ]
    assert [t.line for t in tables] == [9, 22, 34]


def test_bundled_conclusion(bundled) -> None:
    assert bundled.conclusion is not None
    assert bundled.conclusion.heading == "Wrapping Up"
    assert bundled.conclusion.line == 39
    (paragraph,) = bundled.conclusion.blocks
    assert "Shanghai Cooperation Organization. The outcomes of this summit" in paragraph.text
    assert paragraph.text.endswith("gathering of leaders.")
    assert bundled.appendices == []


def test_bundled_spacing_repairs(bundled) -> None:
    lede = bundled.lede[0].text
    assert "Tianjin, China, to participate" in lede
    assert "Summit, a meaningful gathering" in lede
    assert "security, trade, and political stability" in lede
    third = bundled.sections[2].blocks
    assert any("Moreover, both countries" in b.text for b in third if isinstance(b, Paragraph))
    # Curly apostrophes and hyphenated words are kept exactly as written.
    assert "Lukashenko’s attendance" in lede
    assert "member states-including China" in bundled.sections[0].blocks[0].text


def test_every_word_of_the_bundled_article_is_in_the_model(bundled) -> None:
    words_in = BUNDLED_ARTICLE.read_text(encoding="utf-8").replace(",", " ").replace(".", " ")
    model_text = as_json(bundled)
    for word in set(words_in.replace("|", " ").replace("-", " ").split()):
        word = word.strip(":")
        if word:
            assert word in model_text, word


def test_markdown_headings_title_lists_and_tables() -> None:
    article = parse_article(
        "# Grain Corridors\n\nIntro *paragraph* with `code,kept`.\n\n## Context\n\n"
        "Text here.\n\n### Detail\n\n1. First\n2. **Second:** item\n   - nested,item\n\n"
        "| Year | Tonnes |\n|---:|:---|\n| 2024 | 1,000 |\n\n## Conclusions\n\nDone.\n",
        markdown=True,
    )
    assert article.title == "Grain Corridors"
    assert article.lede[0].text == "Intro paragraph with code,kept."
    assert [s.heading for s in article.sections] == ["Context"]
    blocks = article.sections[0].blocks
    assert isinstance(blocks[1], Subheading) and blocks[1].level == 1
    numbered = blocks[2]
    assert isinstance(numbered, BulletList) and numbered.ordered
    assert [(i.label, i.text, i.level) for i in numbered.items] == [
        (None, "First", 0),
        ("Second", "item", 0),
        (None, "nested, item", 1),
    ]
    table = blocks[3]
    assert isinstance(table, Table)
    assert table.rows == [["2024", "1,000"]] and table.align == ["right", "left"]
    assert article.conclusion.heading == "Conclusions"


def test_hard_wrapped_plain_text_joins_lines_and_finds_title() -> None:
    article = parse_article(
        "Water Security in Central Asia\n\nThe region shares five rivers and\nmany "
        "disputes over how to share them.\n\nBackground\n\nDams were built in the\n"
        "Soviet era.\n\nIn Summary\n\nCooperation pays.\n"
    )
    assert article.title == "Water Security in Central Asia"
    assert article.lede[0].text == (
        "The region shares five rivers and many disputes over how to share them."
    )
    assert [s.heading for s in article.sections] == ["Background"]
    assert article.sections[0].blocks[0].text == "Dams were built in the Soviet era."
    assert article.conclusion.heading == "In Summary"


def test_opening_summary_is_not_the_conclusion() -> None:
    article = parse_article("Summary\nShort.\nMain Part\nBody text.\nMore Detail\nMore text.\n")
    assert article.conclusion is None
    assert [s.heading for s in article.sections] == ["Summary", "Main Part", "More Detail"]


def test_sections_after_the_conclusion_are_appendices() -> None:
    article = parse_article("Intro.\nFindings\nText.\nConclusion\nEnd.\nAnnex A\nData.\n")
    assert article.conclusion.heading == "Conclusion"
    assert [s.heading for s in article.appendices] == ["Annex A"]


def test_html_in_text_stays_text() -> None:
    article = parse_article("Intro <b>bold</b> & <script>x</script>.\n")
    assert article.lede[0].text == "Intro <b>bold</b> & <script>x</script>."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the article is empty"),
        (b"  \n\n\t\n", "the article is empty"),
        (b"abc\x00\x00def", "not a text file (it is mostly control characters)"),
    ],
)
def test_unreadable_articles(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    with pytest.raises(ArticleError) as caught:
        read_article(path)
    assert caught.value.problems[0].message == message


def test_utf8_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffIntro line.\r\nHeading Here\r\nBody,text.\r\n".encode())
    article = read_article(path)
    assert article.lede[0].text == "Intro line."
    assert article.sections[0].heading == "Heading Here"
    assert article.sections[0].blocks[0].text == "Body, text."


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "a.pages"
    path.write_text("x")
    with pytest.raises(ArticleError, match=r"unsupported article type '\.pages'"):
        read_article(path)


def test_windows_1252_is_read_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(
        "Intro line.\nCaf\xe9 Society\nThe \u201ccaf\xe9\u201d is open.\n".encode("cp1252")
    )
    warnings: list = []
    article = read_article(path, warnings=warnings)
    assert article.sections[0].heading == "Café Society"
    assert article.sections[0].blocks[0].text == "The “café” is open."
    assert [(w.line, w.message) for w in warnings] == [
        (2, "not UTF-8 (byte 0xe9); read as Windows-1252")
    ]


def test_latin1_when_windows_1252_cannot_decode(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Intro \x81 line.\n")
    warnings: list = []
    assert read_article(path, warnings=warnings).lede[0].text == "Intro line."
    assert warnings[0].message == "not UTF-8 (byte 0x81); read as Latin-1"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark(tmp_path: Path, encoding: str) -> None:
    bom = "\ufeff".encode(encoding)
    path = tmp_path / "a.txt"
    path.write_bytes(bom + "Вступление.\r\nЗаголовок Раздела\r\nТекст,здесь.\r\n".encode(encoding))
    article = read_article(path)
    assert article.lede[0].text == "Вступление."
    assert article.sections[0].heading == "Заголовок Раздела"
    assert article.sections[0].blocks[0].text == "Текст, здесь."


def test_control_and_zero_width_characters_are_removed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Intro\x07 line.\nA Head\u200bing\nBody\x00 text\x1b.\n".encode())
    warnings: list = []
    article = read_article(path, warnings=warnings)
    assert article.lede[0].text == "Intro line."
    assert article.sections[0].heading == "A Heading"
    assert article.sections[0].blocks[0].text == "Body text."
    assert [(w.line, w.message) for w in warnings] == [
        (1, "removed 3 control character(s) (first U+0007)")
    ]


def test_mostly_control_characters_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(bytes(range(1, 32)) * 50)
    with pytest.raises(ArticleError, match="not a text file"):
        read_article(path)


def test_plain_text_headings_stand_before_body_text() -> None:
    """A heading in plain text is a short line of words before body text: not a line of
    codes, a date line, a label with its value, a line broken with two spaces, or one of a
    run of short lines; a short question is one; a wire service's dotted heading is one."""
    text = (
        "312\nNOUS44 KFWD 180002\n\nPublic Information Statement\n"
        "National Weather Service Fort Worth TX\n702 PM CDT Fri Mar 17 2023\n\n"
        ".Overview...\nSevere storms moved across North Texas during the late afternoon and "
        "caused damage.\n\nRating:    EF1\nFatalities: 0\n\nWas ist der Plan von Union und SPD?\n"
        "Die Parteien wollen die Steuern senken und mehr investieren als zuvor geplant.\n\n"
        "A line broken with two spaces  \ngoes on here in the same paragraph of text.\n$$\n"
    )
    article = parse_article(text.replace("\n", "\r\r\n"), path="bulletin.txt")
    assert article.title == "Public Information Statement"
    assert [s.heading for s in article.sections] == [
        "Overview",
        "Was ist der Plan von Union und SPD?",
    ]
    assert "312" in article.lede[0].text  # the routing codes are kept, after the title
