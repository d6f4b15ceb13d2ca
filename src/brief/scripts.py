"""Writing systems that need their own line breaking."""

from __future__ import annotations

import re

from reportlab.lib.styles import ParagraphStyle

# Han, kana, Hangul and full-width forms: lines may break between any two characters.
_CJK = re.compile("[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def line_breaking(style: ParagraphStyle, text: str) -> ParagraphStyle:
    """*style*, or a copy that breaks lines between CJK characters when *text* has them."""
    if not has_cjk(text):
        return style
    return ParagraphStyle(f"{style.name}-cjk", parent=style, wordWrap="CJK")
