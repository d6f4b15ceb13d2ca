"""Faithfulness audit: is every sentence of the article in the PDF?

Renders the brief, extracts the text back from the PDF and looks for each sentence, list item,
table cell, heading, note and image description of the article (after the spacing repairs and
the spec's corrections). What the spec deliberately leaves out (tables with ``keep = false``, a
conclusion it replaces) is not looked for. Pieces are compared as sequences of words: line
breaks, hyphenation, justification, capitals and running headers do not matter, but two words
printed as one ("seehere") are missing words.

Right-to-left text comes back from a PDF as shaped glyphs in visual order, so a sentence with
Arabic or Hebrew is found when each of its words is: the same letters, in any order, after
Unicode compatibility normalisation (which undoes the shaping's presentation forms).
"""

from __future__ import annotations

import itertools
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief.compose.spec import Spec
from brief.core.limits import Limits
from brief.source.article import (
    Article,
    BulletList,
    Callout,
    Code,
    Formula,
    Image,
    Paragraph,
    Quote,
    Subheading,
    Table,
)
from brief.typeset.bidi import has_rtl

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_SQUASH = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
# Words, cut where right-to-left letters meet others: a PDF may return the two apart.
_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
# Arabic-script punctuation in that range is not part of a word: "ہے۔" is "ہے" and a stop.
_RTL_PUNCTUATION = "\u060c\u061b\u061f\u066a-\u066d\u06d4"
_WORD = re.compile(f"(?:(?![{_RTL_PUNCTUATION}])[{_RTL_LETTERS}])+|[^\\W{_RTL_LETTERS}]+")
# Yiddish digraphs that Hebrew fonts draw for two letters in a row.


@dataclass(frozen=True)
class Piece:
    line: int
    text: str


@dataclass(frozen=True)
class AuditResult:
    article: Path
    checked: int
    missing: list[Piece]


def squash(text: str) -> str:
    """Text without whitespace and hyphens, case-folded (layouts may set text in capitals) and
    with ligatures such as "ﬁ" taken apart."""
    return _SQUASH.sub("", unicodedata.normalize("NFKC", text)).casefold()


def expected_pieces(article: Article, spec: Spec) -> list[Piece]:
    """What the PDF must contain, with the article line each piece comes from."""
    dropped_tables = {c.number for c in spec.tables if not c.keep}
    tables = article.tables()
    dropped_tables |= {tables.index(t) + 1 for t in tables if t.line in _charted(article, spec)}
    sections = [
        s for s in article.all_sections() if not (s is article.conclusion and spec.conclusion.text)
    ]
    pieces: list[Piece] = []
    for section in [None, *sections]:
        blocks = article.lede if section is None else section.blocks
        if section is not None and section is not article.conclusion:
            pieces.append(Piece(section.line, section.heading))
        for block in _with_callouts(blocks):
            if isinstance(block, Table):
                if tables.index(block) + 1 in dropped_tables:
                    continue
                if block.caption:
                    pieces.append(Piece(block.line, block.caption))
                cells = [*block.header, *(c for row in block.rows for c in row)]
                pieces.extend(Piece(block.line, c) for c in cells)
                if block.note:
                    pieces.append(Piece(block.line, block.note))
            elif isinstance(block, BulletList):
                for item in block.items:
                    if item.label:
                        pieces.append(Piece(item.line, item.label))
                    pieces.extend(Piece(item.line, s) for s in _sentences(item.text))
            elif isinstance(block, Paragraph | Quote):
                pieces.extend(Piece(block.line, s) for s in _sentences(block.text))
            elif isinstance(block, Subheading):
                pieces.append(Piece(block.line, block.text))
            elif isinstance(block, Code):
                pieces.extend(Piece(block.line, line) for line in block.text.splitlines())
            elif isinstance(block, Image) and (block.caption or block.alt):
                pieces.append(Piece(block.line, block.caption or block.alt))
    pieces.extend(Piece(n.line, s) for n in article.notes for s in _sentences(n.text))
    return [p for p in pieces if squash(p.text)]


