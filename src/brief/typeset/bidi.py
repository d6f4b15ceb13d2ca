"""Right-to-left text: the Unicode bidirectional algorithm at word level, and a paragraph
that shapes its words with HarfBuzz and lays each line out in visual order.

ReportLab shapes words (joining Arabic letters, placing Hebrew points) when a style asks for
it and uharfbuzz is installed, and HarfBuzz returns the glyphs of a right-to-left word in
visual order. What ReportLab lacks without its separate ``rlbidi`` package is the order of the
words on a line, and it never reorders a paragraph that mixes fonts. :class:`BidiParagraph`
breaks lines as usual and then reorders each line's words by their embedding levels (rules
W, N, I and L1–L2 of UAX #9, applied to whole words rather than single characters).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import lru_cache
from itertools import groupby
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import sameFrag
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import makeShapedFragWord, shapeFragWord

from brief.typeset.fonts import NEUTRAL_CODES, RIGHT_TO_LEFT_CODES, SHAPING_FEATURES, draws
from brief.typeset.linebreaks import break_offsets, grapheme_offsets, needs_dictionary
from brief.typeset.paragraph import Paragraph
from brief.typeset.reportlab_internals import WordBeforeSpace, fragment_words
from brief.typeset.searchable import searchable

# Hebrew, Arabic, Syriac, Thaana, N'Ko, Samaritan, Mandaic and their presentation forms; the
# right-to-left scripts beyond the first plane (Hanifi Rohingya, Mende Kikakui, Adlam...).
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_TOKEN = re.compile(r" +|[^ ]+")

LTR, RTL, NUMBER, NEUTRAL = "L", "R", "N", "O"


def has_rtl(text: str) -> bool:
    return bool(_RTL.search(text))


def has_ltr(text: str) -> bool:
    """Whether *text* has a letter written from left to right (Latin, Cyrillic, Greek...)."""
    return any(_char_class(char) == LTR for char in text)


@lru_cache(maxsize=4096)
def _char_class(char: str) -> str:
    if ord(char) >= RIGHT_TO_LEFT_CODES:  # a shaped glyph's code (fonts.BriefTTFont.code_for)
        return NEUTRAL if ord(char) >= NEUTRAL_CODES else RTL
    kind = unicodedata.bidirectional(char)
    if kind == "L":
        return LTR
    if kind in ("R", "AL"):
        return RTL
    if kind in ("EN", "AN"):
        return NUMBER
    return NEUTRAL


def word_class(word: str) -> str:
    """The direction of a word: its first strong character, else number or neutral."""
    number = False
    for char in word:
        kind = _char_class(char)
        if kind in (LTR, RTL):
            return kind
        number = number or kind == NUMBER
    return NUMBER if number else NEUTRAL


def base_direction(text: str) -> str:
    """The paragraph direction: that of its first strong character (rule P2), else LTR."""
    for char in text:
        kind = _char_class(char)
        if kind in (LTR, RTL):
            return kind
    return LTR


def levels(tokens: list[str | None], base: str) -> list[int]:
    """Embedding levels of a line's words and runs of spaces (None: an inline object), in
    logical order."""
    base_level = 1 if base == RTL else 0
    classes = [word_class(t) if t else NEUTRAL for t in tokens]
    trailing_space = [t is not None and not t.strip() for t in tokens]
    resolved = list(classes)
    # W7: a number after left-to-right text (or at the start of a left-to-right paragraph)
    # is left-to-right.
    last_strong = base
    for i, kind in enumerate(resolved):
        if kind in (LTR, RTL):
            last_strong = kind
        elif kind == NUMBER and last_strong == LTR:
            resolved[i] = LTR
    # N1/N2: neutrals between two runs of one direction take it (numbers count as RTL);
    # others take the paragraph's direction.
    strong = [RTL if k == NUMBER else k for k in resolved]
    i = 0
    while i < len(resolved):
        if resolved[i] != NEUTRAL:
            i += 1
            continue
        j = i
        while j < len(resolved) and resolved[j] == NEUTRAL:
            j += 1
        before = strong[i - 1] if i > 0 else base
        after = strong[j] if j < len(resolved) else base
        fill = before if before == after else base
        resolved[i:j] = [fill] * (j - i)
        i = j
    # I1/I2
    if base_level == 0:
        out = [{LTR: 0, RTL: 1, NUMBER: 2}[k] for k in resolved]
    else:
        out = [{LTR: 2, RTL: 1, NUMBER: 2}[k] for k in resolved]
    # L1: spaces at the end of a line take the paragraph level.
    k = len(out)
    while k > 0 and trailing_space[k - 1]:
        k -= 1
        out[k] = base_level
    return out


def visual_order(line_levels: list[int]) -> list[int]:
    """Indices of the items in display order, left to right (rule L2)."""
    order = list(range(len(line_levels)))
    if not line_levels:
        return order
    highest = max(line_levels)
    lowest_odd = min(level for level in line_levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if line_levels[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and line_levels[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order


class BidiParagraph(Paragraph):
    """A shaped paragraph: words shaped by HarfBuzz one font run at a time, lines drawn in
    visual order. Used for right-to-left text, for scripts that need shaping, and wherever a
    layout asks for kerning and ligatures. Lines stay in logical order between drawings, so a
    split paragraph re-flows correctly; the paragraph's direction comes from its style
    (``wordWrap="RTL"``)."""

    brief_line_ends = False  # lines are drawn in visual order: their ends are not word ends

    def __init__(
        self, text: Any, style: Any = None, bulletText: Any = None, frags: Any = None, **kwargs: Any
    ) -> None:
        if style is not None and style.shaping:  # shaped here, one font run at a time
            style = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=0)
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)
        if frags is None:  # a fresh paragraph, not the part of one that was split
            self.frags = prepare_for_shaping(self.frags)

    def breakLines(self, width: Any) -> Any:
        if self.frags and not isinstance(self.frags[0], list):  # not yet split into words
            first = width[0] if isinstance(width, list | tuple) else width
            self.frags = [
                _shape_by_font(piece)
                for word in fragment_words(self.frags, first)
                for piece in _dictionary_pieces(word, first)
            ]
        return super().breakLines(width)

    def drawPara(self, debug: Any = 0) -> Any:
        para = self.blPara
        if getattr(para, "kind", 0) != 1:
            return super().drawPara(debug)
        direction = RTL if (self.style.wordWrap or "").upper() == "RTL" else LTR
        self.blPara = para.clone(
            lines=[line.clone(words=self._reorder(line.words, direction)) for line in para.lines]
        )
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = para

    @staticmethod
    def _reorder(frags: list[Any], direction: str) -> list[Any]:
        units: list[tuple[Any, str | None]] = []  # (frag, text): single words, runs of spaces
        for frag in frags:
            text = getattr(frag, "text", None)
            if not text or hasattr(frag, "cbDefn"):
                units.append((frag, None))
                continue
            for match in _TOKEN.finditer(str(text)):
                units.append((frag, text[match.start() : match.end()]))
        units = [
            (frag, piece)
            for frag, text in _logical_word_order(units)
            for piece in ([text] if text is None else _split_final_stop(text))
        ]
        order = visual_order(levels([t for _, t in units], direction))
        out = []
        for index in order:
            frag, text = units[index]
            if text is None:
                out.append(frag)
            elif direction == LTR and out and out[-1] is not None and _same_run(out[-1], frag):
                # a word and the space after it in one run: readers (PDFium) keep the space
                # of a run, and guess the one between runs from glyphs' outlines
                out[-1] = out[-1].clone(text=out[-1].text + text)
            else:
                out.append(frag.clone(text=text))
        # ReportLab draws the words of a right-to-left paragraph's lines in reverse.
        return out[::-1] if direction == RTL else out


def _same_run(drawn: Any, frag: Any) -> bool:
    """Whether *frag* continues the run *drawn*: text in the same style (ReportLab's own
    test, which its line breaking joins words by)."""
    if hasattr(drawn, "cbDefn") or not isinstance(getattr(drawn, "text", None), str):
        return False
    return drawn.__class__ is frag.__class__ and bool(sameFrag(drawn, frag))


def _logical_word_order(units: list[Any]) -> list[Any]:
    """*units* with the pieces of each right-to-left word in logical order. A word whose
    pieces come from several frags (an Arabic word and the full stop after a closing tag) is
    shaped as one run, which leaves its pieces in visual order, last first."""
    out: list[Any] = []
    word: list[Any] = []

    def flush() -> None:
        pieces = "".join(str(t) for _, t in word)
        # A word of letters of both directions ("وJan": a joined "and" before a Latin name)
        # is pieces of two runs, each in its own order: the bidi rules place them.
        mixed = any(word_class(str(t)) == LTR for _, t in word)
        one_run = len(word) > 1 and word_class(pieces) == RTL and not mixed
        out.extend(word[::-1] if one_run else word)
        word.clear()

    for unit in units:
        text = unit[1]
        if text is None or not text.strip():
            flush()
            out.append(unit)
        else:
            word.append(unit)
    flush()
    return out


# Punctuation that ends a word and looks the same in either direction.
_STOPS = frozenset(".,;:!?…،؛؟")


def _split_final_stop(token: str) -> list[str]:
    """*token* with its closing punctuation as a piece of its own, in logical order, so the
    bidi rules can place it: after an Arabic phrase in English text a full stop belongs to
    the English side. A shaped right-to-left word holds its glyphs in visual order, where its
    last characters come first."""
    text = str(token)
    kind = word_class(text)
    if kind == RTL:
        count = len(text) - len(text.lstrip("".join(_STOPS)))
        if 0 < count < len(text):
            return [token[count:], token[:count]]
    elif kind in (LTR, NUMBER):
        count = len(text) - len(text.rstrip("".join(_STOPS)))
        if 0 < count < len(text):
            return [token[:-count], token[-count:]]
    return [token]


def bidi_style(style: ParagraphStyle, direction: str) -> ParagraphStyle:
    """*style* set for shaped text in *direction*: start-aligned text mirrors for RTL."""
    alignment = style.alignment
    if direction == RTL and not getattr(style, "mirrored", False):  # mirrored: set already
        alignment = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(alignment, alignment)
    return ParagraphStyle(
        f"{style.name}-{direction.lower()}",
        parent=style,
        shaping=0,  # BidiParagraph shapes, one font run at a time
        hyphenationLang="",
        wordWrap="RTL" if direction == RTL else None,
        alignment=alignment,
    )


_LTR_RUN = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u0660-\u0669\u06f0-\u06f9]+(?:[.,:/][0-9]+)*")


def prepare_for_shaping(frags: list[Any]) -> list[Any]:
    """Frags split at spaces and adjusted for shaping.

    A right-to-left word must be shaped as a whole to join its letters and keep its order, so
    a word that runs across fonts (an Arabic word and the full stop after a closing tag) is
    set in one of its fonts that can draw all of it, where there is one. HarfBuzz lays a
    right-to-left word out right to left, digits and Latin letters included, so those runs
    inside it are stored reversed to come out in reading order.
    """
    pieces: list[Any] = []  # frags cut at every space boundary
    for frag in frags:
        text = getattr(frag, "text", None)
        if not text or hasattr(frag, "cbDefn") or getattr(frag, "_fkind", 0) != 0:
            pieces.append(frag)
            continue
        pieces.extend(frag.clone(text=m.group()) for m in _TOKEN.finditer(text))
    words: list[list[int]] = []  # indices of the pieces of each word
    current: list[int] = []
    for index, piece in enumerate(pieces):
        text = getattr(piece, "text", None)
        if text and not text.startswith(" ") and getattr(piece, "_fkind", 0) == 0:
            current.append(index)
            continue
        if current:
            words.append(current)
        current = []
    if current:
        words.append(current)
    for word in words:
        text = "".join(pieces[i].text for i in word)
        fonts = list(dict.fromkeys(pieces[i].fontName for i in word))
        if len(fonts) > 1:
            font = next((f for f in fonts if draws(f, text)), None)
            if font is not None:
                for i in word:
                    pieces[i] = pieces[i].clone(fontName=font)
        if has_rtl(text) and base_direction(text) == RTL:
            one_font = len({pieces[i].fontName for i in word}) == 1
            for i in word:
                if one_font or has_rtl(pieces[i].text):  # laid out by HarfBuzz right to left
                    pieces[i] = pieces[i].clone(
                        text=_LTR_RUN.sub(lambda m: m.group()[::-1], pieces[i].text)
                    )
    return pieces


def _too_wide_cuts(word: list[Any], text: str, offsets: list[int], line_width: float) -> list[int]:
    """The grapheme boundaries inside the pieces of *text* (cut at *offsets*) that are wider
    than *line_width*, measured in the word's first font: a Khmer phrase longer than a
    column is cut at its words, and only a word longer than the column between clusters."""
    frag = next((f for f, t in word[1:] if t and not hasattr(f, "cbDefn")), None)
    if frag is None:
        return []
    bounds = [0, *offsets, len(text)]
    cuts: list[int] = []
    for start, end in itertools.pairwise(bounds):
        if pdfmetrics.stringWidth(text[start:end], frag.fontName, frag.fontSize) > line_width:
            cuts.extend(start + cut for cut in grapheme_offsets(text[start:end]))
    return cuts


def _dictionary_pieces(word: list[Any], line_width: float) -> list[list[Any]]:
    """*word* cut where a line may break inside it (Thai, Lao, Khmer, Myanmar, Tibetan: see
    :mod:`brief.typeset.linebreaks`), and, where it is wider than *line_width*, between its
    grapheme clusters. Every piece but the last joins the next without a space; the last
    keeps the word's own class (a space after it or not)."""
    if type(word) not in (list, WordBeforeSpace):
        return [word]
    text = "".join(t for f, t in word[1:] if t and not hasattr(f, "cbDefn"))
    offsets = break_offsets(text) if needs_dictionary(text) else []
    if word[0] > line_width:  # pieces too wide for any line are cut between clusters too
        offsets = sorted(set(offsets) | set(_too_wide_cuts(word, text, offsets, line_width)))
    if not offsets:
        return [word]
    out: list[list[Any]] = []
    current: list[Any] = [0.0]
    at = 0
    for frag, piece in word[1:]:
        if not piece or hasattr(frag, "cbDefn"):
            current.append((frag, piece))
            continue
        start = 0
        for cut in (o - at for o in offsets if at <= o < at + len(piece)):
            if cut > start:
                current.append((frag, piece[start:cut]))
            if len(current) > 1:
                out.append(current)
                current = [0.0]
            start = cut
        if piece[start:]:
            current.append((frag, piece[start:]))
        at += len(piece)
    out.append(type(word)(current))
    for part in out:  # the width of each piece, as ReportLab measures words
        part[0] = sum(
            pdfmetrics.stringWidth(t, f.fontName, f.fontSize)
            for f, t in part[1:]
            if t and not hasattr(f, "cbDefn")
        )
    return out


