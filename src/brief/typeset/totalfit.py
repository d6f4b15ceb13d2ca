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
from typing import Any

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
    penalty: float = 0.0  # what ending a line after it costs (a heading's "at", "le")
    # where the word may be broken: (head width with the hyphen drawn, tail width, penalty,
    # and what the caller keeps of the break for itself)
    hyphens: list[tuple[Any, ...]] = field(default_factory=list)
    source: Any = None  # what the caller measured, for its own use


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


def total_fit(
    words: list[Word], widths: list[float], settings: Settings, hyphenate: bool
) -> list[Line] | None:
    """The lines that break *words* with the least demerits, each line *i* being at most
    ``widths[min(i, len(widths) - 1)]`` wide; None when no breaking keeps every line within
    the tolerance (and every word within its line).

    The loop is written for speed (it runs for every paragraph): nodes are tuples, and a
    line's widths come from prefix sums in a few additions.
    """
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
    justified, balanced, rag = settings.justified, settings.balanced, settings.rag
    tolerance, most_run = settings.tolerance, settings.max_hyphens_in_a_row
    line_penalty, adjacent = settings.line_penalty, settings.adjacent_demerits
    underfull = settings.underfull
    # a node: (word, hyphen, lines, fitness, hyphens in a row, demerits, previous node,
    # natural width of its line, ratio of its line); word -1 is the paragraph's start
    active: list[tuple[Any, ...]] = [(-1, -1, 0, 1, 0, 0.0, None, 0.0, 0.0)]
    for index, word in enumerate(words):
        final = index == count - 1
        points: list[int] = []
        heads = word.hyphens
        if hyphenate and heads and not final:
            points = sorted(range(len(heads)), key=lambda h: heads[h][0])
        if word.breakable or word.forced or final:
            points.append(-1)
        for point in points:
            hyphenated = point >= 0
            ends_paragraph = final and not hyphenated
            free = (ends_paragraph and not balanced) or (word.forced and not hyphenated)
            end_box = heads[point][0] if hyphenated else word.width
            before_end = boxes[index]
            new: dict[tuple[int, int, int], tuple[Any, ...]] = {}
            keep: list[tuple[Any, ...]] | None = None  # the active nodes, once one is dropped
            for at, node in enumerate(active):
                start, start_hyphen = node[0], node[1]
                if start >= index:
                    if keep is not None:
                        keep.append(node)  # a line inside one word is never taken
                    continue
                first = start + 1
                spaces_from = first
                natural = before_end - boxes[first] + end_box
                if start_hyphen >= 0:
                    natural += words[start].hyphens[start_hyphen][1]  # the rest of a word
                    spaces_from = start
                natural += glue[index] - glue[spaces_from]
                width = widths[node[2] if node[2] < last_width else last_width]
                slack = width - natural
                if justified:
                    give = stretch[index] - stretch[spaces_from]
                    take = shrink[index] - shrink[spaces_from]
                else:
                    give, take = rag, 0.0
                if slack >= 0:
                    ratio = 0.0 if free or slack < 1e-06 else slack / give if give > 0 else INFINITE
                elif -slack < 1e-6:
                    ratio = 0.0
                else:
                    ratio = slack / take if take > 0 else -INFINITE
                    if ratio < -1:  # overfull even with its spaces shrunk: so is every later end
                        if keep is None:
                            keep = active[:at]
                        continue
                if keep is not None:
                    keep.append(node)
                if hyphenated and index == first and start_hyphen < 0:
                    continue  # a line of nothing but the head of a word
                if free and ratio >= 0:
                    badness = 0.0
                else:
                    badness = 100 * abs(ratio) ** 3 if -5 < ratio < 5 else _WORST
                    if badness > _WORST:
                        badness = _WORST
                if (
                    underfull is not None
                    and ratio > underfull
                    and not hyphenated
                    and index + 1 < count
                    and words[index + 1].width > settings.wide_word * width
                ):
                    badness = settings.underfull_badness
                if badness > tolerance:
                    continue
                previous_run = node[4]
                run = previous_run + 1 if hyphenated else 0
                if run > most_run:
                    continue
                demerits = (line_penalty + badness) ** 2
                if not hyphenated and word.penalty:
                    demerits += word.penalty
                if hyphenated:
                    demerits += heads[point][2] ** 2
                    if previous_run:
                        demerits += settings.double_hyphen_demerits
                elif ends_paragraph and previous_run:
                    demerits += settings.final_hyphen_demerits
                if ends_paragraph and start >= 0 and natural < settings.short_last_line * width:
                    demerits += settings.short_last_line_demerits
                fitness = 3 if ratio < -0.5 else 2 if ratio <= 0.5 else 1 if ratio <= 1 else 0
                if start >= 0 and abs(fitness - node[3]) > 1:
                    demerits += adjacent
                total = node[5] + demerits
                lines = node[2] + 1
                key = (lines if lines < last_width else last_width, fitness, run)
                best = new.get(key)
                if best is None or total < best[5]:
                    new[key] = (index, point, lines, fitness, run, total, node, natural, ratio)
            if keep is None:
                keep = active
            if word.forced and not hyphenated:
                keep = []  # every line ends here
            if len(new) > 1:
                # a node whose demerits exceed the best's here by more than what the next
                # line's can differ by (its tightness, its hyphen) never wins: TeX's rule
                least = min(node[5] for node in new.values())
                bound = least + adjacent + settings.double_hyphen_demerits
                bound += settings.final_hyphen_demerits
                active = keep + [node for node in new.values() if node[5] <= bound]
            else:
                active = keep + list(new.values()) if new else keep
            if not active:
                return None
    finished = [node for node in active if node[0] == count - 1 and node[1] < 0]
    if not finished:
        return None
    node = min(finished, key=lambda n: n[5])
    lines_found: list[Line] = []
    while node is not None and node[0] >= 0:
        lines_found.append(Line(Break(node[0], node[1]), node[7], node[8]))
        node = node[6]
    return lines_found[::-1]
