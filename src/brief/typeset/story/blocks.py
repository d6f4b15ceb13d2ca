"""The story's blocks and page flow: tables, boxes and bands, contents lists, spacing and
page breaks."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from brief.layout.catalogue import localised_number
from brief.typeset.bidi import RTL
from brief.typeset.flowables import Band, Contents, box
from brief.typeset.fonts import draws
from brief.typeset.scripts import direction, fallback_markup
from brief.typeset.story.builder import StoryBuilder, bounded_int
from brief.typeset.tables import TableContent, build_table


def table_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    content = TableContent(header_rows=[], rows=[])
    builder.font = builder.styles.font(builder.styles.style.table.font)
    builder.dotted_capitals = False
    widths = el.get("widths")
    content.number = bounded_int(el.get("number", ""), 1, 1_000_000)
    content.widths = widths.split() if widths else None
    content.merges = _merges(builder, el.get("merges") or "")
    for part in el:
        if part.tag in ("caption", "continued", "note"):
            setattr(content, part.tag, builder.inline(part) or None)
        elif part.tag in ("header", "row"):
            spec = builder.styles.style.table  # header text falls back to bold faces
            bold = part.tag == "header" and spec.header_bold
            builder.font = builder.styles.font(spec.font, bold=bold)
            cells = []
            total = part.tag == "row" and part.get("total") == "true"
            if total:  # a row that sums up the others: set apart, in bold
                content.totals.add(len(content.rows))
            for cell in part:
                if cell.tag != "cell":
                    raise builder.fail(f"<{part.tag}> holds <cell> elements, not <{cell.tag}>")
                markup = builder.inline(cell)
                cells.append(f"<b>{markup}</b>" if total and markup else markup)
                if part.tag == "header" and not content.header_rows:
                    content.aligns.append(cell.get("align") or None)
            (content.header_rows if part.tag == "header" else content.rows).append(cells)
        else:
            raise builder.fail(f"<table> cannot hold <{part.tag}>")
    if content.columns == 0:
        return []
    spec = builder.styles.style.table
    cell = ParagraphStyle(
        "cell",
        fontName=builder.styles.font(spec.font, spec.header_bold),
        fontSize=spec.size,
        textColor=builder.styles.colour(spec.header_text),
    )
    builder.backgrounds.append((builder.styles.colour(spec.header_background), "table headers"))
    builder.check_contrast(cell, "table.header_text")
    if spec.zebra:  # every other row's text on the zebra colour
        text = builder.styles.named_colour("text")
        zebra = builder.styles.colour(spec.zebra)
        builder.check_colour(text, spec.size, False, "table.zebra", on=(zebra, "table rows"))
    builder.backgrounds.pop()
    if content.widths and len(content.widths) != content.columns:
        raise builder.fail(
            f"<table widths> gives {len(content.widths)} widths for {content.columns} columns"
        )
    return build_table(
        _mirrored(content) if _runs_right_to_left(content) or builder.styles.mirrored else content,
        builder.styles,
    )


def box_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    name = el.get("style", "")
    box_style = builder.named(builder.styles.style.boxes, name, "box")
    content = on_background(builder, el, box_style.background, f"box '{name}'")
    if not content:
        return []
    boxed = box(content, box_style, builder.styles)
    return [KeepTogether(boxed)] if el.get("keep-together") == "true" else [boxed]


def band_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    name = el.get("style", "")
    band_style = builder.named(builder.styles.style.bands, name, "band")
    content = on_background(builder, el, band_style.background, f"band '{name}'")
    return [Band(content, band_style, builder.styles.colour(band_style.background))]


def on_background(builder: StoryBuilder, el: ET.Element, background: str | None, where: str) -> Any:
    if background is None:
        return builder.children(el)
    builder.backgrounds.append((builder.styles.colour(background), where))
    try:
        return builder.children(el)
    finally:
        builder.backgrounds.pop()


def contents_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    return [_contents(builder, el, "TOCEntry", "toc")]


def list_of_tables_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    return [_contents(builder, el, "TableEntry", "toc")]


def _contents(builder: StoryBuilder, el: ET.Element, kind: str, default_style: str) -> Flowable:
    """Entries with page numbers (filled in by a second layout pass)."""
    base = builder.styles.paragraph(el.get("style", default_style), f" in <{el.tag}>")
    depth = bounded_int(el.get("levels", "2"), 1, 3) or 2
    # An entry that runs to a second line hangs: its turnover lines are indented by an em
    # and a half, so the eye finds where each entry starts (left to right only: ReportLab
    # indents a first line on the left, whatever the direction).
    hang = 0 if builder.styles.mirrored else round(base.fontSize * 1.5, 1)
    levels = [
        ParagraphStyle(
            f"{base.name}{n}",
            parent=base,
            firstLineIndent=-hang,
            **{"rightIndent" if builder.styles.mirrored else "leftIndent": n * 12 + hang},
        )
        for n in range(depth)
    ]
    font = base.fontName

    def entry_markup(title: str) -> str:
        return fallback_markup(title, font, builder.styles, builder.missing)

    native = builder.styles.style.running.native_digits
    language = builder.styles.language

    def page_number(number: int) -> str:  # in the language's own digits, if the layout asks
        return localised_number(number, language, native)

    return Contents(
        depth,
        entry_markup=entry_markup,
        formatter=page_number,
        number_font=lambda number, font: (
            font if draws(font, number) else builder.styles.fallback_for_all(number) or font
        ),
        mirrored=builder.styles.mirrored,
        levelStyles=levels,
        dotsMinLevel=0,
        notifyKind=kind,
        tableStyle=[
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("FONT", (0, 0), (-1, -1), base.fontName),  # not Helvetica, never embedded
        ],
    )


def keep_together_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    return [KeepTogether(builder.children(el))]


def spacer_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    return [Spacer(1, builder.length(el, "height"))]


def rule_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    colour = builder.styles.colour(el.get("color", "black"))
    return [
        HRFlowable(
            width="100%",
            thickness=float(el.get("width", "0.5")),
            color=colour,
            spaceBefore=builder.length(el, "space-before", 4),
            spaceAfter=builder.length(el, "space-after", 4),
        )
    ]


def page_break_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    return [PageBreak()]


def frame_break_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    return [FrameBreak()]


def cond_page_break_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    return [CondPageBreak(builder.length(el, "height"))]


def next_page_template_element(builder: StoryBuilder, el: ET.Element) -> list[Flowable]:
    name = el.get("name", "")
    if name not in ("cover", "body", "landscape"):
        raise builder.fail(f"unknown page template '{name}' (use 'cover', 'body' or 'landscape')")
    return [NextPageTemplate(name)]


def _runs_right_to_left(content: TableContent) -> bool:
    """Whether most cells of the table's first row start in a right-to-left script."""
    first = (content.header_rows or content.rows or [[]])[0]
    cells = [cell for cell in first if cell.strip()]
    return sum(direction(cell) == RTL for cell in cells) * 2 > len(cells)