def _shape_by_font(word: list[Any]) -> list[Any]:
    """A ReportLab frag word shaped one font at a time. ReportLab would shape the whole word
    with its first font, drawing a full stop after Chinese characters with the Chinese font's
    missing glyph, so its own shaping stays off for these paragraphs."""
    pieces: list[Any] = []
    total = 0.0

    def font_of(piece: tuple[Any, ...]) -> str | None:
        frag, text = piece
        return None if hasattr(frag, "cbDefn") or not text else frag.fontName

    for font_name, grouped in groupby(word[1:], key=font_of):
        run = list(grouped)
        if font_name is None:
            pieces.extend(run)
            continue
        width = sum(pdfmetrics.stringWidth(t, f.fontName, f.fontSize) for f, t in run)
        if word_class("".join(t for _, t in run)) in (NUMBER, NEUTRAL):
            # Digits need no shaping, and HarfBuzz, taking Arabic-Indic digits for Arabic
            # text, would set "١٢" (twelve) right to left as "٢١".
            total += width
            pieces.extend(run)
            continue
        run_text = "".join(t for _, t in run)
        # A run with marks is always taken as shaped, even where HarfBuzz changed nothing
        # ReportLab checks: its marks then get widths readers measure them by (searchable)
        marks = any(unicodedata.category(c)[0] == "M" for c in run_text)
        shaped = shapeFragWord([width, *run], features=dict(SHAPING_FEATURES), force=marks)
        font = pdfmetrics.getFont(font_name)
        if hasattr(font, "code_for"):
            shaped = [shaped[0], *searchable(shaped[1:], run_text, font, word_class(run_text))]
        total += shaped[0]
        pieces.extend(shaped[1:])
    return makeShapedFragWord(word)([total, *pieces])
