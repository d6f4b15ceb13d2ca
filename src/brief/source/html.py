"""Raw HTML in a Markdown article, read for what its author meant.

Articles saved from web sites carry HTML: pandoc writes a post's body as ``<p>``, ``<table>``
and ``<a href>``; an R ``gt`` table or a notebook's output comes with its ``<style>`` block;
a blog post embeds a ``<script>``. markdown-it hands such HTML over as raw blocks. Here a
block is parsed with BeautifulSoup (Python's own HTML parser underneath, which never fails
on broken markup) and turned into the Markdown it stands for by markdownify, so that the
article's parser reads paragraphs, headings, lists, tables, quotes, links, emphasis and
images (with their alt text) as if the author had written Markdown. What is not content
(style sheets, scripts, forms, embedded frames, navigation) is dropped and named, so the
reader can warn about each at its line. Both libraries are imported only when an article
has HTML.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Elements whose content is no text for a reader: code for the browser, controls, frames.
DROPPED = {
    "script": "a script",
    "style": "a style sheet",
    "noscript": "a fallback for browsers without scripts",
    "template": "a template",
    "iframe": "an embedded frame",
    "object": "an embedded object",
    "embed": "an embedded object",
    "form": "a form",
    "button": "a button",
    "select": "a form control",
    "input": "a form control",
    "textarea": "a form control",
    "nav": "navigation",
    "canvas": "a canvas",
    "svg": "an inline SVG drawing",
    "head": "the page's head",
    "meta": "page metadata",
    "link": "a link to a style sheet",
}

# A block is converted when it holds any element but an anchor (<a id="x">, read by the
# token walk itself) or a comment; anything else keeps the plain reading.
_ELEMENT = re.compile(r"<(?!/?a[\s>/])(?!!--)/?[A-Za-z][A-Za-z0-9-]*")


def has_elements(html: str) -> bool:
    return _ELEMENT.search(html) is not None


@dataclass
class Converted:
    """An HTML block as Markdown, and what was dropped from it (as the warnings name it);
    *parts* is the same Markdown a block element at a time, each with the line it starts on
    in the HTML (0 for the first), so that every block keeps its own line."""

    markdown: str
    dropped: list[str] = field(default_factory=list)
    parts: list[tuple[int, str]] = field(default_factory=list)


def html_to_markdown(html: str, by_block: bool = False) -> Converted:
    """The Markdown *html* stands for, without the elements in :data:`DROPPED`; with
    *by_block*, as :attr:`Converted.parts` too."""
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(html, "html.parser")
    for script in soup.find_all("script", type=re.compile(r"^math/tex", re.I)):
        # MathJax 2's formulas: kept as the formulas they are, not dropped as scripts
        display = "mode=display" in str(script.get("type", ""))
        script.name = "span"
        script.attrs = {"class": ["math", "display" if display else ""]}  # type: ignore[dict-item]
    dropped = []
    for element in soup.find_all(list(DROPPED)):
        if element.parent is not None and element.name in DROPPED:
            dropped.append(DROPPED[element.name])
            element.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    from brief.source.merges import mark_merged_cells

    mark_merged_cells(soup)
    converter = _converter()
    dropped = list(dict.fromkeys(dropped))
    if not by_block:
        return Converted(converter.convert_soup(soup).strip() + "\n", dropped)
    parts: list[tuple[int, str]] = []
    for line, nodes in _runs(soup):
        group = BeautifulSoup("", "html.parser")
        for node in nodes:
            group.append(node.extract())  # moved: the whole soup is not read again
        text = converter.convert_soup(group).strip()
        if text:
            parts.append((line, text + "\n"))
    return Converted("\n".join(text for _, text in parts), dropped, parts)


# Elements that stand as blocks of their own at the top of an HTML block.
_BLOCK_ELEMENTS = {
    "p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
    "pre", "figure", "section", "article", "details", "hr", "aside", "header", "footer",
    "main", "center", "address", "figcaption", "form", "fieldset", "nav", "hgroup",
}  # fmt: skip


# Blocks that only wrap other blocks (pandoc's <div class="section">): read through.
_WRAPPERS = {"div", "section", "article", "main", "center", "header", "footer", "body", "html"}


def _runs(soup: Any, line: int = 0) -> list[tuple[int, list[Any]]]:
    """The top-level nodes of *soup* in runs that make one block each: a block element
    alone, inline elements and text between blocks together; each with its line (0-based).
    A wrapper of blocks is read through, so each block inside it keeps its own line."""
    runs: list[tuple[int, list[Any]]] = []
    inline_run: list[Any] | None = None
    for node in list(soup.contents):
        name = getattr(node, "name", None)
        if getattr(node, "sourceline", None):
            line = node.sourceline - 1
        if name in _WRAPPERS and any(
            getattr(child, "name", None) in _BLOCK_ELEMENTS for child in node.contents
        ):
            runs.extend(_runs(node, line))
            inline_run = None
            continue
        if name in _BLOCK_ELEMENTS:
            runs.append((line, [node]))
            inline_run = None
        elif inline_run is None:
            inline_run = [node]
            runs.append((line, inline_run))
        else:
            inline_run.append(node)
        if isinstance(node, str):
            line += node.count("\n")
    return runs


_CONVERTER: list[Any] = []


def _converter() -> Any:
    """markdownify's converter, made once: a cell's ``|`` escaped (it would split the
    cell), superscript and subscript kept as the tags brief reads inline."""
    if not _CONVERTER:
        from markdownify import MarkdownConverter

        class Converter(MarkdownConverter):
            def convert_td(self, el: Any, text: str, parent_tags: Any) -> str:
                return super().convert_td(el, _cell(text), parent_tags)  # type: ignore[misc]

            def convert_th(self, el: Any, text: str, parent_tags: Any) -> str:
                return super().convert_th(el, _cell(text), parent_tags)  # type: ignore[misc]

            def convert_block(self, el: Any, text: str, parent_tags: Any) -> str:
                """HTML's other block elements: a block of their own (markdownify runs
                their words into their neighbours': "More" + "Hidden" made "MoreHidden")."""
                if "_inline" in parent_tags or not text.strip():
                    return f" {text.strip()} " if text.strip() else ""
                return f"\n\n{text.strip()}\n\n"

            def convert_span(self, el: Any, text: str, parent_tags: Any) -> str:
                """pandoc's ``<span class="math inline">\\(…\\)</span>`` (and display):
                the TeX as the article's own math, which markdownify would escape."""
                classes = el.get("class") or []
                if "math" not in classes:
                    return text
                return _math(el.get_text(), "display" in classes, "_inline" in parent_tags)

            def convert_math(self, el: Any, text: str, parent_tags: Any) -> str:
                """MathML: its TeX annotation where it has one, else its text."""
                tex = el.find("annotation", encoding=re.compile("tex", re.I))
                if tex is None:
                    return " ".join(el.get_text(" ").split())
                display = el.get("display") == "block"
                return _math(tex.get_text(), display, "_inline" in parent_tags)

            def convert_figure(self, el: Any, text: str, parent_tags: Any) -> str:
                """A figure: its picture as an image whose title is the figure's caption
                (MkDocs' <figure markdown> holds Markdown images; a dark-mode twin is
                not the figure)."""
                caption = el.find("figcaption")
                caption_text = " ".join(caption.get_text(" ").split()) if caption else ""
                image = el.find("img")
                if image is not None:
                    alt, source = image.get("alt") or "", image.get("src") or ""
                else:
                    found = [
                        m
                        for m in _MARKDOWN_IMAGE.finditer(el.get_text())
                        if not m.group(2).endswith("#only-dark")
                    ]
                    alt, source = (found[0].group(1), found[0].group(2)) if found else ("", "")
                if not source:
                    return self.convert_block(el, text, parent_tags)
                source = source.replace(" ", "%20").replace(")", "%29")
                alt = alt.replace("[", "(").replace("]", ")")
                title = f' "{caption_text.replace(chr(34), chr(39))}"' if caption_text else ""
                return f"\n\n![{alt}]({source}{title})\n\n"

        for name in _BLOCKS:
            setattr(Converter, f"convert_{name}", Converter.convert_block)
        _CONVERTER.append(
            Converter(
                heading_style="ATX",
                bullets="-",
                sup_symbol="<sup>",
                sub_symbol="<sub>",
                table_infer_header=True,
                escape_misc=False,
            )
        )
    return _CONVERTER[0]