def _with_callouts(blocks: list[Any]) -> list[Any]:
    """*blocks* with each callout's title (when the author gave one) and blocks in its place;
    a formula is drawn, not text, and has no words to find."""
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Callout):
            if block.title:
                out.append(Subheading(text=block.title, level=1, line=block.line))
            out.extend(block.blocks)
        elif not isinstance(block, Formula):
            out.append(block)
    return out


def _charted(article: Article, spec: Spec) -> set[int]:
    """Lines of the tables a chart is drawn in place of: their cells are not printed."""
    from brief.compose.charts import charts_of

    found: list[Any] = []
    return charts_of(spec, article, Path(article.path), spec.language, found).replaced


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def pdf_text(pdf: Path) -> str:
    """The PDF's text, page by page (pages separated by a form feed), lines kept. Read by
    pypdf: PDFium's text (tried) runs Thai words together, orders an Arabic line's Latin
    parts otherwise and breaks formulas into their glyphs, which the pieces do not match."""
    from pypdf import PdfReader

    return "\f".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


@dataclass(frozen=True)
class Word:
    text: str  # case-folded, compatibility-normalised, without hyphens at a line end
    line_end: bool  # the last word of its line: it may be the first part of a broken word
    furniture: bool  # on a line that repeats on other pages (running header, footer)
    hyphen: bool = False  # its line ends with a hyphen: the word was broken there


_LINE_END_HYPHEN = re.compile(r"[\-\u00ad\u2010\ufffe]\s*$")
_DIGITS = re.compile(r"\d+")
_EDGE = 3  # lines at the top and the bottom of a page where furniture is read


def words_of(text: str) -> list[Word]:
    """The words of extracted PDF text in reading order, pages separated by form feeds. A line
    that appears on several pages (digits aside) is furniture, which may interrupt a piece."""
    pages = [page.replace("\r\n", "\n").split("\n") for page in text.split("\f")]
    seen: dict[str, set[int]] = {}

    def edge(index: int, lines: list[str]) -> bool:
        """Running headers and footers are read first or last on their page: a line of
        the text that a document repeats (a list in two places) is none."""
        return index < _EDGE or index >= len(lines) - _EDGE

    for number, lines in enumerate(pages):
        for index, line in enumerate(lines):
            key = _DIGITS.sub("#", " ".join(line.split()))
            if key and edge(index, lines):
                seen.setdefault(key, set()).add(number)
    words: list[Word] = []
    for lines in pages:
        for index, line in enumerate(lines):
            key = _DIGITS.sub("#", " ".join(line.split()))
            furniture = edge(index, lines) and len(seen.get(key, ())) > 1
            found = _words(line)
            for index, word in enumerate(found):
                last = index == len(found) - 1
                words.append(Word(word, last, furniture))
            if found and _LINE_END_HYPHEN.search(line):
                words[-1] = Word(words[-1].text, True, furniture, hyphen=True)
    return words


def _words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\ufffe", "")
    return [w.casefold() for w in _WORD.findall(text)]


def _wide(character: str) -> bool:
    return unicodedata.east_asian_width(character) in "WF"


