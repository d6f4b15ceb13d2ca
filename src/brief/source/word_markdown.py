"""mammoth's HTML of a Word document as the Markdown article it stands for (see
:mod:`brief.source.word`): equations put back where they stood, the Title, Subtitle, Author
and Date paragraphs and the document's properties as front matter, boxes of one cell opened,
captions joined to their tables and figures, notes as the article's notes."""

from __future__ import annotations

import json
import re
from typing import Any

_MATH = re.compile("\ue010(\\d+)\ue011")  # where an equation stood, until the HTML is read


def formula_marker(index: int) -> str:
    """The text that stands for equation *index* in the document until its HTML is read."""
    return f"\ue010{index}\ue011"


def word_markdown(html: str, meta: dict[str, Any], formulas: list[tuple[str, bool]]) -> str:
    """mammoth's HTML as a Markdown article with front matter."""
    from bs4 import BeautifulSoup

    from brief.source.html import html_to_markdown

    soup = BeautifulSoup(html, "html.parser")
    for skipped in soup.find_all("img", class_="brief-skipped"):
        skipped.decompose()
    for text in list(soup.find_all(string=_MATH)):
        pieces = _MATH.split(str(text))
        replacement = []
        for index, piece in enumerate(pieces):
            if index % 2 == 0:
                if piece:
                    replacement.append(piece)
                continue
            tex, displayed = formulas[int(piece)]
            kind = "display" if displayed else "inline"
            span = soup.new_tag("span", attrs={"class": f"math {kind}"})
            span.string = tex
            replacement.append(span)
        text.replace_with(*replacement)
    title = soup.find("p", class_="brief-title")
    if title is not None:
        meta["title"] = title.get_text(" ", strip=True) or meta.get("title", "")
        title.decompose()
    subtitle = soup.find("p", class_="brief-subtitle")
    if subtitle is not None:
        meta["subtitle"] = subtitle.get_text(" ", strip=True)
        subtitle.decompose()
    authors = [p.get_text(" ", strip=True) for p in soup.find_all("p", class_="brief-author")]
    if authors := [a for a in authors if a]:
        meta["authors"] = authors
    for dated in soup.find_all("p", class_="brief-date"):
        written = dated.get_text(" ", strip=True)
        if re.fullmatch(r"\d{4}-\d\d-\d\d", written):
            meta["date"] = written
    for element in soup.find_all("p", class_=["brief-author", "brief-date"]):
        element.decompose()
    _unboxed(soup)
    _cover(soup, meta)
    _captions(soup)
    if not soup.find(["h1", "h2", "h3", "h4", "h5", "h6"]):
        _bold_headings(soup)
    definitions = _notes(soup)
    body = html_to_markdown(str(soup)).markdown
    front = "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n" for k, v in meta.items() if v)
    return f"+++\n{front}+++\n\n{body}\n\n{definitions}\n"


_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _cover(soup: Any, meta: dict[str, Any]) -> None:
    """A cover page whose lines are headings (an organisation, "Draft", the title, a date,
    each given an outline level) makes no sections: when a document opens with headings of
    one level with nothing between them, the longest is its title (unless the document names
    one) and the others its subtitle, one line."""
    top = [element for element in soup.children if getattr(element, "name", None)]
    run = []
    for index, element in enumerate(top[:-1]):
        following = top[index + 1]
        if element.name in _HEADINGS and following.name == element.name:
            run.append(element)
        else:
            break
    if len(run) < 2:
        return
    lines = [" ".join(h.get_text(" ", strip=True).split()) for h in run]
    if not meta.get("title"):
        title = max(lines, key=lambda line: len(line.split()))
        meta["title"] = title
        lines.remove(title)
    rest = " · ".join(line for line in lines if line)
    if rest and not meta.get("subtitle"):  # under the title, as on the cover
        meta["subtitle"] = rest
        rest = ""
    if rest:
        line = soup.new_tag("p")
        line.string = rest
        run[0].insert_before(line)
    for heading in run:
        heading.decompose()


def _unboxed(soup: Any) -> None:
    """A table of one cell is a box that places its content (a figure and its caption, as
    pandoc and many templates write them), not data: its content is read in its place."""
    for table in soup.find_all("table"):
        cells = table.find_all(["td", "th"])
        if len(cells) == 1 and table.parent is not None:
            table.replace_with(*list(cells[0].contents))


def _captions(soup: Any) -> None:
    """A paragraph in a caption style: beside a table, that table's caption (labelled, as
    brief finds captions, when the author's has no "Table 1:"); under a picture, the
    figure's caption."""
    from brief.source.captions import caption_of

    tables = 0
    for element in soup.find_all(["table", "p"], recursive=False):
        if element.name == "table":
            tables += 1
            continue
        if "brief-caption" not in (element.get("class") or []):
            continue
        text = element.get_text(" ", strip=True)
        before = element.find_previous_sibling()
        after = element.find_next_sibling()
        picture = before.find("img") if before is not None and before.name == "p" else None
        if picture is not None and not before.get_text(strip=True):
            figure = soup.new_tag("figure")
            before.replace_with(figure)
            figure.append(picture)
            caption = soup.new_tag("figcaption")
            caption.string = text
            figure.append(caption)
            element.decompose()
            continue
        if caption_of(text) is None and (
            (after is not None and after.name == "table")
            or (before is not None and before.name == "table")
        ):
            number = tables + 1 if after is not None and after.name == "table" else tables
            element.string = f"Table {number}: {text}"
        element.attrs.pop("class", None)


def _bold_headings(soup: Any) -> None:
    """A document without heading styles: a short paragraph all in bold is a heading."""
    for paragraph in soup.find_all("p", recursive=False):
        text = paragraph.get_text(" ", strip=True)
        strong = paragraph.find_all(["strong", "b"])
        bold = " ".join(s.get_text(" ", strip=True) for s in strong)
        if text and bold == text and len(text.split()) <= 12 and not text.endswith((".", ":")):
            paragraph.name = "h2"
            paragraph.string = text


def _notes(soup: Any) -> str:
    """mammoth's footnotes and endnotes (a list at the end, linked both ways) as the
    article's notes: each reference becomes ``[^name]``, each note its definition."""
    from brief.source.html import html_to_markdown

    definitions = []
    for item in soup.find_all("li", id=re.compile(r"^(footnote|endnote)-\d+$")):
        name = item["id"].replace("footnote-", "fn").replace("endnote-", "en")
        for back in item.find_all("a", href=re.compile(r"^#(footnote|endnote)-ref-")):
            back.decompose()
        text = " ".join(html_to_markdown(item.decode_contents()).markdown.split())
        definitions.append(f"[^{name}]: {text}")
        listing = item.parent
        item.decompose()
        if listing is not None and not listing.find("li"):
            listing.decompose()
    for reference in soup.find_all("a", href=re.compile(r"^#(footnote|endnote)-\d+$")):
        name = reference["href"][1:].replace("footnote-", "fn").replace("endnote-", "en")
        holder = reference.parent if reference.parent.name == "sup" else reference
        holder.replace_with(f"[^{name}]")
    return "\n\n".join(definitions)
