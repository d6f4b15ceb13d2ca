"""Charts drawn with ReportLab's own graphics (``reportlab.graphics.charts``), as vectors:
bars (vertical, grouped, stacked, horizontal), lines and dots, with round ticks on the value
axis (ReportLab's own choice of steps), gridlines, value labels where they fit, a legend only
for several series, and the layout's fonts and chart palette (``[charts]`` in style.toml)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from brief.compose.numbers import format_value
from brief.compose.spec import CHART_KINDS

_BARS = ("bar", "grouped-bar", "horizontal-bar")
KINDS = CHART_KINDS
LABELS_UP_TO = 12  # value labels on the bars when there are at most this many


@dataclass
class ChartData:
    kind: str
    categories: list[str]
    series: list[tuple[str, list[float | None]]]
    highlight: str | None = None
    percent: bool = False
    language: str = "en"
    mirrored: bool = False  # a right-to-left brief: the first category on the right


@dataclass
class ChartLook:
    """The resolved ``[charts]`` style: ReportLab colours and font names."""

    palette: list[colors.Color]
    highlight: colors.Color
    muted: colors.Color
    text: colors.Color
    grid: colors.Color | None
    font: str
    size: float
    height: float


@dataclass
class PlacedLabel:
    """A label drawn over the chart as a shaped paragraph (Arabic, Hebrew, Indic scripts):
    ReportLab's graphics draw characters as they are stored, unjoined and left to right."""

    text: str
    x: float  # the centre (under a column), the right edge or the left edge (beside a bar)
    y: float  # the baseline
    width: float
    align: str  # "center", "right" or "left"


