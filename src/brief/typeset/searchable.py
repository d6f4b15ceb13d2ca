"""Shaped text that readers give back as typed: copied, searched and read aloud.

A PDF reader knows a glyph's text only from the font's ToUnicode map, one text per glyph
code, and reads glyphs in the order they are drawn, guessing word breaks from the gaps
between them. Shaped text breaks all three assumptions: HarfBuzz draws an Arabic letter's
initial form (which the font maps to a presentation form, U+FEE7, not the letter), one glyph
for two letters (lam-alef), a Devanagari i-matra before the consonant it follows, and vowel
signs with no advance of their own, pulled back over their base, which leaves a gap readers
take for a space ("བོ ད" for "བོད").

ActualText would say what a run stands for, but pdf.js and MuPDF ignore it, and readers print
the code of a glyph mapped to nothing. So the glyphs themselves are made to read right, each
given a code of its own (:meth:`brief.typeset.fonts.BriefTTFont.code_for`):
- the text of each group of glyphs (a base and the marks after it; a HarfBuzz cluster) is
  spread over its glyphs in drawing order;
- in left-to-right text, a mark pulled back over its base is given a width (the PDF's, not
  the pen's: the text is placed as before) that reaches to where the next glyph starts, so
  no gap follows it.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.pdfbase.ttfonts import ShapedStr

RIGHT_TO_LEFT = "R"  # brief.typeset.bidi's class of a right-to-left run


def searchable(pieces: list, text: str, font: Any, direction: str) -> list:
    """Shaped *pieces* (frag, ShapedStr) of *text*, drawn in one *font*, with glyph codes
    that give *text* back in drawing order (see the module's text)."""
    glyphs = [
        (index, position, data)
        for index, (_, string) in enumerate(pieces)
        if isinstance(string, ShapedStr)
        for position, data in enumerate(string.__shapeData__)
    ]
    if not glyphs:
        return pieces
    starts = sorted({data.cluster for _, _, data in glyphs})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    chars = {index: list(str(pieces[index][1])) for index, _, _ in glyphs}
    shapes = {index: list(pieces[index][1].__shapeData__) for index, _, _ in glyphs}
    for group in _groups(glyphs, direction):
        first = min(data.cluster for _, _, data in group)
        last = max(data.cluster for _, _, data in group)
        wanted = text[first : ends[last]]
        current = [font.text_of(ord(chars[i][p])) for i, p, _ in group]
        shares = _shares(wanted, len(group))
        for (i, p, data), share, now in zip(group, shares, current, strict=True):
            width = data.width
            if direction != RIGHT_TO_LEFT and data.x_advance == 0 and data.x_offset < 0:
                width = round(-data.x_offset, 1)  # reaches to where the next glyph starts
            if share != now or width != data.width:
                code = ord(chars[i][p])
                gid = font.face.charToGlyph[code]
                chars[i][p] = chr(font.code_for(gid, share, width))
                shapes[i][p] = data._replace(width=width)
    out = list(pieces)
    for index, letters in chars.items():
        out[index] = (pieces[index][0], ShapedStr("".join(letters), shapeData=shapes[index]))
    return out


def _groups(glyphs: list, direction: str) -> list[list]:
    """The glyphs in groups that read as one: a HarfBuzz cluster, and in left-to-right text
    also a glyph with the marks that follow it without advancing."""
    groups: list[list] = []
    for glyph in glyphs:
        data = glyph[2]
        joins = groups and (
            data.cluster == groups[-1][-1][2].cluster
            or (direction != RIGHT_TO_LEFT and data.x_advance == 0)
        )
        if joins:
            groups[-1].append(glyph)
        else:
            groups.append([glyph])
    return groups


def _shares(text: str, count: int) -> list[str]:
    """*text* spread over *count* glyphs in drawing order, each glyph given at least one
    character where it can be (readers drop a glyph that stands for nothing, or print its
    code): the first glyphs a character each, the last the rest. A group of more glyphs
    than characters (a Bengali o-kar drawn in two parts) is spread in its decomposed form;
    what is still left over stands for nothing."""
    if count > len(text):
        text = unicodedata.normalize("NFD", text)
    head = list(text[: count - 1])
    return [*head, text[count - 1 :], *[""] * (count - 1 - len(head))]
