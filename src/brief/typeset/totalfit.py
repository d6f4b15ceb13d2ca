"""Total-fit line breaking: Knuth and Plass's algorithm ("Breaking paragraphs into lines",
1981), as TeX and Typst break paragraphs.

A greedy breaker fills each line in turn, so one long word can leave a line with wide gaps,
and three lines in a row may end in hyphens. Here every way of breaking the paragraph is
weighed at once: each line's *badness* grows with the cube of how far its spaces stretch or
shrink, each break adds *demerits* (a hyphen costs, two hyphenated lines in a row cost more,
lines of very different tightness side by side cost more), and the breaks with the least
total are taken. This module knows nothing of fonts or ReportLab: it takes the widths of
words and spaces and returns where the lines end (:mod:`brief.typeset.breaking` measures a
paragraph and makes ReportLab build those lines).
"""

from __future__ import annotations

from dataclasses import dataclass, field

INFINITE = float("inf")
_WORST = 10_000.0  # TeX's infinitely bad: a line that cannot stretch as far as it must


@dataclass(slots=True)
class Word:
    """A word (a box) and the space after it (glue)."""

    width: float
    space: float = 0.0  # the natural width of the space after it (0: joined to the next)
    stretch: float = 0.0
    shrink: float = 0.0
    breakable: bool = True  # a line may end after it
    forced: bool = False  # a line must end after it (a <br/>)
    # where the word may be broken: (head width with the hyphen drawn, tail width, penalty)
    hyphens: list[tuple[float, float, float]] = field(default_factory=list)
    source: object = None  # what the caller measured, for its own use


@dataclass(frozen=True, slots=True)
class Break:
    """Where a line ends: after word *word*, or inside it at its hyphen point *hyphen*."""

    word: int
    hyphen: int = -1


@dataclass(frozen=True, slots=True)
class Line:
    end: Break
    natural: float  # the width of its words and spaces before stretching
    ratio: float  # how far its spaces stretch (> 0) or shrink (< 0), 1 being all they may


@dataclass(frozen=True, slots=True)
class Settings:
    """TeX's parameters, with its defaults (plain TeX) where they apply."""

    justified: bool = True
    tolerance: float = 200.0  # the worst badness allowed (100 · ratio³)
    # Where no breaking is within the tolerance: the line before a word wider than this share
    # of the measure (a long address or code that cannot break) may fall short: its spaces
    # stretch only as far as *underfull* allows and it costs the same however short, so the
    # lines before it are not all stretched to make room (as TeX would)
    underfull: float | None = None
    underfull_badness: float = 1_000.0
    wide_word: float = 0.25
    rag: float = 0.0  # ragged lines: the stretch of a line's end, in points
    line_penalty: float = 10.0
    double_hyphen_demerits: float = 10_000.0
    final_hyphen_demerits: float = 5_000.0
    adjacent_demerits: float = 10_000.0  # lines of fitness classes more than one apart
    max_hyphens_in_a_row: int = 2
    short_last_line: float = 0.0  # a last line narrower than this share of the measure…
    short_last_line_demerits: float = 0.0  # …costs this much
    balanced: bool = False  # ragged: the last line is measured as the others (a heading's lines)


@dataclass(slots=True)
class _Node:
    end: Break | None  # None: the start of the paragraph
    line: int  # lines before this break
    fitness: int
    hyphens: int  # lines in a row ending in a hyphen, up to this one
    demerits: float
    previous: _Node | None
    natural: float = 0.0
    ratio: float = 0.0


