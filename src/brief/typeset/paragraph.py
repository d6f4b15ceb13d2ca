"""ReportLab's paragraph, measured once per width.

ReportLab breaks a paragraph into lines again on every ``wrap``, and a page layout asks the
same paragraph for its height many times at one width: to keep a heading with what follows,
to test whether a block fits, before splitting and before drawing. Breaking lines is most of
the typesetting time, so the result of the last width is kept and reused. A paragraph is
also :class:`~brief.typeset.tagging.Tagged`: it draws as its structure element when it has a tag.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from reportlab.pdfbase import pdfmetrics

from brief.typeset.breaking import greedy_lines, total_fit_lines
from brief.typeset.kinsoku import keep_punctuation
from brief.typeset.reportlab_internals import (
    PARAGRAPH_LAYOUT,
    HyphenatedWordPart,
    ParsedParagraph,
    SoftHyphenatedWord,
    are_words,
    paragraph_layout,
)
from brief.typeset.tagging import Tagged


class Paragraph(Tagged, ParsedParagraph):
    brief_line_ends = True  # mark word breaks at line ends (off where lines are reordered)
    blPara: Any  # ReportLab's broken lines, set by wrap

    def parsed(self, frags: list[Any]) -> list[Any]:
        return _merged(frags) if len(frags) > 1 else frags

    def breakLines(self, width: Any) -> Any:
        """Lines broken by total fit (:mod:`brief.typeset.breaking`); where that does not
        apply, ReportLab's greedy breaking, with no more than two lines in a row ending in a
        hyphen it added: the third line's break point is refused and the paragraph broken
        again."""
        planned = total_fit_lines(self, width, super().breakLines)
        if planned is not None:
            return planned
        return greedy_lines(self, width, super().breakLines)

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        """ReportLab's breaking between CJK characters, with the kinsoku rules it lacks, and
        never one character alone on the last line (with its punctuation): the line before
        is made a character shorter, so two go down together."""
        para = keep_punctuation(super().breakLinesCJK(maxWidths))
        lines = getattr(para, "lines", None) or []
        if len(lines) < 2 or _letters(_line_text(para, lines[-1])) > 1:
            return para
        widths = list(maxWidths) if isinstance(maxWidths, list | tuple) else [maxWidths]
        widths += [widths[-1]] * (len(lines) - len(widths))
        size = self.style.fontSize
        widths[len(lines) - 2] -= 1.5 * size  # one full-width character, and some room
        shorter = keep_punctuation(super().breakLinesCJK(widths))
        if len(getattr(shorter, "lines", [])) == len(lines):
            return shorter
        return para

    def wrap(self, availWidth: Any, availHeight: Any) -> Any:
        cut = self._long_cut(availWidth, availHeight)
        if cut is not None:
            head = self._part(cut[0])
            _, height = head.wrap(availWidth, availHeight)
            if height > availHeight:  # more than the page: no need to measure the rest
                self.width, self.height = availWidth, height + self.style.leading
                return self.width, self.height
        memo = self.__dict__.get("_brief_memo")
        if memo is not None and memo[0] == availWidth:
            self.__dict__.update(memo[1])
            return self.width, self.height
        if "_brief_source" not in self.__dict__:  # the text before hyphens are added
            self._brief_source = " ".join(self.getPlainText().split())
        result = super().wrap(availWidth, availHeight)
        self._brief_memo = (
            availWidth,
            {k: self.__dict__[k] for k in PARAGRAPH_LAYOUT if k in self.__dict__},
        )
        return result

    def split(self, availWidth: Any, availHeight: Any) -> Any:
        """Parts for *availHeight* and the rest; a page never ends with a hyphenated word
        (the line moves on with it) while at least two lines stay."""
        parts = self._split(availWidth, availHeight)
        leading = self.style.leading
        for _ in range(3):
            if len(parts) != 2 or not _ends_in_added_hyphen(parts[0]):
                break
            shorter = self._split(availWidth, availHeight - leading * (_ + 1))
            if len(shorter) != 2 or _line_count(shorter[0]) < 2:
                if availHeight < 4 * leading:
                    # two or three lines at the foot of the page, the last one hyphenated,
                    # and one line alone would be an orphan: the paragraph starts on the
                    # next page, and no word is cut by the turn of a page
                    return []
                break
            parts = shorter
        return parts

    def _split(self, availWidth: Any, availHeight: Any) -> Any:
        cut = self._long_cut(availWidth, availHeight)
        if cut is not None:
            parts = self._split_long(cut, availWidth, availHeight)
            if parts is not None:
                return parts
            self._brief_whole = True  # measured whole from now on
            self.__dict__.pop("_brief_memo", None)
            self.wrap(availWidth, availHeight)
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            _keep_lines(self, parts[0], availWidth)
        source = self.__dict__.get("_brief_source")
        for part in parts:  # built from lines that may already carry added hyphens
            part.__dict__.setdefault("_brief_source", source)
        return parts

    # -- paragraphs longer than a page, broken a page at a time -------------------------------
    #
    # ReportLab breaks the whole of a paragraph into lines at every wrap and split, so a
    # paragraph over many pages costs time in proportion to its length for every page it fills:
    # a 200,000-word paragraph took minutes. Lines are broken greedily, so the lines of a page
    # do not depend on the text far beyond it: a long paragraph is measured and split on a head
    # that overfills the page, and what the head did not use goes on with the rest of the text.

    def _long_cut(self, width: float, height: float) -> Any:
        """(head frags, rest frags) of a paragraph much longer than *height* can hold, or None."""
        frags = self.frags
        if not frags or self.__dict__.get("_brief_whole") or getattr(self.style, "endDots", None):
            return None
        total = self.__dict__.get("_brief_chars")
        if total is None:
            total = self._brief_chars = sum(map(_length, frags))
        size = max(getattr(self.style, "fontSize", 10), 1)
        lines = height / max(self.style.leading, 1) + 2
        enough = int(lines * width / (size * 0.15)) + 400  # narrow glyphs, generously
        if total < max(2 * enough, _LONG_PARAGRAPH):
            return None
        return _cut_frags(frags, enough)

    def _part(self, frags: Any) -> Any:
        part = self.__class__(None, self.style, bulletText=self.bulletText, frags=frags)
        part.brief_tag, part.brief_marked = self.brief_tag, self.brief_marked
        part.brief_line_ends = self.brief_line_ends
        part._brief_source = " ".join(part.getPlainText().split())
        return part

    def _split_long(self, cut: Any, width: float, height: float) -> Any:
        head_frags, rest_frags = cut
        parts = self._part(head_frags).split(width, height)
        if not parts:
            return []
        if len(parts) != 2:
            return None  # the head fitted after all: the ordinary way
        first, remainder = parts
        if are_words(rest_frags):  # words: the rest follows the words left over
            if not are_words(remainder.frags):
                return None
            left = remainder.frags
        else:
            left = _text_frags(remainder.frags)
        if left is None:
            return None
        if (
            len(left) == 1 and len(rest_frags) == 1 and not are_words(rest_frags)
        ):  # one style: one fragment, as it was
            left = [left[0].clone(text=left[0].text + rest_frags[0].text)]
            rest_frags = []
        tail = self.__class__(None, remainder.style, bulletText=None, frags=[*left, *rest_frags])
        tail.brief_tag, tail.brief_marked = self.brief_tag, self.brief_marked
        tail.brief_line_ends = self.brief_line_ends
        return [first, tail]

    def drawOn(self, canvas: Any, x: Any, y: Any, _sW: Any = 0) -> Any:
        """A tagged paragraph with links marks its own text, so that each link's text is
        the content of its Link element."""
        structure = getattr(canvas, "structure", None)
        if structure is None or self.brief_tag is None or not self.brief_marked:
            return super().drawOn(canvas, x, y, _sW)
        para = getattr(self, "blPara", None)
        lines = getattr(para, "lines", ())
        if any(isinstance(line, tuple) for line in lines) or getattr(para, "kind", 0) != 1:
            frags = getattr(self, "frags", None) or []
            if len(frags) == 1 and getattr(frags[0], "link", None):
                # One style and all of it a link: its text is the Link's content.
                with (
                    structure.element(canvas, self.brief_tag, True),
                    structure.child(canvas, "Link"),
                ):
                    return ParsedParagraph.drawOn(self, canvas, x, y, _sW)
            return super().drawOn(canvas, x, y, _sW)
        if not any(getattr(word, "link", None) for line in lines for word in line.words):
            return super().drawOn(canvas, x, y, _sW)
        with structure.paragraph(canvas, self.brief_tag):
            ParsedParagraph.drawOn(self, canvas, x, y, _sW)
        if hasattr(canvas, "run_after_text"):
            canvas.run_after_text()

    def drawPara(self, debug: Any = 0) -> Any:
        """In a tagged PDF, each line that ends between words ends with a space, and a hyphen
        added by hyphenation is the soft hyphen (same glyph), so text taken from the
        structure reads "the brief", never "thebrief", and "organisation", not "organ-isation"
        (PDF 1.7, 14.8.2.5)."""
        para = self.blPara
        if not (self.brief_line_ends and getattr(self.canv, "structure", None)):
            return super().drawPara(debug)
        source = self.__dict__.get("_brief_source") or self.getPlainText()
        # the first part of a paragraph split between pages goes on after its last line
        self.blPara = _with_word_breaks(para, source, bool(getattr(self, "_JustifyLast", 0)))
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = para


def _keep_lines(whole: Any, part: Any, width: float) -> None:
    """The first *part* of a paragraph split between pages keeps the lines it had in the
    *whole*: ReportLab would break its words again when it is placed, and total fit on fewer
    words may choose other lines, or more than the page has room for."""
    para = whole.__dict__.get("blPara")
    count = len(getattr(part.blPara, "lines", ()))
    if para is None or not count or whole.__dict__.get("_brief_memo", (None,))[0] != width:
        return
    lines = para.clone(lines=para.lines[:count]) if para.kind == 0 else part.blPara
    kept = {**paragraph_layout(whole, width), "blPara": lines, "height": part.height}
    part._brief_memo = (width, kept)


def _merged(frags: Any) -> Any:
    """Runs of fragments of one style as one fragment. ReportLab's parser ends a fragment at
    every character reference, so "a &lt; b &amp; c" is five fragments of one style; a
    paragraph of several fragments is broken into lines by ReportLab's slower general path,
    which measures each piece of every word, and the run of "<" in a hostile article made
    one fragment for every two characters."""
    runs: list[list[Any]] = []
    for frag in frags:
        run = runs[-1] if runs else None
        if run is not None and _mergeable(run[0], frag):
            run.append(frag)
        else:
            runs.append([frag])
    if len(runs) == len(frags):
        return frags
    return [
        run[0] if len(run) == 1 else run[0].clone(text="".join(f.text for f in run)) for run in runs
    ]


def _mergeable(first: Any, frag: Any) -> bool:
    return (
        type(frag) is type(first)
        and isinstance(getattr(frag, "text", None), str)
        and isinstance(getattr(first, "text", None), str)
        and not any(hasattr(f, name) for f in (first, frag) for name in _UNMERGED)
        and _style(frag) == _style(first)
    )


_UNMERGED = ("cbDefn", "lineBreak", "words")


def _style(frag: Any) -> dict[Any, Any]:
    return {k: v for k, v in frag.__dict__.items() if k != "text"}


def _line_count(part: Any) -> int:
    para = getattr(part, "blPara", None)
    return len(para.lines) if para is not None else 0


def _line_text(para: Any, line: Any) -> str:
    """The text of one line of a CJK paragraph's broken lines (ReportLab's two kinds)."""
    if getattr(para, "kind", 0) == 0:
        return "".join(line[1])
    return "".join(getattr(frag, "text", "") or "" for frag in line.words)


def _letters(text: str) -> int:
    return sum(1 for char in text if unicodedata.category(char)[0] in "LN")


def _ends_in_added_hyphen(part: Any) -> bool:
    """Does the part's last line end with a word hyphenation broke?"""
    para = getattr(part, "blPara", None)
    if para is None or not para.lines:
        return False
    last = para.lines[-1]
    if isinstance(last, tuple):  # a line of a one-style paragraph: (extra space, words)
        words = last[1]
        return bool(words) and isinstance(words[-1], HyphenatedWordPart)
    words = [w for w in getattr(last, "words", []) if getattr(w, "text", "")]
    if not words:
        return False
    text = words[-1].text.rstrip()
    source = " ".join(part.__dict__.get("_brief_source", "").split())
    head = text.rsplit(" ", 1)[-1]
    return head.endswith("-") and len(head) > 1 and head not in source.split()


