"""The key points a brief opens with, when the spec gives none: the sentences of its sections
that carry findings (figures, names), one a section, at most five."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from brief.compose.model import BriefSection
from brief.compose.tables import SENTENCE_END
from brief.core.text import word_count
from brief.source.article import Paragraph

KEY_POINTS_MAX = 5  # the key-points box of every bundled layout holds five points


def key_points(sections: list[BriefSection], lede: list[Any] | None = None) -> list[str]:
    """By default, one finding from each body section: the reader's 30-second path; an
    article without sections (a post that runs without headings) gives one from
    each of the first paragraphs of its opening text instead.

    A section's candidates are the sentences of its first two paragraphs. A sentence is not a
    point when it ends in a colon, speaks about the article itself ("This article explores"),
    points to a file or a link, leans on what surrounds it ("As shown above", "in the table
    below"), is a reference list's entry, or is too short to state a claim; among the rest, one with
    figures or named actors wins, else the first. At most ``KEY_POINTS_MAX`` points."""
    points = []
    groups = [[b for b in section.blocks if isinstance(b, Paragraph)][:2] for section in sections]
    if not sections and lede:
        opening = [[b] for b in lede if isinstance(b, Paragraph)][:KEY_POINTS_MAX]
        groups = [*opening, *groups]
    for paragraphs in groups:
        candidates = [
            sentence.strip()
            for paragraph in paragraphs
            for sentence in _sentences(_without_note_marks(paragraph))
            if _is_finding(sentence.strip())
        ]
        if candidates:
            points.append(max(candidates, key=lambda s: (_weight(s), -candidates.index(s))))
        if len(points) == KEY_POINTS_MAX:
            break
    return points


def _without_note_marks(paragraph: Paragraph) -> str:
    """The paragraph's words without its footnote marks: a key point stands on its own
    page, away from the notes ("…and Poland." not "…and Poland.1")."""
    if all(span.note is None for span in paragraph.spans):
        return paragraph.text
    return "".join(span.text for span in paragraph.spans if span.note is None)


_CJKSENTENCE_END = re.compile(r"(?<=[。！？])")
# The full stops of other scripts, before a space: the danda (Indic), the Urdu full stop,
# Ethiopic, Khmer, Myanmar and Tibetan marks.
_SCRIPT_SENTENCE_END = re.compile(r"(?<=[।॥۔።៕។။།])\s+")
_ABOUT_ITSELF = re.compile(
    r"^(this|the present|in this|our) (article|post|paper|piece|brief|essay|note|blog|report)"
    r"|^(here|below),? we\b|^we (explore|discuss|look at|examine|describe|outline)"
    r"|^(dieser|in diesem) (artikel|beitrag)|^(cet|dans cet) article|^(este|en este) artículo"
    r"|^(в этой|эта) стать|^(у цій|ця) статт|^(这篇|本)文|^(這篇|本)文|^この(記事|論文)",
    re.IGNORECASE,
)
_POINTER = re.compile(r"https?://|www\.|\b[\w-]+\.(md|txt|pdf|docx?|xlsx?|csv|html?)\b", re.I)
# A sentence that leans on what surrounds it: a reader of the key points alone has not seen
# "the table below" or what "as shown above" showed.
_NEEDS_CONTEXT = re.compile(
    r"^(as (shown|mentioned|noted|discussed|seen|described|explained)|given (this|that|these|"
    r"those)|however|moreover|furthermore|therefore|thus|hence|in addition|that said|"
    r"wie (oben|gesehen|erwähnt)|comme (indiqué|mentionné|vu)|como (se (ha )?(visto|dicho|"
    r"mencionado)|vimos))\b"
    r"|\b(above|below|aforementioned|as follows|the following (table|figure|chart))\b"
    r"|\b(in|from|see) (the |this )?(table|figure|chart|graph|fig\.)s?\b"
    r"|\b(oben|unten|ci-dessus|ci-dessous|más abajo|arriba|выше|ниже)\b",
    re.IGNORECASE,
)
# A sentence that goes on from the one before: "where x is…", "So we…", "And yet…".
_CONTINUES = re.compile(
    r"^(?:[a-zà-öø-ÿ]|(?i:so|and|but|or|also|then|yet|still|instead|otherwise|und|aber|"
    r"et|mais|donc|y|pero|así|e|ma|quindi)\b)"
)
# Markup a reader must not see in a key point: TeX left as written, template braces.
_MARKUP = re.compile(r"[\\{}^]|\w_\w")
# A reference list's entry is no finding: "Smith, J. (2020). Title. Journal, 4(2), 1-9."
_CITATION = re.compile(r"\bdoi\b|\bet al\.|\(\d{4}[a-z]?\)\.|\bpp?\. ?\d|\b\d+\(\d+\),", re.I)
_FIGURE = re.compile(r"\d")
_NAMED = re.compile(r"(?<=\s)[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]+")


def _sentences(text: str) -> list[str]:
    parts = [p for part in SENTENCE_END.split(text) for p in _SCRIPT_SENTENCE_END.split(part)]
    return [piece for part in parts for piece in _CJKSENTENCE_END.split(part) if piece.strip()]


def _is_finding(sentence: str) -> bool:
    wide = sum(1 for c in sentence if unicodedata.east_asian_width(c) in "WF")
    words = word_count(sentence)
    long_enough = words >= 6 or wide >= 12
    return (
        long_enough
        and words <= 40
        and wide <= 80
        and not sentence.rstrip().endswith((":", "：", "—", "-"))
        and not _ABOUT_ITSELF.search(sentence)
        and not _POINTER.search(sentence)
        and not _NEEDS_CONTEXT.search(sentence)
        and not _CITATION.search(sentence)
        and not _CONTINUES.match(sentence)
        and not _MARKUP.search(sentence)
    )


def _weight(sentence: str) -> int:
    return 2 * bool(_FIGURE.search(sentence)) + min(len(_NAMED.findall(sentence)), 2)
