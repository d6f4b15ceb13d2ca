"""The Markdown parser (markdown-it-py, with footnotes and limits checked before inline
parsing) and the walk over its tokens that builds the article's blocks and sections."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token

from brief.core.errors import ArticleError
from brief.core.limits import Limits
from brief.source.article import (
    Alignment,
    Article,
    Block,
    BulletList,
    Callout,
    Code,
    Formula,
    Image,
    ListItem,
    Note,
    Paragraph,
    Quote,
    Section,
    Span,
    Subheading,
    Table,
)
from brief.source.callouts import MARKER, callout_kind
from brief.source.captions import (
    adopt_captions,
    attach_table_notes,
    title_like,
)
from brief.source.chunks import shown_code
from brief.source.closing import closing_index
from brief.source.headings import Heading, bold_headings, bold_line, drop_own_numbers
from brief.source.html import has_elements, html_to_markdown
from brief.source.inline import html_text, inline, split_label
from brief.source.math import equation_tag, plain_text, unnumbered, without_tag
from brief.source.merges import has_marks, take_merges
from brief.source.table_tokens import with_replacements

# Display math as markdown-it's math plugins name it.
FORMULA_BLOCKS = {"math_block", "math_block_label", "math_block_eqno", "amsmath"}


# --- token walk ------------------------------------------------------------------------------


# "## Heading {#id}" (Pandoc, kramdown, Python-Markdown's attr_list): an explicit anchor.
_HEADING_ID = re.compile(r"\s*\{#([^\s{}#]+)\}\s*$")


def github_slug(text: str, seen: dict[str, int]) -> str:
    """The anchor GitHub gives a heading: lower case, only letters, marks, numbers,
    connector punctuation, hyphens and spaces kept, spaces made hyphens; a repeated slug
    gets -1, -2... (*seen* counts them over the document)."""
    kept = "".join(
        c
        for c in text.lower()
        if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc"
    )
    base = slug = kept.replace(" ", "-")
    while slug in seen:
        seen[base] += 1
        slug = f"{base}-{seen[base]}"
    seen.setdefault(slug, 0)
    return slug


@dataclass
class ArticleBuilder:
    line_map: list[int]
    limits: Limits
    path: Path
    stream: list[Any] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    slugs: dict[str, int] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)  # <a id>s alone in a paragraph
    note_images: list[tuple[int, str]] = field(default_factory=list)  # (line, alt) in notes
    parser: MarkdownIt | None = None  # for the cells of compact tables
    env: dict[Any, Any] = field(default_factory=dict)  # the parse's references, for those cells
    dropped: list[tuple[int, str]] = field(default_factory=list)  # (line, what) of raw HTML
    in_html: bool = False  # walking the blocks an HTML block stands for
    hidden: list[int] = field(default_factory=list)  # lines of chunks their site hides

    def line_of(self, token: Token) -> int:
        start = token.map[0] if token.map else 0
        return self.line_map[min(start, len(self.line_map) - 1)]

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                text, spans = inline(tokens[i + 1].children or [])
                if not text.strip() and not any(s.anchor for s in spans):
                    i += 3  # a lone "#": no heading (it made an empty numbered section)
                    continue
                explicit = _HEADING_ID.search(text)
                if explicit:
                    text = text[: explicit.start()]
                anchors = [
                    github_slug(text, self.slugs),
                    *([explicit.group(1)] if explicit else []),
                    *self.pending,
                    *(s.anchor for s in spans if s.anchor),
                ]
                self.pending = []
                self.stream.append(Heading(int(tok.tag[1:]), text, self.line_of(tok), anchors))
                i += 3
            elif tok.type == "paragraph_open":
                block = self._paragraph(tokens[i + 1].children or [], self.line_of(tok))
                if block is not None:
                    self.stream.append(block)
                i += 3
            elif tok.type in ("bullet_list_open", "ordered_list_open"):
                end = _close_index(tokens, i)
                start = int(tok.attrGet("start") or 1)
                items = list(self._items(tokens[i + 1 : end], 0))
                ordered = tok.type == "ordered_list_open"
                self.stream.append(
                    BulletList(ordered=ordered, start=start, items=items, line=self.line_of(tok))
                )
                i = end + 1
            elif tok.type == "table_open":
                end = _close_index(tokens, i)
                self.stream.append(self._table(tokens[i : end + 1]))
                i = end + 1
            elif tok.type == "brief_table":
                self.stream.append(self._compact_table(tok))
                i += 1
            elif tok.type == "blockquote_open":
                end = _close_index(tokens, i)
                if (callout := self._callout(tokens[i + 1 : end], self.line_of(tok))) is not None:
                    self.stream.extend(callout)
                    i = end + 1
                    continue
                text, spans = _join(_contents(tokens[i:end]))
                if text:
                    self.stream.append(Quote(text=text, spans=spans, line=self.line_of(tok)))
                i = end + 1
            elif tok.type in FORMULA_BLOCKS:
                self.stream.append(self._formula(tok))
                i += 1
            elif tok.type in ("fence", "code_block"):
                shown = shown_code(tok.info, tok.content)
                if shown is None:
                    self.hidden.append(self.line_of(tok))
                else:
                    self.stream.append(
                        Code(text=shown, info=tok.info.strip(), line=self.line_of(tok))
                    )
                i += 1
            elif tok.type == "html_block":
                self._html_block(tok)
                i += 1
            elif tok.type == "footnote_block_open":
                end = _close_index(tokens, i)
                self.notes.extend(self._notes(tokens[i + 1 : end]))
                i = end + 1
            else:
                i += 1

    def _callout(self, tokens: list[Token], line: int) -> list[Callout | Block] | None:
        """A quote that opens with ``[!KIND] Title``: a callout holding its blocks (headings
        in it as bold paragraphs; tables and images after it, which no box holds)."""
        if len(tokens) < 2 or tokens[0].type != "paragraph_open":
            return None
        first = tokens[1]
        marker = MARKER.match(first.content)
        kind = callout_kind(marker.group("kind")) if marker else None
        if marker is None or kind is None:
            return None
        children = first.children or []
        breaks = ("softbreak", "hardbreak")
        cut = next((k for k, c in enumerate(children) if c.type in breaks), None)
        title_tokens = children[:cut] if cut is not None else children
        title, _ = inline(title_tokens)
        title = MARKER.sub(lambda m: m.group("title"), title, count=1).strip()
        first.children = children[cut + 1 :] if cut is not None else []
        outer, self.stream = self.stream, []
        try:
            self.walk(tokens)
            inner = bold_headings(self.stream)
        finally:
            self.stream = outer
        kept: list[Any] = []
        after: list[Block] = []
        for block in inner:
            if isinstance(block, Heading):
                block = block.bold or Paragraph(
                    text=block.text, spans=[Span(text=block.text, bold=True)], line=block.line
                )
            if isinstance(block, Paragraph | BulletList | Quote | Code | Formula):
                kept.append(block)
            elif isinstance(block, Callout):  # a box in a box: its blocks, in this one
                kept.extend(block.blocks)
            else:
                after.append(block)
        callout = Callout(variant=kind, title=title or None, blocks=kept, line=line)
        return [callout, *after]

    def _formula(self, tok: Token) -> Formula:
        """A displayed formula; an unreadable one is reported (:func:`formula_problems`)."""
        tex = tok.content.strip()
        if tok.type == "amsmath":  # \begin{equation}…\end{equation}: the environment is TeX
            tex = unnumbered(tex)
        number = equation_tag(tex)
        tex = without_tag(tex)
        return Formula(tex=tex, text=plain_text(tex), number=number, line=self.line_of(tok))

    def _html_block(self, tok: Token) -> None:
        """Raw HTML: read as the Markdown it stands for (:mod:`brief.source.html`), its
        blocks placed at the HTML's line; what is no content is dropped and noted."""
        if self.parser is None or self.in_html or not has_elements(tok.content):
            text = html_text(tok.content)
            if text:
                self.stream.append(Paragraph(text=text, line=self.line_of(tok)))
            return
        converted = html_to_markdown(tok.content, by_block=True)
        self.dropped.extend((self.line_of(tok), what) for what in converted.dropped)
        first = tok.map[0] if tok.map else 0
        last = tok.map[1] - 1 if tok.map else 0
        self.in_html = True
        try:
            for offset, markdown in converted.parts:
                # The article's link references, not its footnotes: those belong to the
                # article's own parse (a second parse with them would list them again).
                tokens = self.parser.parse(markdown, {"references": self.env.get("references", {})})
                line = min(first + offset, last)  # each block at its own line of the HTML
                for token in tokens:
                    token.map = [line, line + 1]
                self.walk(tokens)
        finally:
            self.in_html = False

    def _paragraph(self, children: list[Token], line: int) -> Block | Heading | None:
        """A paragraph, or an image when the paragraph holds nothing else."""
        visible = [
            c
            for c in children
            if not (c.type in ("text", "softbreak") and not c.content.strip())
            and not (c.type == "image" and str(c.attrGet("src") or "").endswith("#only-dark"))
        ]  # MkDocs Material's dark-mode twin of a picture is the same picture
        if len(visible) == 1 and visible[0].type in ("math_inline_double", "math_block"):
            tex = visible[0].content.strip()  # "$$…$$" alone in its paragraph: displayed
            return Formula(tex=tex, text=plain_text(tex), line=line)
        if len(visible) == 1 and visible[0].type == "image":
            image = visible[0]
            title = str(image.attrGet("title") or "") or None
            return Image(
                src=str(image.attrGet("src") or "").removesuffix("#only-light"),
                alt=image.content.strip(),
                title=title,
                caption=title if self.in_html else None,  # an HTML figure's caption
                line=line,
            )
        text, spans = inline(children)
        if not text:  # "<a id="x"></a>" alone: x is the next heading or paragraph
            self.pending.extend(s.anchor for s in spans if s.anchor)
            return None
        if self.pending:
            spans = [
                *(Span(text="", anchor=a) for a in self.pending),
                *(spans or [Span(text=text)]),
            ]
            self.pending = []
        paragraph = Paragraph(text=text, spans=spans, line=line)
        if bold_line(paragraph) and not self.in_html:
            label = text.rstrip(":： ").strip()
            return Heading(0, label, line, [github_slug(label, self.slugs)], bold=paragraph)
        return paragraph

    def _notes(self, tokens: list[Token]) -> Iterator[Note]:
        i = 0
        while i < len(tokens):
            if tokens[i].type != "footnote_open":
                i += 1
                continue
            end = _close_index(tokens, i)
            body = tokens[i + 1 : end]
            text, spans = _join(_contents(body))
            line = next((self.line_of(t) for t in body if t.map), 0)
            for token in body:  # an image line run on into the note (no blank line before it)
                for child in token.children or []:
                    if child.type == "image":
                        self.note_images.append((line, child.content or str(child.attrGet("src"))))
            yield Note(number=int(tokens[i].meta["id"]) + 1, text=text, spans=spans, line=line)
            i = end + 1

    def _items(self, tokens: list[Token], level: int) -> Iterator[ListItem]:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type != "list_item_open":
                i += 1
                continue
            end = _close_index(tokens, i)
            body = tokens[i + 1 : end]
            parts: list[tuple[str, list[Span]]] = []
            label: str | None = None
            nested: list[ListItem] = []
            j = 0
            while j < len(body):
                inner = body[j]
                if inner.type in ("bullet_list_open", "ordered_list_open"):
                    close = _close_index(body, j)
                    nested.extend(self._items(body[j + 1 : close], level + 1))
                    j = close + 1
                    continue
                if inner.type == "inline":
                    if not parts:
                        label, text, spans = split_label(inner.children or [])
                        parts.append((text, spans))
                    else:
                        parts.append(inline(inner.children or []))
                else:
                    parts.extend(_contents([inner]))
                j += 1
            text, spans = _join(parts)
            yield ListItem(label=label, text=text, spans=spans, line=self.line_of(tok), level=level)
            yield from nested
            i = end + 1

    def _table(self, tokens: list[Token]) -> Table:
        header: list[tuple[str, list[Span]]] = []
        rows: list[list[tuple[str, list[Span]]]] = []
        align: list[str | None] = []
        row: list[tuple[str, list[Span]]] | None = None
        in_head = False
        for tok in tokens:
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row = []
            elif tok.type == "tr_close" and row is not None:
                if in_head:
                    header = row
                else:
                    rows.append(row)
                row = None
            elif tok.type == "th_open":
                style = str(tok.attrGet("style") or "")
                align.append(style.removeprefix("text-align:") or None)
            elif tok.type == "inline" and row is not None:
                row.append(inline(tok.children or []))
        return self._made_table(header, rows, align, self.line_of(tokens[0]))

    def _compact_table(self, token: Token) -> Table:
        """A table kept as one token (see :func:`compact_table`): its cells are parsed here,
        one at a time, so their inline tokens never all exist at once."""
        assert self.parser is not None
        head, *body = token.meta["rows"]
        cells = [[self._cell(text) for text in row] for row in [head]]
        rows = [[self._cell(text) for text in row] for row in body]
        return self._made_table(cells[0], rows, token.meta["align"], self.line_of(token))

    def _cell(self, text: str) -> tuple[str, list[Span]]:
        children: list[Token] = []
        if text:
            self.parser.inline.parse(text, self.parser, self.env, children)  # type: ignore[union-attr,arg-type]
        for child in children:  # what markdown-it's text_join rule does after inline parsing
            if child.type == "text_special":
                child.type = "text"
        assert self.parser is not None  # a compact table's cells are parsed with its parser
        return inline(with_replacements(text, children, self.parser, self.env))

    def _made_table(
        self,
        header_cells: list[tuple[str, list[Span]]],
        body: list[list[tuple[str, list[Span]]]],
        align: list[str | None],
        line: int,
    ) -> Table:
        merges: list[Any] = []
        if any(has_marks(text) for row in [header_cells, *body] for text, _ in row):
            (header_cells, *body), merges = take_merges([header_cells, *body])
        width = len(header_cells)
        if width * (len(body) + 1) > self.limits.table_cells:
            raise ArticleError.at(
                self.path,
                f"the table has {width * (len(body) + 1):,} cells, "
                f"over the limit of {self.limits.table_cells:,} "
                f"({self.limits.hint('table-cells')})",
                line=line,
            )
        header = [text for text, _ in header_cells]
        rows = [([text for text, _ in r] + [""] * width)[:width] for r in body]
        styled = [[spans for _, spans in r] for r in [header_cells, *body]]
        has_style = any(spans for r in styled for spans in r)
        styled = [(r + [[]] * width)[:width] for r in styled] if has_style else []
        merges = [m for m in merges if m.column < width]
        aligned = [_ALIGNMENTS.get(a or "") for a in align]  # not HTML's "justify", "start"
        return Table(
            header=header, rows=rows, align=aligned, spans=styled, merges=merges, line=line
        )

    def article(self, path: str, paragraph_title: bool = True) -> Article:
        stream = bold_headings(self.stream)
        stream = attach_table_notes(adopt_captions(stream))
        title = None
        headings = [b for b in stream if isinstance(b, Heading)]
        first = stream[0] if stream else None
        if (
            isinstance(first, Heading)
            and first.level == 1
            and [h.level for h in headings].count(1) == 1
        ):
            title = stream.pop(0).text
            headings = headings[1:]
        elif (
            paragraph_title
            and isinstance(first, Paragraph)
            and len(stream) > 1
            and title_like(first)
        ):
            title = stream.pop(0).text
        section_level = min((h.level for h in headings), default=2)
        lede: list[Block] = []
        sections: list[Section] = []
        for item in stream:
            if isinstance(item, Heading) and item.level <= section_level:
                sections.append(Section(heading=item.text, line=item.line, anchors=item.anchors))
                continue
            if isinstance(item, Heading):
                item = Subheading(
                    text=item.text,
                    level=item.level - section_level,
                    line=item.line,
                    anchors=item.anchors,
                )
            (sections[-1].blocks if sections else lede).append(item)
        drop_own_numbers(sections)
        closing = closing_index(sections)
        conclusion = sections[closing] if closing is not None else None
        appendices = sections[closing + 1 :] if closing is not None else []
        body = sections[:closing] if closing is not None else sections
        return Article(
            path=path,
            title=title,
            lede=lede,
            sections=body,
            conclusion=conclusion,
            appendices=appendices,
            notes=sorted(self.notes, key=lambda n: n.number),
        )


