"""The story vocabulary in docs/layouts.md is the one brief builds: every element the
registry knows is documented, and every documented element is built."""

from __future__ import annotations

import re
from pathlib import Path

from brief.typeset.story.elements import ELEMENTS, INLINE_ELEMENTS

DOCS = Path(__file__).resolve().parents[1] / "docs" / "layouts.md"


def vocabulary_section() -> str:
    text = DOCS.read_text(encoding="utf-8")
    return text.split("## The story vocabulary", 1)[1].split("\n## ", 1)[0]


def documented_elements(section: str) -> set[str]:
    rows = [line for line in section.splitlines() if line.startswith("| `<")]
    return {re.match(r"\| `<([\w-]+)", row).group(1) for row in rows}


def documented_inline(section: str) -> set[str]:
    sentence = section.split("Inside text elements only", 1)[1].split(" are allowed", 1)[0]
    return set(re.findall(r"`<(\w+)", sentence))


def test_every_story_element_is_documented_and_every_documented_one_is_built() -> None:
    section = vocabulary_section()
    assert documented_elements(section) == set(ELEMENTS)


def test_the_inline_elements_are_the_documented_ones() -> None:
    assert documented_inline(vocabulary_section()) == INLINE_ELEMENTS


def test_the_check_sees_a_missing_row() -> None:
    section = vocabulary_section()
    without = "\n".join(line for line in section.splitlines() if "`<rule>`" not in line)
    assert set(ELEMENTS) - documented_elements(without) == {"rule"}
