"""The parsed article: what the author wrote, as typed blocks with their source lines."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(kw_only=True)
class Span:
    """A run of text with one style; a text of exactly "\\n" is a line break."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    # Link target, as the author wrote it.
    href: str | None = None
    # Number of the footnote this refers to.
    note: int | None = None
    # An <a id> the author placed here (no text).
    anchor: str | None = None
    # Struck through: ~~text~~, <del>, <s>.
    strike: bool = False
    # Set raised or lowered: x², H₂O, a formula's scripts.
    script: Literal["super", "sub"] | None = None


@dataclass(kw_only=True)
class Paragraph:
    """A paragraph of prose."""

    kind: Literal["paragraph"] = "paragraph"
    # Plain text, exactly as printed (spans joined).
    text: str
    # Styled runs; empty when the text is plain.
    spans: list[Span] = field(default_factory=list)
    # 1-based line in the article where the paragraph starts.
    line: int
    # Its language, when not the brief's (an Arabic passage in English).
    lang: str | None = None


@dataclass(kw_only=True)
class Subheading:
    """A heading below section level, kept inside its section."""

    kind: Literal["subheading"] = "subheading"
    text: str
    # Depth below the section heading: 1 for the first level.
    level: int
    line: int
    # Its GitHub slug, {#id}s.
    anchors: list[str] = field(default_factory=list)


@dataclass(kw_only=True)
class ListItem:
    """One bullet or numbered item; ``Label: text`` items keep the label apart."""

    # Lead-in such as 'Economic Cooperation'.
    label: str | None = None
    text: str
    # Styled runs of the text.
    spans: list[Span] = field(default_factory=list)
    line: int
    # Nesting depth, 0 for top-level items.
    level: int = 0


@dataclass(kw_only=True)
class BulletList:
    kind: Literal["list"] = "list"
    ordered: bool = False
    start: int = 1
    items: list[ListItem]
    line: int


@dataclass(kw_only=True)
class Merge:
    """Cells joined into one (HTML's colspan and rowspan, Word's merged cells): the cell at
    *row* and *column* (the header row being row 0) covers *rows* rows and *columns*
    columns; the cells it covers are empty."""

    row: int
    column: int
    rows: int = 1
    columns: int = 1


@dataclass(kw_only=True)
class Table:
    """A pipe table: one header row and body rows, all padded to the same width."""

    kind: Literal["table"] = "table"
    header: list[str]
    rows: list[list[str]]
    align: list[Alignment | None]
    # A 'Source:' or 'Note:' line under the table.
    note: str | None = None
    # The author's own caption ('Table 1: ...'), without its label.
    caption: str | None = None
    # Styled runs of each cell, header row first; empty when all are plain.
    spans: list[list[list[Span]]] = field(default_factory=list)
    # Cells joined into one.
    merges: list[Merge] = field(default_factory=list)
    line: int


@dataclass(kw_only=True)
class Quote:
    kind: Literal["quote"] = "quote"
    text: str
    spans: list[Span] = field(default_factory=list)
    line: int


@dataclass(kw_only=True)
class Code:
    kind: Literal["code"] = "code"
    text: str
    # What follows the opening fence, e.g. a language.
    info: str = ""
    line: int


@dataclass(kw_only=True)
class Formula:
    """A displayed formula (``$$…$$``, ``\\[…\\]``, ``\\begin{equation}``), in TeX."""

    kind: Literal["formula"] = "formula"
    # The formula's TeX, without its delimiters.
    tex: str
    # The formula as one line of plain text, for readers' software.
    text: str
    # Its equation number ('3'), from \tag or LaTeX's count.
    number: str | None = None
    line: int


CALLOUT_KINDS = ("note", "tip", "important", "warning", "caution")
CalloutKind = Literal["note", "tip", "important", "warning", "caution"]
Alignment = Literal["left", "center", "right"]


@dataclass(kw_only=True)
class Callout:
    """A box set apart from the text: GitHub's ``> [!NOTE]``, MkDocs admonitions, pandoc
    and Quarto ``::: callout-*`` divs, Hugo's ``{{< note >}}`` shortcodes."""

    kind: Literal["callout"] = "callout"
    # The kind of box, by GitHub's five; the author's own names map to them.
    variant: CalloutKind
    # The author's title; else the layout's word.
    title: str | None = None
    blocks: list[Paragraph | BulletList | Quote | Code | Formula] = field(default_factory=list)
    line: int


@dataclass(kw_only=True)
class Image:
    """An image standing alone in its paragraph: ``![alt](src "title")``."""

    kind: Literal["image"] = "image"
    # The address or path, as the author wrote it.
    src: str
    alt: str = ""
    title: str | None = None
    # The author's own caption ('Figure 5: ...'), without its label.
    caption: str | None = None
    line: int


@dataclass(kw_only=True)
class Note:
    """A footnote's definition; references to it are spans with ``note`` set."""

    number: int
    text: str
    spans: list[Span] = field(default_factory=list)
    line: int


@dataclass(kw_only=True)
class Meta:
    """What the article's front matter says about it."""

    title: str | None = None
    subtitle: str | None = None
    # 'summary', or a long 'description'.
    summary: str | None = None
    # 'date', else 'updated' or 'lastmod'.
    date: dt.date | None = None
    authors: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    language: str | None = None
    # Where the article is published.
    source_url: str | None = None
    # 'charts': chart entries, checked as the spec's are.
    charts: list[dict[str, Any]] = field(default_factory=list)


Block = Paragraph | Subheading | BulletList | Table | Quote | Code | Image | Formula | Callout


@dataclass(kw_only=True)
class Section:
    heading: str
    line: int
    # Its GitHub slug, {#id}s.
    anchors: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


@dataclass(kw_only=True)
class Article:
    """Everything the parser found in one article."""

    # The article file, as given.
    path: str
    # The article's own title, when it has one.
    title: str | None = None
    # Blocks before the first heading.
    lede: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    # The closing section, when found.
    conclusion: Section | None = None
    # Sections after the closing section.
    appendices: list[Section] = field(default_factory=list)
    # Footnotes, in number order.
    notes: list[Note] = field(default_factory=list)
    # Whether its blocks' lines are the file's: not for a Word document or an HTML page, read
    # through the Markdown they stand for.
    lines: bool = True
    # From the front matter, if any.
    meta: Meta = field(default_factory=Meta)

    def all_sections(self) -> list[Section]:
        """Body sections, then the conclusion and appendices, in reading order."""
        tail = [self.conclusion] if self.conclusion else []
        return [*self.sections, *tail, *self.appendices]

    def tables(self) -> list[Table]:
        """Every table in reading order; the spec numbers tables by this order."""
        blocks = [*self.lede, *(b for s in self.all_sections() for b in s.blocks)]
        return [b for b in blocks if isinstance(b, Table)]
