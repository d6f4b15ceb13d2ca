"""Writing systems that need more than ReportLab's defaults: line breaking between CJK
characters, and shaping and visual ordering for right-to-left scripts."""

from __future__ import annotations

import html
import re

from reportlab.lib.styles import ParagraphStyle

from brief.core.text import CharacterClass
from brief.typeset.bidi import (
    RTL,
    BidiParagraph,
    base_direction,
    bidi_style,
    has_ltr,
    has_rtl,
)
from brief.typeset.paragraph import Paragraph
from brief.typeset.styles import Styles

# Han, kana, Yi syllables and full-width forms: lines may break between any two characters.
# Not Hangul: Korean puts spaces between words, and a line breaks there, as Korean
# publishers set running text (CSS's "word-break: keep-all").
_CJK = CharacterClass("[\u2e80-\u9fff\ua000-\ua4cf\uf900-\ufaff\uff00-\uffef]", "\u2e80")
_HANGUL = CharacterClass("[\uac00-\ud7af]", "\uac00")
_TAG = re.compile(r"<[^>]*>")


def escape(text: str) -> str:
    """*text* safe inside ReportLab paragraph markup: &, < and > as entities. (The standard
    library's xml.sax.saxutils does the same but imports urllib and http at start-up.)"""
    return html.escape(text, quote=False)


def quote_attribute(value: str) -> str:
    """*value* as a double-quoted markup attribute."""
    return '"' + html.escape(value, quote=True) + '"'


# Scripts whose letters change shape or place with their neighbours: the Indic scripts and
# Sinhala, Thai, Lao, Tibetan, Myanmar, Khmer, Mongolian, Limbu, the Tai scripts, Buginese,
# Balinese, Sundanese, Batak, Lepcha, Syloti Nagri, Saurashtra, Kayah Li, Javanese, Cham,
# Meetei Mayek, and the Brahmic scripts beyond the first plane (Chakma, Sharada, Ahom...).
_COMPLEX = CharacterClass(
    "[\u0900-\u0fff\u1000-\u109f\u1700-\u18af\u1900-\u1aaf\u1b00-\u1cff"
    "\ua800-\uaaff\uabc0-\uabff\U00011000-\U00011fff]",
    "\u0900",
)
_WORDS = re.compile(r"\s+|\S+")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def line_breaking(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """*style*, or a copy that breaks lines between CJK characters when *text* has them."""
    if not has_cjk(text):
        return style
    return ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK", shaping=0)


def direction(markup: str) -> str:
    """The direction of *markup*'s text: that of its first strong character (tags and
    entities such as "&nbsp;" are not text)."""
    return base_direction(html.unescape(_TAG.sub("", markup)))


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph for *markup* set as its script needs: right-to-left text is shaped and
    ordered, CJK text breaks between characters, other text is shaped (kerned and ligated)
    when its style asks for it."""
    if has_rtl(markup):  # on a mirrored page the page's direction, else the first letter's
        base = RTL if getattr(style, "mirrored", False) else direction(markup)
        return BidiParagraph(markup, bidi_style(style, base))
    if has_cjk(markup) and not _COMPLEX.search(markup):
        return Paragraph(markup, line_breaking(style, markup))
    if needs_shaping(markup, style):
        return BidiParagraph(markup, style)
    return Paragraph(markup, style)


def needs_shaping(markup: str, style: ParagraphStyle) -> bool:
    """Whether *markup* must be shaped or reordered to print right: right-to-left text, a
    script whose letters join or reorder, or a style that asks for kerning everywhere.
    Text that does not can be drawn as it is typed."""
    return bool(style.shaping or has_rtl(markup) or _COMPLEX.search(markup))


def fallback_markup(raw: str, font: str, styles: Styles, missing: dict[str, str]) -> str:
    """*raw* escaped as paragraph markup for *font*: runs of characters it lacks switch to the
    layout's fallback fonts; characters no font can draw go into *missing* with their context.
    """
    if not raw or raw.isascii():
        return escape(raw)
    glyphs = styles.glyphs(font)
    if all(ord(char) in glyphs or char.isspace() for char in raw):
        return escape(raw)
    face = styles.face_of(font)  # a bold heading falls back to bold faces
    tokens = [
        _fonts_for(word, font, face, styles, missing, raw.strip()[:40])
        for word in _WORDS.findall(raw)
    ]
    rtl = has_rtl(raw)  # right-to-left words are ordered one by one, between spaces of their own
    for at in range(1, len(tokens) - 1):
        # the spaces between two words of one fallback font are that font's: its own width,
        # and one run, which readers split into words where the text has spaces
        before, after = tokens[at - 1][-1][1], tokens[at + 1][0][1]
        if tokens[at][0][0].isspace() and before is not None and before == after and not rtl:
            tokens[at] = [(char, before) for char, _ in tokens[at]]
    out: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    for char, char_font in (pair for token in tokens for pair in token):
        if char_font != run_font and run:
            out.append(_in_font("".join(run), run_font))
            run = []
        run_font = char_font
        run.append(char)
    if run:
        out.append(_in_font("".join(run), run_font))
    return "".join(out)


def _fonts_for(
    word: str,
    font: str,
    face: tuple[bool, bool],
    styles: Styles,
    missing: dict[str, str],
    context: str,
) -> list[tuple[str, str | None]]:
    """Each character of *word* with the font to set it in (None: *font*).

    A word is shaped as a whole, so it keeps to one font when one font can draw all of it and
    it would otherwise be cut between fonts: between two fallbacks (a Bengali word and the
    danda after it, which the Devanagari font draws first), or where a script that joins or
    reorders its letters meets the text's own font (an Arabic word before a full stop, a
    Devanagari conjunct with a zero-width joiner); and digits in a CJK word are set in its
    face. A word of both directions ("وJan", a joined
    "and" before a Latin name) is two runs, each in its own font."""
    fonts: list[tuple[str, str | None]] = []
    for char in word:
        char_font = None
        if not char.isspace() and not styles.covers(font, char):
            char_font = styles.fallback_for(char, *face) or _MISSING
        fonts.append((char, char_font))
    used = {f for _, f in fonts}
    fallbacks = used - {None}
    shaped = (has_rtl(word) and not has_ltr(word)) or bool(_COMPLEX.search(word))
    # digits and Latin letters inside Chinese or Japanese ("2025年9月30日") take the face of
    # the characters around them, not the serif of the text's own font
    joined = shaped or bool(_CJK.search(word) or _HANGUL.search(word))
    if len(fallbacks) > 1 or (fallbacks and joined and None in used):
        whole = styles.fallback_for_all(word, *face)
        if whole is not None:
            return [(char, whole) for char in word]
    if len(fallbacks) == 1 and None in used and joined:
        digits = styles.digits_font(str(next(iter(fallbacks))), *face)
        if digits is not None:
            fonts = [
                (char, digits if f is None and styles.covers(digits, char) else f)
                for char, f in fonts
            ]
    for char, char_font in fonts:
        if char_font is _MISSING:
            missing.setdefault(char, context)
    return [(char, None if f is _MISSING else f) for char, f in fonts]


_MISSING = "\0missing"  # no font draws the character: set in the text's own (a box)


def _in_font(text: str, font: str | None) -> str:
    return f'<font face="{font}">{escape(text)}</font>' if font else escape(text)
