"""Parser benchmark: a 1 MB article, plain text and Markdown; median of several runs.

Run: ``python bench/parse.py``. The baseline, measured in the same run, is markdown-it-py
alone parsing the same text into tokens; the ratio shows what brief's reading adds on top
(the plain-text pre-pass, spacing repairs, tables, the typed model).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from common import WORDS
from markdown_it import MarkdownIt

from brief.source.reader import parse_article


def article(size: int, markdown: bool) -> str:
    """About *size* characters of article: headings, glued-punctuation prose, lists, tables."""
    parts: list[str] = []
    section = 0
    while sum(map(len, parts)) < size:
        section += 1
        parts.append(f"{'## ' if markdown else ''}Section {section} on Regional Trade\n")
        for p in range(6):
            words = [WORDS[(section * 7 + p * 3 + k) % len(WORDS)] for k in range(60)]
            parts.append(" ".join(words).capitalize().replace(" trade ", " trade,") + ".\n")
        parts.append("Key points include:\n")
        parts.extend(f"- Point {k}: {' '.join(WORDS[k : k + 6])}.\n" for k in range(4))
        parts.append("| Year | Value | Note |\n|---|---:|---|\n")
        parts.extend(f"| {2000 + k} | {k * 1000:,} | {WORDS[k % 10]} |\n" for k in range(8))
        parts.append("\n")
    return "".join(parts)


def median_seconds(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = MarkdownIt("commonmark").enable("table")
    print(f"{'input':<10}{'size':>10}{'brief s':>10}{'baseline s':>12}{'ratio':>8}")
    for markdown in (False, True):
        text = article(1_000_000, markdown)
        ours = median_seconds(lambda t=text, m=markdown: parse_article(t, markdown=m))
        floor = median_seconds(lambda t=text: parser.parse(t))
        name = "markdown" if markdown else "plain"
        print(f"{name:<10}{len(text):>10,}{ours:>10.3f}{floor:>12.3f}{ours / floor:>8.2f}")


if __name__ == "__main__":
    main()