def _letter_sets(text: str, pairs: bool = False) -> list[str]:
    """Each word of *text* as its letters sorted: the same for logical and visual order. With
    *pairs*, each two neighbouring words joined too: a reader may split a word where a mark
    sits on a letter."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    found = [word.casefold() for word in _WORD.findall(text)]
    if pairs:
        found += [a + b for a, b in itertools.pairwise(found)]
    return ["".join(sorted(word)) for word in found]


def find_missing(pieces: list[Piece], text: str, hyphens_shown: bool = True) -> list[Piece]:
    """Pieces whose words are not in *text* in their order. A word may be broken over a line
    end (hyphenated, or a run of Chinese split by the line), and a piece may be interrupted by
    page furniture; nothing else: two words glued together are missing words.

    With *hyphens_shown* (the reader keeps the hyphens hyphenation added) a word of letters
    broken over a line end without a hyphen is a broken word, and so missing; Chinese and
    Japanese break anywhere. Right-to-left pieces come back in visual order, so their words
    are looked for as the same letters, in any order."""
    words = words_of(text)
    where: dict[str, list[int]] = {}
    for index, word in enumerate(words):
        where.setdefault(word.text, []).append(index)
    letter_sets = set(_letter_sets(text, pairs=True)) if has_rtl(text) else set()
    missing = []
    for piece in pieces:
        wanted = _words(piece.text)
        if not wanted:
            continue
        if has_rtl(piece.text):
            if not set(_letter_sets(piece.text)) <= letter_sets:
                missing.append(piece)
            continue
        if not _found(wanted, words, where, hyphens_shown):
            missing.append(piece)
    return missing


def _found(
    wanted: list[str], words: list[Word], where: dict[str, list[int]], hyphens_shown: bool
) -> bool:
    first = wanted[0]
    if any(_matches_at(wanted, words, start, hyphens_shown) for start in where.get(first, [])):
        return True
    # The first word may itself be broken over a line end.
    broken = (i for i, w in enumerate(words) if w.line_end and first.startswith(w.text))
    return any(_matches_at(wanted, words, start, hyphens_shown) for start in broken)


def _matches_at(
    wanted: list[str], words: list[Word], at: int, hyphens_shown: bool, depth: int = 0
) -> bool:
    """Whether *wanted* is read from *at* on. Running headers and footers may stand between
    two words or two parts of a word: where a line of them starts, the piece is followed both
    through it (a line of the text the document repeats is flagged as furniture too) and
    past it (a footer's "17 de 35" holds the "de" the piece looks for)."""
    for index, target in enumerate(wanted):
        if at < len(words) and words[at].furniture and depth < 8:
            past = _past_furniture(words, at)
            return _matches_at(wanted[index:], words, past, hyphens_shown, depth + 1) or _as_text(
                wanted[index:], words, at, hyphens_shown, depth + 1
            )
        taken = ""
        while at < len(words):
            taken += words[at].text
            at += 1
            if taken == target:
                break
            previous = words[at - 1]
            # a line of Chinese or Japanese breaks anywhere, digits among it too ("３６|５")
            breakable = previous.hyphen or not hyphens_shown or any(map(_wide, taken))
            if not (previous.line_end and breakable and target.startswith(taken)):
                return False
            if at < len(words) and words[at].furniture:  # between a word's two parts
                past = _past_furniture(words, at)
                if past < len(words) and target.startswith(taken + words[past].text):
                    at = past
        else:
            return False
    return True


def _past_furniture(words: list[Word], at: int) -> int:
    while at < len(words) and words[at].furniture:
        at += 1
    return at


def _as_text(
    wanted: list[str], words: list[Word], at: int, hyphens_shown: bool, depth: int
) -> bool:
    """*wanted* read from *at*, the rest of the line there taken as text though flagged."""
    end = at
    while end < len(words) - 1 and not words[end].line_end:
        end += 1
    line = [Word(w.text, w.line_end, False, w.hyphen) for w in words[at : end + 1]]
    return _matches_at(wanted, [*words[:at], *line, *words[end + 1 :]], at, hyphens_shown, depth)


def audit(path: Path, **options: Any) -> AuditResult:
    """Render *path* to a temporary folder and report what of its article the PDF lacks.

    Options are those of :func:`brief.api.prepare` (layout, project_dir, limits...).
    """
    from brief.api import render_brief
    from brief.core.watchdog import watchdog

    seconds = (options.get("limits") or Limits()).seconds
    with tempfile.TemporaryDirectory() as folder:
        with watchdog(seconds):
            result = render_brief(path, output_dir=Path(folder), **options)
        return audit_pdf(path, result.output, options.get("limits") or Limits())


def audit_pdf(path: Path, pdf: Path, limits: Limits = Limits()) -> AuditResult:  # noqa: B008
    """What of the article of the spec or article at *path* the rendered *pdf* lacks."""
    from brief.compose import SPEC_SUFFIX
    from brief.compose.corrections import apply_corrections
    from brief.compose.spec import load_spec
    from brief.source.reader import read_article

    if path.suffix.lower() == SPEC_SUFFIX:
        spec = load_spec(path)
        article_path = (path.parent / spec.source).resolve()
    else:
        spec, article_path = Spec(source=path.name), path
    text = pdf_text(pdf)
    article = read_article(article_path, limits)
    article = apply_corrections(spec, article, path, [])
    pieces = expected_pieces(article, spec)
    return AuditResult(article_path, len(pieces), find_missing(pieces, text))
