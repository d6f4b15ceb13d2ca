"""Text: what goes into XML, which cannot carry every code point, and how many words a
sentence has."""

from __future__ import annotations

import functools
import re
from typing import Any

# What XML 1.0 cannot carry: C0 controls but tab and line ends, lone surrogates, U+FFFE/F.
# (Written as what it matches: as the complement of what XML allows, Python's compiler
# walked 63,000 code points, 3 ms of every start.)
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class CharacterClass:
    """A regular expression that is one class of characters, none below *lowest*: compiled
    when a text first holds such a character. Python's compiler walks each code point of a
    class's ranges (1 to 2 ms for the CJK ideographs), and most texts cannot match: a
    text's highest character, found at C speed, rules them out."""

    __slots__ = ("_compiled", "_lowest", "_source")

    def __init__(self, source: str, lowest: str):
        self._source, self._lowest = source, lowest
        self._compiled: re.Pattern[str] | None = None

    def _pattern(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._source)
        return self._compiled

    def _may_match(self, text: str) -> bool:
        return bool(text) and max(text) >= self._lowest

    def search(self, text: str) -> re.Match[str] | None:
        return self._pattern().search(text) if self._may_match(text) else None

    def findall(self, text: str) -> list[str]:
        return self._pattern().findall(text) if self._may_match(text) else []


def xml_text(text: str) -> str:
    """*text* without the characters XML 1.0 cannot carry (an escape sequence or a bell
    in a title would make a feed that no reader parses)."""
    return NOT_XML.sub("", text)


# Scripts written without spaces between words, whose words ICU finds: Thai, Lao, Tibetan,
# Myanmar, Khmer (a character class, for brief.typeset.linebreaks too).
UNSPACED_SCRIPTS = (
    "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\ua9e0-\ua9ff\uaa60-\uaa7f"
)
_UNSPACED = CharacterClass(f"[{UNSPACED_SCRIPTS}]", "\u0e00")


@functools.cache
def root_locale() -> Any:
    """ICU's root locale, for its word and line breakers (made once: data, not state)."""
    from icu4py.locale import Locale

    return Locale("und")


def word_count(sentence: str) -> int:
    """The number of words in *sentence*: its spaces' count, and in Thai, Lao, Khmer or
    Myanmar text, which has spaces between phrases only, the words ICU's dictionaries find
    (a Thai sentence of twelve words may have two spaces)."""
    if not _UNSPACED.search(sentence):
        return len(sentence.split())
    from icu4py.breakers import WordBreaker

    return sum(1 for word in WordBreaker(sentence, root_locale()) if any(c.isalnum() for c in word))


def padded(row: list[str], width: int) -> list[str]:
    """*row* cut or filled with empty cells to *width* cells: a table is read as a rectangle
    (a CSV reader, a chart, the typesetter each expect one)."""
    return (list(row) + [""] * width)[:width]
