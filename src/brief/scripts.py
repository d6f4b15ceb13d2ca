"""Writing systems that need more than ReportLab's defaults: line breaking between CJK
characters, and shaping and visual ordering for right-to-left scripts."""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from brief.bidi import BidiParagraph, base_direction, bidi_style, has_rtl

# Han, kana, Hangul and full-width forms: lines may break between any two characters.
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
_TAG = re.compile(r"<[^>]*>")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def line_breaking(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """*style*, or a copy that breaks lines between CJK characters when *text* has them."""
    if not has_cjk(text):
        return style
    return ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")


def paragraph(markup: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph for *markup* set as its script needs: right-to-left text is shaped and
    ordered, CJK text breaks between characters, everything else is ReportLab's default."""
    if has_rtl(markup):
        direction = base_direction(_TAG.sub("", markup))
        return BidiParagraph(markup, bidi_style(style, direction))
    return Paragraph(markup, line_breaking(style, markup))
