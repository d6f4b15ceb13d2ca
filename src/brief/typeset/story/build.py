"""Building the story: the layout's story XML in, ReportLab flowables out, then the passes
that keep headings and introductions with what follows."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, ListFlowable, NextPageTemplate, PageBreak, Paragraph

from brief.core.errors import Problem, StoryError, warn, warnings_wanted
from brief.core.limits import Limits
from brief.layout.loader import TEMPLATE_FILE, Layout
from brief.typeset.story.builder import StoryBuilder
from brief.typeset.story.checks import check_story
from brief.typeset.story.elements import ELEMENTS
from brief.typeset.styles import Styles
from brief.typeset.tables import PagedTable


def build_story(
    xml: str,
    layout: Layout,
    styles: Styles,
    roots: list[Path] | None = None,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    brief_path: Path | None = None,
) -> list[Flowable]:
    """Parse the rendered template and turn each element into flowables. A character no
    font of the layout draws is warned at *brief_path* (at its line when it is the article):
    in a batch, that tells which brief prints a box.

    Figures may only show files inside *roots* (the project, the layout and the article's
    image folders), so a template cannot pull in other files.
    """
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        line = exc.position[0]
        text = xml.splitlines()[line - 1].strip() if line <= len(xml.splitlines()) else ""
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the template produced invalid "
            f"story XML ({exc.msg.split(':')[0]}) at output line {line}: "
            f"{text[:60]}",
        ) from None
    depth = _depth(root)
    if depth > _MAX_DEPTH:
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the story nests elements deeper than a layout may ({_MAX_DEPTH} levels, "
            f"{_MAX_BOXES} boxes or bands inside each other)",
        )
    if root.tag != "story":
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the story must be one <story> element, not <{root.tag}>",
        )
    running = styles.style.running  # the running header and footer, on the page
    builder_colours = [(styles.colour(running.color), running.size, "running.color")]
    errors, doubts = check_story(root, styles, layout.folder / TEMPLATE_FILE)
    if errors:
        raise StoryError(errors)
    warn(*doubts)
    allowed = [*(roots or []), *layout.folders]
    builder = StoryBuilder(styles, layout.folder / TEMPLATE_FILE, allowed, layout.folders, limits)
    builder.elements = ELEMENTS
    for colour, size, key in builder_colours:
        builder.check_colour(colour, size, False, key)
    # What "#name" links may lead to: heading anchors and <a name> places anywhere in the story.
    builder.targets = {n for el in root.iter("heading") for n in el.get("anchors", "").split()}
    builder.targets |= {el.get("name", "").strip() for el in root.iter("a")} - {""}
    try:
        story = builder.children(root)
    except (ValueError, KeyError, TypeError, RecursionError) as exc:  # a bad attribute value
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the template produced a story brief cannot build ({type(exc).__name__}: "
            f"{str(exc)[:120]})",
        ) from None
    if not story:
        raise StoryError.at(layout.folder / TEMPLATE_FILE, "the story is empty: nothing to print")
    if warnings_wanted():
        source = _article_text(brief_path)
        for char, where in builder.missing.items():
            message = (
                f"no font of the layout can draw U+{ord(char):04X} '{char}' (in \"{where}\"); "
                "it would print as a blank or a box"
            )
            if brief_path is None:
                warn(Problem(styles.style_path, message, key="font_fallbacks"))
                continue
            at = source.find(char)
            found_at = source.count("\n", 0, at) + 1 if at >= 0 else None
            message += " (the layout's font_fallbacks)"
            warn(Problem(brief_path, message, line=found_at))
    return _keep_headings_with_turned_pages(_keep_intros_with_what_follows(story))


def _keep_headings_with_turned_pages(story: list[Flowable]) -> list[Flowable]:
    """Move headings and other keep-with-next blocks that stand just before a switch to a
    landscape page onto that page, so a heading never stays behind at the foot of a page."""
    out: list[Flowable] = []
    index = 0
    while index < len(story):
        item = story[index]
        if (
            isinstance(item, NextPageTemplate)
            and item.action[1] == "landscape"
            and index + 1 < len(story)
            and isinstance(story[index + 1], PageBreak)
        ):
            held: list[Any] = []
            while out and out[-1].getKeepWithNext():
                held.insert(0, out.pop())
            out.extend([item, story[index + 1], *held])
            index += 2
            continue
        out.append(item)
        index += 1
    return out


def _keep_intros_with_what_follows(story: list[Flowable]) -> list[Flowable]:
    """A paragraph that ends with a colon introduces what follows (a list, a table): keep
    them on one page, as readers expect."""
    for current, following in itertools.pairwise(story):
        if (
            isinstance(current, Paragraph)
            and isinstance(following, ListFlowable | PagedTable)
            and current.getPlainText().rstrip().endswith(":")
        ):
            current.keepWithNext = 1
    return story


_MAX_DEPTH = 40  # boxes inside boxes inside boxes...: deeper is a runaway, not a layout


_MAX_BOXES = 8  # boxes and bands inside each other: each is a table ReportLab nests


def _depth(root: ET.Element) -> int:
    """How deep elements nest under *root* (without recursion: the story may be hostile);
    boxes and bands inside each other count as many levels as the whole limit allows."""
    deepest, stack = 0, [(root, 1, 0)]
    while stack:
        element, level, boxes = stack.pop()
        if element.tag in ("box", "band"):
            boxes += 1
            if boxes > _MAX_BOXES:
                return _MAX_DEPTH + 1
        deepest = max(deepest, level)
        if deepest > _MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1, boxes) for child in element)
    return deepest


def _article_text(path: Path | None) -> str:
    """The text of an article given as the brief, to find a character's line; else ''."""
    from brief.source.reader import ARTICLE_SUFFIXES

    if path is None or path.suffix.lower() not in ARTICLE_SUFFIXES:
        return ""
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