def total_fit(
    words: list[Word], widths: list[float], settings: Settings, hyphenate: bool
) -> list[Line] | None:
    """The lines that break *words* with the least demerits, each line *i* being at most
    ``widths[min(i, len(widths) - 1)]`` wide; None when no breaking keeps every line within
    the tolerance (and every word within its line)."""
    if not words or not widths:
        return None
    count = len(words)
    boxes = [0.0]  # prefix sums of the words' widths, the spaces', their stretch and shrink
    glue, stretch, shrink = [0.0], [0.0], [0.0]
    for word in words:
        boxes.append(boxes[-1] + word.width)
        glue.append(glue[-1] + word.space)
        stretch.append(stretch[-1] + word.stretch)
        shrink.append(shrink[-1] + word.shrink)
    last_width = len(widths) - 1
    active: list[_Node] = [_Node(None, 0, 1, 0, 0.0, None)]
    for index, word in enumerate(words):
        final = index == count - 1
        points: list[int] = []
        if hyphenate and not final:
            points = sorted(range(len(word.hyphens)), key=lambda h: word.hyphens[h][0])
        if word.breakable or word.forced or final:
            points.append(-1)
        for point in points:
            end = Break(index, point)
            ends_paragraph = final and point == -1
            hyphenated = point >= 0
            new: dict[tuple[int, int, int], _Node] = {}
            keep: list[_Node] = []
            for node in active:
                start = node.end
                if start is not None and start.word >= index:
                    keep.append(node)  # a line inside one word is never taken
                    continue
                width = widths[min(node.line, last_width)]
                natural, give, take = _measure(start, end, words, boxes, glue, stretch, shrink)
                free = (ends_paragraph and not settings.balanced) or (word.forced and point == -1)
                if not settings.justified:
                    give, take = settings.rag, 0.0
                ratio = _ratio(width - natural, give, take, free)
                if ratio < -1:  # overfull even with its spaces shrunk: no later end fits either
                    continue
                keep.append(node)
                first = 0 if start is None else start.word + 1
                if hyphenated and index == first and (start is None or start.hyphen < 0):
                    continue  # a line of nothing but the head of a word
                badness = 0.0 if free and ratio >= 0 else min(100 * abs(ratio) ** 3, _WORST)
                if (
                    settings.underfull is not None
                    and ratio > settings.underfull
                    and point == -1
                    and index + 1 < count
                    and words[index + 1].width > settings.wide_word * width
                ):
                    badness = settings.underfull_badness
                if badness > settings.tolerance:
                    continue
                run = node.hyphens + 1 if hyphenated else 0
                if run > settings.max_hyphens_in_a_row:
                    continue
                demerits = (settings.line_penalty + badness) ** 2
                if hyphenated:
                    demerits += word.hyphens[point][2] ** 2
                    if node.hyphens:
                        demerits += settings.double_hyphen_demerits
                elif ends_paragraph and node.hyphens:
                    demerits += settings.final_hyphen_demerits
                if (
                    ends_paragraph
                    and natural < settings.short_last_line * width
                    and node.end is not None
                ):
                    demerits += settings.short_last_line_demerits
                fitness = _fitness(ratio)
                if node.end is not None and abs(fitness - node.fitness) > 1:
                    demerits += settings.adjacent_demerits
                total = node.demerits + demerits
                key = (min(node.line + 1, last_width), fitness, run)
                best = new.get(key)
                if best is None or total < best.demerits:
                    new[key] = _Node(end, node.line + 1, fitness, run, total, node, natural, ratio)
            if word.forced and point == -1:
                keep = []  # every line ends here
            active = keep + list(new.values())
            if not active:
                return None
    finished = [node for node in active if node.end == Break(count - 1)]
    if not finished:
        return None
    node: _Node | None = min(finished, key=lambda n: n.demerits)
    lines: list[Line] = []
    while node is not None and node.end is not None:
        lines.append(Line(node.end, node.natural, node.ratio))
        node = node.previous
    return lines[::-1]


def _measure(start, end, words, boxes, glue, stretch, shrink) -> tuple[float, float, float]:
    """(natural width, stretch, shrink) of the line from the break *start* to *end*."""
    first = 0 if start is None else start.word + 1  # its first whole word
    width = boxes[end.word] - boxes[first]  # whole words before the last
    if start is not None and start.hyphen >= 0:
        width += words[start.word].hyphens[start.hyphen][1]  # the rest of a broken word
        first -= 1  # the space after that word is inside the line
    width += words[end.word].width if end.hyphen < 0 else words[end.word].hyphens[end.hyphen][0]
    spaces = slice(first, end.word)  # the spaces after the words first … end.word - 1
    width += glue[spaces.stop] - glue[spaces.start]
    return (
        width,
        stretch[spaces.stop] - stretch[spaces.start],
        shrink[spaces.stop] - shrink[spaces.start],
    )


def _ratio(slack: float, give: float, take: float, free: bool) -> float:
    if slack >= 0:
        if free:
            return 0.0
        if slack < 1e-6:
            return 0.0
        return slack / give if give > 0 else INFINITE
    if -slack < 1e-6:
        return 0.0
    return slack / take if take > 0 else -INFINITE


def _fitness(ratio: float) -> int:
    """TeX's fitness classes: 0 very loose, 1 loose, 2 decent, 3 tight."""
    if ratio < -0.5:
        return 3
    if ratio <= 0.5:
        return 2
    if ratio <= 1:
        return 1
    return 0