def _merges(builder: StoryBuilder, given: str) -> list[tuple[int, int, int, int]]:
    """``<table merges="ROW,COLUMN,ROWS,COLUMNS ...">``: cells joined into one."""
    merges = []
    for item in given.split():
        parts = item.split(",")
        if len(parts) != 4 or not all(part.isdigit() for part in parts):
            raise builder.fail(
                f"<table merges> '{item}' is not ROW,COLUMN,ROWS,COLUMNS (whole numbers)"
            )
        row, column, rows, columns = (min(int(part), 1_000_000) for part in parts)
        if rows >= 1 and columns >= 1 and rows * columns > 1:
            merges.append((row, column, rows, columns))
    return merges


def _mirrored(content: TableContent) -> TableContent:
    """*content* with its columns in right-to-left order: the first column on the right."""
    width = content.columns

    def flip(row: list[Any]) -> list[Any]:
        return [*row, *[""] * (width - len(row))][::-1]

    aligns = [*content.aligns, *[None] * (width - len(content.aligns))][::-1]
    header_rows = [flip(row) for row in content.header_rows]
    rows = [flip(row) for row in content.rows]
    every = [*header_rows, *rows]
    for r, c, _, across in content.merges:
        # a joined cell's text goes to its leftmost column, which ReportLab draws it from
        if across > 1 and r < len(every):
            row = every[r]
            row[width - c - across], row[width - 1 - c] = row[width - 1 - c], ""
    return TableContent(
        header_rows=header_rows,
        rows=rows,
        aligns=aligns,
        caption=content.caption,
        continued=content.continued,
        note=content.note,
        widths=content.widths[::-1] if content.widths else None,
        right_to_left=True,
        number=content.number,
        totals=content.totals,
        merges=[(r, width - c - n, rows, n) for r, c, rows, n in content.merges],
    )