def draw_chart(
    data: ChartData,
    width: float,
    look: ChartLook,
    font_for: Any,
    shaped: Any = lambda text: False,
    max_height: float = 1e9,
    width_of: Any = None,
) -> tuple[Drawing, list[PlacedLabel]]:
    """The chart as a drawing *width* wide, and the category labels to draw over it when
    *shaped(text)* says a label needs shaping; *font_for(text)* is the font that draws
    *text* (the layout's, or a fallback for characters it lacks)."""
    count = len(data.categories)
    horizontal = data.kind == "horizontal-bar"
    several = len(data.series) > 1
    legend_height = look.size * 2.4 if several else 0.0
    height = look.height
    if horizontal:  # a bar per line of labels, within a page
        needed = count * (look.size * 2.2 * (len(data.series) if several else 1)) + 40
        height = min(max(height, needed), max_height)
    drawing = Drawing(width, height)
    # ReportLab starts a drawing by selecting its initial font, Helvetica by default: a PDF
    # base font, never embedded (and not allowed in PDF/A).
    drawing.initialFontName = look.font

    # A true minus sign: where the layout's face has none (Noto Sans), the numbers that need
    # one are set in the fallback face that has it, digits and all.
    minus_font = font_for("\u2212")

    def fmt(value: float) -> str:
        return format_value(value, data.language, data.percent)

    values = [v for _, vs in data.series for v in vs if v is not None]
    labels = data.categories
    steps = _numeric(labels) if data.kind == "line" else None
    if steps is not None and len(set(steps)) == len(steps) and len(steps) > 1:
        drawing.add(_time_line(data, steps, width, height - legend_height, look, fmt, minus_font))
        if several:
            drawing.add(_legend(data, look, font_for, 10, height))
        return drawing, []
    if width_of is None:  # a label set in one face; one of several (Chinese and Latin): theirs

        def width_of(text: str, size: float) -> float:
            return stringWidth(text, font_for(text), size)

    label_width = max((width_of(c, look.size) for c in labels), default=0)
    value_width = max(
        (stringWidth(fmt(v), minus_font if v < 0 else look.font, look.size) for v in values),
        default=0,
    )
    if horizontal:
        left = min(label_width + 8, width * 0.4)
        chart = HorizontalBarChart()
        chart.x, chart.y = left, 18
        chart.width = width - left - value_width - 8
        chart.height = height - 26 - legend_height
        if data.mirrored:  # labels on the right, bars growing leftwards from them
            chart.x = value_width + 8
            chart.width = width - chart.x - left
            chart.valueAxis.reverseDirection = 1
        # ReportLab draws the first category at the bottom: reversed, the table's order reads
        # from the top
        order = list(reversed(range(count)))
    else:
        slot = (width - value_width - 12) / max(count, 1)
        rotate = count > 1 and label_width > slot - 4
        steep = slot < look.size * 2.2
        bottom = (
            (min(label_width, 90) * (1.0 if steep else 0.72) + 12) if rotate else look.size * 2 + 6
        )
        chart = HorizontalLineChart() if data.kind in ("line", "dot") else VerticalBarChart()
        # a slanted first label reaches left of its column: room for it
        slant = min(label_width, 90) * 0.71 - slot / 2 if rotate and not steep else 0.0
        chart.x, chart.y = max(value_width + 10, slant + 4), bottom
        chart.width = width - chart.x - 6
        chart.height = height - bottom - 8 - legend_height
        # right to left, the first category stands on the right
        order = list(reversed(range(count))) if data.mirrored else list(range(count))
        if rotate:  # upright when even a slanted label has no room
            chart.categoryAxis.labels.angle = 90 if slot < look.size * 2.2 else 45
            chart.categoryAxis.labels.boxAnchor = "ne"
            chart.categoryAxis.labels.dy = -2
    rows = [tuple(vs[i] for i in order) for _, vs in data.series]
    colours = list(range(len(rows)))  # the palette entry of each row
    if data.kind == "line":  # a gap where a value is missing, not a line across it
        rows, colours = _segments(rows)
    chart.data = rows
    room = (chart.x - 8) if horizontal and not data.mirrored else None
    names = [_short(labels[i]) for i in order]
    if room is not None:  # a label never reaches past the drawing's edge
        names = [_fitted(name, lambda text: width_of(text, look.size), room) for name in names]
    chart.categoryAxis.categoryNames = names
    _axis_text(chart.categoryAxis.labels, look, font_for(" ".join(labels)))
    for index, name in enumerate(names):  # each label in a face that draws it
        chart.categoryAxis.labels[index].fontName = font_for(name)
    negative = any(v < 0 for v in values)
    _axis_text(chart.valueAxis.labels, look, minus_font if negative else look.font)
    chart.valueAxis.labelTextFormat = fmt
    chart.valueAxis.strokeColor = look.text
    chart.categoryAxis.strokeColor = look.text
    chart.valueAxis.visibleGrid = look.grid is not None
    if look.grid is not None:
        chart.valueAxis.gridStrokeColor = look.grid
        chart.valueAxis.gridStrokeWidth = 0.4
    chart.valueAxis.rangeRound = "both"  # the axis ends on a round tick
    if values and min(values) < 0:  # labels at the edge, clear of bars below zero
        chart.categoryAxis.labelAxisMode = "low"
    if values:  # the axis starts at zero, or below it for negative values
        if data.kind == "stacked-bar":
            totals = [sum(v for _, vs in data.series if (v := vs[i]) is not None and v > 0)
                      for i in range(count)]  # fmt: skip
            lows = [sum(v for _, vs in data.series if (v := vs[i]) is not None and v < 0)
                    for i in range(count)]  # fmt: skip
            low, high = min(0.0, *lows), max(0.0, *totals)
        else:
            low, high = min(0.0, *values), max(0.0, *values)
        if high == low:
            high = low + 1.0
        labelled = count * len(data.series) <= LABELS_UP_TO and data.kind in _BARS
        if labelled:  # room for the value labels beyond the bars' ends, inside the plot
            length = chart.width if horizontal else chart.height
            label = (value_width if horizontal else look.size * 1.2) + 6
            share = min(label / max(length, 1.0), 0.45)
            room = (high - low) * share / (1 - share)
            low = low - room if low < 0 else low
            high = high + room if high > 0 and not horizontal else high
        chart.valueAxis.valueMin = low
        chart.valueAxis.valueMax = high
    if isinstance(chart, HorizontalLineChart):
        for index, colour in enumerate(colours):
            line = chart.lines[index]
            line.strokeColor = look.palette[colour % len(look.palette)]
            line.strokeWidth = 1.6 if data.kind == "line" else 0
            marker = makeMarker("FilledCircle" if data.kind == "dot" else "FilledSquare")
            marker.size = 5 if data.kind == "dot" else 3
            marker.fillColor = line.strokeColor
            marker.strokeColor = None
            line.symbol = marker
            if data.kind == "dot":
                line.strokeColor = None
        chart.joinedLines = data.kind == "line"
    else:
        if data.kind == "stacked-bar":
            chart.categoryAxis.style = "stacked"
        chart.barSpacing = 1 if several else 0
        chart.groupSpacing = max(2.0, 20.0 / max(count, 1) * 3)
        for index in range(len(data.series)):
            chart.bars[index].fillColor = look.palette[index % len(look.palette)]
            chart.bars[index].strokeColor = None
        if data.highlight is not None and data.highlight in labels:
            spot = order.index(labels.index(data.highlight))
            for index in range(len(data.series)):
                for position in range(count):
                    chart.bars[(index, position)].fillColor = (
                        look.highlight if position == spot else look.muted
                    )
        if (
            count * len(data.series) <= LABELS_UP_TO
            and data.kind != "stacked-bar"
            and (_labels_fit(horizontal, chart, count, len(data.series), value_width, look.size))
        ):
            chart.barLabelFormat = fmt
            _axis_text(chart.barLabels, look, look.font)
            for index, (_, series_values) in enumerate(data.series):
                for position, source in enumerate(order):
                    value = series_values[source]
                    if value is not None and value < 0:
                        chart.barLabels[(index, position)].fontName = minus_font
            chart.barLabels.nudge = 4
            # outside the bar's end: ReportLab flips the anchor for a bar below zero
            chart.barLabels.boxAnchor = "w" if horizontal else "s"
    _text_anchors(chart.categoryAxis.labels, chart.valueAxis.labels)
    drawing.add(chart)
    placed: list[PlacedLabel] = []
    mirrored_labels = horizontal and data.mirrored  # on the right: set as paragraphs too
    if mirrored_labels or any(shaped(label) for label in labels):  # paragraphs over the chart
        chart.categoryAxis.labels.fillColor = None
        chart.categoryAxis.labels.visible = False
        slot = (chart.height if horizontal else chart.width) / max(count, 1)
        for position, source in enumerate(order):
            centre = position * slot + slot / 2
            if mirrored_labels:
                start = chart.x + chart.width + 4
                placed.append(PlacedLabel(names[position], start,
                                          chart.y + centre - look.size * 0.35,
                                          width - start, "left"))  # fmt: skip
            elif horizontal:
                placed.append(PlacedLabel(names[position], chart.x - 4,
                                          chart.y + centre - look.size * 0.35, chart.x - 4,
                                          "right"))  # fmt: skip
            else:
                placed.append(PlacedLabel(labels[source], chart.x + centre,
                                          chart.y - look.size * 1.4, slot - 2,
                                          "center"))  # fmt: skip
    if several:
        drawing.add(_legend(data, look, font_for, chart.x, height))
    return drawing, placed