_LONG_PARAGRAPH = 20_000  # characters: shorter paragraphs are always measured whole


def _text_frags(frags: Any) -> Any:
    """Fragments as text again, from the forms ReportLab's split leaves them in: one
    fragment holding a list of words, or words of (fragment, text) pairs."""
    if len(frags) == 1 and hasattr(frags[0], "words"):
        frag = frags[0].clone(text=" ".join(str(word) for word in frags[0].words))
        del frag.words
        return [frag]
    if not are_words(frags):
        return frags if all(hasattr(f, "text") for f in frags) else None
    out = []
    for word in frags:
        pieces = [pair[0].clone(text=pair[1]) for pair in word[1:]]
        if not pieces:
            continue
        if isinstance(word, SoftHyphenatedWord):
            pieces[-1] = pieces[-1].clone(text=pieces[-1].text + " ")
        out.extend(pieces)
    return out


def _length(frag: Any) -> int:
    """Characters of a fragment, or of a word of a processed paragraph."""
    if isinstance(frag, list):
        return sum(len(pair[1]) for pair in frag[1:]) + 1
    return len(getattr(frag, "text", "") or "")


def _cut_frags(frags: Any, at: int) -> Any:
    """*frags* cut at the first space after *at* characters, in a plain text fragment:
    (head, rest), the rest beginning with that space; None when there is no such space.
    Processed fragments (words) are cut after the first word followed by a space."""
    seen = 0
    if are_words(frags):
        for index, word in enumerate(frags):
            seen += _length(word)
            if seen > at and isinstance(word, SoftHyphenatedWord) and index + 1 < len(frags):
                return frags[: index + 1], frags[index + 1 :]
        return None
    for index, frag in enumerate(frags):
        text = getattr(frag, "text", "") or ""
        if seen + len(text) > at and not hasattr(frag, "cbDefn"):
            space = text.find(" ", max(at - seen, 1))
            if space > 0:
                head = frag.clone(text=text[:space])
                rest = frag.clone(text=text[space:])
                return [*frags[:index], head], [rest, *frags[index + 1 :]]
        seen += len(text)
    return None


