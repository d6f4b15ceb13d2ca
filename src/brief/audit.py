"""Faithfulness audit: is every sentence of the article in the PDF?

Renders the brief, extracts the text back from the PDF and looks for each sentence, list item,
table cell, heading, note and image description of the article (after the spacing repairs and
the spec's corrections). What the spec deliberately leaves out (tables with ``keep = false``, a
conclusion it replaces) is not looked for. Text is compared without whitespace and hyphens, so
line breaks, hyphenation, justification and capitals set by the layout do not matter.

Right-to-left text comes back from a PDF as shaped glyphs in visual order, so a sentence with
Arabic or Hebrew is found when each of its words is: the same letters, in any order, after
Unicode compatibility normalisation (which undoes the shaping's presentation forms).
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief.article import Article, BulletList, Code, Image, Paragraph, Quote, Subheading, Table
from brief.bidi import has_rtl
from brief.limits import Limits
from brief.spec import Spec

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s+")
_SQUASH = re.compile(r"[\s\-\u00ad\u2010\u2011]+")
# Words, cut where right-to-left letters meet others: a PDF may return the two apart.
_RTL_LETTERS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff"
_WORD = re.compile(f"[{_RTL_LETTERS}]+|[^\\W{_RTL_LETTERS}]+")
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
    sections = [
        s for s in article.all_sections() if not (s is article.conclusion and spec.conclusion.text)
    ]
    pieces: list[Piece] = []
    for section in [None, *sections]:
        blocks = article.lede if section is None else section.blocks
        if section is not None and section is not article.conclusion:
            pieces.append(Piece(section.line, section.heading))
        for block in blocks:
            if isinstance(block, Table):
                if tables.index(block) + 1 in dropped_tables:
                    continue
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
            elif isinstance(block, Image) and block.alt:
                pieces.append(Piece(block.line, block.alt))
    pieces.extend(Piece(n.line, s) for n in article.notes for s in _sentences(n.text))
    return [p for p in pieces if squash(p.text)]


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def pdf_text(pdf: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(pdf).pages)


def _letter_sets(text: str) -> list[str]:
    """Each word of *text* as its letters sorted: the same for logical and visual order."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Mn")
    return ["".join(sorted(word.casefold())) for word in _WORD.findall(text)]


def find_missing(pieces: list[Piece], text: str) -> list[Piece]:
    """Pieces not in *text*. A long piece may be interrupted by page furniture (a footer, a
    repeated table header), so its words need only appear in order."""
    squashed = squash(text)
    words = text.split()
    letter_sets = set(_letter_sets(text)) if has_rtl(text) else set()
    missing = []
    for piece in pieces:
        if squash(piece.text) in squashed:
            continue
        if has_rtl(piece.text) and set(_letter_sets(piece.text)) <= letter_sets:
            continue
        if len(piece.text.split()) > 30 and _in_order(piece.text.split(), words):
            continue
        missing.append(piece)
    return missing


def _in_order(needles: list[str], haystack: list[str]) -> bool:
    words = iter(squash(w) for w in haystack)
    return all(any(squash(n) == w for w in words) for n in needles)


def audit(path: Path, **options: Any) -> AuditResult:
    """Render *path* to a temporary folder and report what of its article the PDF lacks.

    Options are those of :func:`brief.api.prepare` (layout, project_dir, limits...).
    """
    from brief.api import SPEC_SUFFIX, render_brief
    from brief.merge import apply_corrections
    from brief.reader import read_article
    from brief.spec import load_spec

    if path.suffix.lower() == SPEC_SUFFIX:
        spec = load_spec(path)
        article_path = (path.parent / spec.source).resolve()
    else:
        spec, article_path = Spec(source=path.name), path
    with tempfile.TemporaryDirectory() as folder:
        result = render_brief(path, output_dir=Path(folder), **options)
        text = pdf_text(result.output)
    article = read_article(article_path, options.get("limits") or Limits())
    article = apply_corrections(spec, article, path, [])
    pieces = expected_pieces(article, spec)
    return AuditResult(article_path, len(pieces), find_missing(pieces, text))
