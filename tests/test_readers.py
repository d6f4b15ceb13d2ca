"""Every bundled layout × every corpus article, read back by PDFium and by pdf.js.

Bookmarks and links are followed to their page and height; the article's words are looked for
in their order, as each reader extracts them. A reader that cannot run is a failure, not a skip.
"""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brief.api import render_brief
from brief.audit import expected_pieces, find_missing
from brief.compose.corrections import apply_corrections
from brief.compose.spec import Spec, load_spec
from brief.source.reader import ARTICLE_SUFFIXES, read_article
from tests.readers import Reading, Target, read_with_pdfium, read_with_pdfjs

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
LAYOUTS = ["default", "summary", "report"]
ARTICLES = [
    *sorted(p.name for p in CORPUS.iterdir() if p.suffix in ARTICLE_SUFFIXES),
    "bundled",
]
READERS = {"pdfium": read_with_pdfium, "pdf.js": read_with_pdfjs}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def brief_of(rendered):
    """Each (article, layout) as rendered for the whole run, with its article and spec."""

    def get(name: str, layout: str):
        if name == "bundled":
            source = REPO / "briefs" / "belarus-sco-tianjin.toml"
            spec = load_spec(source)
            article_path = (source.parent / spec.source).resolve()
        else:
            source = article_path = CORPUS / name
            spec = Spec(source=name)
        article = apply_corrections(spec, read_article(article_path), source, [])
        return rendered(name, layout), article, spec

    return get


def words(text: str) -> list[str]:
    return [w.casefold() for w in re.findall(r"\w+", text)]


def heading_words(title: str) -> list[str]:
    """A bookmark's title without the section number the layout adds."""
    return words(re.sub(r"^\s*\d+(\.\d+)*\.?\s*", "", title))[:4]


def tops_of(pdf: Path, page: int, wanted: list[str]) -> list[float]:
    """The tops of the lines on *page* whose words begin with *wanted* (PDFium boxes)."""
    textpage = pdfium.PdfDocument(pdf)[page].get_textpage()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    tops = []
    for match in re.finditer(r"[^\r\n]+", text):
        if heading_words(match.group())[: len(wanted)] == wanted:
            boxes = (textpage.get_charbox(i, loose=True) for i in range(*match.span()))
            drawn = [box for box in boxes if box[3] > box[1]]  # not a character pdfium added
            if drawn:
                tops.append(drawn[0][3])
    return tops


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ARTICLES)
def test_bookmarks_lead_to_their_headings(brief_of, name: str, layout: str, reader: str) -> None:
    pdf, _, _ = brief_of(name, layout)
    reading: Reading = READERS[reader](pdf)
    assert reading.bookmarks, "no bookmarks"
    for bookmark in reading.bookmarks:
        target = bookmark.target
        assert target.page is not None, bookmark
        wanted = heading_words(bookmark.title)[:2]  # a heading may wrap after two words
        tops = tops_of(pdf, target.page, wanted)
        assert tops, f"{bookmark.title!r} is not on page {target.page + 1}"
        # The destination is a little above the heading's first line.
        assert target.top is not None
        assert any(0 <= target.top - top < 20 for top in tops), (bookmark, tops)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ARTICLES)
def test_internal_links_lead_to_what_they_name(brief_of, name: str, layout: str, reader: str):
    """Every link inside the brief (contents, list of tables, "#name" links) leads to the page
    and height of the heading or caption its text names."""
    pdf, _, _ = brief_of(name, layout)
    reading = READERS[reader](pdf)
    pdfium_links = read_with_pdfium(pdf).links
    assert len(reading.links) == len(pdfium_links)
    labels: dict[Target, list[str]] = {}
    for link, seen in zip(reading.links, pdfium_links, strict=True):
        if link.url is not None:
            assert link.url.startswith(("http://", "https://", "mailto:")), link
            continue
        assert link.target is not None and link.target.page is not None, link
        assert link.target.page == seen.target.page, (link, seen)
        label = re.sub(r"^[.…\s]+|[.…\s]*\d+$", "", seen.text)  # "Title .... 3"
        if re.search(r"[^\W\d]", label):  # not the page number beside an entry
            labels.setdefault(link.target, []).append(label)
    marks = {(b.target.page, round(b.target.top or 0)) for b in read_with_pdfium(pdf).bookmarks}
    for target, lines in labels.items():
        if (target.page, round(target.top or 0)) in marks:
            continue  # where a bookmark leads: those are followed to their headings
        words_of_label = heading_words(" ".join(lines))[:2]
        tops = tops_of(pdf, target.page, words_of_label)
        if not tops:  # a "#name" link to a place in the text: text starts right there
            tops = tops_of(pdf, target.page, [])
        assert any(0 <= target.top - top < 20 for top in tops), (target, lines, tops)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ARTICLES)
