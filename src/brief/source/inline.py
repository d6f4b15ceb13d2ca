"""Inline content: markdown-it's inline tokens as plain text plus styled spans.

Bold, italic, inline code, links, footnote references and line breaks become :class:`Span`
runs that layouts render with the story vocabulary; nothing here is markup, so article text
can never become markup. Raw HTML is converted (``<br>`` to a line break) or dropped as
markup, keeping the text between tags.
"""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from typing import Any

from markdown_it.token import Token

from brief.source.article import Span
from brief.source.math import MathProblem, Piece, inline_pieces, looks_like_prose, plain_text
from brief.source.repair import repair_spacing

_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
# <a id="x"> or <a name="x">: a place #x links lead to.
_ANCHOR_TAG = re.compile(r"""^<a\s[^>]*?\b(?:id|name)\s*=\s*(["'])([^"'<>]+)\1[^>]*>$""", re.I)
_STRIKE_TAG = re.compile(r"^<(/?)(?:del|s|strike)\s*>$", re.IGNORECASE)
_SCRIPT_TAG = re.compile(r"^<(/?)(sup|sub)\s*>$", re.IGNORECASE)
# pandoc's superscript and subscript: 2^10^, H~2~O (no spaces inside)
_PANDOC_SCRIPT = re.compile(r"\^([^\s^]{1,20})\^|(?<=\w)~([^\s~]{1,10})~(?!~)")
# Math an author wrapped in backticks so that the site's Markdown leaves it alone (blogdown)
_TICKED_MATH = re.compile(
    r"^(?:\$(?!\$)(?P<a>[^$]+)\$|\$\$(?P<b>[^$]+)\$\$|\\\((?P<c>.+)\\\))$", re.S
)
_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")
_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:.;!?\n]{0,79}?):\s+(?P<text>\S.*)$", re.DOTALL)


_PLAIN_KINDS = {"text", "softbreak"}
# A run: its text and its style (bold, italic, code, href, note, anchor, script, strike);
# "\n" is a line break.
_Run = tuple[str, tuple[bool, bool, bool, str | None, int | None, str | None, str | None, bool]]
_NO_STYLE = (False, False, False, None, None, None, None, False)
_MATH_KINDS = {"math_inline", "math_inline_double"}


def inline(children: list[Token]) -> tuple[str, list[Span]]:
    """Plain text and spans of inline tokens; spans are empty when nothing is styled."""
    if all(  # the common case, made fast
        child.type in _PLAIN_KINDS and not _PANDOC_SCRIPT.search(child.content)
        for child in children
    ):
        text = "".join(c.content if c.type == "text" else " " for c in children)
        return _SPACE.sub(" ", repair_spacing(text)).strip(), []
    runs: list[_Run] = []
    bold = italic = struck = 0
    links: list[str | None] = []
    scripts: list[str] = []  # <sup> and <sub> open here
    opened: list[int] = []  # the number of runs when each open link started

    def push(
        text: str,
        code: bool = False,
        note: int | None = None,
        slanted: bool = False,
        script: str | None = None,
    ) -> None:
        style = (
            bold > 0,
            (italic > 0) != slanted,
            code,
            links[-1] if links else None,
            note,
            None,
            script or (scripts[-1] if scripts else None),
            struck > 0,
        )
        runs.append((text, style))

    def formula(tex: str) -> None:
        try:
            pieces = inline_pieces(tex)
        except MathProblem:  # reported with its line by the reader
            pieces = [Piece(plain_text(tex))]
        for piece in pieces:
            push(piece.text, slanted=piece.italic, script=piece.script)

    for child in children:
        kind = child.type
        if kind == "text" and ("^" in child.content or "~" in child.content):
            position = 0
            for found in _PANDOC_SCRIPT.finditer(child.content):
                push(child.content[position : found.start()])
                raised = found.group(1) is not None
                script = "super" if raised else "sub"
                push(found.group(1) if raised else found.group(2), script=script)
                position = found.end()
            push(child.content[position:])
        elif kind in ("text", "image"):
            push(child.content)
        elif kind in _MATH_KINDS:
            if looks_like_prose(child.content):
                push(child.markup + child.content + child.markup)
            else:
                formula(child.content)
        elif kind == "code_inline" and (ticked := _TICKED_MATH.match(child.content.strip())):
            formula(next(part for part in ticked.groups() if part is not None))
        elif kind == "softbreak":
            push(" ")
        elif kind == "hardbreak":
            runs.append(("\n", _NO_STYLE))
        elif kind == "code_inline":
            push(child.content, code=True)
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind in ("s_open", "s_close"):
            struck += 1 if kind == "s_open" else -1
        elif kind == "link_open":
            href = child.attrGet("href")
            links.append(str(href) if href is not None else None)
            opened.append(len(runs))
        elif kind == "link_close" and links:
            if not any(text.strip() for text, _ in runs[opened.pop() :]):
                push(links[-1] or "")  # [](https://x.org): the address is the link's text
            links.pop()
        elif kind == "footnote_ref":
            number = int(child.meta["id"]) + 1
            runs.append((str(number), (False, False, False, None, number, None, None, False)))
        elif kind == "html_inline":
            if _BREAK_TAG.match(child.content.strip()):
                runs.append(("\n", _NO_STYLE))
            elif strike := _STRIKE_TAG.match(child.content.strip()):
                struck = max(0, struck + (-1 if strike.group(1) else 1))
            elif tag := _SCRIPT_TAG.match(child.content.strip()):
                if not tag.group(1):
                    scripts.append("super" if tag.group(2).lower() == "sup" else "sub")
                elif scripts:
                    scripts.pop()
            elif anchor := _ANCHOR_TAG.match(child.content.strip()):
                runs.append(("", (*_NO_STYLE[:5], anchor.group(2).strip(), None, False)))
        elif child.content:  # a token this code does not know: keep its words
            push(child.content)
    return _normalise(runs)