def _with_word_breaks(para: Any, plain: str, continues: bool = False) -> Any:
    """*para* with each line that ends inside the paragraph marked as a word end or a break
    inside a word (its last line too when the paragraph *continues* on the next page)."""
    lines = para.lines
    if len(lines) < 2 and not continues:
        return para
    kept = [] if continues else [lines[-1]]  # the paragraph's own last line, as it is
    if getattr(para, "kind", 0) == 0:
        font = para.fontName
        tokens = set(plain.split())  # the author's words: "well-known" keeps its hyphen
        marked = []
        ahead = [*lines, (0, [])] if continues else lines
        for (extra, words), (_, following) in itertools.pairwise(ahead):
            if not words:
                marked.append((extra, words))
                continue
            last = words[-1]
            added = (
                isinstance(last, HyphenatedWordPart)
                and last.endswith("-")
                and (last + (following[0] if following else "")) not in tokens
            )
            marked.append((extra, [*words[:-1], _line_end(last, added, font)]))
        return para.clone(lines=[*marked, *kept])
    text = " ".join(plain.split())  # the paragraph's text without the added hyphens
    marked = []
    ahead = [*lines, _NO_LINE] if continues else lines
    for line, following in itertools.pairwise(ahead):
        words = list(line.words)
        last = next((i for i in range(len(words) - 1, -1, -1) if _plain_text(words[i])), None)
        if last is None:
            marked.append(line)
            continue
        frag = words[last]
        head = frag.text.rsplit(" ", 1)[-1]
        tail = next((_plain_text(f) for f in following.words if _plain_text(f)), "").split(" ")[0]
        added = (
            head.endswith("-")
            and len(head) > 1
            and head[:-1] + tail in text
            and head + tail not in text
        )
        words[last] = frag.clone(text=_line_end(frag.text, added, frag.fontName))
        marked.append(line.clone(words=words))
    return para.clone(lines=[*marked, *kept])


