"""Typographic quotes and apostrophes in the brief's prose, in its language's forms.

An article typed on a keyboard has straight quotes ("Belarus's", "the 'new' line"), and
brief prints its own words with typographic ones: both on one page read as a draft. Before
the template runs, every straight quote of the prose becomes the language's ("…" in
English, „…“ in German, «…» with no-break spaces in French), and an apostrophe ’; the space
before a spaced dash does not break, so no line starts with one. Code,
addresses, formulas, tables and charts keep what the author typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from brief.compose.model import Brief
from brief.core.records import field_names, is_record

# The kinds of blocks whose text is not prose.
_AS_TYPED = frozenset({"code", "table", "formula", "chart", "image", "figure"})
# Fields that hold addresses, names of things or numbers, not prose.
_NOT_PROSE = frozenset({
    "href", "src", "anchor", "anchors", "slug", "url", "path", "output_name", "language",
    "kind", "id", "data_id", "file", "source", "date", "keywords", "texts",
})  # fmt: skip
# The brief's fields of prose (the rest are settings and data).
_PROSE = (
    "title", "short_title", "subtitle", "summary", "key_points", "sections", "conclusion",
    "appendices", "recommendations", "recommendations_heading", "notes", "audience",
)  # fmt: skip
# Secondary (inner) quotes, where the language's differ from ‘’.
_INNER = {"de": ("‚", "‘"), "fr": ("“", "”"), "ru": ("„", "“"), "uk": ("„", "“"),
          "pl": ("«", "»"), "ja": ("『", "』"), "zh": ("『", "』")}  # fmt: skip


@dataclass(frozen=True)
class Marks:
    open: str
    close: str
    inner_open: str
    inner_close: str
    french: bool = False  # no-break spaces before : ; ! ? » and after «, as French sets them


# French spacing: the space typed before these (or after «) becomes one that does not break,
# so that no line starts with a colon or a closing guillemet; narrow before ; ! ?.
_FRENCH_SPACE = {":": "\u00a0", "»": "\u00a0", ";": "\u202f", "!": "\u202f", "?": "\u202f"}


def _needs(text: str, marks: Marks) -> bool:
    if "'" in text or '"' in text or " \u2014 " in text or " \u2013 " in text:
        return True
    return marks.french and ("« " in text or any(f" {c}" in text for c in _FRENCH_SPACE))


def typographic(brief: Brief, quote_open: str, quote_close: str) -> Brief:
    """*brief* with the straight quotes of its prose made typographic, double ones as
    *quote_open* and *quote_close* (the catalogue's), single ones as the language's inner
    quotes, apostrophes as ’."""
    language = brief.language.split("-")[0].lower()
    inner = _INNER.get(language, ("‘", "’"))
    marks = Marks(quote_open, quote_close, *inner, french=language == "fr")
    update = {}
    for name in _PROSE:
        value = getattr(brief, name)
        changed = _walk(value, marks)
        if changed is not value:
            update[name] = changed
    source = brief.source
    if source.title and _needs(source.title, marks):
        update["source"] = replace(source, title=smarten(source.title, marks))
    return replace(brief, **update) if update else brief


def _walk(value: Any, marks: Marks) -> Any:
    if isinstance(value, str):
        return smarten(value, marks) if _needs(value, marks) else value
    if isinstance(value, list):
        out = [_walk(item, marks) for item in value]
        return value if all(a is b for a, b in zip(out, value, strict=True)) else out
    if is_record(value):
        if getattr(value, "kind", None) in _AS_TYPED:
            return value
        return _model(value, marks)
    return value


def _model(model: Any, marks: Marks) -> Any:
    update: dict[str, Any] = {}
    spans = getattr(model, "spans", None)
    if spans:
        new_spans = smarten_spans(spans, marks)
        if new_spans is not spans:
            update["spans"] = new_spans
            if getattr(model, "text", None) == "".join(s.text for s in spans):
                update["text"] = "".join(s.text for s in new_spans)
    for name in field_names(model):
        if name in _NOT_PROSE or name in update or name == "spans":
            continue
        value = getattr(model, name)
        changed = _walk(value, marks)
        if changed is not value:
            update[name] = changed
    return replace(model, **update) if update else model


def smarten_spans(spans: list[Any], marks: Marks) -> list[Any]:
    """Spans with their straight quotes made typographic, paired across spans; code spans
    keep theirs and are not counted."""
    if not any(_needs(s.text, marks) and not s.code for s in spans):
        return spans
    state = _State()
    out = []
    before = " "
    for span in spans:
        if span.code or (span.href and span.text == span.href):
            out.append(span)
            before = span.text[-1:] or before
            continue
        text = _smarten(span.text, marks, state, before)
        before = span.text[-1:] or before
        out.append(replace(span, text=text) if text != span.text else span)
    return out


def smarten(text: str, marks: Marks) -> str:
    return _smarten(text, marks, _State(), " ")


class _State:
    def __init__(self) -> None:
        self.double_open = False
        self.single_open = False


_OPENING_CONTEXT = re.compile(r"[\s(\[{\u2014\u2013/«„“‘-]")


def _smarten(text: str, marks: Marks, state: _State, before: str) -> str:
    out: list[str] = []
    for index, char in enumerate(text):
        previous = text[index - 1] if index else before
        following = text[index + 1] if index + 1 < len(text) else " "
        if char == '"':
            opening = bool(_OPENING_CONTEXT.fullmatch(previous)) and (
                not following.isspace() or not state.double_open
            )
            if (previous.isdigit() and not state.double_open) or _in_markup(previous, following):
                out.append(char)  # 5'11": inches; href="…": markup quoted as text
            elif opening or (
                not state.double_open
                and not previous.isalnum()
                and not (following.isspace() or following in ".,;:!?)")
            ):
                out.append(marks.open)
                state.double_open = True
            else:
                _strip_space(out, marks.close)
                out.append(marks.close)
                state.double_open = False
        elif char == "'":
            if _in_markup(previous, following):
                out.append(char)
            elif previous.isalnum() and (following.isalnum() or not state.single_open):
                out.append("’")  # Belarus's, don't, the states' budgets, l'Europe
            elif _OPENING_CONTEXT.fullmatch(previous) and not following.isspace():
                if following.isdigit():
                    out.append("’")  # the '90s
                else:
                    out.append(marks.inner_open)
                    state.single_open = True
            elif state.single_open:
                out.append(marks.inner_close)
                state.single_open = False
            else:
                out.append("’")
        else:
            if out and char.isspace() and out[-1] == marks.open and marks.open.endswith("\u00a0"):
                continue  # « texte »: the no-break space is the quote's own
            if (
                char == " "
                and following in "\u2014\u2013"
                and text[index + 2 : index + 3] == " "
                and not previous.isspace()
            ):
                out.append("\u00a0")  # a spaced dash ends a line, never starts one
                continue
            if marks.french and char == " " and following in _FRENCH_SPACE:
                out.append(_FRENCH_SPACE[following])
                continue
            if marks.french and char == " " and previous == "«":
                out.append("\u00a0")
                continue
            out.append(char)
    return "".join(out)


def _in_markup(previous: str, following: str) -> bool:
    """Whether a quote delimits an attribute's value (``href="…"``), not prose."""
    return previous == "=" or following in ">/"


def _strip_space(out: list[str], close: str) -> None:
    """Before a closing quote with a space of its own (French "\u00a0»"), the author's."""
    if close.startswith("\u00a0"):
        while out and out[-1] in " \u00a0":
            out.pop()
