"""What ``brief inspect`` prints: a readable outline of a parsed article, or of a merged
brief (what a spec and its article became), one fact a line. The command line escapes
each line before it reaches the terminal."""

from __future__ import annotations

import textwrap
from typing import Any

from brief.compose.model import Brief
from brief.core.errors import Problem
from brief.core.records import field_names
from brief.source.article import (
    Article,
    BulletList,
    Callout,
    Code,
    Formula,
    Image,
    Meta,
    Paragraph,
    Quote,
    Subheading,
    Table,
)


def describe_article(article: Article, changes: list[Problem] | None = None) -> str:
    """The article as the reader found it; with *changes* (the reader's warnings), a list of
    what it converted from its site's syntax or dropped, at its line."""
    lines = [f"article: {article.path}", f"title: {article.title or '(none)'}"]
    given, unset = article.meta, Meta()
    meta = {
        name: getattr(given, name)
        for name in field_names(given)
        if getattr(given, name) != getattr(unset, name)
    }
    if meta:
        lines.append(
            "front matter: "
            + "; ".join(
                f"{key} = {', '.join(value) if isinstance(value, list) else value}"
                for key, value in meta.items()
            )
        )
    if article.lede:
        lines.append("lede:")
        lines.extend(_blocks(article.lede))
    for index, section in enumerate(article.sections, start=1):
        lines.append(f"section {index} (line {section.line}): {section.heading}")
        lines.extend(_blocks(section.blocks))
    if article.conclusion:
        lines.append(f"conclusion (line {article.conclusion.line}): {article.conclusion.heading}")
        lines.extend(_blocks(article.conclusion.blocks))
    else:
        lines.append("conclusion: (none found)")
    for section in article.appendices:
        lines.append(f"appendix (line {section.line}): {section.heading}")
        lines.extend(_blocks(section.blocks))
    if changes:
        lines.append(f"converted or dropped ({len(changes)}):")
        for change in sorted(changes, key=lambda c: c.line or 0):
            where = f"line {change.line}" if change.line else "the file"
            lines.append(f"  {where}: {change.message}")
    for note in article.notes:
        lines.append(f"note {note.number} (line {note.line}): {_short(note.text)}")
    return "\n".join(lines)


def _short(text: str, width: int = 88) -> str:
    """*text* on one line of at most *width* characters, cut at a word."""
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder=" …")


def _blocks(blocks: list[Any]) -> list[str]:
    out = []
    for block in blocks:
        where = f"line {block.line}"
        if isinstance(block, Paragraph):
            out.append(f"  paragraph ({where}): {_short(block.text)}")
        elif isinstance(block, Subheading):
            out.append(f"  subheading ({where}): {block.text}")
        elif isinstance(block, BulletList):
            kind = "numbered list" if block.ordered else "list"
            out.append(f"  {kind} ({where}), {len(block.items)} items:")
            for item in block.items:
                label = f"[{item.label}] " if item.label else ""
                out.append(f"    {'  ' * item.level}- {label}{_short(item.text, 70)}")
        elif isinstance(block, Table):
            out.append(f"  table ({where}), {len(block.rows)} rows x {len(block.header)} columns:")
            out.append("    | " + " | ".join(block.header) + " |")
            out.extend("    | " + " | ".join(row) + " |" for row in block.rows)
        elif isinstance(block, Quote):
            out.append(f"  quote ({where}): {_short(block.text)}")
        elif isinstance(block, Image):
            source = block.src if len(block.src) <= 120 else block.src[:117] + "…"  # data: …
            out.append(f"  image ({where}): {source}" + (f" [{block.alt}]" if block.alt else ""))
        elif isinstance(block, Code):
            out.append(f"  code ({where}): {len(block.text.splitlines())} lines")
        elif isinstance(block, Formula):
            out.append(f"  formula ({where}): {_short(block.text)}")
        elif isinstance(block, Callout):
            title = f" '{block.title}'" if block.title else ""
            count = len(block.blocks)
            out.append(
                f"  {block.variant} box{title} ({where}), {count} block{'s' * (count != 1)}:"
            )
            out.extend("  " + line for line in _blocks(block.blocks))
    return out


LAYOUT_WORD = "(the layout's word, in the brief's language)"


def describe_brief(brief: Brief, layout: str) -> str:
    """The brief as a layout receives it, one fact a line."""
    lines = [
        f"title: {brief.title}",
        *([f"subtitle: {brief.subtitle}"] if brief.subtitle else []),
        f"running header: {brief.short_title}",
        *(
            [f"series: {' '.join(p for p in (brief.series, brief.number) if p)}"]
            if brief.series or brief.number
            else []
        ),
        f"date: {brief.date.isoformat()}",
        f"language: {brief.language}",
        f"layout: {layout}",
    ]
    for label, value in (
        ("authors", ", ".join(brief.authors)),
        ("organisation", brief.organisation),
        ("audience", brief.audience),
        (
            "source",
            (brief.source.title or "") + (f" ({brief.source.url})" if brief.source.url else ""),
        ),
        ("PDF name", brief.output_name),
    ):
        if value:
            lines.append(f"{label}: {value}")
    options = [name for name in ("contents", "list_of_tables", "pdf_a") if getattr(brief, name)]
    if options:
        lines.append("options: " + ", ".join(options))
    lines.append(f"key points ({len(brief.key_points)}):")
    lines += [f"  - {_short(point)}" for point in brief.key_points]
    summary = " ".join(getattr(b, "text", "") for b in brief.summary)
    lines.append(f"summary: {_short(summary) if summary else '(none)'}")
    lines.append(f"sections ({len(brief.sections)}):")
    for section in brief.sections:
        kinds = ", ".join(sorted({block.kind for block in section.blocks})) or "empty"
        lines.append(f"  {section.number}. {section.heading}  [{kinds}]")
    heading = brief.recommendations_heading or LAYOUT_WORD
    lines.append(f"recommendations ({len(brief.recommendations)}), headed {heading}:")
    for number, item in enumerate(brief.recommendations, start=1):
        label = f"{item.label}. " if item.label else ""
        lines.append(f"  {number}. {_short(label + item.text)}")
    if brief.conclusion is not None:
        lines.append(f"conclusion: {brief.conclusion.heading or LAYOUT_WORD}")
    for appendix in brief.appendices:
        lines.append(f"appendix: {appendix.heading}")
    for table in brief.tables:
        rows = len(table.rows)
        lines.append(f"table {table.number}: {table.caption or '(no caption)'}  [{rows} rows]")
    for chart in brief.charts:
        where = f"from table {chart.table}" if chart.table else "in place of its table"
        title = chart.title or "(what it plots, in the layout's words)"
        lines.append(f"figure {chart.number}: {chart.chart} chart {where} ({chart.place}): "
                     f"{_short(title, 60)}")  # fmt: skip
        for series in chart.series:
            values = ", ".join(
                f"{c}={'—' if v is None else f'{v:g}'}"
                for c, v in zip(chart.categories, series.values, strict=False)
            )
            lines.append(f"  {series.name}{' (%)' if chart.percent else ''}: {_short(values)}")
        for problem in chart.skipped:
            lines.append(f"  not read: {problem}")
        if chart.left_out:
            lines.append(
                f"  left out, as rows that sum up the others: {', '.join(chart.left_out)} "
                '(totals = "include" keeps them)'
            )
    if brief.notes:
        lines.append(f"notes: {len(brief.notes)}")
    return "\n".join(lines)
