"""The plain-text pre-pass: what a plain-text author means by layout, written as Markdown.

Headings written as plain lines become ``##`` headings (a heading-like first line becomes the
title), and each line is a paragraph unless the article's lines are visibly hard-wrapped into
blank-line separated paragraphs. The pass keeps a map from its output lines to the article's.
"""

from __future__ import annotations

import itertools
import re

# Generic section names that are never an article's title.
_SECTION_WORDS = {"introduction", "background", "overview", "summary", "abstract", "contents"}


_BULLET = re.compile(r"^\s{0,3}(?:[-*+]|\d{1,9}[.)])\s+\S")


_UNICODE_BULLET = re.compile(r"^(\s{0,3})[•▪◦‣●]\s+")


_TABLE_ROW = re.compile(r"^\s*\|")


_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")


_ATX = re.compile(r"^\s{0,3}#{1,6}(\s|$)")


def _line_kind(line: str) -> str:
    if not line.strip() or _END_MARK.match(line):
        return "blank"
    if _FENCE.match(line):
        return "fence"
    if _TABLE_ROW.match(line):
        return "table"
    if _BULLET.match(line) or _UNICODE_BULLET.match(line):
        return "list"
    if _ATX.match(line):
        return "atx"
    return "prose"


# A wire service's section heading: ".SYNOPSIS...", "...NWS Damage Survey..."
_DOTTED_HEADING = re.compile(r"^\.{1,3}(?=[^\W\d_])(?P<text>[^.]{2,80}?)\.{3}\s*$")
# A wire service's end marks ("&&", "$$"), which stand between parts of a bulletin.
_END_MARK = re.compile(r"^\s*(?:&&|\$\$|=+)\s*$")
# "Rating:   EF1", "Start Date: 03/16/2023": a label and its value (aligned, or a number),
# not a heading; "Strengthening Ties: Recommendations for…" is a heading with its subtitle.
_LABELLED = re.compile(r"^[^:]{1,60}:(?:\s{2,}\S|\s+\S*\d)")
QUESTION_WORDS = 12  # a question this short, alone before body text, is a sub-head


def _heading_like(line: str) -> bool:
    """A plain line that reads as a heading: short, capitalised, no closing punctuation,
    mostly letters (not a code or a date line), and not a label with its value. A short
    question is one too ("Was ist der Plan von Union und SPD?"); whether it stands before
    body text is for the caller to see."""
    if line.endswith("  "):  # a line broken with two spaces: prose that goes on
        return False
    s = line.strip()
    if _DOTTED_HEADING.match(s):
        return True
    if not 2 <= len(s) <= 120 or len(s.split()) > 18:
        return False
    question = s.endswith(("?", "？")) and len(s.split()) <= QUESTION_WORDS
    if s[-1] in ".,;:!?…-–—(。，；：！？、" and not question:
        return False
    letters = sum(c.isalpha() for c in s)
    if letters < 0.6 * len(s.replace(" ", "")) or not re.search(r"[^\W\d_]{2}", s):
        return False  # "702 PM CDT Fri Mar 17 2023", "NOUS44 KFWD 180002"
    if _LABELLED.match(s):
        return False
    # A capital, a digit, or a letter of a script without case (Chinese, Arabic...).
    return s[0].isupper() or s[0].isdigit() or (s[0].isalpha() and not s[0].islower())


def _heading_text(line: str) -> str:
    dotted = _DOTTED_HEADING.match(line.strip())
    return dotted.group("text").strip() if dotted else line.strip()


def prepare_plain_text(lines: list[str]) -> tuple[str, list[int]]:
    """Turn plain text into equivalent Markdown, returning it with an output-to-source line map.

    Each prose line becomes its own paragraph unless the lines of a run are visibly hard-wrapped;
    heading-like lines become ``##`` headings, and a heading-like first line becomes the title.
    """
    kinds = [_line_kind(line) for line in lines]
    content = [i for i, k in enumerate(kinds) if k != "blank"]
    out: list[str] = []
    out_map: list[int] = []

    def emit(text: str, source_index: int) -> None:
        out.append(text)
        out_map.append(source_index + 1)

    def separate(source_index: int) -> None:
        if out and out[-1] != "":
            emit("", source_index)

    last_content = content[-1] if content else -1
    following = dict(itertools.pairwise(content))

    def _before_body(index: int) -> bool:
        """A heading stands before body text: a paragraph, a list or a table, not another
        short line (a run of short lines is an address, a list of facts, a letterhead)."""
        after = following.get(index)
        if after is None or kinds[after] == "atx":
            return kinds[after] == "atx" if after is not None else False
        if kinds[after] != "prose":
            return kinds[after] in ("list", "table", "fence")
        return (
            after in wrapped
            or not _heading_like(lines[after])
            or bool(_DOTTED_HEADING.match(lines[index].strip()))
        )

    wrapped = _wrapped_runs(lines, kinds)
    title_index = _plain_title_index(lines, kinds, content, wrapped)
    i = 0
    if title_index is not None and content and content[0] < title_index:
        # A bulletin's routing codes above its headline: the title first, they follow it.
        emit("# " + _heading_text(lines[title_index]), title_index)
        emit("", title_index)
        lines = [*lines[:title_index], "", *lines[title_index + 1 :]]
        kinds = [*kinds[:title_index], "blank", *kinds[title_index + 1 :]]
        title_index = None
    previous_kind = "blank"
    while i < len(lines):
        line, kind = lines[i], kinds[i]
        if kind == "fence":
            separate(i)
            opening = _FENCE.match(line)
            fence = opening.group(1) if opening else "```"
            emit(line, i)
            i += 1
            while i < len(lines) and not lines[i].lstrip().startswith(fence):
                emit(lines[i], i)
                i += 1
            if i < len(lines):
                emit(lines[i], i)
            separate(i)
            previous_kind = "blank"
            i += 1
            continue
        if kind == "blank":
            separate(i)
        elif kind == "prose":
            is_last = i >= last_content
            if i == title_index:
                separate(i)
                emit("# " + _heading_text(line), i)
                separate(i)
            elif i not in wrapped and _heading_like(line) and not is_last and _before_body(i):
                separate(i)
                emit("## " + _heading_text(line), i)
                separate(i)
            else:
                if previous_kind != "prose" or i not in wrapped:
                    separate(i)
                emit(_escape_plain(line), i)
        else:
            if kind != previous_kind:
                separate(i)
            emit(_UNICODE_BULLET.sub(r"\1- ", line), i)
        previous_kind = kind
        i += 1
    out_map.append(len(lines) + 1)
    return "\n".join(out) + "\n", out_map