def _legend(data: ChartData, look: ChartLook, font_for: Any, x: float, top: float) -> Legend:
    legend = Legend()
    legend.alignment = "right"
    legend.x = x
    legend.y = top - 2
    legend.dx = legend.dy = look.size
    legend.fontName = font_for(" ".join(name for name, _ in data.series))
    legend.fontSize = look.size
    legend.fillColor = look.text
    legend.boxAnchor = "nw"
    legend.columnMaximum = 1
    legend.variColumn = True  # each entry as wide as its name, an even gap between
    legend.deltax = 0
    legend.autoXPadding = look.size * 2
    legend.colorNamePairs = [
        (look.palette[i % len(look.palette)], name) for i, (name, _) in enumerate(data.series)
    ]
    legend.strokeColor = None
    return legend


def _numeric(labels: list[str]) -> list[float] | None:
    """The categories as numbers when every one is a plain number (years): a line over them
    is then spaced by their values, so 2014, 2016, 2022 are not drawn a step apart each."""
    found = []
    for label in labels:
        try:
            found.append(float(label.replace("\u2212", "-")))
        except ValueError:
            return None
    return found if all(abs(v) < 1e6 for v in found) else None


def _time_line(data: ChartData, steps: list[float], width: float, height: float,
               look: ChartLook, fmt: Any, minus_font: str) -> LinePlot:  # fmt: skip
    """A line over numeric categories, on a value axis for them."""
    values = [v for _, vs in data.series for v in vs if v is not None]
    value_width = max(
        (stringWidth(fmt(v), minus_font if v < 0 else look.font, look.size) for v in values),
        default=0,
    )
    plot = LinePlot()
    plot.x, plot.y = value_width + 10, look.size * 2 + 6
    whole = all(float(s).is_integer() for s in steps)

    def tick_text(value: float) -> str:
        return f"{value:.0f}" if whole else f"{value:g}"

    tick_width = max(stringWidth(tick_text(step), look.font, look.size) for step in steps)
    plot.width = width - plot.x - max(10.0, tick_width / 2 + 2)  # the last label whole
    plot.height = height - plot.y - 8
    rows, colours = _segments([tuple(vs) for _, vs in data.series])
    plot.data = [[(x, v) for x, v in zip(steps, row, strict=True) if v is not None]
                 for row in rows] or [[]]  # fmt: skip
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = min(steps), max(steps)
    if len(steps) <= 12:  # a tick at each category, or at every second... where they touch
        ordered = sorted(steps)
        every = 1
        while every < len(ordered) and (
            (len(ordered) / every) * (tick_width + look.size) > plot.width
        ):
            every += 1
        plot.xValueAxis.valueSteps = ordered[::every]
    plot.xValueAxis.labelTextFormat = tick_text
    plot.yValueAxis.valueMin = min(0.0, *values) if values else 0.0
    plot.yValueAxis.valueMax = max(0.0, *values) if values else 1.0
    plot.yValueAxis.rangeRound = "both"
    plot.yValueAxis.labelTextFormat = fmt
    plot.yValueAxis.visibleGrid = look.grid is not None
    if look.grid is not None:
        plot.yValueAxis.gridStrokeColor = look.grid
        plot.yValueAxis.gridStrokeWidth = 0.4
    for axis in (plot.xValueAxis, plot.yValueAxis):
        axis.strokeColor = look.text
        _axis_text(axis.labels, look, look.font)
    if values and min(values) < 0:
        plot.yValueAxis.labels.fontName = minus_font
    _text_anchors(plot.xValueAxis.labels, plot.yValueAxis.labels)
    for index, colour in enumerate(colours):
        line = plot.lines[index]
        line.strokeColor = look.palette[colour % len(look.palette)]
        line.strokeWidth = 1.6
        marker = makeMarker("FilledSquare")
        marker.size = 3
        marker.fillColor = line.strokeColor
        marker.strokeColor = None
        line.symbol = marker
    return plot


