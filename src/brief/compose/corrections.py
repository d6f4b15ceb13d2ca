"""The spec's corrections: exact text replaced in the article's words, and only there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brief.compose.spec import Spec
from brief.core.errors import Problem
from brief.source.article import Article

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
    data = article.model_dump()
    grown = 0
    for index, correction in enumerate(spec.corrections, start=1):
        found = _replace_everywhere(data, correction.find, correction.find)  # only counts
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
        count = _replace_everywhere(data, correction.find, correction.replace)
        if count == 0:
            problems.append(
                Problem(
                    spec_path,
                    f"text '{correction.find}' not found in the article",
                    key=f"corrections[{index}].find",
                )
            )
    _drop_stale_spans(data)
    return Article.model_validate(data)


CORRECTIONS_GROWTH = 10_000_000  # characters corrections may add: typo fixes, not rewriting


def _drop_stale_spans(node: Any) -> None:
    """After a correction that crossed a change of style, keep the words, drop the styling."""
    if isinstance(node, dict):
        spans = node.get("spans")
        if spans and "text" in node and "".join(s["text"] for s in spans) != node["text"]:
            node["spans"] = []
        if spans and "header" in node:
            cells = [node["header"], *node["rows"]]
            for row_cells, row_spans in zip(cells, spans, strict=False):
                for index, (cell, styled) in enumerate(zip(row_cells, row_spans, strict=False)):
                    if styled and "".join(s["text"] for s in styled) != cell:
                        row_spans[index] = []
        for value in node.values():
            _drop_stale_spans(value)
    elif isinstance(node, list):
        for value in node:
            _drop_stale_spans(value)


def _replace_everywhere(node: Any, find: str, replace: str, text: bool = False) -> int:
    """Replace *find* in every text field of a dumped article (``TEXT_FIELDS``, an explicit
    list: a language tag, an address or a code block's language is never "corrected"),
    returning the count."""
    count = 0
    if isinstance(node, dict):
        items = list(node.items())
        for key, value in items:
            if isinstance(value, str):
                if key in TEXT_FIELDS:
                    count += value.count(find)
                    node[key] = value.replace(find, replace)
            else:
                count += _replace_everywhere(value, find, replace, key in TEXT_FIELDS)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                if text:
                    count += value.count(find)
                    node[index] = value.replace(find, replace)
            else:
                count += _replace_everywhere(value, find, replace, text)
    return count
