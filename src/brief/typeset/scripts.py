"""Writing systems that need more than ReportLab's defaults: line breaking between CJK
characters, and shaping and visual ordering for right-to-left scripts."""

from __future__ import annotations

import html
import re

from reportlab.lib.styles import ParagraphStyle

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

# Han, kana, Hangul and full-width forms: lines may break between any two characters.
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_TAG = re.compile(r"<[^>]*>")


def escape(text: str) -> str:
    """*text* safe inside ReportLab paragraph markup: &, < and > as entities. (The standard
    library's xml.sax.saxutils does the same but imports urllib and http at start-up.)"""
    return html.escape(text, quote=False)


def quote_attribute(value: str) -> str:
    """*value* as a double-quoted markup attribute."""
    return '"' + html.escape(value, quote=True) + '"'


# Scripts whose letters change shape or place with their neighbours: Indic, Sinhala, Thai,
# Lao, Tibetan, Myanmar, Khmer. No bundled font draws them; a system font can.
_COMPLEX = re.compile("[\u0900-\u0dff\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff]")
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
    if has_cjk(markup):
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
    out: list[str] = []
    run: list[str] = []
    run_font: str | None = None
    face = styles.face_of(font)  # a bold heading falls back to bold faces
    for word in _WORDS.findall(raw):
        for char, char_font in _fonts_for(word, font, face, styles, missing, raw.strip()[:40]):
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
    """Each character of *word* with the font to set it in (None: *font*). A right-to-left
    word is shaped as a whole, so it keeps to one font when one font can draw all of it: a
    Hebrew word with digits is set in a fallback that has both. A word of both directions
    ("وJan", a joined "and" before a Latin name) is two runs, each in its own font."""
    fonts: list[tuple[str, str | None]] = []
    for char in word:
        char_font = None
        if not char.isspace() and not styles.covers(font, char):
            char_font = styles.fallback_for(char, *face)
            if char_font is None:
                missing.setdefault(char, context)
        fonts.append((char, char_font))
    if len({f for _, f in fonts}) > 1 and has_rtl(word) and not has_ltr(word):
        whole = styles.fallback_for_all(word, *face)
        if whole is not None:
            return [(char, whole) for char in word]
    return fonts


def _in_font(text: str, font: str | None) -> str:
    return f'<font face="{font}">{escape(text)}</font>' if font else escape(text)