def _normalise(runs: list[_Run]) -> tuple[str, list[Span]]:
    """Merge runs of one style, repair spacing, collapse whitespace, trim the ends."""
    merged: list[list[Any]] = []
    for text, style in runs:
        previous = merged[-1] if merged else None
        if (
            previous
            and previous[1] == style
            and style[4] is None
            and style[5] is None
            and "\n" not in (previous[0], text)
        ):
            previous[0] += text
        else:
            merged.append([text, style])
    out: list[list[Any]] = []
    for text, style in merged:
        if text == "\n":
            while out and out[-1][0].endswith(" "):
                out[-1][0] = out[-1][0].rstrip()
                if not out[-1][0]:
                    out.pop()
            out.append([text, style])
            continue
        text = _SPACE.sub(" ", text if style[2] else repair_spacing(text))
        before = next((t for t, _ in reversed(out) if t), "")  # an anchor's "" is not text
        if not before or before == "\n" or before.endswith(" "):
            text = text.lstrip()
        if text or style[5]:
            out.append([text, style])
    while out and (out[-1][0] == "\n" or not (out[-1][0].strip() or out[-1][1][5])):
        out.pop()
    if out:
        out[-1][0] = out[-1][0].rstrip()
    while out and out[0][0] == "\n":
        out.pop(0)
    text = "".join(t for t, _ in out)
    if all(style == _NO_STYLE and t != "\n" for t, style in out):
        return text, []
    return text, [
        Span(text=t, bold=b, italic=i, code=c, href=h, note=n, anchor=a, script=s, strike=k)
        for t, (b, i, c, h, n, a, s, k) in out
    ]


def split_label(children: list[Token]) -> tuple[str | None, str, list[Span]]:
    """Split ``Label: text`` (or ``**Label:** text``) into label, text and text spans."""
    while children and children[0].type == "text" and not children[0].content:
        children = children[1:]
    if len(children) >= 3 and children[0].type == "strong_open":
        close = next((k for k, c in enumerate(children) if c.type == "strong_close"), None)
        if close is not None:
            label = "".join(c.content for c in children[1:close]).strip()
            text, spans = inline(children[close + 1 :])
            if label.endswith(":") or text.startswith(":"):
                return label.rstrip(":").strip() or None, *_drop_prefix(text, spans, ":")
    text, spans = inline(children)
    match = _LABEL.match(text)
    if match and len(match.group("label").split()) <= 8:
        cut = text[: match.start("text")]
        if not spans or _prefix_is_plain(spans, len(cut)):
            rest, rest_spans = _drop_prefix(text, spans, cut)
            return match.group("label").strip(), rest, rest_spans
    return None, text, spans


def _prefix_is_plain(spans: list[Span], length: int) -> bool:
    seen = 0
    for span in spans:
        if seen >= length:
            return True
        if span.bold or span.italic or span.code or span.href or span.note:
            return False
        seen += len(span.text)
    return True


def _drop_prefix(text: str, spans: list[Span], prefix: str) -> tuple[str, list[Span]]:
    """Remove *prefix* (and the spaces after it) from the start of text and spans."""
    rest = text[len(prefix) :] if text.startswith(prefix) else text
    stripped = rest.lstrip()
    drop = len(text) - len(stripped)
    out: list[Span] = []
    for span in spans:
        if drop >= len(span.text):
            drop -= len(span.text)
            continue
        out.append(replace(span, text=span.text[drop:]) if drop else span)
        drop = 0
    return stripped, out


def html_text(html: str) -> str:
    """The text of a raw HTML block: comments and tags dropped, entities decoded."""
    pieces = []
    position = 0
    while True:  # comments, found without a regular expression that could backtrack
        start = html.find("<!--", position)
        if start < 0:
            pieces.append(html[position:])
            break
        pieces.append(html[position:start])
        end = html.find("-->", start + 4)
        position = len(html) if end < 0 else end + 3
    text = _TAG.sub(_tag_space, "".join(pieces))
    return " ".join(unescape(text).split())


_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "summary",
    "details",
    "tr",
    "td",
    "th",
    "table",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "section",
    "hr",
}


def _tag_space(match: re.Match[str]) -> str:
    """Block-level tags separate words; inline tags (b, span, a...) do not."""
    name = match.group().strip("</>!").split()[0].lower() if match.group().strip("</>!") else ""
    return " " if name in _BLOCK_TAGS else ""
