"""The merged brief: the spec's editorial choices applied to the parsed article.

This is the one object layouts see (as ``brief`` in templates), so every field is described.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from brief.source.article import (
    Alignment,
    BulletList,
    Callout,
    Code,
    Formula,
    Merge,
    Note,
    Paragraph,
    Quote,
    Span,
    Subheading,
)


@dataclass(kw_only=True)
class BriefTable:
    """A kept article table with its number and caption."""

    kind: Literal["table"] = "table"
    # Table number in the brief, from 1.
    number: int
    caption: str
    header: list[str]
    rows: list[list[str]]
    align: list[Alignment | None]
    # Source or note line under the table.
    note: str | None = None
    # Styled runs of each cell, header row first.
    spans: list[list[list[Span]]] = field(default_factory=list)
    # Column widths fixed by the spec.
    widths: list[str] | None = None
    # Header rows: 'header' and the first rows-1 rows.
    header_rows: int = 1
    # Rows (from 0) that sum up the others: set apart.
    totals: list[int] = field(default_factory=list)
    # Cells joined into one, the header row being row 0.
    merges: list[Merge] = field(default_factory=list)
    # Line of the table in the article.
    line: int


@dataclass(kw_only=True)
class BriefImage:
    """An article image: included when it is a local file, described when it is remote."""

    kind: Literal["image"] = "image"
    # Figure number in the brief, from 1.
    number: int
    # The author's description of the image.
    alt: str
    title: str | None = None
    # The author's own caption line, without 'Figure N:'; else the alt.
    caption: str | None = None
    # The address or path as the author wrote it.
    src: str
    # The local file to include (absolute).
    path: str | None = None
    # A remote address, never fetched.
    url: str | None = None
    line: int


@dataclass(kw_only=True)
class ChartSeries:
    # The column's header.
    name: str
    # One per category; None where missing.
    values: list[float | None]


@dataclass(kw_only=True)
class BriefChart:
    """A chart drawn from a table's numbers."""

    kind: Literal["chart"] = "chart"
    # bar, grouped-bar, stacked-bar, horizontal-bar, line, dot.
    chart: str
    # Figure number in the brief, shared with images.
    number: int
    # The caption, without 'Figure N:'; None for the layout's own words ('Revenue by Year'),
    # from what the chart plots.
    title: str | None = None
    # Header of the category column.
    category: str
    categories: list[str]
    series: list[ChartSeries]
    units: str | None = None
    # The values were written as percentages.
    percent: bool = False
    source: str | None = None
    place: str = "before-table"
    highlight: str | None = None
    # Number of the brief table it is drawn from; 0 if replaced.
    table: int
    # The table's header cells.
    header: list[str] = field(default_factory=list)
    # The table's cells.
    rows: list[list[str]] = field(default_factory=list)
    # Cells that are not numbers.
    skipped: list[str] = field(default_factory=list)
    # Categories left out: rows that sum up the others.
    left_out: list[str] = field(default_factory=list)
    # Line of the table in the article.
    line: int


@dataclass(kw_only=True)
class Recommendation:
    label: str | None = None
    text: str
    # Styled runs of the text.
    spans: list[Span] = field(default_factory=list)
    # Line in the article; none when from the spec.
    line: int | None = None


@dataclass(kw_only=True)
class MovedList:
    """Where an article list stood before it became recommendations."""

    kind: Literal["moved-list"] = "moved-list"
    # Number of the first recommendation taken from the list.
    first: int
    last: int
    line: int
    # All the brief's recommendations, on the first such list of the body: a layout may set them
    # here, with the section's text that leads to them, rather than leave a cross-reference to a
    # separate section.
    recommendations: list[Recommendation] = field(default_factory=list)


BriefBlock = (
    Paragraph
    | Subheading
    | BulletList
    | BriefTable
    | Quote
    | Code
    | Formula
    | Callout
    | BriefImage
    | BriefChart
    | MovedList
)


@dataclass(kw_only=True)
class BriefSection:
    # Section number, for numbered body sections.
    number: int | None = None
    # None for the layout's word (a conclusion).
    heading: str | None = None
    blocks: list[BriefBlock] = field(default_factory=list)
    # Line of the heading in the article.
    line: int | None = None
    # Targets of #links to it.
    anchors: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class SourceInfo:
    # The article file as named in the spec.
    path: str
    # The article's file name.
    name: str
    # The article's own title, when it has one.
    title: str | None = None
    # Where the article is published, if known.
    url: str | None = None


@dataclass(kw_only=True)
class Brief:
    """Everything a layout needs to typeset one brief."""

    title: str
    # Title for the running header.
    short_title: str
    subtitle: str | None = None
    series: str | None = None
    number: str | None = None
    date: dt.date
    authors: list[str] = field(default_factory=list)
    organisation: str | None = None
    audience: str | None = None
    language: str = "en"
    keywords: list[str] = field(default_factory=list)
    # Summary blocks: the spec's or the lede.
    summary: list[BriefBlock]
    key_points: list[str] = field(default_factory=list)
    # Numbered body sections in article order.
    sections: list[BriefSection]
    recommendations_heading: str | None = None  # else the layout's word, in the language
    texts: dict[str, str] = field(default_factory=dict)  # the spec's own words
    output_name: str | None = None  # the PDF's file name, when the spec gives one
    recommendations: list[Recommendation] = field(default_factory=list)
    conclusion: BriefSection | None = None
    appendices: list[BriefSection] = field(default_factory=list)
    # The spec asks for a table of contents.
    contents: bool = False
    # The spec asks for a list of tables.
    list_of_tables: bool = False
    # The spec asks for PDF/A-2 (archival) output.
    pdf_a: bool = False
    # Where the brief itself is published.
    url: str | None = None
    # The spec of the brief this one translates, relative to this one's.
    translation_of: str | None = None
    # Attach each table's cells to the PDF as CSV.
    data: bool = True
    # Bytes above which the PDF is warned of.
    size_budget: int = 10_000_000
    # Footnotes, by number.
    notes: list[Note] = field(default_factory=list)
    # A chart for the title page.
    cover_chart: BriefChart | None = None
    # Every chart, in order.
    charts: list[BriefChart] = field(default_factory=list)
    # Every table of the brief, in order (for lists).
    tables: list[BriefTable] = field(default_factory=list)
    source: SourceInfo
