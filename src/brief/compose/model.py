"""The merged brief: the spec's editorial choices applied to the parsed article.

This is the one object layouts see (as ``brief`` in templates), so every field is described.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from brief.source.article import (
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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class BriefTable(_Model):
    """A kept article table with its number and caption."""

    kind: Literal["table"] = "table"
    number: int = Field(description="Table number in the brief, from 1.")
    caption: str
    header: list[str]
    rows: list[list[str]]
    align: list[Literal["left", "center", "right"] | None]
    note: str | None = Field(None, description="Source or note line under the table.")
    spans: list[list[list[Span]]] = Field(
        default_factory=list, description="Styled runs of each cell, header row first."
    )
    widths: list[str] | None = Field(None, description="Column widths fixed by the spec.")
    header_rows: int = Field(1, description="Header rows: 'header' and the first rows-1 rows.")
    totals: list[int] = Field(
        default_factory=list, description="Rows (from 0) that sum up the others: set apart."
    )
    merges: list[Merge] = Field(
        default_factory=list, description="Cells joined into one, the header row being row 0."
    )
    line: int = Field(description="Line of the table in the article.")


class BriefImage(_Model):
    """An article image: included when it is a local file, described when it is remote."""

    kind: Literal["image"] = "image"
    number: int = Field(description="Figure number in the brief, from 1.")
    alt: str = Field(description="The author's description of the image.")
    title: str | None = None
    caption: str | None = Field(
        None, description="The author's own caption line, without 'Figure N:'; else the alt."
    )
    src: str = Field(description="The address or path as the author wrote it.")
    path: str | None = Field(None, description="The local file to include (absolute).")
    url: str | None = Field(None, description="A remote address, never fetched.")
    line: int


class ChartSeries(_Model):
    name: str = Field(description="The column's header.")
    values: list[float | None] = Field(description="One per category; None where missing.")


class BriefChart(_Model):
    """A chart drawn from a table's numbers."""

    kind: Literal["chart"] = "chart"
    chart: str = Field(description="bar, grouped-bar, stacked-bar, horizontal-bar, line, dot.")
    number: int = Field(description="Figure number in the brief, shared with images.")
    title: str | None = Field(
        None,
        description="The caption, without 'Figure N:'; None for the layout's own words "
        "('Revenue by Year'), from what the chart plots.",
    )
    category: str = Field(description="Header of the category column.")
    categories: list[str]
    series: list[ChartSeries]
    units: str | None = None
    percent: bool = Field(False, description="The values were written as percentages.")
    source: str | None = None
    place: str = "before-table"
    highlight: str | None = None
    table: int = Field(description="Number of the brief table it is drawn from; 0 if replaced.")
    header: list[str] = Field(default_factory=list, description="The table's header cells.")
    rows: list[list[str]] = Field(default_factory=list, description="The table's cells.")
    skipped: list[str] = Field(default_factory=list, description="Cells that are not numbers.")
    left_out: list[str] = Field(
        default_factory=list, description="Categories left out: rows that sum up the others."
    )
    line: int = Field(description="Line of the table in the article.")


class Recommendation(_Model):
    label: str | None = None
    text: str
    spans: list[Span] = Field(default_factory=list, description="Styled runs of the text.")
    line: int | None = Field(None, description="Line in the article; none when from the spec.")


class MovedList(_Model):
    """Where an article list stood before it became recommendations."""

    kind: Literal["moved-list"] = "moved-list"
    first: int = Field(description="Number of the first recommendation taken from the list.")
    last: int
    line: int
    recommendations: list[Recommendation] = Field(
        default_factory=list,
        description="All the brief's recommendations, on the first such list of the body: a "
        "layout may set them here, with the section's text that leads to them, rather than "
        "leave a cross-reference to a separate section.",
    )


BriefBlock = Annotated[
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
    | MovedList,
    Field(discriminator="kind"),
]


class BriefSection(_Model):
    number: int | None = Field(None, description="Section number, for numbered body sections.")
    heading: str | None = Field(None, description="None for the layout's word (a conclusion).")
    blocks: list[BriefBlock] = Field(default_factory=list)
    line: int | None = Field(None, description="Line of the heading in the article.")
    anchors: list[str] = Field(default_factory=list, description="Targets of #links to it.")


class SourceInfo(_Model):
    path: str = Field(description="The article file as named in the spec.")
    name: str = Field(description="The article's file name.")
    title: str | None = Field(None, description="The article's own title, when it has one.")
    url: str | None = Field(None, description="Where the article is published, if known.")


class Brief(_Model):
    """Everything a layout needs to typeset one brief."""

    title: str
    short_title: str = Field(description="Title for the running header.")
    subtitle: str | None = None
    series: str | None = None
    number: str | None = None
    date: dt.date
    authors: list[str] = Field(default_factory=list)
    organisation: str | None = None
    audience: str | None = None
    language: str = "en"
    keywords: list[str] = Field(default_factory=list)
    summary: list[BriefBlock] = Field(description="Summary blocks: the spec's or the lede.")
    key_points: list[str] = Field(default_factory=list)
    sections: list[BriefSection] = Field(description="Numbered body sections in article order.")
    recommendations_heading: str | None = None  # else the layout's word, in the language
    texts: dict[str, str] = Field(default_factory=dict)  # the spec's own words
    output_name: str | None = None  # the PDF's file name, when the spec gives one
    recommendations: list[Recommendation] = Field(default_factory=list)
    conclusion: BriefSection | None = None
    appendices: list[BriefSection] = Field(default_factory=list)
    contents: bool = Field(False, description="The spec asks for a table of contents.")
    list_of_tables: bool = Field(False, description="The spec asks for a list of tables.")
    pdf_a: bool = Field(False, description="The spec asks for PDF/A-2 (archival) output.")
    url: str | None = Field(None, description="Where the brief itself is published.")
    translation_of: str | None = Field(
        None, description="The spec of the brief this one translates, relative to this one's."
    )
    data: bool = Field(True, description="Attach each table's cells to the PDF as CSV.")
    size_budget: int = Field(10_000_000, description="Bytes above which the PDF is warned of.")
    notes: list[Note] = Field(default_factory=list, description="Footnotes, by number.")
    cover_chart: BriefChart | None = Field(None, description="A chart for the title page.")
    charts: list[BriefChart] = Field(default_factory=list, description="Every chart, in order.")
    tables: list[BriefTable] = Field(
        default_factory=list, description="Every table of the brief, in order (for lists)."
    )
    source: SourceInfo
