"""Lines and word gaps read back from a PDF, as a designer measures a page: the characters'
boxes as MuPDF finds them (not what brief meant to draw), grouped into lines of the body text
(the size most characters are set in).

Used by the typesetting tests and by ``bench/typesetting.py``: a run of lines ending in
hyphens, the widest gap between words of a justified line over the median gap, and the
characters of a full line.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HYPHENS = ("-", "\u00ad", "\u2010")
_MONOSPACED = re.compile("mono|code|courier|consol", re.IGNORECASE)


@dataclass
class TextLine:
    page: int
    text: str
    x0: float
    x1: float
    gaps: list[float] = field(default_factory=list)  # between words
    full: bool = False  # ends at its column's right edge and is not a paragraph's last


@dataclass
class Measures:
    lines: list[TextLine]
    longest_hyphen_run: int
    widest_gap: float  # over the median gap, in justified lines
    median_full_line: float  # characters
    hyphenated_ends: int

    def worst_run(self) -> list[str]:
        """The lines of the longest run of hyphenated line ends."""
        best: list[str] = []
        run: list[str] = []
        for line in self.lines:
            run = [*run, line.text] if line.text.endswith(HYPHENS) else []
            if len(run) > len(best):
                best = list(run)
        return best


def body_lines(pdf: Path, pages: range | None = None) -> list[TextLine]:
    import pymupdf

    document = pymupdf.open(pdf)
    sizes: Counter[float] = Counter()
    fonts: Counter[str] = Counter()
    raw = []
    for number, page in enumerate(document):
        if pages is not None and number not in pages:
            continue
        data = page.get_text("rawdict", flags=0)
        raw.append((number, data))
        for block in data["blocks"]:
            for line in block.get("lines", []):
                if abs(line["dir"][1]) > 0.01:
                    continue
                for span in line["spans"]:
                    sizes[round(span["size"], 1)] += len(span["chars"])
                    fonts[span["font"]] += len(span["chars"])
    body = sizes.most_common(1)[0][0] if sizes else 0
    text_fonts = {name for name in fonts if not _MONOSPACED.search(name)}  # not code
    out: list[TextLine] = []
    for number, data in raw:
        for block in data["blocks"]:
            lines = []
            for line in block.get("lines", []):
                spans = line["spans"]
                body_chars = sum(len(sp["chars"]) for sp in spans if round(sp["size"], 1) == body)
                if 2 * body_chars <= sum(len(sp["chars"]) for sp in spans):
                    continue  # a line of other text: a heading, a caption, a table
                chars = [  # a note's number too; the font, for gaps of the text's own spaces
                    {**c, "font": span["font"]} for span in spans for c in span["chars"]
                ]
                if not chars or abs(line["dir"][1]) > 0.01:
                    continue
                chars.sort(key=lambda c: c["bbox"][0])
                text = "".join(c["c"] for c in chars)
                gaps: list[float] = []
                last = None  # the last inked character
                pending = False
                for c in chars:
                    if c["c"].isspace():
                        pending = last is not None
                        continue
                    if pending and c["font"] in text_fonts and last["font"] in text_fonts:
                        gaps.append(c["bbox"][0] - last["bbox"][2])  # not a space in code
                    pending = False
                    last = c
                first = text.split()[0] if text.split() else ""
                if gaps and ((len(first) == 1 and not first.isalnum()) or first[:-1].isdigit()):
                    gaps.pop(0)  # after a list's bullet or number: an indent, not a space
                ink = [c for c in chars if not c["c"].isspace()]
                if not ink:
                    continue
                lines.append(
                    TextLine(number, text.strip(), ink[0]["bbox"][0], ink[-1]["bbox"][2], gaps)
                )
            out.extend(lines)
    _mark_full(out)
    return out


def _mark_full(lines: list[TextLine]) -> None:
    """Lines that reach a right edge of their page's columns (where three lines or more end).
    A paragraph's last line, or one ended by a line break, stops short of it."""
    for page in {line.page for line in lines}:
        on_page = [line for line in lines if line.page == page]
        ends = Counter(round(line.x1) for line in on_page)
        edges = [x for x, n in ends.items() if n + ends[x - 1] + ends[x + 1] >= 3]
        for line in on_page:
            line.full = any(abs(line.x1 - edge) <= 1.0 for edge in edges)


def measure(pdf: Path, pages: range | None = None) -> Measures:
    lines = body_lines(pdf, pages)
    run = longest = ends = 0
    for line in lines:  # a paragraph never ends in a hyphen: runs need no paragraphs
        hyphenated = line.text.endswith(HYPHENS) and len(line.text) > 1
        ends += hyphenated
        run = run + 1 if hyphenated else 0
        longest = max(longest, run)
    gaps = [g for line in lines for g in line.gaps if g > 0]
    median = statistics.median(gaps) if gaps else 1.0
    full = [line for line in lines if line.full and line.gaps]
    widest = max((max(line.gaps) for line in full), default=0.0) / median
    lengths = [len(line.text) for line in full]
    return Measures(lines, longest, widest, statistics.median(lengths) if lengths else 0.0, ends)
