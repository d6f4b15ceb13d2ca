"""How many of the words a reader of the author's site sees (tests/web/reference, read by
pandoc) a reader of the brief finds in its PDF, as PDFium gives the text to readers'
software. Words are compared case-folded, with hyphens taken out on both sides (a line
broken at a hyphen gives "well" and "known" on the page, "well-known" in the source) and
text in scripts without spaces between words taken a character at a time. A word glued to
its neighbour is a different word, and missing."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

_HYPHENS = re.compile("[-\u00ad\ufffe\u2010\u2011]")
_SPACELESS = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f"
    "\u1780-\u17ff\ua000-\ua4cf\u1a20-\u1aaf\u1980-\u19df\uaa80-\uaadf]"
)


def _marks() -> str:
    """A character class of every combining mark, which belongs to the word it is in:
    Python's \\w stops at a Devanagari vowel sign."""
    import sys

    codes = [c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c))[0] == "M"]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return "".join(f"{chr(a)}-{chr(b)}" for a, b in ranges)


_WORD = re.compile(f"[\\w{_marks()}]+")


_JOINERS = re.compile("[\u200c\u200d\u2060\ufeff]")  # invisible: readers' search skips them


def tokens(text: str) -> list[str]:
    text = _HYPHENS.sub("", unicodedata.normalize("NFKC", text).casefold())
    text = _JOINERS.sub("", text)
    out: list[str] = []
    for word in _WORD.findall(text):
        if _SPACELESS.search(word):
            out.extend(p for p in re.split(f"({_SPACELESS.pattern})", word) if p)
        else:
            out.append(word)
    return out


def pdf_words(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(pdf)
    try:
        return tokens(" ".join(page.get_textpage().get_text_range() for page in document))
    finally:
        document.close()


def kept(reference: str, pdf: Path) -> tuple[float, Counter]:
    """The share of the reference's words the PDF has (as many times as the reference has
    them), and the words it lacks."""
    wanted = Counter(tokens(reference))
    missing = wanted - Counter(pdf_words(pdf))
    total = sum(wanted.values())
    return (1 - sum(missing.values()) / total if total else 1.0), missing