_NO_LINE = SimpleNamespace(words=[])  # what follows the last line of a page's part


def _plain_text(frag: Any) -> str:
    """The text of a fragment that draws plain text at the end of a line, else ''."""
    if hasattr(frag, "cbDefn") or getattr(frag, "underline", None) or getattr(frag, "strike", None):
        return ""  # a space would extend the line drawn under or through the text
    return getattr(frag, "text", "") or ""


def _line_end(word: str, hyphenated: bool, font: str) -> str:
    if word.endswith((" ", "\u00ad")):
        return word
    if hyphenated and word.endswith("-"):
        return word[:-1] + "\u00ad" if _has_char(font, 0xAD) else word
    if word.endswith("-") and len(word) > 1 and _has_char(font, 0x2010):
        # the author's hyphen ends the line: drawn as U+2010 (the same glyph), which readers
        # (PDFium) keep, where they take a line-end hyphen-minus for hyphenation and drop it
        return word[:-1] + "\u2010"
    if not word or word.endswith(("-", "\u2010", "\u2013", "\u2014", "/")):
        return word
    if unicodedata.east_asian_width(word[-1]) in "WF":  # Chinese lines break between characters
        return word
    return word + " "


@lru_cache(maxsize=128)
def _has_char(font: str, code: int) -> bool:
    face = getattr(pdfmetrics.getFont(font), "face", None)
    mapping = getattr(face, "charToGlyph", None)
    return mapping is not None and code in mapping
