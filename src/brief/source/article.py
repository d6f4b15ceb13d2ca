"""The parsed article: what the author wrote, as typed blocks with their source lines."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """A run of text with one style; a text of exactly "\\n" is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = Field(None, description="Link target, as the author wrote it.")
    note: int | None = Field(None, description="Number of the footnote this refers to.")
    anchor: str | None = Field(None, description="An <a id> the author placed here (no text).")
    strike: bool = Field(False, description="Struck through: ~~text~~, <del>, <s>.")
    script: Literal["super", "sub"] | None = Field(
        None, description="Set raised or lowered: x², H₂O, a formula's scripts."
    )


class Paragraph(_Model):
    """A paragraph of prose."""

    kind: Literal["paragraph"] = "paragraph"
    text: str = Field(description="Plain text, exactly as printed (spans joined).")
    spans: list[Span] = Field(
        default_factory=list, description="Styled runs; empty when the text is plain."
    )
    line: int = Field(description="1-based line in the article where the paragraph starts.")
    lang: str | None = Field(
        None, description="Its language, when not the brief's (an Arabic passage in English)."
    )


class Subheading(_Model):
    """A heading below section level, kept inside its section."""

    kind: Literal["subheading"] = "subheading"
    text: str
    level: int = Field(description="Depth below the section heading: 1 for the first level.")
    line: int
    anchors: list[str] = Field(default_factory=list, description="Its GitHub slug, {#id}s.")


class ListItem(_Model):
    """One bullet or numbered item; ``Label: text`` items keep the label apart."""

    label: str | None = Field(None, description="Lead-in such as 'Economic Cooperation'.")
    text: str
    spans: list[Span] = Field(default_factory=list, description="Styled runs of the text.")
    line: int
    level: int = Field(0, description="Nesting depth, 0 for top-level items.")


class BulletList(_Model):
    kind: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[ListItem]
    line: int


class Merge(_Model):
    """Cells joined into one (HTML's colspan and rowspan, Word's merged cells): the cell at
    *row* and *column* (the header row being row 0) covers *rows* rows and *columns*
    columns; the cells it covers are empty."""

    row: int
    column: int
    rows: int = 1
    columns: int = 1


class Table(_Model):
    """A pipe table: one header row and body rows, all padded to the same width."""

    kind: Literal["table"] = "table"
    header: list[str]
    rows: list[list[str]]
    align: list[Literal["left", "center", "right"] | None]
    note: str | None = Field(None, description="A 'Source:' or 'Note:' line under the table.")
    caption: str | None = Field(
        None, description="The author's own caption ('Table 1: ...'), without its label."
    )
    spans: list[list[list[Span]]] = Field(
        default_factory=list,
        description="Styled runs of each cell, header row first; empty when all are plain.",
    )
    merges: list[Merge] = Field(default_factory=list, description="Cells joined into one.")
    line: int


class Quote(_Model):
    kind: Literal["quote"] = "quote"
    text: str
    spans: list[Span] = Field(default_factory=list)
    line: int


class Code(_Model):
    kind: Literal["code"] = "code"
    text: str
    info: str = Field("", description="What follows the opening fence, e.g. a language.")
    line: int


class Formula(_Model):
    """A displayed formula (``$$…$$``, ``\\[…\\]``, ``\\begin{equation}``), in TeX."""

    kind: Literal["formula"] = "formula"
    tex: str = Field(description="The formula's TeX, without its delimiters.")
    text: str = Field(description="The formula as one line of plain text, for readers' software.")
    number: str | None = Field(
        None, description="Its equation number ('3'), from \\tag or LaTeX's count."
    )
    line: int


CALLOUT_KINDS = ("note", "tip", "important", "warning", "caution")


class Callout(_Model):
    """A box set apart from the text: GitHub's ``> [!NOTE]``, MkDocs admonitions, pandoc
    and Quarto ``::: callout-*`` divs, Hugo's ``{{< note >}}`` shortcodes."""

    kind: Literal["callout"] = "callout"
    variant: Literal["note", "tip", "important", "warning", "caution"] = Field(
        description="The kind of box, by GitHub's five; the author's own names map to them."
    )
    title: str | None = Field(None, description="The author's title; else the layout's word.")
    blocks: list[Paragraph | BulletList | Quote | Code | Formula] = Field(default_factory=list)
    line: int


class Image(_Model):
    """An image standing alone in its paragraph: ``![alt](src "title")``."""

    kind: Literal["image"] = "image"
    src: str = Field(description="The address or path, as the author wrote it.")
    alt: str = ""
    title: str | None = None
    caption: str | None = Field(
        None, description="The author's own caption ('Figure 5: ...'), without its label."
    )
    line: int


class Note(_Model):
    """A footnote's definition; references to it are spans with ``note`` set."""

    number: int
    text: str
    spans: list[Span] = Field(default_factory=list)
    line: int


class Meta(_Model):
    """What the article's front matter says about it."""

    title: str | None = None
    subtitle: str | None = None
    summary: str | None = Field(None, description="'summary', or a long 'description'.")
    date: dt.date | None = Field(None, description="'date', else 'updated' or 'lastmod'.")
    authors: list[str] = Field(default_factory=list)
    keywords: list[str] = Field(default_factory=list)
    language: str | None = None
    source_url: str | None = Field(None, description="Where the article is published.")
    charts: list[dict[str, Any]] = Field(
        default_factory=list, description="'charts': chart entries, checked as the spec's are."
    )


Block = Annotated[
    Paragraph | Subheading | BulletList | Table | Quote | Code | Image | Formula | Callout,
    Field(discriminator="kind"),
]


class Section(_Model):
    heading: str
    line: int
    anchors: list[str] = Field(default_factory=list, description="Its GitHub slug, {#id}s.")
    blocks: list[Block] = Field(default_factory=list)


class Article(_Model):
    """Everything the parser found in one article."""

    path: str = Field(description="The article file, as given.")
    title: str | None = Field(None, description="The article's own title, when it has one.")
    lede: list[Block] = Field(default_factory=list, description="Blocks before the first heading.")
    sections: list[Section] = Field(default_factory=list)
    conclusion: Section | None = Field(None, description="The closing section, when found.")
    appendices: list[Section] = Field(
        default_factory=list, description="Sections after the closing section."
    )
    notes: list[Note] = Field(default_factory=list, description="Footnotes, in number order.")
    lines: bool = Field(
        True,
        description="Whether its blocks' lines are the file's: not for a Word document or an "
        "HTML page, read through the Markdown they stand for.",
    )
    meta: Meta = Field(default_factory=Meta, description="From the front matter, if any.")

    def all_sections(self) -> list[Section]:
        """Body sections, then the conclusion and appendices, in reading order."""
        tail = [self.conclusion] if self.conclusion else []
        return [*self.sections, *tail, *self.appendices]

    def tables(self) -> list[Table]:
        """Every table in reading order; the spec numbers tables by this order."""
        blocks = [*self.lede, *(b for s in self.all_sections() for b in s.blocks)]
        return [b for b in blocks if isinstance(b, Table)]
