"""Text: what goes into XML, which cannot carry every code point, and how many words a
sentence has."""

from __future__ import annotations

import functools
import re
from typing import Any

# What XML 1.0 cannot carry: C0 controls but tab and line ends, lone surrogates, U+FFFE/F.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """*text* without the characters XML 1.0 cannot carry (an escape sequence or a bell
    in a title would make a feed that no reader parses)."""
    return NOT_XML.sub("", text)


# Scripts written without spaces between words, whose words ICU finds: Thai, Lao, Tibetan,
# Myanmar, Khmer (a character class, for brief.typeset.linebreaks too).
UNSPACED_SCRIPTS = (
    "\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u19e0-\u19ff\ua9e0-\ua9ff\uaa60-\uaa7f"
)
_UNSPACED = re.compile(f"[{UNSPACED_SCRIPTS}]")


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
