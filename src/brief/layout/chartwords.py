"""The alternative text of a chart, written from its data in the brief's language: what kind
of chart, what it compares, each series' highest and lowest values and, for a line, its
trend. Screen readers read it in place of the drawing."""

from __future__ import annotations

from typing import Any

from brief.compose.numbers import format_value
from brief.layout.catalogue import current_messages, join_names

# A change smaller than this share of the range is "steady".
_STEADY = 0.05


def chart_title(chart: Any) -> str:
    """``chart_title(block)`` in templates: the chart's own title, else what it plots in the
    brief's language ("Revenue by Year")."""
    if chart.title:
        return str(chart.title)
    words = current_messages()
    names = [str(s.name) for s in chart.series]
    return words.text(
        "chart_title", values=join_names(names, words.language), category=str(chart.category)
    )


def describe_chart(chart: Any) -> str:
    """``describe_chart(block)`` in templates: the chart's description."""
    words = current_messages()
    language = words.language
    kind = words.text("chart_" + str(chart.chart).replace("-", "_"))
    names = [str(s.name) for s in chart.series]
    categories = [str(c) for c in chart.categories]
    parts = [words.text("chart_about", kind=kind, values=join_names(names, language),
                        category=str(chart.category))]  # fmt: skip

    def shown(value: float) -> str:
        text = format_value(value, language, bool(chart.percent))
        return f"{text} {chart.units}" if chart.units and not chart.percent else text

    for series in list(chart.series)[:4]:
        points = [(c, v) for c, v in zip(categories, series.values, strict=False) if v is not None]
        if not points:
            continue
        top = max(points, key=lambda p: p[1])
        bottom = min(points, key=lambda p: p[1])
        parts.append(words.text("chart_extremes", series=str(series.name), top=top[0],
                                top_value=shown(top[1]), bottom=bottom[0],
                                bottom_value=shown(bottom[1])))  # fmt: skip
        if chart.chart == "line" and len(points) > 1:
            (first_label, first), (last_label, last) = points[0], points[-1]
            spread = (top[1] - bottom[1]) or abs(first) or 1.0
            key = (
                "chart_steady"
                if abs(last - first) < _STEADY * spread
                else "chart_rises"
                if last > first
                else "chart_falls"
            )
            parts.append(words.text(key, series=str(series.name), first=shown(first),
                                    first_label=first_label, last=shown(last),
                                    last_label=last_label))  # fmt: skip
    return words.text("word_space").join(parts)
