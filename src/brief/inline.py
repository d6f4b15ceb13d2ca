"""Inline content: markdown-it's inline tokens as plain text plus styled spans.

Bold, italic, inline code, links, footnote references and line breaks become :class:`Span`
runs that layouts render with the story vocabulary; nothing here is markup, so article text
can never become markup. Raw HTML is converted (``<br>`` to a line break) or dropped as
markup, keeping the text between tags.
"""

from __future__ import annotations

import re
from html import unescape

from markdown_it.token import Token

from brief.article import Span
from brief.repair import repair_spacing

_BREAK_TAG = re.compile(r"^<br\s*/?>$", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")
_SPACE = re.compile(r"\s+")
_LABEL = re.compile(r"^(?P<label>[^\W\d_][^:.;!?\n]{0,79}?):\s+(?P<text>\S.*)$", re.DOTALL)


def inline(children: list[Token]) -> tuple[str, list[Span]]:
    """Plain text and spans of inline tokens; spans are empty when nothing is styled."""
    spans: list[Span] = []
    bold = italic = 0
    links: list[str | None] = []

    def push(text: str, **extra) -> None:
        style = {"bold": bold > 0, "italic": italic > 0, "href": links[-1] if links else None}
        spans.append(Span(text=text, **{**style, **extra}))

    for child in children:
        kind = child.type
        if kind in ("text", "image"):
            push(child.content)
        elif kind == "softbreak":
            push(" ")
        elif kind == "hardbreak":
            spans.append(Span(text="\n"))
        elif kind == "code_inline":
            push(child.content, code=True)
        elif kind in ("strong_open", "strong_close"):
            bold += 1 if kind == "strong_open" else -1
        elif kind in ("em_open", "em_close"):
            italic += 1 if kind == "em_open" else -1
        elif kind == "link_open":
            links.append(child.attrGet("href"))
        elif kind == "link_close":
            links.pop() if links else None
        elif kind == "footnote_ref":
            number = int(child.meta["id"]) + 1
            spans.append(Span(text=str(number), note=number))
        elif kind == "html_inline":
            if _BREAK_TAG.match(child.content.strip()):
                spans.append(Span(text="\n"))
        elif child.content:  # a token this code does not know: keep its words
            push(child.content)
    return _normalise(spans)


def _same_style(a: Span, b: Span) -> bool:
    return (
        (a.bold, a.italic, a.code, a.href) == (b.bold, b.italic, b.code, b.href)
        and a.note is None
        and b.note is None
        and "\n" not in (a.text, b.text)
    )


def _normalise(spans: list[Span]) -> tuple[str, list[Span]]:
    """Merge runs of one style, repair spacing, collapse whitespace, trim the ends."""
    merged: list[Span] = []
    for span in spans:
        if merged and _same_style(merged[-1], span):
            merged[-1] = merged[-1].model_copy(update={"text": merged[-1].text + span.text})
        else:
            merged.append(span)
    out: list[Span] = []
    for span in merged:
        if span.text == "\n":
            while out and out[-1].text.endswith(" "):
                trimmed = out[-1].text.rstrip()
                out[-1:] = [out[-1].model_copy(update={"text": trimmed})] if trimmed else []
            out.append(span)
            continue
        text = _SPACE.sub(" ", span.text if span.code else repair_spacing(span.text))
        if not out or out[-1].text == "\n" or out[-1].text.endswith(" "):
            text = text.lstrip()
        if text:
            out.append(span.model_copy(update={"text": text}))
    while out and (out[-1].text == "\n" or not out[-1].text.strip()):
        out.pop()
    if out:
        out[-1] = out[-1].model_copy(update={"text": out[-1].text.rstrip()})
    while out and out[0].text == "\n":
        out.pop(0)
    text = "".join(s.text for s in out)
    plain = all(
        not (s.bold or s.italic or s.code or s.href or s.note) and s.text != "\n" for s in out
    )
    return text, [] if plain else out


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
        out.append(span.model_copy(update={"text": span.text[drop:]}) if drop else span)
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
    text = _TAG.sub(" ", "".join(pieces))
    return " ".join(unescape(text).split())
