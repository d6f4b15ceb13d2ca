"""The CommonMark specification's examples (tests/commonmark, origin in its README): every
word a browser shows for an example's HTML is in what brief reads from its Markdown, but for
the examples listed here, each for its reason."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

from brief.core.errors import ArticleError
from brief.source.article import Article
from brief.source.reader import parse_article

EXAMPLES = json.loads(
    (Path(__file__).parent / "commonmark" / "spec-0.31.2.json").read_text(encoding="utf-8")
)
# Examples whose words brief does not print, and why.
KNOWN = {
    # An HTML block runs on to the blank line, so the browser shows the fence as text;
    # brief reads the fence as the code block its author wrote (its info string "c" is
    # not printed).
    161: {"c"},
    # A form control's content: brief prints no forms.
    171: {"foo", "_bar_"},
}
_BLOCK_TAGS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
               "blockquote", "table", "tr", "td", "th", "hr", "br", "thead", "tbody"}  # fmt: skip


class _Shown(HTMLParser):
    """The text a browser shows for HTML: no script or style, an image's alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("script", "style"):
            self.hidden += 1
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")
        if tag == "img":
            self.parts.append(dict(attrs).get("alt") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.hidden = max(0, self.hidden - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def words(text: str) -> Counter:
    return Counter(re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold()))


def printed(article: Article) -> str:
    """Every word brief prints of the article, list numbers included."""
    parts = [article.title or ""]

    def block(b) -> None:
        if b.kind in ("paragraph", "quote", "code", "subheading", "formula"):
            parts.append(b.text)
        elif b.kind == "list":
            for number, item in enumerate(b.items, start=b.start):
                parts.append(f"{number if b.ordered else ''} {item.label or ''} {item.text}")
        elif b.kind == "table":
            parts.extend(
                [*b.header, *(c for r in b.rows for c in r), b.caption or "", b.note or ""]
            )
        elif b.kind == "image":
            parts.extend([b.alt, b.caption or ""])
        elif b.kind == "callout":
            parts.append(b.title or "")
            for inner in b.blocks:
                block(inner)

    for b in article.lede:
        block(b)
    for section in article.all_sections():
        parts.append(section.heading)
        for b in section.blocks:
            block(b)
    parts.extend(note.text for note in article.notes)
    return " ".join(parts)


def test_every_word_of_the_examples_is_read() -> None:
    lost: dict[int, set[str]] = {}
    for example in EXAMPLES:
        shown = _Shown()
        shown.feed(example["html"])
        try:
            article = parse_article(example["markdown"], path="x.md", markdown=True, warnings=[])
            text = printed(article)
        except ArticleError:
            text = ""
        missing = words("".join(shown.parts)) - words(text)
        if missing:
            lost[example["example"]] = set(missing)
    assert lost == KNOWN
    assert len(EXAMPLES) == 652
