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
- every code is given its glyph's advance in the font program, which PDF/A requires
  (ReportLab gives a glyph without a character of its own the advance HarfBuzz placed it
  with, kerning and all);
- a glyph that advances and stands for a non-spacing mark with the letters before it (a
  ligature with its virama) keeps the letters, and the mark goes to a blank glyph after it:
  pdf.js takes any glyph whose text holds such a mark for a mark that does not advance.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.pdfbase.ttfonts import ShapedStr

from brief.typeset.reportlab_internals import glyph_advance

RIGHT_TO_LEFT = "R"  # brief.typeset.bidi's class of a right-to-left run


def searchable(pieces: list[Any], text: str, font: Any, direction: str) -> list[Any]:
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
    blank = _blank_glyph(font)
    added: dict[tuple[int, int], tuple[str, Any]] = {}  # blank glyphs to draw after a glyph
    for group in _groups(glyphs, direction, text, ends):
        first = min(data.cluster for _, _, data in group)
        last = max(data.cluster for _, _, data in group)
        wanted = text[first : ends[last]]
        if direction != RIGHT_TO_LEFT and len({index for index, _, _ in group}) == 1:
            group = _marks_first(group, chars, shapes)
        current = [font.text_of(ord(chars[i][p])) for i, p, _ in group]
        shares = _shares(wanted, len(group))
        for (i, p, data), share, now in zip(group, shares, current, strict=True):
            code = ord(chars[i][p])
            gid = font.face.charToGlyph[code]
            width = glyph_advance(font.face, gid)  # the font program's: PDF/A checks it
            marks = _first_mark(share)
            if direction != RIGHT_TO_LEFT and data.x_advance and blank is not None and marks:
                # pdf.js takes a glyph whose text holds a non-spacing mark for a mark that
                # does not advance ("ड्र", a ligature with its virama): the letters before
                # the mark stay on the glyph, the rest goes to a blank glyph after it
                share, rest = share[:marks], share[marks:]
                empty = data._replace(x_advance=0, y_advance=0, x_offset=0, y_offset=0, width=0)
                blank_width = glyph_advance(font.face, blank)
                added[(i, p)] = (
                    chr(font.code_for(blank, rest, blank_width)),
                    empty._replace(width=blank_width),
                )
            if share != now or width != data.width:
                chars[i][p] = chr(font.code_for(gid, share, width))
                shapes[i][p] = data._replace(width=width)
    out = list(pieces)
    for index, letters in chars.items():
        codes, datas = [], []
        for position, (letter, data) in enumerate(zip(letters, shapes[index], strict=True)):
            codes.append(letter)
            datas.append(data)
            if (index, position) in added:
                codes.append(added[(index, position)][0])
                datas.append(added[(index, position)][1])
        out[index] = (pieces[index][0], ShapedStr("".join(codes), shapeData=datas))
    return out


def _marks_first(group: list[Any], chars: dict[Any, Any], shapes: dict[Any, Any]) -> list[Any]:
    """*group* (of one piece) with the marks pulled back to the start of their letter (a
    Tibetan vowel sign above its consonant: 0.68 em back over a 0.64 em letter) drawn before
    it, at the same place: drawn after it, the move back and the move forward again around
    the mark are read by PDFium as a space after it ("བོ ད")."""
    passed = 0.0
    moved = []
    for _, _, data in group:
        if data.x_advance == 0 and data.x_offset < 0 and data.x_offset + passed <= _AT_START:
            moved.append(data)
        passed += data.x_advance
    if not moved:
        return group
    index = group[0][0]
    order: list[Any] = []  # (position it came from, its data as drawn now)
    passed = 0.0
    for _, position, data in group:
        if any(data is m for m in moved):
            order.insert(
                0 if not order else _first_advancing(order),
                (position, data._replace(x_offset=data.x_offset + passed)),
            )
        else:
            order.append((position, data))
        passed += data.x_advance
    positions = [position for _, position, _ in group]
    letters = [chars[index][position] for position, _ in order]
    for position, letter, (_, data) in zip(positions, letters, order, strict=True):
        chars[index][position] = letter
        shapes[index][position] = data
    return [(index, position, shapes[index][position]) for position in positions]


def _first_advancing(order: list[Any]) -> int:
    """Where the first glyph that advances is in *order* (marks go before it)."""
    return next((at for at, (_, data) in enumerate(order) if data.x_advance), len(order))


_AT_START = 100  # thousandths of the size: how far right of its letter's start a mark may sit


def _first_mark(share: str) -> int:
    """Where the first non-spacing mark of *share* is, when letters come before it (else 0)."""
    for at, char in enumerate(share):
        if unicodedata.category(char) == "Mn":
            return at
    return 0


def _blank_glyph(font: Any) -> int | None:
    """A glyph of *font* that draws nothing and does not advance (its zero-width space or
    joiner), to carry text; None if it has none."""
    table = font.face.charToGlyph
    return next((table[c] for c in (0x200B, 0x200D, 0x200C, 0x2060, 0xFEFF) if c in table), None)


def _groups(glyphs: list[Any], direction: str, text: str, ends: dict[int, int]) -> list[list[Any]]:
    """The glyphs in groups that read as one: a HarfBuzz cluster; in left-to-right text also
    a glyph with the marks that follow it without advancing; and a group with more glyphs
    than characters with the marks after it (a Malayalam or Tamil two-part vowel: HarfBuzz
    gives the part drawn before the consonant the consonant's cluster, the other part the
    vowel's)."""
    groups: list[list[Any]] = []

    def short(group: list[Any]) -> bool:
        first = min(data.cluster for _, _, data in group)
        last = max(data.cluster for _, _, data in group)
        return len(unicodedata.normalize("NFD", text[first : ends[last]])) < len(group)

    for glyph in glyphs:
        data = glyph[2]
        joins = groups and (
            data.cluster == groups[-1][-1][2].cluster
            or (direction != RIGHT_TO_LEFT and data.x_advance == 0)
            or (
                direction != RIGHT_TO_LEFT
                and unicodedata.category(text[data.cluster : data.cluster + 1] or " ")[0] == "M"
                and short(groups[-1])
            )
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
