"""The story's text elements: paragraphs, headings, code and lists."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, ListItem

from brief.core.locales import LANGUAGE_TAG
from brief.typeset.bidi import RTL
from brief.typeset.flowables import Code, TaggedList
from brief.typeset.scripts import direction, escape, paragraph
from brief.typeset.story.builder import ANCHOR, StoryBuilder, bounded_int
from brief.typeset.tagging import Tag, tagged

# Roles a layout may give a <p>, and their structure types in the tagged PDF.
_ROLES = {"paragraph": "P", "note": "Note", "quote": "BlockQuote"}


def paragraph_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    role = el.get("role", "paragraph")
    if role not in _ROLES:
        raise builder.fail(f"<p role> must be one of: {', '.join(_ROLES)}")
    p = builder.para(el, "body")
    lang = el.get("lang") or None
    if lang is not None and not LANGUAGE_TAG.fullmatch(lang):
        raise builder.fail(f"<p lang> '{lang}' is not a language tag")
    return [tagged(p, Tag(_ROLES[role], lang=lang))] if p else []


def heading_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    level = bounded_int(el.get("level", "1"), 1, 3)
    if level is None:
        raise builder.fail("<heading level> must be 1, 2 or 3")
    name = el.get("style", f"heading{level}")
    style = builder.styles.paragraph(name, " in <heading>")
    builder.check_contrast(style, f"paragraphs.{name}.color")
    builder.set_in(style)
    text = builder.inline(el)
    number = el.get("number")
    plain = "".join(el.itertext()).strip()
    plain = " ".join(plain.split())
    if number:
        accent = builder.styles.named_colour("accent", "primary", default=style.textColor)
        builder.check_colour(accent, style.fontSize, "Bold" in style.fontName, "colors.accent")
        # A no-break space keeps the number with the heading; right to left, a plain one
        # lets the number stand first, on the right, as its own word.
        gap = "  " if builder.styles.mirrored or direction(text) == RTL else "&nbsp;&nbsp;"
        text = f'<font color="#{accent.hexval()[2:]}">{escape(number)}</font>{gap}{text}'
        plain = f"{number}. {plain}"
    builder.heading_level = min(level, builder.heading_level + 1)
    shown = paragraph(text, style)
    if getattr(style, "textTransform", None) == "uppercase":
        # in capitals a long heading runs to three lines and more: it keeps its own case
        width = builder.styles.column_width()
        if shown.wrap(width, 1e6)[1] > 2.5 * style.leading:
            style = ParagraphStyle(f"{style.name}-as-typed", parent=style, textTransform=None)
            shown = paragraph(text, style)
    heading = tagged(shown, Tag(f"H{builder.heading_level}"))
    heading._brief_outline = (
        el.get("bookmark") or plain,
        level - 1,
        el.get("in-contents", "true") != "false",
    )
    heading._brief_anchors = [ANCHOR + name for name in el.get("anchors", "").split()]
    return [heading]


def code_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    style = builder.styles.paragraph(el.get("style", "code"), " in <code>")
    # Tabs expanded before escaping, at stops of 4 columns: fonts have no tab glyph, and
    # ReportLab would draw a tab as nothing.
    source = "".join(el.itertext()).strip("\n").expandtabs(4)
    code = Code(escape(source), style)
    return [tagged(code, Tag("P"))]


def list_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    kind = el.get("style", "bullet")
    if kind not in ("bullet", "numbered"):
        raise builder.fail("<list style> must be 'bullet' or 'numbered'")
    item_name = el.get("item-style", "list_item")
    item_style = builder.styles.paragraph(item_name, " in <list>")
    builder.check_contrast(item_style, f"paragraphs.{item_name}.color")
    builder.set_in(item_style)
    start = bounded_int(el.get("start", "1"), 0, 10**9) or 1
    items = []
    for item in el:
        if item.tag != "item":
            raise builder.fail(f"<list> holds <item> elements, not <{item.tag}>")
        text = builder.inline(item)
        if text:
            items.append((bounded_int(item.get("level", "0"), 0, 8) or 0, text))
    return [_nested_list(builder, items, kind, start, item_style)] if items else []


def _nested_list(
    builder: StoryBuilder,
    items: list[tuple[int, str]],
    kind: str,
    start: int,
    item_style: ParagraphStyle,
) -> TaggedList:
    lists = builder.styles.style.lists
    spaced = ParagraphStyle(
        item_style.name + "-item", parent=item_style, spaceAfter=lists.item_space
    )
    bullet_colour = builder.styles.colour(lists.bullet_color)
    # a list's bullets and numbers are text too
    builder.check_colour(bullet_colour, item_style.fontSize, False, "lists.bullet_color")
    numbered = kind == "numbered"
    indent = lists.indent + (6 if numbered else 0)
    entries: list[ListItem] = []
    i = 0
    base_level = items[0][0]
    while i < len(items):
        text = items[i][1]
        j = i + 1
        while j < len(items) and items[j][0] > base_level:
            j += 1
        content: list[Flowable] = [tagged(paragraph(text, spaced), Tag("P"))]
        if j > i + 1:
            content.append(_nested_list(builder, items[i + 1 : j], "bullet", 1, item_style))
        item = content if len(content) > 1 else content[0]
        if direction(text) == RTL or builder.styles.mirrored:  # the bullet on the right
            entries.append(
                ListItem(
                    item,
                    bulletDir="rtl",
                    leftIndent=0,
                    rightIndent=indent,
                    bulletDedent=indent - 2,
                )
            )
        else:
            entries.append(ListItem(item))
        i = j
    return TaggedList(
        entries,
        bulletType="1" if numbered else "bullet",
        start=start if numbered else lists.bullet,
        # Right to left, the number's full stop stands on its left (".1"), as it reads.
        bulletFormat=(".%s" if builder.styles.mirrored else "%s.") if numbered else None,
        bulletFontName=item_style.fontName
        if not numbered
        else builder.styles.font(next(iter(builder.styles.families)), bold=True),
        bulletFontSize=item_style.fontSize,
        bulletColor=bullet_colour,
        leftIndent=indent,
        bulletDedent="auto",
        spaceBefore=0,
        spaceAfter=item_style.spaceAfter or 4,
    )
