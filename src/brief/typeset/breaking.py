"""ReportLab paragraphs broken into lines by total fit (:mod:`brief.typeset.totalfit`).

ReportLab breaks greedily and builds its lines (fragments, hyphenated parts, links, bidi
words) as it goes. Here a paragraph is measured as ReportLab measures it and the best breaks
are found for the whole paragraph. A paragraph of one style then gets its lines built here,
as ReportLab would build them; any other is built by ReportLab itself, given for each line a
width just wide enough for the words planned on it, so that its greedy breaking ends every
line where the plan does (and hyphenates where it does, picking the longest head that fits),
and its lines are then given their real width back, so a justified line stretches or shrinks
its spaces to the measure. When the lines ReportLab built are not the planned ones (a word it
measures differently, a case the plan does not model), its own breaking is kept.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont, stringWidth

from brief.typeset.hyphenation import EXPLICIT, NAME, PLAIN
from brief.typeset.reportlab_internals import (
    HYPHEN_LETTERS,
    HYPHEN_OR_LETTERS,
    HYPHEN_PREFIX,
    HYPHEN_SUFFIX,
    HYPHENS,
    LINE_BREAK_KIND,
    SPECIAL_WORDS,
    ExplicitHyphenHead,
    HyphenatedWordPart,
    WordBeforeSpace,
    WordTail,
    are_words,
    fragment_words,
    narrow_for_bullet,
    set_widest_line,
    split_words,
    strip_spaces,
)
from brief.typeset.totalfit import Settings, Word, total_fit

# TeX's interword glue for a text font: a space stretches by half and shrinks by a third.
_STRETCH, _SHRINK = 1 / 2, 1 / 3
_MOST_STRETCH = 1.8  # of a space's stretch: a gap of 1.9 spaces at most
_SLACK = 0.01  # points left on a planned line, so ReportLab's sums of widths fit it
_SAME = 0.05  # points: a line ReportLab built is the planned one when its width is within this
_RUNT, _RUNT_DEMERITS = 0.15, 40_000.0  # a last line under 15% of the measure: a lone word
_SHORT_WORD_END = 3_000.0  # a heading's line ending in a word of one to three letters
_RAG = 2.0  # ems: how far a ragged line's end may fall short before it counts as bad
# The passes: lines whose spaces stretch no further than they are drawn (1.8: badness 583), a
# hyphen costing more than a line that loose (so TeX's first pass, without hyphens, would
# choose nothing else); then lines up to three times as loose (badness 2,700), as few as may
# be left short; beyond that, ReportLab's greedy lines.
_LAST_TOLERANCE = 2_700.0
_PASSES = ((583.0, True), (_LAST_TOLERANCE, True))

# What a break costs (TeX's \\hyphenpenalty, squared into the demerits). TeX's 50 hyphenated a
# quarter of the lines of a 75-character measure; at 300 a hyphen is taken where it saves a
# line looser than about 1.4 (a gap of 1.7 spaces), as publishers who raise it set. The author's
# own hyphen adds no character, so costs less; a name, much more.
_PENALTY = {PLAIN: 300.0, EXPLICIT: 100.0, NAME: 700.0}

Builder = Callable[[list[float]], Any]  # ReportLab's own breakLines


def total_fit_lines(paragraph: Any, width: Any, build: Builder) -> Any:
    """*paragraph*'s lines at *width* (a number or a list per line) broken by total fit, as
    ReportLab's ``breakLines`` returns them; None where ReportLab's own breaking stays."""
    style = paragraph.style
    if getattr(style, "endDots", None) or (style.wordWrap or "").upper() == "CJK":
        return None
    widths = list(width) if isinstance(width, list | tuple) else [width]
    measure = list(widths)
    narrow_for_bullet(paragraph.bulletText, style, measure)
    if _fits_one_line(paragraph.frags, min(measure)):
        return None  # ReportLab sets it on one line, as total fit would (a table's cells)
    measured = measured_words(paragraph, widths[0])
    if measured is None or len(measured[0]) < 2:
        return None
    words, plain = measured
    if sum(w.width + w.space for w in words) - words[-1].space <= measure[0]:
        return None  # one line: nothing to choose
    hyphenator = getattr(style, "hyphenationLang", None)
    hyphenator = hyphenator if callable(hyphenator) else None
    justified = style.alignment == TA_JUSTIFY
    # a heading (a title) has lines of even length, not a lone word on its last
    tag = getattr(getattr(paragraph, "brief_tag", None), "role", "")
    balanced = not justified and tag[:1] == "H" and tag[1:].isdigit()
    if balanced:
        for word in words:
            text = word.source[1] if word.source else ""
            if 0 < sum(c.isalpha() for c in str(text)) <= 3:
                word.penalty = _SHORT_WORD_END  # "… at / the Summit", "… est-il le / problème"
    plan = None
    pointed = False  # the words' hyphenation points, found for the first pass that needs them
    for tolerance, hyphenate in _PASSES:
        hyphenate = hyphenate and hyphenator is not None
        if hyphenate and not pointed:
            _add_hyphen_points(paragraph, words, hyphenator)
            pointed = True
        settings = Settings(
            justified=justified,
            tolerance=tolerance,
            underfull=_MOST_STRETCH if justified and tolerance == _LAST_TOLERANCE else None,
            rag=measure[-1] / 2 if balanced else _RAG * style.fontSize,
            short_last_line=0.0 if balanced else _RUNT,
            short_last_line_demerits=_RUNT_DEMERITS,
            balanced=balanced,
        )
        plan = total_fit(words, measure, settings, hyphenate)
        if plan is not None:
            break
    if plan is None or len(plan) < 2:
        return None
    naturals = [line.natural for line in plan]
    # a line of the last pass that could only be justified with very wide spaces (a long
    # word that cannot break follows it) stretches them as far as they may and stops short
    limits = [
        _MOST_STRETCH / line.ratio if justified and line.ratio > _MOST_STRETCH else 1.0
        for line in plan
    ]
    if plain:
        return _plain_lines(paragraph, words, plan, measure, limits)
    hyphens = any(p.end.hyphen >= 0 for p in plan)
    return _built(paragraph, naturals, widths, measure, build, hyphens, limits)


def _fits_one_line(frags: Any, width: float) -> bool:
    """Whether the whole text, spaces and all, is no wider than *width*: then its words with
    single spaces between them are not either."""
    total = 0.0
    for frag in frags:
        text = getattr(frag, "text", None)
        if not isinstance(text, str) or hasattr(frag, "cbDefn") or getattr(frag, "_fkind", None):
            return False
        total += stringWidth(text, frag.fontName, frag.fontSize)
        if total > width:
            return False
    return True


def measured_words(paragraph: Any, first_width: float) -> tuple[list[Word], bool] | None:
    """The paragraph's words and spaces as ReportLab measures them, and whether it is of one
    style (lines of plain words); None for what the plan does not model (soft hyphens,
    ReportLab's own shaping, words it split already)."""
    style = paragraph.style
    frags = paragraph.frags
    if not frags:
        return None
    if style.shaping and getattr(getFont(style.fontName), "shapable", False):
        return None
    first = frags[0]
    one_style = len(frags) == 1 and not (
        hasattr(first, "cbDefn") or hasattr(first, "backColor") or are_words(frags)
    )
    words = (
        _plain_words(paragraph, first)
        if one_style
        else _fragment_words(fragment_words(frags, first_width))
    )
    return None if words is None else (words, one_style)


def _plain_words(paragraph: Any, frag: Any) -> list[Word] | None:
    """A paragraph of one style: ReportLab's words are its text split at spaces."""
    if (paragraph.style.wordWrap or "").upper() in ("RTL", "LTR"):
        return None  # ReportLab reorders these words itself
    texts = split_words(strip_spaces(frag.text)) if hasattr(frag, "text") else list(frag.words)
    if any(isinstance(t, SPECIAL_WORDS) or "\u00ad" in t for t in texts):
        return None
    font, size, encoding = frag.fontName, frag.fontSize, paragraph.encoding
    space = stringWidth(" ", font, size, encoding)
    words = [
        Word(stringWidth(t, font, size, encoding), space, space * _STRETCH, space * _SHRINK)
        for t in texts
    ]
    for word, text in zip(words, texts, strict=True):
        word.source = (frag, text)
    return words


def _fragment_words(items: list[Any]) -> list[Word] | None:
    """Words of several styles, as ReportLab's breaking takes them: the space after a word is
    the space of its last piece's font, and a word of no width (an anchor) stays on the line
    of the word before it."""
    words: list[Word] = []
    for item in items:
        if isinstance(item, SPECIAL_WORDS):
            return None
        frag = item[1][0] if len(item) > 1 else None
        if frag is None:
            return None
        if getattr(frag, "_fkind", None) == LINE_BREAK_KIND:
            if words:
                words[-1].space = words[-1].stretch = words[-1].shrink = 0.0
                words[-1].breakable = False
            words.append(Word(0.0, forced=True))
            continue
        if any("\u00ad" in (text or "") for _, text in item[1:]):
            return None
        width = item[0]
        if width <= 0 and words:
            before = words[-1]
            before.space = before.stretch = before.shrink = 0.0
            before.breakable = False
        space = 0.0
        if isinstance(item, WordBeforeSpace):
            last = item[-1][0]
            space = stringWidth(" ", last.fontName, last.fontSize)
        word = Word(width, space, space * _STRETCH, space * _SHRINK)
        if len(item) == 2 and not hasattr(frag, "cbDefn") and not getattr(frag, "nobr", False):
            word.source = (frag, item[1][1])
        words.append(word)
    return words


def _add_hyphen_points(paragraph: Any, words: list[Word], hyphenator: Any) -> None:
    """Where each word may break, as ReportLab's hyphenation breaks it (see
    :func:`_hyphen_points`)."""
    shortest = getattr(paragraph.style, "hyphenationMinWordLength", 5)
    for word in words:
        source = word.source
        if source is None:
            continue
        frag, text = source
        if type(text) is not str or len(text) < shortest:
            continue  # shaped text is not hyphenated
        for head_width, drawn, penalty, head, tail in _hyphen_points(
            text, frag.fontName, frag.fontSize, hyphenator, shortest
        ):
            word.hyphens.append((drawn, word.width - head_width, penalty, head, tail))


@lru_cache(maxsize=8192)
def _hyphen_points(
    text: str, font: str, size: float, hyphenator: Any, shortest: int
) -> tuple[Any, ...]:
    """(width of the head, width of the head with its hyphen drawn, penalty, the head as
    ReportLab draws it, the tail) for each point where ReportLab may break *text*:
    punctuation before and after kept off, only words of letters (and hyphens), an author's
    hyphen adding nothing. Kept for the words a brief repeats: finding and measuring the
    points is much of the cost of breaking a paragraph."""
    match = HYPHEN_PREFIX.match(text)
    prefix = match.group(0) if match else ""
    core = text[len(prefix) :]
    match = HYPHEN_SUFFIX.search(core)
    if match:
        core = core[: -len(match.group(0))]
    if len(core) < shortest:
        return ()
    if not (
        HYPHEN_LETTERS.match(core)
        or (HYPHEN_OR_LETTERS.match(core) and "" not in HYPHENS.split(core))
    ):
        return ()
    points = getattr(hyphenator, "points", None) or (
        lambda w: ((h, t, PLAIN) for h, t in hyphenator(w))
    )
    hyphen = stringWidth("-", font, size)
    found = []
    for head, _tail, kind in points(core):
        head = prefix + head
        width = stringWidth(head, font, size)
        tail = WordTail(text[len(head) :])
        if HYPHENS.match(head[-1]):
            found.append((width, width, _PENALTY[kind], ExplicitHyphenHead(head), tail))
        else:
            drawn = width + hyphen
            found.append((width, drawn, _PENALTY[kind], HyphenatedWordPart(head + "-"), tail))
    return tuple(found)


def _plain_lines(
    paragraph: Any, words: list[Word], plan: Any, measure: Any, limits: list[float]
) -> Any:
    """The lines of a paragraph of one style, built here as ReportLab builds them (its
    ``kind=0`` lines: the room left on each line and its words, a hyphenated word's head and
    tail as its own classes of string), without breaking the paragraph again."""
    frag = words[0].source[0]
    last = len(measure) - 1
    lines = []
    start = None
    for index, line in enumerate(plan):
        drawn: list[Any] = []
        first = 0 if start is None else start.word + 1
        if start is not None and start.hyphen >= 0:
            drawn.append(words[start.word].hyphens[start.hyphen][4])
        drawn.extend(words[k].source[1] for k in range(first, line.end.word))
        end = words[line.end.word]
        drawn.append(end.hyphens[line.end.hyphen][3] if line.end.hyphen >= 0 else end.source[1])
        room = (measure[min(index, last)] - line.natural) * limits[index]
        lines.append((room, drawn))
        start = line.end
    set_widest_line(paragraph, max(line.natural for line in plan))
    ascent, descent = getAscentDescent(frag.fontName, frag.fontSize)
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=frag.fontSize)


