"""Real posts from sites built with Hugo, Jekyll, Eleventy, MkDocs, Quarto, pandoc, R
Markdown, notebooks and WordPress (``tests/web/``, origins in its SOURCES.md): read and
rendered, none of their generators' syntax reaches the brief's text, outside code the author
shows as code."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest

from brief.source.reader import ARTICLE_SUFFIXES, read_article
from tests.conftest import REPO, pdf_pages_text

WEB = REPO / "tests" / "web"
ARTICLES = sorted(p for p in WEB.iterdir() if p.name[:2].isdigit())

# Source syntax a reader must never see, as patterns over a block's text.
SYNTAX = {
    "Hugo shortcode": re.compile(r"\{\{[<%]"),
    "Liquid tag": re.compile(r"\{%-?\s*\w"),
    "template output": re.compile(r"\{\{-?\s*[\w\"'.]+(\s*\|[^}]*)?\s*-?\}\}"),
    "style sheet": re.compile(r"<style|\{\s*[\w-]+\s*:\s*[^;{}]+;\s*[\w-]+\s*:"),
    "script": re.compile(r"\$\(document\)|<script"),
    "comment line": re.compile(r"\[(comment|//)\]:"),
    "admonition": re.compile(r"(^|\n)\s*!!!\s+\w"),
    "MDX import": re.compile(r"(^|\n)import\s+[\w{}*, ]+\s+from\s+[\"']"),
    "TeX math": re.compile(
        r"\$\$|\\(frac|begin|end|sum|mathbb|mathrm|left|right|hat|text)\b|\\[(\[]"
    ),
    "HTML tag": re.compile(r"</?(div|span|p|table|td|tr|img|sup|sub|br)\b[^>]*>", re.I),
    "pandoc script": re.compile(r"\w\^\w+\^"),
}


# A template's call printed as text (figure_markup(image=…)): looked for in the article's
# prose only, as code in a PDF (R, Python) is full of such calls.
PROSE_SYNTAX = {"template call": re.compile(r"\b[a-z]+_[a-z_]+\(\s*[a-z_]+\s*=")}


def readable(path: Path) -> Path:
    """The name brief reads *path* under (all are article types brief reads)."""
    assert path.suffix.lower() in ARTICLE_SUFFIXES, path
    return path


def texts(path: Path) -> tuple[list[str], list[str]]:
    """The article's text outside code, and the text of its code blocks."""
    article = read_article(readable(path), data=path.read_bytes(), warnings=[])
    sections = [*article.sections, *article.appendices]
    if article.conclusion is not None:
        sections.append(article.conclusion)
    blocks = [*article.lede, *(b for s in sections for b in s.blocks)]
    prose, code = [s.heading for s in sections], []
    for block in blocks:
        if block.kind == "code":
            code.append(block.text)
            continue
        prose.append(getattr(block, "text", "") or "")
        prose.extend(item.text for item in getattr(block, "items", []) or [])
        prose.extend(cell for row in getattr(block, "rows", []) or [] for cell in row)
    return prose, code


def test_the_corpus_covers_kinds_and_languages() -> None:
    sources = (WEB / "SOURCES.md").read_text(encoding="utf-8")
    listed = {
        line.split("|")[1].strip() for line in sources.splitlines() if re.match(r"\| \d\d-", line)
    }
    assert listed == {p.name for p in ARTICLES} and len(ARTICLES) >= 25
    languages = {
        line.split("|")[6].strip() for line in sources.splitlines() if re.match(r"\| \d\d-", line)
    }
    assert len(languages) >= 5, languages


@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_no_generator_syntax_reaches_the_text(path: Path) -> None:
    prose, _ = texts(path)
    text = "\n".join(prose)
    found = {
        name: pattern.search(text).group(0)
        for name, pattern in {**SYNTAX, **PROSE_SYNTAX}.items()
        if pattern.search(text)
    }
    assert found == {}


LAYOUTS = ("default", "report", "summary")
# Markdown in bookmarks: links, emphasis, heading marks, code, math.
_BOOKMARK_MARKDOWN = re.compile(r"\]\(|\*\*|__|^#|`|\$|\\\(|\{\{|\{%")


def _outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles.extend(_outline_titles(item))
        else:
            titles.append(item.title)
    return titles


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("path", ARTICLES, ids=[p.stem for p in ARTICLES])
def test_each_renders_as_its_site_shows_it(path: Path, layout: str, tmp_path: Path) -> None:
    """In every layout: the words a reader of the author's site sees (pandoc's reading,
    tests/web/reference) are in the PDF as PDFium reads it; none of the generator's syntax
    is, but in code the author shows; bookmarks hold no Markdown; the title is the
    article's, never its file name; no line starts with the hyphen the line before ended in."""
    from pypdf import PdfReader

    from brief.api import render_brief
    from tests.wordcheck import kept

    (tmp_path / "sources").mkdir()
    article = tmp_path / "sources" / readable(path).name
    shutil.copy(path, article)
    warnings: list = []
    result = render_brief(article, project_dir=tmp_path, warnings=warnings, layout=layout)
    reference = (WEB / "reference" / f"{path.name}.words").read_text(encoding="utf-8")
    share, missing = kept(reference, result.output)
    assert share >= 0.995, missing.most_common(10)
    _, code = texts(path)
    shown_as_code = "\n".join(code)
    text = " ".join(pdf_pages_text(result.output))
    for name, pattern in SYNTAX.items():
        assert len(pattern.findall(text)) <= len(pattern.findall(shown_as_code)), (
            name,
            pattern.search(text).group(0),
        )
    reader = PdfReader(result.output)
    titles = _outline_titles(reader.outline)
    assert titles and not [t for t in titles if _BOOKMARK_MARKDOWN.search(t)]
    assert not [w for w in warnings if "from the file name" in w.message]
    lines = "\n".join(page.extract_text() for page in reader.pages).splitlines()
    doubled = [
        (a, b)
        for a, b in itertools.pairwise(lines)
        if a.rstrip().endswith(("-", "\u00ad")) and b.startswith("-")
    ]
    assert doubled == []