# Block elements markdownify has no rule for: each one a block of its own.
_BLOCKS = ("summary", "details", "aside", "header", "footer", "main", "center", "address",
           "hgroup", "search")  # fmt: skip
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\(([^)\s]+)")


def _math(tex: str, display: bool, in_line: bool) -> str:
    """A formula as Markdown math: ``$…$`` in a line, ``$$…$$`` as a block of its own."""
    tex = re.sub(r"^\s*(\\\(|\\\[|\$\$?)|(\\\)|\\\]|\$\$?)\s*$", "", tex).strip()
    if not tex:
        return ""
    if display and not in_line:
        return f"\n\n$$\n{tex}\n$$\n\n"
    return f"$${tex}$$" if display else f"${tex}$"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


@dataclass
class Document:
    """An HTML page as an article: Markdown with front matter, and what was dropped."""

    markdown: str
    dropped: list[str] = field(default_factory=list)


def html_document(html: str) -> Document:
    """A whole HTML page (a pandoc, Quarto or R Markdown post, a saved web page) as the
    Markdown article it holds: the content of its ``<article>`` or ``<main>`` (else its
    body), without the page's header, navigation and footer, and front matter from what
    the page says of itself: the title (``<title>``, a pandoc title block, the first
    ``<h1>``), authors, date, description and language."""
    import json

    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    meta: dict[str, object] = {}
    title_block = (
        soup.find(id="title-block-header")  # pandoc 2 and later
        or soup.find("header", class_="quarto-title-block")
        or soup.find("div", id="header")  # R Markdown's html_document, pandoc 1
    )
    heading = (title_block or soup).find(["h1"], class_="title") or soup.find("h1")
    title = heading.get_text(" ", strip=True) if heading else ""
    if not title and soup.title:
        title = soup.title.get_text(" ", strip=True)
    if title:
        meta["title"] = title
    authors = [m.get("content", "") for m in soup.find_all("meta", attrs={"name": "author"})]
    if title_block is not None and not authors:
        authors = [a.get_text(" ", strip=True) for a in title_block.find_all(class_="author")]
    if authors := [a for a in authors if a]:
        meta["authors"] = authors
    if title_block is not None and (dated := title_block.find(class_="date")) is not None:
        meta["date"] = dated.get_text(" ", strip=True)[:10]
    for name in ("dcterms.date", "date", "article:published_time", "citation_publication_date"):
        found = soup.find("meta", attrs={"name": name}) or soup.find("meta", property=name)
        if found is not None and found.get("content") and "date" not in meta:
            meta["date"] = found["content"][:10]
            break
    description = soup.find("meta", attrs={"name": "description"})
    if description is not None and description.get("content"):
        meta["description"] = description["content"]
    root = soup.find("html")
    if root is not None and root.get("lang"):
        meta["lang"] = root["lang"]
    content = soup.find("article") or soup.find("main") or soup.find(attrs={"role": "main"})  # type: ignore[call-overload]
    content = content or soup.body or soup
    for element in content.find_all(["header", "footer", "nav"]):
        element.decompose()
    if title_block is not None and title_block.parent is not None:
        title_block.decompose()  # its title, authors and date are the front matter
    if heading is not None and heading.parent is not None:
        heading.decompose()  # the title: in the front matter, not again in the text
    converted = html_to_markdown(str(content))
    front = "".join(
        f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items()
    )
    return Document(f"+++\n{front}+++\n\n{converted.markdown}", converted.dropped)