def _built(
    paragraph: Any,
    naturals: list[float],
    widths: Any,
    measure: Any,
    build: Builder,
    hyphens: bool,
    limits: list[float],
) -> Any:
    """ReportLab's lines of the planned natural widths: built at those widths, checked, then
    widened to the measure."""
    narrowed = measure[0] - widths[0]  # ReportLab narrows the first line for a bullet again
    planned = [natural + _SLACK for natural in naturals]
    planned[0] -= narrowed
    style = paragraph.style
    paragraph.style = style.clone(
        f"{style.name}-planned",
        spaceShrinkage=0,
        splitLongWords=0,
        embeddedHyphenation=0,
        uriWasteReduce=0,
        hyphenationLang=getattr(style.hyphenationLang, "permissive", style.hyphenationLang)
        if hyphens
        else "",
    )
    try:
        para = build(planned)
    finally:
        paragraph.style = style
    lines = getattr(para, "lines", None)
    if lines is None or len(lines) != len(naturals):
        return None
    kind = getattr(para, "kind", 0)
    last = len(measure) - 1
    rebuilt = []
    for index, (line, wanted) in enumerate(zip(lines, naturals, strict=True)):
        extra = line[0] if kind == 0 else line.extraSpace
        natural = planned[index] + (narrowed if index == 0 else 0) - extra
        if abs(natural - wanted) > _SAME:
            return None
        room = (measure[min(index, last)] - natural) * limits[index]
        if kind == 0:
            rebuilt.append((room, line[1]))
        else:
            line.extraSpace = room
            line.maxWidth = measure[min(index, last)]
            rebuilt.append(line)
    if kind == 0:
        return para.clone(lines=rebuilt)
    return para


