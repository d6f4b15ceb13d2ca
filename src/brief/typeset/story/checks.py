"""The story a template wrote, checked before anything is built: every problem at once.

Unknown elements and unknown style names stop the render, each reported with what it may
have meant; an attribute an element does not take is a warning (``--strict`` makes it an
error), since the element still builds without it.
"""

from __future__ import annotations

import difflib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from brief.core.errors import Problem
from brief.typeset.story.elements import ATTRIBUTES, CHILDREN, ELEMENTS, INLINE_ELEMENTS
from brief.typeset.styles import Styles

# Attributes naming a style, and where the style must be defined.
_PARAGRAPH_STYLES = {
    ("p", "style"), ("heading", "style"), ("code", "style"), ("list", "item-style"),
    ("figure", "caption-style"), ("table-of-contents", "style"), ("list-of-tables", "style"),
}  # fmt: skip


def check_story(
    root: ET.Element, styles: Styles, template: Path
) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of the story under *root*."""
    errors: list[Problem] = []
    warnings: list[Problem] = []
    seen: set[str] = set()

    def note(into: list[Problem], message: str) -> None:
        if message not in seen:  # one line per kind of mistake, not one per element
            seen.add(message)
            into.append(Problem(template, message))

    def visit(element: ET.Element, parent: str | None) -> None:
        tag = element.tag
        if parent is None or parent in BLOCK_CONTAINERS:
            if tag not in ELEMENTS:
                note(errors, f"unknown story element <{tag}>{_hint(tag, ELEMENTS)}")
                return
            accepted = ATTRIBUTES[tag]
        elif parent in CHILDREN:
            parts = CHILDREN[parent]
            if tag not in parts:
                note(errors, f"<{tag}> is not allowed inside <{parent}>{_hint(tag, parts)}")
                return
            accepted = parts[tag]
        else:  # inside text: only the inline vocabulary
            if tag not in INLINE_ELEMENTS:
                note(
                    errors,
                    f"<{tag}> is not allowed inside <{parent}>{_hint(tag, INLINE_ELEMENTS)}",
                )
                return
            accepted = ATTRIBUTES[tag]
        for name, value in element.attrib.items():
            if name not in accepted:
                note(warnings, f"<{tag}> takes no attribute '{name}'{_hint(name, accepted)}")
            elif (tag, name) in _PARAGRAPH_STYLES and value not in styles.paragraphs:
                note(
                    errors,
                    f"unknown paragraph style '{value}' in <{tag} {name}>"
                    f"{_hint(value, styles.paragraphs)}",
                )
            elif (tag, name) == ("box", "style") and value not in styles.style.boxes:
                note(errors, f"unknown box style '{value}'{_hint(value, styles.style.boxes)}")
            elif (tag, name) == ("band", "style") and value not in styles.style.bands:
                note(errors, f"unknown band style '{value}'{_hint(value, styles.style.bands)}")
        if tag == "code":
            return  # preformatted: its text only
        for child in element:
            visit(child, tag)

    for child in root:
        visit(child, None)
    return errors, warnings


# Elements that hold blocks of the story, as the story itself does.
BLOCK_CONTAINERS = frozenset({"box", "band", "keep-together"})


def _hint(name: str, known: Any) -> str:
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
