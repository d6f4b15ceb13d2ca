"""A readable outline of a merged brief (what a spec and its article became), for
``brief inspect SPEC``."""

from __future__ import annotations

import textwrap

from brief.compose.model import Brief

LAYOUT_WORD = "(the layout's word, in the brief's language)"


def _short(text: str, width: int = 90) -> str:
    return textwrap.shorten(" ".join(text.split()), width, placeholder="…")


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
        ("source", brief.source.title + (f" ({brief.source.url})" if brief.source.url else "")),
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
