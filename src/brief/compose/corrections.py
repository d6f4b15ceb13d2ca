"""The spec's corrections: exact text replaced in the article's words, and only there."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from brief.compose.spec import Spec
from brief.core.errors import Problem
from brief.core.records import rebuilt
from brief.source.article import Article, Table

# The fields of an article that hold its words, which the spec's corrections may change
# (lists of them too: table headers and rows, authors, keywords).
TEXT_FIELDS = {
    *("text", "heading", "title", "subtitle", "summary", "label", "alt", "caption", "note"),
    *("header", "rows", "authors", "keywords"),
}


def apply_corrections(
    spec: Spec, article: Article, spec_path: Path, problems: list[Problem]
) -> Article:
    if not spec.corrections:
        return article
    grown = 0
    for index, correction in enumerate(spec.corrections, start=1):
        found = _count_everywhere(article, correction.find)
        grown += found * max(0, len(correction.replace) - len(correction.find))
        if grown > CORRECTIONS_GROWTH:
            problems.append(
                Problem(
                    spec_path,
                    f"the corrections would add more than {CORRECTIONS_GROWTH:,} characters to "
                    "the article (a replacement that contains what it replaces?)",
                    key=f"corrections[{index}].replace",
                )
            )
            break
        if found == 0:
            problems.append(
                Problem(
                    spec_path,
                    f"text '{correction.find}' not found in the article",
                    key=f"corrections[{index}].find",
                )
            )
            continue
        article = rebuilt(
            article,
            text=partial(_corrected, correction.find, correction.replace),
            record=_without_stale_spans,
        )
    return article


CORRECTIONS_GROWTH = 10_000_000  # characters corrections may add: typo fixes, not rewriting


def _corrected(find: str, replace: str, key: str, text: str) -> str:
    """*text* corrected when it is in a field of the article's words (``TEXT_FIELDS``, an
    explicit list: a language tag, an address or a code block's language is never
    "corrected")."""
    return text.replace(find, replace) if key in TEXT_FIELDS else text


def _count_everywhere(article: Article, find: str) -> int:
    found = 0

    def count(key: str, text: str) -> str:
        nonlocal found
        if key in TEXT_FIELDS:
            found += text.count(find)
        return text

    rebuilt(article, text=count)
    return found


def _without_stale_spans(record: Any) -> Any:
    """After a correction that crossed a change of style, keep the words, drop the styling
    (a span's own text is corrected like any other, so their joined text differs only then)."""
    spans = getattr(record, "spans", None)
    if not spans:
        return record
    if isinstance(record, Table):
        cells = [record.header, *record.rows]
        kept = []
        for number, row_spans in enumerate(spans):
            row = cells[number] if number < len(cells) else []
            kept.append(
                [
                    [] if styled and index < len(row) and _joined(styled) != row[index] else styled
                    for index, styled in enumerate(row_spans)
                ]
            )
        return record if kept == spans else replace(record, spans=kept)
    text = getattr(record, "text", None)
    if text is not None and _joined(spans) != text:
        return replace(record, spans=[])
    return record


def _joined(spans: list[Any]) -> str:
    return "".join(span.text for span in spans)
