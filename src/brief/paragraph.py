"""ReportLab's paragraph, measured once per width.

ReportLab breaks a paragraph into lines again on every ``wrap``, and a page layout asks the
same paragraph for its height many times at one width: to keep a heading with what follows,
to test whether a block fits, before splitting and before drawing. Breaking lines is most of
the typesetting time, so the result of the last width is kept and reused. A paragraph is
also :class:`~brief.tagging.Tagged`: it draws as its structure element when it has a tag.
"""

from __future__ import annotations

import itertools
import unicodedata
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph as _ReportLabParagraph
from reportlab.platypus.paragraph import _SplitWordHY

from brief.tagging import Tagged

_KEPT = ("width", "_wrapWidths", "blPara", "height", "_width_max")


class Paragraph(Tagged, _ReportLabParagraph):
    brief_line_ends = True  # mark word breaks at line ends (off where lines are reordered)

    def wrap(self, availWidth, availHeight):
        memo = self.__dict__.get("_brief_memo")
        if memo is not None and memo[0] == availWidth:
            self.__dict__.update(memo[1])
            return self.width, self.height
        if "_brief_source" not in self.__dict__:  # the text before hyphens are added
            self._brief_source = " ".join(self.getPlainText().split())
        result = super().wrap(availWidth, availHeight)
        self._brief_memo = (availWidth, {k: self.__dict__[k] for k in _KEPT if k in self.__dict__})
        return result

    def split(self, availWidth, availHeight):
        parts = super().split(availWidth, availHeight)
        source = self.__dict__.get("_brief_source")
        for part in parts:  # built from lines that may already carry added hyphens
            part.__dict__.setdefault("_brief_source", source)
        return parts

    def drawOn(self, canvas, x, y, _sW=0):
        """A tagged paragraph with links marks its own text, so that each link's text is
        the content of its Link element."""
        structure = getattr(canvas, "structure", None)
        if structure is None or self.brief_tag is None or not self.brief_marked:
            return super().drawOn(canvas, x, y, _sW)
        para = getattr(self, "blPara", None)
        if getattr(para, "kind", 0) != 1 or not any(
            getattr(word, "link", None) for line in para.lines for word in line.words
        ):
            return super().drawOn(canvas, x, y, _sW)
        with structure.paragraph(canvas, self.brief_tag):
            return _ReportLabParagraph.drawOn(self, canvas, x, y, _sW)

    def drawPara(self, debug=0):
        """In a tagged PDF, each line that ends between words ends with a space, and a hyphen
        added by hyphenation is the soft hyphen (same glyph), so text taken from the
        structure reads "the brief", never "thebrief", and "organisation", not "organ-isation"
        (PDF 1.7, 14.8.2.5)."""
        para = self.blPara
        if not (self.brief_line_ends and getattr(self.canv, "structure", None)):
            return super().drawPara(debug)
        source = self.__dict__.get("_brief_source") or self.getPlainText()
        self.blPara = _with_word_breaks(para, source)
        try:
            return super().drawPara(debug)
        finally:
            self.blPara = para


def _with_word_breaks(para, plain: str):
    lines = para.lines
    if len(lines) < 2:
        return para
    if getattr(para, "kind", 0) == 0:
        font = para.fontName
        marked = [
            (extra, [*words[:-1], _line_end(words[-1], isinstance(words[-1], _SplitWordHY), font)])
            if words
            else (extra, words)
            for extra, words in lines[:-1]
        ]
        return para.clone(lines=[*marked, lines[-1]])
    text = " ".join(plain.split())  # the paragraph's text without the added hyphens
    marked = []
    for line, following in itertools.pairwise(lines):
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
    return para.clone(lines=[*marked, lines[-1]])


def _plain_text(frag) -> str:
    """The text of a fragment that draws plain text at the end of a line, else ''."""
    if hasattr(frag, "cbDefn") or getattr(frag, "underline", 0) or getattr(frag, "strike", 0):
        return ""  # a space would extend the line drawn under or through the text
    return getattr(frag, "text", "") or ""


def _line_end(word: str, hyphenated: bool, font: str) -> str:
    if word.endswith((" ", "\u00ad")):
        return word
    if hyphenated and word.endswith("-"):
        return word[:-1] + "\u00ad" if _has_soft_hyphen(font) else word
    if not word or word.endswith(("-", "\u2010", "\u2013", "\u2014", "/")):
        return word
    if unicodedata.east_asian_width(word[-1]) in "WF":  # Chinese lines break between characters
        return word
    return word + " "


@lru_cache(maxsize=64)
def _has_soft_hyphen(font: str) -> bool:
    face = getattr(pdfmetrics.getFont(font), "face", None)
    mapping = getattr(face, "charToGlyph", None)
    return bool(mapping) and 0xAD in mapping