def _close_index(tokens: list[Token], start: int) -> int:
    """Index of the token closing the one at *start* (same nesting level)."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _contents(tokens: list[Token]) -> list[tuple[str, list[Span]]]:
    """Every piece of text in a run of block tokens (inside a quote, item or note): inline
    text with its spans, and code and HTML blocks as plain text, so nothing is dropped."""
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts.append(inline(token.children or []))
        elif token.type in ("fence", "code_block"):
            parts.append((" ".join(f"{token.info} {token.content}".split()), []))
        elif token.type in FORMULA_BLOCKS:  # a formula in a list item or quote: in the line
            parts.append((plain_text(token.content.strip()), []))
        elif token.type == "html_block":
            parts.append((html_text(token.content), []))
    return parts


def _join(parts: list[tuple[str, list[Span]]]) -> tuple[str, list[Span]]:
    """Several inline parts (paragraphs of a list item or quote) as one, space-separated."""
    parts = [(text, spans) for text, spans in parts if text]
    text = " ".join(t for t, _ in parts)
    if not any(spans for _, spans in parts):
        return text, []
    joined: list[Span] = []
    for index, (part_text, spans) in enumerate(parts):
        if index:
            joined.append(Span(text=" "))
        joined.extend(spans or [Span(text=part_text)])
    return text, joined


_ALIGNMENTS: dict[str, Alignment] = {"left": "left", "center": "center", "right": "right"}