def greedy_lines(paragraph: Any, width: Any, build: Builder) -> Any:
    """ReportLab's greedy lines where total fit does not apply, with no more than two lines in
    a row ending in a hyphen it added, and spaces stretched no further than total fit's."""
    para = _sparing_hyphens(paragraph, width, build)
    if paragraph.style.alignment != TA_JUSTIFY or not getattr(para, "lines", None):
        return para
    space = stringWidth(" ", paragraph.style.fontName, paragraph.style.fontSize)
    most = _MOST_STRETCH * _STRETCH * space  # per space
    lines = []
    for line in para.lines[:-1]:
        if isinstance(line, tuple):
            extra, words = line
            gaps = len(words) - 1
            lines.append((min(extra, most * gaps), words) if gaps > 0 else line)
        else:
            gaps = getattr(line, "wordCount", 1) - 1
            if gaps > 0 and line.extraSpace > most * gaps:
                line.extraSpace = most * gaps
            lines.append(line)
    return para.clone(lines=[*lines, para.lines[-1]])


def _sparing_hyphens(paragraph: Any, width: Any, build: Builder) -> Any:
    para = build(width)
    hyphenator = getattr(paragraph.style, "hyphenationLang", None)
    if not callable(hyphenator):
        return para
    source = paragraph.__dict__.get("_brief_source", "")
    best, worst_run = para, _longest_run(para, source)
    refused: set[str] = set()
    for _ in range(_LADDER_TRIES):
        heads = _thirds_in_a_row(para, source) - refused
        if not heads or worst_run <= 2:
            break
        refused |= heads
        style = paragraph.style
        paragraph.style = style.clone(
            f"{style.name}-sparing", hyphenationLang=Sparing(hyphenator, refused)
        )
        try:
            para = build(width)
        finally:
            paragraph.style = style
        run = _longest_run(para, source)
        if run < worst_run:  # words wider than a line may leave no better way
            best, worst_run = para, run
    para = best
    return para


