"""Headings as an article's author marked them: Markdown's own (``#``), and a short bold line
alone (``**The crisis**``), which is how posts converted from Word or a content system mark
theirs. Without the second, seven thousand words of such a post sat under one heading."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from brief.source.article import Paragraph, Section
from brief.source.captions import TABLE_NOTE, caption_of


@dataclass
class Heading:
    level: int
    text: str
    line: int
    anchors: list[str] = field(default_factory=list)
    bold: Paragraph | None = None  # a bold line alone, read as a heading: the paragraph it was


# A paragraph that is one short bold phrase ("**The crisis**", "**Key findings:**") is a
# heading as the author wrote it: no longer than this, and not ending as a sentence does.
BOLD_HEADING_WORDS = 12
SENTENCE_END = (".", "!", "?", "。", "！", "？", "…", ";", ",")


def bold_line(paragraph: Paragraph) -> bool:
    """Is *paragraph* one short bold phrase, as authors write a heading without Markdown's
    ``#`` (in posts converted from Word or a CMS)?"""
    text = paragraph.text.strip()
    return (
        bool(paragraph.spans)
        and all(span.bold and not span.href and not span.note for span in paragraph.spans)
        and "\n" not in text
        and 0 < len(text.split()) <= BOLD_HEADING_WORDS
        and not text.endswith(SENTENCE_END)
        and caption_of(text) is None  # "**Table 1: …**" is a table's caption
        and TABLE_NOTE.match(text) is None  # "**Source: …**" is a table's note
    )


def bold_headings(stream: list[Any]) -> list[Any]:
    """The bold lines of *stream* placed as headings: sections when the article has at most
    one heading of its own (besides its title), else headings one level below its deepest;
    a bold line with no text after it before the next heading stays a paragraph."""
    own = [b for b in stream if isinstance(b, Heading) and b.bold is None]
    sections = [h for h in own if h.level > 1] or own
    level = (
        min((h.level for h in sections), default=2)
        if len(sections) <= 1
        else min(max(h.level for h in sections) + 1, 6)
    )
    placed: list[Any] = []
    for position, block in enumerate(stream):
        if isinstance(block, Heading) and block.bold is not None:
            following = stream[position + 1] if position + 1 < len(stream) else None
            if following is None or isinstance(following, Heading):
                placed.append(block.bold)
                continue
            block.level = max(level, 2) if len(sections) <= 1 else level
        placed.append(block)
    return placed


_OWN_NUMBER = re.compile(
    r"^(?:(\d{1,3})[.)]?\s+|([一二三四五六七八九十]{1,3})[、．.]\s*|([IVXLC]{1,6})[.)]\s+)(?=\S)"
)
_CHINESE_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _number(match: re.Match[str]) -> int:
    """The value of an author's section number: 3, 三 (Chinese), III (Roman)."""
    arabic, chinese, roman = match.groups()
    if arabic:
        return int(arabic)
    if chinese:
        if chinese == "十":
            return 10
        tens, _, units = chinese.partition("十")
        if "十" not in chinese:
            return _CHINESE_DIGITS.get(chinese, 0) if len(chinese) == 1 else 0
        return 10 * (_CHINESE_DIGITS.get(tens, 1) if tens else 1) + _CHINESE_DIGITS.get(units, 0)
    values = [_ROMAN[c] for c in roman]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def drop_own_numbers(sections: list[Section]) -> None:
    """Section headings the author numbered 1, 2, 3… (or 0, 1, 2…) in order, perhaps after
    an unnumbered introduction ("1. Background", "一、", "II."): brief
    numbers sections itself, so their own numbers go ("1 1. Background" otherwise). Numbers
    that are not the sections' own order (a year, "3 reasons") stay."""
    numbers = [_OWN_NUMBER.match(section.heading) for section in sections]
    if numbers and numbers[0] is None and len(numbers) > 2:
        numbers, sections = numbers[1:], sections[1:]  # an unnumbered introduction first
    if len(sections) < 2 or not all(numbers):
        return
    values = [_number(match) for match in numbers if match]
    if values != list(range(values[0], values[0] + len(values))) or values[0] > 2:
        return  # not the sections' own order ("1. Background", "2. Method"…, or from 0)
    for section, match in zip(sections, numbers, strict=True):
        if match is not None:
            section.heading = section.heading[match.end() :]
