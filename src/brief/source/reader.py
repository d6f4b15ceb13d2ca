"""Article parsing: plain text or Markdown in, an :class:`~brief.source.article.Article` out.

Both formats go through one real Markdown parser (markdown-it-py). Plain text first passes a
small pre-pass that recognises what a plain-text author means by layout: headings written as
plain lines, and one paragraph per line when the article has no blank lines between them.
The pre-pass keeps a map from its output lines to the article's lines so every block can name
the line it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from brief.core.confined import read_input
from brief.core.errors import ArticleError, Problem
from brief.core.limits import Limits
from brief.source.article import (
    Article,
    Block,
    BulletList,
    Code,
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
from brief.source.frontmatter import read_front_matter
from brief.source.inline import html_text, inline, split_label
from brief.source.plaintext import prepare_plain_text
from brief.source.tables import TooManyCells, normalise_tables

MARKDOWN_SUFFIXES = {".md", ".markdown"}
TEXT_SUFFIXES = {".txt", ".text"}
ARTICLE_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES

# Headings that close an article; matched at the start of the normalised heading.
CLOSING_HEADINGS = (
    # English
    "conclusion",
    "concluding",
    "in conclusion",
    "wrapping up",
    "wrap-up",
    "wrap up",
    "in summary",
    "summary",
    "summing up",
    "to sum up",
    "final thoughts",
    "final words",
    "closing thoughts",
    "in closing",
    "key takeaways",
    "takeaways",
    "the bottom line",
    "bottom line",
    "outlook",
    "looking ahead",
    # German, French, Spanish, Italian, Portuguese
    "fazit",
    "schlussfolgerung",
    "zusammenfassung",
    "ausblick",
    "schlusswort",
    "en conclusion",
    "pour conclure",
    "synthèse",
    "conclusión",
    "conclusiones",
    "en resumen",
    "conclusione",
    "conclusioni",
    "in sintesi",
    "conclusão",
    "conclusões",
    "em resumo",
    # Russian, Ukrainian, Polish
    "заключение",
    "выводы",
    "вывод",
    "итоги",
    "в заключение",
    "висновки",
    "підсумки",
    "podsumowanie",
    "wnioski",
    # Chinese, Japanese, Korean
    "结论",
    "結論",
    "总结",
    "總結",
    "结语",
    "結語",
    "まとめ",
    "おわりに",
    "결론",
    "맺음말",
)

_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[ivxlc]+[.)])\s+", re.IGNORECASE)


def read_article(
    path: Path,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    warnings: list[Problem] | None = None,
    data: bytes | None = None,
) -> Article:
    """Read and parse the article at *path* (or its bytes *data*, already read); errors name
    the file and, where known, the line.

    Repairs the reader makes that the author should know about are added to *warnings*.
    """
    suffix = path.suffix.lower()
    if suffix not in ARTICLE_SUFFIXES:
        raise ArticleError.at(
            path, f"unsupported article type '{suffix or path.name}' (use .txt, .md or .markdown)"
        )
    if data is None:
        data = read_input(
            path,
            ArticleError,
            "article",
            max_bytes=int(limits.article_mb * 1_000_000),
            limit_hint=limits.hint("article-mb"),
        )
    text = decode_article(data, path, warnings)
    return parse_article(
        text, path=str(path), markdown=suffix in MARKDOWN_SUFFIXES, limits=limits, warnings=warnings
    )


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# C0 and C1 control characters other than tab and newline: never part of an author's text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Code points that are not characters (noncharacters, surrogates): XML cannot carry most of
# them, no font draws them, and no author meant them.
_NOT_CHARACTERS = re.compile(
    "[\ud800-\udfff\ufdd0-\ufdef"
    + "".join(
        f"\\U{plane:04x}fffe\\U{plane:04x}ffff".replace("\\U0000", "\\u") for plane in range(17)
    )
    + "]"
)
# Zero-width spaces and stray byte-order marks: invisible, and they break words apart.
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff]")


def decode_article(data: bytes, path: Path, warnings: list[Problem] | None = None) -> str:
    """Bytes to text, with the documented repairs and a warning for each.

    UTF-8 (with or without a byte-order mark) and UTF-16 with a byte-order mark are read as
    they are; other text falls back to Windows-1252 (then Latin-1) with a warning naming the
    guess. Control characters and zero-width spaces are removed; line endings become \\n.
    """
    warn = warnings.append if warnings is not None else (lambda problem: None)
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding:
        data = data[3 if encoding == "utf-8" else 2 :]
    try:
        text = data.decode(encoding or "utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if encoding and encoding.startswith("utf-16"):
            raise ArticleError.at(path, "not valid UTF-16 text", line=line) from None
        guess = "Windows-1252"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            text, guess = data.decode("latin-1"), "Latin-1"
        warn(Problem(path, f"not UTF-8 (byte 0x{data[exc.start]:02x}); read as {guess}", line=line))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _binary(text):
        raise ArticleError.at(path, "not a text file (it is mostly control characters)")
    text = _removed(text, _CONTROL, "control character(s)", path, warn)
    text = _removed(text, _NOT_CHARACTERS, "code point(s) that are not characters", path, warn)
    return _ZERO_WIDTH.sub("", text)


_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _drop_bad_references(
    text: str, path: Path, line_map: list[int], warnings: list[Problem] | None
) -> str:
    """Character references to what is not a character (``&#xD800;``, ``&#xFFFF;``, ``&#1;``)
    are removed with a warning at their line: Markdown would print U+FFFD for some, and XML
    cannot carry the others."""

    def bad(match: re.Match[str]) -> bool:
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        return code > 0x10FFFF or bool(
            _CONTROL.match(chr(code)) or _NOT_CHARACTERS.match(chr(code)) or code == 0
        )

    found = [m for m in _REFERENCE.finditer(text) if bad(m)]
    if not found:
        return text
    if warnings is not None:
        line = text.count("\n", 0, found[0].start()) + 1
        warnings.append(
            Problem(
                path,
                f"removed {len(found)} character reference(s) to what is not a character "
                f"(first {found[0].group()})",
                line=line_map[line - 1] if line <= len(line_map) else line,
            )
        )
    return _REFERENCE.sub(lambda m: "" if bad(m) else m.group(), text)


def _removed(
    text: str, pattern: re.Pattern[str], what: str, path: Path, warn: Callable[[Problem], None]
) -> str:
    """*text* without what *pattern* matches, with one warning at the first one's line."""
    first = pattern.search(text)
    if first is None:
        return text
    count = len(pattern.findall(text))
    line = text.count("\n", 0, first.start()) + 1
    warn(Problem(path, f"removed {count} {what} (first U+{ord(first.group()):04X})", line=line))
    return pattern.sub("", text)


def _binary(text: str) -> bool:
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > len(sample) * 0.1


def parse_article(
    text: str,
    *,
    path: str = "<article>",
    markdown: bool = False,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    warnings: list[Problem] | None = None,
) -> Article:
    """Parse article text. Plain text is pre-processed; Markdown is taken as written."""
    if not text.strip():
        raise ArticleError.at(Path(path), "the article is empty")
    meta, lines = read_front_matter(text.split("\n"), Path(path))
    try:
        tables = normalise_tables(lines, limits.table_cells)
    except TooManyCells as error:
        raise ArticleError.at(
            Path(path),
            f"the table has {error.count:,} cells, over the limit of {limits.table_cells:,} "
            f"({limits.hint('table-cells')})",
            line=error.line,
        ) from None
    for line, message in tables.warnings:
        if warnings is not None:
            warnings.append(Problem(Path(path), message, line=line))
    end = len(tables.lines) + 1
    if markdown:
        source = _drop_bad_references(
            "\n".join(tables.lines), Path(path), tables.line_map, warnings
        )
        line_map = [*tables.line_map, end]
    else:
        source, plain_map = prepare_plain_text(tables.lines)
        line_map = [tables.line_map[n - 1] if n <= len(tables.line_map) else end for n in plain_map]
    # markdown-it drops the rest of a document nested deeper than maxNesting; one level of
    # room above the limit tells a document at the limit from one cut short.
    ceiling = 2 * limits.nesting + 3
    try:
        tokens = _markdown(markdown, ceiling, limits).parse(source)
    except _OverLimit as error:
        raise ArticleError.at(
            Path(path),
            f"{error.what}, over the limit of {error.limit:,} ({limits.hint(error.name)})",
            line=line_map[min(error.line, len(line_map) - 1)],
        ) from None
    deepest = max(tokens, key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= ceiling - 1:
        line = next(
            (line_map[t.map[0]] for t in reversed(tokens[: tokens.index(deepest) + 1]) if t.map),
            None,
        )
        raise ArticleError.at(
            Path(path),
            f"lists or quotes nested more than {limits.nesting} "
            f"levels deep ({limits.hint('nesting')})",
            line=line,
        )
    builder = _Builder(line_map, limits, Path(path))
    builder.walk(tokens)
    if len(builder.notes) > limits.footnotes:  # inline notes (^[...]) count too
        raise ArticleError.at(
            Path(path),
            f"the article has {len(builder.notes):,} footnotes, over the limit of "
            f"{limits.footnotes:,} ({limits.hint('footnotes')})",
            line=sorted(builder.notes, key=lambda n: n.number)[limits.footnotes].line or None,
        )
    return builder.article(path).model_copy(update={"meta": meta})


class _OverLimit(Exception):
    """Raised inside the parser, before inline parsing, by :func:`_check_blocks`."""

    def __init__(self, what: str, name: str, limit: int, line: int):
        super().__init__(what)
        self.what, self.name, self.limit, self.line = what, name, limit, line


# Characters that can start inline markup: each paragraph costs parser tokens, styled spans
# and typeset fragments in proportion to how many it has.
_MARKUP_CHARACTERS = "`*_[<&\\"
_BLOCK_NAMES = {"heading_open": "heading", "th_open": "table cell", "td_open": "table cell"}


def _check_blocks(limits: Limits):
    """A core rule that runs after block parsing and before inline parsing, so that the limits
    on footnotes and on inline markup stop an article before its inline tokens are built."""

    def rule(state) -> None:
        definitions: list[Token] = []
        for index, token in enumerate(state.tokens):
            if token.type == "footnote_reference_open":
                definitions.append(token)
            elif token.type == "inline" and len(token.content) > limits.inline_markup:
                count = sum(map(token.content.count, _MARKUP_CHARACTERS))
                if count > limits.inline_markup:
                    kind = _BLOCK_NAMES.get(state.tokens[index - 1].type, "paragraph")
                    raise _OverLimit(
                        f"the {kind} has {count:,} markup characters (` * _ [ < & \\)",
                        "inline-markup",
                        limits.inline_markup,
                        (token.map or [0])[0],
                    )
        if len(definitions) > limits.footnotes:
            raise _OverLimit(
                f"the article has {len(definitions):,} footnote definitions",
                "footnotes",
                limits.footnotes,
                (definitions[limits.footnotes].map or [0])[0],
            )

    return rule


def _markdown(
    markdown: bool,
    max_nesting: int,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> MarkdownIt:
    """The parser, with footnotes. In Markdown, raw HTML is read so that it can be converted
    or dropped (never interpreted); in plain text tags stay literal text and character
    references such as ``&amp;`` are the author's characters, not entities."""
    parser = MarkdownIt("commonmark", {"html": markdown, "maxNesting": max_nesting})
    parser.enable("table").use(footnote_plugin)
    parser.core.ruler.before("inline", "brief_limits", _check_blocks(limits))
    # In plain text, "[12]: Smith, 2024" is a reference, not a link definition to hide.
    return parser if markdown else parser.disable(["entity", "reference"])


# --- plain-text pre-pass ---------------------------------------------------------------------


# --- token walk ------------------------------------------------------------------------------


@dataclass
class _Heading:
    level: int
    text: str
    line: int
    anchors: list[str] = field(default_factory=list)


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
class _Builder:
    line_map: list[int]
    limits: Limits
    path: Path
    stream: list[Block | _Heading] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    slugs: dict[str, int] = field(default_factory=dict)
    pending: list[str] = field(default_factory=list)  # <a id>s alone in a paragraph

    def line_of(self, token: Token) -> int:
        start = token.map[0] if token.map else 0
        return self.line_map[min(start, len(self.line_map) - 1)]

    def walk(self, tokens: list[Token]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if tok.type == "heading_open":
                text, spans = inline(tokens[i + 1].children or [])
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
                self.stream.append(_Heading(int(tok.tag[1:]), text, self.line_of(tok), anchors))
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
            elif tok.type == "blockquote_open":
                end = _close_index(tokens, i)
                text, spans = _join(_contents(tokens[i:end]))
                if text:
                    self.stream.append(Quote(text=text, spans=spans, line=self.line_of(tok)))
                i = end + 1
            elif tok.type in ("fence", "code_block"):
                self.stream.append(
                    Code(
                        text=tok.content.rstrip("\n"), info=tok.info.strip(), line=self.line_of(tok)
                    )
                )
                i += 1
            elif tok.type == "html_block":
                text = html_text(tok.content)
                if text:
                    self.stream.append(Paragraph(text=text, line=self.line_of(tok)))
                i += 1
            elif tok.type == "footnote_block_open":
                end = _close_index(tokens, i)
                self.notes.extend(self._notes(tokens[i + 1 : end]))
                i = end + 1
            else:
                i += 1

    def _paragraph(self, children: list[Token], line: int) -> Block | None:
        """A paragraph, or an image when the paragraph holds nothing else."""
        visible = [
            c for c in children if not (c.type in ("text", "softbreak") and not c.content.strip())
        ]
        if len(visible) == 1 and visible[0].type == "image":
            image = visible[0]
            return Image(
                src=image.attrGet("src") or "",
                alt=image.content.strip(),
                title=image.attrGet("title") or None,
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
        return Paragraph(text=text, spans=spans, line=line)

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
        header: list[str] = []
        rows: list[list[str]] = []
        styled: list[list[list[Span]]] = []
        align: list[str | None] = []
        row: list[str] | None = None
        row_spans: list[list[Span]] = []
        in_head = False
        for tok in tokens:
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                row, row_spans = [], []
            elif tok.type == "tr_close" and row is not None:
                if in_head:
                    header = row
                else:
                    rows.append(row)
                styled.append(row_spans)
                row = None
            elif tok.type == "th_open":
                style = tok.attrGet("style") or ""
                align.append(style.removeprefix("text-align:") or None)
            elif tok.type == "inline" and row is not None:
                text, spans = inline(tok.children or [])
                row.append(text)
                row_spans.append(spans)
        width = len(header)
        line = self.line_of(tokens[0])
        if width * (len(rows) + 1) > self.limits.table_cells:
            raise ArticleError.at(
                self.path,
                f"the table has {width * (len(rows) + 1):,} cells, "
                f"over the limit of {self.limits.table_cells:,} "
                f"({self.limits.hint('table-cells')})",
                line=line,
            )
        rows = [(r + [""] * width)[:width] for r in rows]
        has_style = any(spans for r in styled for spans in r)
        styled = [(r + [[]] * width)[:width] for r in styled] if has_style else []
        return Table(header=header, rows=rows, align=align, spans=styled, line=line)

    def article(self, path: str) -> Article:
        stream = _attach_table_notes(_adopt_captions(self.stream))
        title = None
        headings = [b for b in stream if isinstance(b, _Heading)]
        first = stream[0] if stream else None
        if (
            isinstance(first, _Heading)
            and first.level == 1
            and [h.level for h in headings].count(1) == 1
        ):
            title = stream.pop(0).text
            headings = headings[1:]
        elif isinstance(first, Paragraph) and len(stream) > 1 and _title_like(first):
            title = stream.pop(0).text
        section_level = min((h.level for h in headings), default=2)
        lede: list[Block] = []
        sections: list[Section] = []
        for item in stream:
            if isinstance(item, _Heading) and item.level <= section_level:
                sections.append(Section(heading=item.text, line=item.line, anchors=item.anchors))
                continue
            if isinstance(item, _Heading):
                item = Subheading(
                    text=item.text,
                    level=item.level - section_level,
                    line=item.line,
                    anchors=item.anchors,
                )
            (sections[-1].blocks if sections else lede).append(item)
        closing = _closing_index(sections)
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


_TABLE_NOTE = re.compile(r"^(sources?|notes?)\s*:\s*\S", re.IGNORECASE)


# An author's own caption line: "Table 1: ...", "**Figure 5. ...**", "Abbildung 2 – ...".
_CAPTION = re.compile(
    r"^(?P<label>Table|Tab\.|Figure|Fig\.|Chart|Graph|Exhibit|Map|Tableau|Tabelle|Tabla|"
    r"Tabella|Tabel|Tabela|Abbildung|Abb\.|Grafik|Gráfico|Grafico|Graphique|Figura|Rysunek|"
    r"Wykres|Таблица|Табл\.|Рисунок|Рис\.|График|Таблиця|Рисунок|Şekil|Tablo|表|图|圖|"
    r"جدول|شكل|טבלה|איור)\s*(?P<number>\d+(?:\.\d+)?)\s*(?:[:.：–—-]\s*|\s+)(?P<text>\S.*)$",
    re.IGNORECASE,
)
_TABLE_LABELS = {
    "table",
    "tab.",
    "tableau",
    "tabelle",
    "tabla",
    "tabella",
    "tabel",
    "tabela",
    "таблица",
    "табл.",
    "таблиця",
    "tablo",
    "表",
    "جدول",
    "טבלה",
    "exhibit",
    "chart",
}


def caption_of(text: str) -> tuple[str, str] | None:
    """(label, caption text) when *text* is a caption line; emphasis marks around it, even
    unbalanced ones the Markdown parser left as text, are not part of it."""
    bare = text.strip().strip("*_").strip()
    match = _CAPTION.match(bare)
    if match is None or len(bare.split()) > 60:
        return None
    return match.group("label").lower(), match.group("text").strip().strip("*_").strip()


def _adopt_captions(stream: list[Block | _Heading]) -> list[Block | _Heading]:
    """A caption line right before or after a table or image becomes its caption, so it is
    printed once, with its table or figure, and never parted from it."""
    out = list(stream)
    taken: set[int] = set()
    for index, item in enumerate(out):
        if not isinstance(item, Table | Image) or getattr(item, "caption", None):
            continue
        wants_table = isinstance(item, Table)
        order = (index - 1, index + 1) if wants_table else (index + 1, index - 1)
        for near in order:
            if near < 0 or near >= len(out) or near in taken:
                continue
            candidate = out[near]
            found = caption_of(candidate.text) if isinstance(candidate, Paragraph) else None
            if found is None:
                continue
            label, text = found
            if (label in _TABLE_LABELS) != wants_table and label not in {"exhibit", "chart"}:
                continue
            out[index] = item.model_copy(update={"caption": text})
            taken.add(near)
            break
    return [item for index, item in enumerate(out) if index not in taken]


def _title_like(paragraph: Paragraph) -> bool:
    """A first paragraph that reads as a title: short, one line, no sentence punctuation at
    its end, no link, not a byline or a caption."""
    text = paragraph.text.strip()
    return (
        0 < len(text.split()) <= 15
        and "\n" not in text
        and not text.endswith((".", ",", ";", ":", "!", "?", "。", "：", "…"))
        and not any(span.href for span in paragraph.spans)
        and not re.match(r"(by|par|von|por|di|door|от|автор)\s", text, re.IGNORECASE)
        and caption_of(text) is None
    )


def _attach_table_notes(stream: list[Block | _Heading]) -> list[Block | _Heading]:
    """A 'Source: ...' or 'Note: ...' paragraph right after a table becomes the table's note."""
    out: list[Block | _Heading] = []
    for item in stream:
        previous = out[-1] if out else None
        if (
            isinstance(item, Paragraph)
            and isinstance(previous, Table)
            and previous.note is None
            and _TABLE_NOTE.match(item.text)
        ):
            out[-1] = previous.model_copy(update={"note": item.text})
        else:
            out.append(item)
    return out


def is_closing_heading(heading: str) -> bool:
    """Does this heading name an article's closing section ('Wrapping Up', 'Conclusion'...)?"""
    norm = _NUMBERING.sub("", heading).strip().lower().rstrip(":.：。")
    return any(
        norm == word
        or norm.startswith(word + " ")
        or norm.startswith((word + ":", word + "：", word + "s"))
        or (_unspaced(word) and norm.startswith(word))
        for word in CLOSING_HEADINGS
    )


def _unspaced(word: str) -> bool:
    """Scripts written without spaces (Chinese, Japanese): a heading may go on after the word."""
    return all("\u3040" <= char <= "\u9fff" or "\uac00" <= char <= "\ud7af" for char in word)


def _closing_index(sections: list[Section]) -> int | None:
    """The last closing-style section; an opening 'Summary' is a summary, not a conclusion."""
    for index in range(len(sections) - 1, -1, -1):
        if is_closing_heading(sections[index].heading) and (index > 0 or len(sections) == 1):
            return index
    return None


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
