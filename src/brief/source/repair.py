"""Spacing repairs for text pasted from the web, which often loses the space after punctuation.

The repairs only ever insert a space; they never change, add or drop a word. Web addresses,
e-mail addresses, numbers (``1,000``, ``3.5``) and dotted abbreviations (``U.S.``, ``e.g.``)
are left alone.
"""

from __future__ import annotations

import re

# Tokens that must never be touched: web and e-mail addresses.
# The e-mail pattern only starts where a run of address characters starts, so a long run
# without an '@' is scanned once, not once per position (which would be quadratic).
_PROTECTED = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]+"
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
# A comma or semicolon glued to the next word: "Tianjin,China" -> "Tianjin, China"; but
# between two single letters ("ARMA(p,q)", "f(x,y)") it is notation, left as written.
_GLUED_COMMA = re.compile(r"[,;](?=[^\W\d_])")
_NOTATION = re.compile(r"(?<![^\W\d_])[^\W\d_][,;][^\W\d_](?![^\W\d_])")
# A sentence end glued to the next sentence: "summit.The" -> "summit. The".
_GLUED_STOP = re.compile(r"[.!?](?=[^\W\d_])")
_CLOSERS = ")]\"'’”»"


# Any punctuation glued to a letter: text without one needs no repair (most text).
_GLUED_ANY = re.compile(r"[,;.!?](?=[^\W\d_])")


def repair_spacing(text: str) -> str:
    """Insert the missing space after commas and sentence ends, leaving addresses alone."""
    if not text or not _GLUED_ANY.search(text):
        return text
    pieces: list[str] = []
    last = 0
    for match in _PROTECTED.finditer(text):
        pieces.append(_repair_plain(text[last : match.start()]))
        pieces.append(match.group())
        last = match.end()
    pieces.append(_repair_plain(text[last:]))
    return "".join(pieces)


def _repair_plain(text: str) -> str:
    text = _GLUED_COMMA.sub(lambda m: _comma(m, text), text)
    return _GLUED_STOP.sub(lambda m: _stop(m, text), text)


def _comma(match: re.Match[str], text: str) -> str:
    at = match.start()
    if at >= 1 and _NOTATION.match(text, at - 1):
        return match.group()
    return match.group() + " "


def _stop(match: re.Match[str], text: str) -> str:
    """Add a space after ``.``/``!``/``?`` only where a new sentence clearly starts."""
    mark, at = match.group(), match.start()
    following = text[at + 1 : at + 3]
    # "summit.The": a capital and a small letter; "pte.V = 0" (code, a field) is no sentence
    starts_sentence = (
        following[:1].isupper()
        and len(following) == 2
        and (
            following[1].islower() or following in ("A ", "I ")  # "summit.A new era"
        )
    )
    if not starts_sentence or at == 0:
        return mark
    previous = text[at - 1]
    if not (previous.islower() or previous in _CLOSERS):
        return mark
    # The word before the mark: "U.S" or "e.g" contain a full stop and are abbreviations.
    # Looking back a bounded distance keeps a long run without spaces linear.
    window = max(0, at - 40)
    word_start = max(text.rfind(" ", window, at), text.rfind("\n", window, at), window - 1) + 1
    if "." in text[word_start:at]:
        return mark
    return mark + " "