def test_every_word_of_the_article_is_read_in_order(
    brief_of, name: str, layout: str, reader: str
) -> None:
    pdf, article, spec = brief_of(name, layout)
    reading = READERS[reader](pdf)
    pieces = expected_pieces(article, spec)
    # pdf.js drops the soft hyphens that mark hyphenation: a word broken without a hyphen
    # cannot be told from a hyphenated one there, so only PDFium's reading checks that.
    missing = find_missing(pieces, reading.text, hyphens_shown=reader == "pdfium")
    assert not missing, [f"{p.line}: {p.text[:80]}" for p in missing[:5]]


@pytest.mark.parametrize("reader", READERS)
def test_contents_entries_read_title_first(brief_of, reader: str) -> None:
    """Each contents entry reads as its title, then its leaders and page number (readers take
    text in drawing order: leaders drawn first read ". . . 3Key points")."""
    pdf, _, _ = brief_of("bundled", "report")
    page = READERS[reader](pdf).pages[1]
    flat = " ".join(page.split()).split("Contents", 1)[1]
    for title in ("Key points", "Executive summary", "Recommendations", "Conclusion"):
        assert re.search(re.escape(title) + r"(\s*\.)+\s*\d+", flat), (title, flat)
    assert not re.search(r"\.\s*\d+\s*\.", flat)  # no page number followed by leaders
    assert not re.search(r"\d[^\W\d_]", flat)  # no page number glued to the next title


def test_no_page_ends_with_a_hyphenated_word(tmp_path: Path) -> None:
    """The last line of a page is never hyphenated (the reader would turn the page in the
    middle of a word), checked in PDFium, where a hyphen added at a line end reads U+FFFE."""
    text = (REPO / "sources" / "belarus-sco-tianjin.txt").read_text(encoding="utf-8")
    paragraphs = [line for line in text.splitlines() if len(line) > 200]
    article = tmp_path / "long.md"
    article.write_text(
        "# A long article\n\n" + "\n\n".join(paragraphs * 10) + "\n", encoding="utf-8"
    )
    for layout in LAYOUTS:
        pdf = render_brief(article, output_dir=tmp_path / layout, layout=layout).output
        reading = read_with_pdfium(pdf)
        lines = [
            [line.strip() for line in page.splitlines() if line.strip()] for page in reading.pages
        ]
        # The running header is each page's first line, the footer holds "Page N of M".
        ends = [
            next(
                (line for line in reversed(page[1:]) if not re.search(r"\d+ of \d+", line)),
                "",
            )
            for page in lines[1:-1]
        ]
        assert sum(bool(end) for end in ends) >= 2, ends
        hyphenated = [end for end in ends if end.endswith(("\ufffe", "\u00ad", "-"))]
        assert not hyphenated, (layout, hyphenated)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ARTICLES)
def test_every_link_element_holds_its_text(brief_of, name: str, layout: str) -> None:
    """A screen reader announces a link by its text: every Link element holds the text of
    its link, in paragraphs, table cells, list items and contents entries alike."""
    from tests.structure import read

    pdf, _, _ = brief_of(name, layout)
    empty = []

    def walk(element, parent: str | None) -> None:
        if getattr(element, "role", None) == "Link" and not element.all_text().strip():
            empty.append(parent)
        for kid in getattr(element, "kids", []):
            if hasattr(kid, "role"):
                walk(kid, element.role)

    walk(read(pdf).root, None)
    assert not empty, empty
