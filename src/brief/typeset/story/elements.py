"""The story vocabulary: every element a layout's template may write, and what builds it.

``docs/layouts.md`` documents exactly these (``tests/test_story_elements.py`` checks it).
"""

from __future__ import annotations

from brief.typeset.story import blocks, graphs, pictures, text
from brief.typeset.story.builder import INLINE

ELEMENTS = {
    "p": text.paragraph_element,
    "heading": text.heading_element,
    "list": text.list_element,
    "code": text.code_element,
    "table": blocks.table_element,
    "box": blocks.box_element,
    "band": blocks.band_element,
    "keep-together": blocks.keep_together_element,
    "table-of-contents": blocks.contents_element,
    "list-of-tables": blocks.list_of_tables_element,
    "spacer": blocks.spacer_element,
    "rule": blocks.rule_element,
    "page-break": blocks.page_break_element,
    "frame-break": blocks.frame_break_element,
    "cond-page-break": blocks.cond_page_break_element,
    "next-page-template": blocks.next_page_template_element,
    "image": pictures.image_element,
    "figure": pictures.figure_element,
    "formula": pictures.formula_element,
    "chart": graphs.chart_element,
}

#: The inline elements text may hold.
INLINE_ELEMENTS = frozenset(INLINE)

#: The attributes each element takes (docs/layouts.md lists them in its table).
ATTRIBUTES: dict[str, frozenset[str]] = {
    "p": frozenset({"style", "role", "lang"}),
    "heading": frozenset({"level", "number", "style", "bookmark", "in-contents", "anchors"}),
    "list": frozenset({"style", "start", "item-style"}),
    "code": frozenset({"style"}),
    "table": frozenset({"number", "widths", "merges"}),
    "box": frozenset({"style", "keep-together"}),
    "band": frozenset({"style"}),
    "keep-together": frozenset(),
    "table-of-contents": frozenset({"style", "levels"}),
    "list-of-tables": frozenset({"style"}),
    "spacer": frozenset({"height"}),
    "rule": frozenset({"color", "width", "space-before", "space-after"}),
    "page-break": frozenset(),
    "frame-break": frozenset(),
    "cond-page-break": frozenset({"height"}),
    "next-page-template": frozenset({"name"}),
    "image": frozenset({"src", "width", "height", "align", "alt", "decorative"}),
    "figure": frozenset({"src", "alt", "caption-style"}),
    "formula": frozenset({"alt", "style", "number"}),
    "chart": frozenset(
        {"kind", "alt", "data-id", "highlight", "percent", "caption-style", "note-style"}
    ),
    # the inline vocabulary
    "a": frozenset({"href", "name"}),
    **{name: frozenset() for name in ("b", "i", "u", "strike", "sup", "sub", "br", "code")},
}

#: The parts some elements are made of, with the attributes each part takes.
CHILDREN: dict[str, dict[str, frozenset[str]]] = {
    "list": {"item": frozenset({"level"})},
    "table": {
        "caption": frozenset(),
        "continued": frozenset(),
        "header": frozenset(),
        "row": frozenset({"total"}),
        "note": frozenset(),
    },
    "header": {"cell": frozenset({"align"})},
    "row": {"cell": frozenset({"align"})},
    "figure": {"caption": frozenset()},
    "chart": {
        "caption": frozenset(),
        "category": frozenset(),
        "series": frozenset({"name"}),
        "note": frozenset(),
    },
    "series": {"value": frozenset()},
}
