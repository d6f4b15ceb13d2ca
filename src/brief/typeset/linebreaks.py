"""Where lines may break in text written without spaces between words: Thai, Lao, Khmer and
Myanmar, through ICU's dictionary-based line breaking (UAX #14, by icu4py); and Chinese,
Japanese and Yi, between their characters, where they meet a script that needs shaping (a
paragraph of CJK text alone breaks in :func:`brief.typeset.paragraph.Paragraph.breakLinesCJK`).

ReportLab breaks lines only at spaces. A Thai sentence is one "word" to it, which either
overflows the line or is cut anywhere by its long-word splitting, through a syllable. Here
each such word is cut at ICU's break opportunities into pieces that join without a space
when they end on one line, so ReportLab's own line breaking chooses among them; a piece
still wider than the line is cut between its grapheme clusters.
"""

from __future__ import annotations

from brief.core.text import UNSPACED_SCRIPTS, CharacterClass, root_locale

# Scripts written without spaces between words (brief.core.text's), and CJK and Yi.
_UNSPACED = CharacterClass(f"[{UNSPACED_SCRIPTS}\u2e80-\u9fff\ua000-\ua4cf\uf900-\ufaff]", "\u0e00")


def needs_dictionary(text: str) -> bool:
    """Whether *text* has words whose ends only ICU's rules and dictionaries can find."""
    return bool(_UNSPACED.search(text))


def break_offsets(text: str) -> list[int]:
    """The offsets inside *text* (not 0 nor its end) where a line may break."""
    from icu4py.breakers import LineBreaker

    return [end for _, end in LineBreaker(text, root_locale()).segments() if 0 < end < len(text)]


def grapheme_offsets(text: str) -> list[int]:
    """The offsets inside *text* between its grapheme clusters (UAX #29): a letter with its
    marks, a conjunct, an emoji sequence. A word too long for any line is cut there, never
    through a cluster (ReportLab's own long-word cut goes between any two characters)."""
    from icu4py.breakers import CharacterBreaker

    return [
        end for _, end in CharacterBreaker(text, root_locale()).segments() if 0 < end < len(text)
    ]
