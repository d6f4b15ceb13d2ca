"""Web fonts for every script a page holds: the faces the PDF falls back to for characters
the layout's own fonts lack (Chinese, Arabic, Devanagari...; see
:meth:`brief.typeset.styles.Styles.fallback_for`), each cut down to the page's characters
and served as WOFF beside the layout's faces. A reader whose system has no Chinese font then
reads the Chinese brief's page as its PDF, not as boxes.

Subsets are made by fontTools (its subsetter keeps the shaping rules and the glyphs they
reach, so Arabic joins and Devanagari conjuncts survive) and named by their content, so
briefs that share characters share files.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from brief.typeset.styles import Styles


@dataclass(frozen=True)
class WebFace:
    """One @font-face of a page: a family ("scripts-1", served as "brief-scripts-1"), a
    weight, and the WOFF file's bytes."""

    family: str
    weight: str
    name: str  # the file's name: its content's hash
    data: bytes


@dataclass(frozen=True)
class PageFonts:
    """The faces a page needs beyond the layout's, and the families to name after its own."""

    faces: list[WebFace]
    families: list[str]  # in the order the PDF tries them


def page_text(html: str) -> str:
    """Every character a page shows or may show: its text and its attribute values (alt
    text, titles), not its markup."""
    reader = _Text()
    reader.feed(html)
    reader.close()
    return "".join(reader.parts)


def face_family(face: str) -> str:
    """The CSS family (after "brief-") of a face a chart names by ReportLab's name."""
    return "face-" + hashlib.sha256(face.encode()).hexdigest()[:10]


def page_fonts(
    text: str, styles: Styles, families: list[str], faces: dict[str, set[str]] | None = None
) -> PageFonts:
    """The fallback faces that draw the characters of *text* the layout's *families* (the
    page's body and heading type) do not, subset to those characters; and *faces* (by
    ReportLab's name), each with its characters, for the charts that set text in them."""
    own = [styles.font(family) for family in dict.fromkeys(families)]
    needed: dict[str, set[str]] = {}  # the fallback's regular face -> its characters
    for char in sorted(set(text)):
        if char.isspace() or not char.isprintable() or all(styles.covers(f, char) for f in own):
            continue
        face = styles.fallback_for(char)
        if face is not None and face not in own:
            needed.setdefault(face, set()).add(char)
    found, names = [], []
    for number, (face, chars) in enumerate(needed.items(), start=1):
        family = f"scripts-{number}"
        names.append(family)
        bold = styles.fallback_for(next(iter(sorted(chars))), bold=True)
        files = {"400": _source(face)}
        if bold is not None and _source(bold) != files["400"]:
            files["700"] = _source(bold)
        for weight, path in files.items():
            data = subset(path, "".join(sorted(chars)))
            name = hashlib.sha256(data).hexdigest()[:16] + ".woff"
            found.append(WebFace(family, weight, name, data))
    for face, chars in (faces or {}).items():
        data = subset(_source(face), "".join(sorted(chars)))
        name = hashlib.sha256(data).hexdigest()[:16] + ".woff"
        found.append(WebFace(face_family(face), "400", name, data))
    return PageFonts(found, names)


def subset(path: Path, chars: str) -> bytes:
    """The font at *path* cut down to *chars* (with what its shaping rules reach), as WOFF."""
    from fontTools import subset as subsetting
    from fontTools.ttLib import TTFont

    options = subsetting.Options()
    options.layout_features = ["*"]  # joining, ligatures, marks: all the page may need
    options.hinting = False  # browsers on screens with many pixels do not need it
    options.flavor = "woff"
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6]  # copyright, names, version: the licence asks
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]  # FontForge's timestamps: nothing a browser reads
    font = TTFont(str(path), lazy=True, fontNumber=0)  # glyphs read as the subset needs them
    try:
        subsetter = subsetting.Subsetter(options)
        subsetter.populate(unicodes=[ord(char) for char in chars])
        subsetter.subset(font)
        out = io.BytesIO()
        font.flavor = "woff"
        font.save(out)
    finally:
        font.close()
    return out.getvalue()


def _source(face: str) -> Path:
    from reportlab.pdfbase import pdfmetrics

    return Path(pdfmetrics.getFont(face).source_file)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(value for key, value in attrs if value and key in _SHOWN)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


_SHOWN = {"alt", "title", "aria-label", "placeholder", "value"}