_LADDER_TRIES = 8  # re-breaks of one paragraph, at most


class Sparing:
    """A hyphenator that refuses some break points: the word heads in *refused*."""

    def __init__(self, hyphenator: Any, refused: set[str]) -> None:
        self.hyphenator, self.refused = hyphenator, frozenset(refused)

    def __call__(self, word: str) -> Any:
        for head, tail in self.hyphenator(word):
            if head.rstrip("-") not in self.refused:
                yield head, tail


def _last_word(line: Any) -> str:
    """The last word of one broken line, as drawn."""
    if isinstance(line, tuple):  # a line of a one-style paragraph: (extra space, words)
        words = line[1]
        return str(words[-1]) if words else ""
    texts = [w.text for w in getattr(line, "words", []) if getattr(w, "text", "")]
    return texts[-1].rstrip().rsplit(" ", 1)[-1] if texts else ""


def _added_hyphen(line: Any, source: frozenset[str]) -> bool:
    """Does *line* end with a word hyphenation broke (a hyphen the author did not type)?"""
    if isinstance(line, tuple):
        return bool(line[1]) and isinstance(line[1][-1], HyphenatedWordPart)
    end = _last_word(line)
    return end.endswith("-") and len(end) > 1 and end not in source


def _longest_run(para: Any, source: str) -> int:
    """The most lines in a row of *para* that end in a hyphen brief added."""
    run = best = 0
    words = frozenset(source.split())
    for line in getattr(para, "lines", []):
        run = run + 1 if _added_hyphen(line, words) else 0
        best = max(best, run)
    return best


def _thirds_in_a_row(para: Any, source: str) -> set[str]:
    """The word heads (without their hyphens) that end the third line of a run of lines
    hyphenated at their ends (and the lines after it in that run)."""
    run = 0
    words = frozenset(source.split())
    heads = set()
    for line in getattr(para, "lines", []):
        run = run + 1 if _added_hyphen(line, words) else 0
        if run >= 3:
            head = _last_word(line).rstrip("-")
            if head:
                heads.add(head)
    return heads
