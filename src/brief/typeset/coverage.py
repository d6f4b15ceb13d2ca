"""Which of brief's bundled fonts draws a character: the index of the fonts for the world's
scripts (``fonts/scripts.json``, written by ``tools/script_fonts.py``).

Ninety fonts are bundled so that no script in use today prints as boxes; reading their
character maps would take a second, so a render reads their code point ranges from the index
and opens a font file only when text needs it.
"""

from __future__ import annotations

import functools
import json
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from brief.typeset.fonts import bundled_fonts_dir


@dataclass(frozen=True)
class ScriptFont:
    """One bundled font: its regular face, its bold face if the family has one, the
    scripts it is for, and the code points it draws (all, and those of its own scripts)."""

    regular: str
    bold: str | None
    scripts: tuple[str, ...]
    _starts: tuple[int, ...]
    _ends: tuple[int, ...]
    _own_starts: tuple[int, ...]
    _own_ends: tuple[int, ...]

    def draws(self, code: int) -> bool:
        return _within(code, self._starts, self._ends)

    def owns(self, code: int) -> bool:
        """Whether *code* is a character of this font's own scripts (a danda for an Indic
        font, not the comma it also draws)."""
        return _within(code, self._own_starts, self._own_ends)


def _within(code: int, starts: tuple[int, ...], ends: tuple[int, ...]) -> bool:
    at = bisect_right(starts, code) - 1
    return at >= 0 and code <= ends[at]


@functools.cache
def script_fonts() -> tuple[ScriptFont, ...]:
    """The bundled fonts in the order they are tried (read once a process: data, not state)."""
    index = json.loads((bundled_fonts_dir() / "scripts.json").read_text("utf-8"))
    fonts = []
    for entry in index["fonts"]:
        fonts.append(
            ScriptFont(
                entry["regular"],
                entry["bold"],
                tuple(entry["scripts"].split()),
                tuple(start for start, _ in entry["ranges"]),
                tuple(end for _, end in entry["ranges"]),
                tuple(start for start, _ in entry["own"]),
                tuple(end for _, end in entry["own"]),
            )
        )
    return tuple(fonts)


@functools.lru_cache(maxsize=8192)
def font_of_script(char: str) -> ScriptFont | None:
    """The first bundled font made for *char*'s script (a Devanagari font for a Devanagari
    letter); None for punctuation, symbols and characters of no bundled script."""
    code = ord(char)
    return next((font for font in script_fonts() if font.owns(code)), None)


@functools.lru_cache(maxsize=8192)
def font_drawing(char: str) -> ScriptFont | None:
    """The first bundled font that draws *char* at all (symbols included)."""
    code = ord(char)
    return next((font for font in script_fonts() if font.draws(code)), None)


def fonts_drawing_all(text: str) -> Iterator[ScriptFont]:
    """The bundled fonts that draw every character of *text*, in the order they are tried."""
    codes = {ord(char) for char in text}
    return (font for font in script_fonts() if all(font.draws(code) for code in codes))