def _escape_plain(line: str) -> str:
    """Keep a plain-text line from turning into Markdown structure it never meant."""
    stripped = line.lstrip()
    if stripped.startswith((">", "=", "    ")) or re.match(r"^[-_*]{3,}\s*$", stripped):
        return "\\" + stripped
    return stripped


def _wrapped_runs(lines: list[str], kinds: list[str]) -> set[int]:
    """Indexes of prose lines that belong to hard-wrapped paragraphs.

    Only an article that separates its paragraphs with blank lines can be hard-wrapped; there,
    a run of short consecutive prose lines is one paragraph, and a heading-like first line
    clearly narrower than the rest stays out of it. Without blank lines, a line is a paragraph.
    """
    if not _uses_blank_lines(kinds):
        return set()
    wrapped: set[int] = set()
    i = 0
    while i < len(lines):
        if kinds[i] != "prose":
            i += 1
            continue
        j = i
        while j < len(lines) and kinds[j] == "prose":
            j += 1
        lengths = [len(line.strip()) for line in lines[i:j]]
        if j - i > 1 and max(lengths) <= 100 and not all(_heading_like(r) for r in lines[i:j]):
            first = i
            if _heading_like(lines[i]) and lengths[0] < 0.75 * max(lengths[1:]) and j - i > 2:
                first = i + 1
            if _DOTTED_HEADING.match(lines[i].strip()):  # ".Overview..." over its text
                first = i + 1
            question = lines[i].rstrip().endswith(("?", "？"))
            if question and _heading_like(lines[i]) and lengths[0] < 0.75 * max(lengths[1:]):
                first = i + 1  # a short question over its answer: a sub-head
            wrapped.update(range(first, j))
        i = j
    return wrapped


def _uses_blank_lines(kinds: list[str]) -> bool:
    """Does a blank line ever stand between two prose lines?"""
    previous = None
    blank_since = False
    for kind in kinds:
        if kind == "blank":
            blank_since = True
        elif kind == "prose":
            if previous == "prose" and blank_since:
                return True
            previous, blank_since = "prose", False
        else:
            previous, blank_since = kind, False
    return False


def _plain_title_index(
    lines: list[str], kinds: list[str], content: list[int], wrapped: set[int]
) -> int | None:
    """The first line is the title when it reads as a heading, then prose, then more headings."""
    while content and kinds[content[0]] == "prose" and _code_line(lines[content[0]]):
        content = content[1:]  # a bulletin's routing codes above its headline
    if len(content) < 3 or kinds[content[0]] != "prose" or content[0] in wrapped:
        return None
    first, second = content[0], content[1]
    if not _heading_like(lines[first]) or lines[first].strip().lower() in _SECTION_WORDS:
        return None
    if kinds[second] != "prose":
        return None
    if second not in wrapped and _heading_like(lines[second]):
        # a headline over a deck or a dateline ("Public Information Statement" over
        # "National Weather Service Fort Worth TX"): a title when body text follows soon
        return first if _body_soon(lines, kinds, content, wrapped) else None
    later_headings = any(
        kinds[i] == "prose" and i not in wrapped and _heading_like(lines[i]) for i in content[2:-1]
    ) or any(kinds[i] == "atx" for i in content)
    standing_alone = first + 1 < len(lines) and kinds[first + 1] == "blank"
    return first if later_headings or standing_alone else None


def _code_line(line: str) -> bool:
    """A line of codes, not words: "312", "NOUS44 KFWD 180002", "TXZ091>095-100>107-"."""
    s = line.strip()
    return bool(_CODES.fullmatch(s)) and (any(c.isdigit() for c in s) or " " not in s)


_CODES = re.compile(r"[A-Z0-9][A-Z0-9 <>/.:;_-]{0,119}")


def _body_soon(lines: list[str], kinds: list[str], content: list[int], wrapped: set[int]) -> bool:
    """Body text (a line that is no heading) within the first few lines after the title."""
    return any(
        kinds[i] == "prose" and (i in wrapped or not _heading_like(lines[i])) for i in content[1:6]
    )