def _segments(rows: list[tuple[Any, ...]]) -> tuple[list[tuple[Any, ...]], list[int]]:
    """Each series split into runs without missing values (one row each, None elsewhere), so
    that a line stops at a gap; with the series each row comes from."""
    out, colours = [], []
    for index, row in enumerate(rows):
        start = None
        runs = []
        for position, value in enumerate([*row, None]):
            if value is not None and start is None:
                start = position
            elif value is None and start is not None:
                runs.append((start, position))
                start = None
        for begin, end in runs or [(0, 0)]:
            out.append(tuple(v if begin <= i < end else None for i, v in enumerate(row)))
            colours.append(index)
    return out, colours


def _text_anchors(*collections: Any) -> None:
    """Each label's text anchored where its box is (the end of a label set right of its
    point, the middle of one under it): the same place in a PDF, and in an SVG the place a
    browser keeps whatever width its fonts give the text."""
    for labels in collections:
        anchor = str(labels.boxAnchor)
        if anchor in ("e", "ne", "se"):
            labels.textAnchor = "end"
        elif anchor in ("n", "s", "c"):
            labels.textAnchor = "middle"


def _axis_text(labels: Any, look: ChartLook, font: str) -> None:
    labels.fontName = font
    labels.fontSize = look.size
    labels.fillColor = look.text


def _fitted(label: str, width: Any, room: float) -> str:
    """*label*, cut with "…" where it would be wider than *room* (*width* measures text)."""
    if width(label) <= room:
        return label
    while len(label) > 1 and width(label + "…") > room:
        label = label[:-1].rstrip()
    return label + "…"


def _short(label: str, limit: int = 28) -> str:
    """A category label short enough for an axis; the table and the description keep it
    whole."""
    label = " ".join(label.split())
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _labels_fit(
    horizontal: bool, chart: Any, count: int, series: int, label_width: float, size: float
) -> bool:
    """Whether each bar's value label has room across the bars (measured from the bar's
    slot): a label wider than its bar in a crowded chart would sit on its neighbour."""
    bars = max(count * series, 1)
    across = (chart.height if horizontal else chart.width) / bars
    return (size * 1.1 if horizontal else label_width * 1.1 + 4) <= across
