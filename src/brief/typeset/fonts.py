"""Font lookup and registration: TrueType families from the layout or the bundled fonts.

ReportLab keeps registered fonts in a process-wide registry; names are derived from the font
files' paths so two layouts can use one family name for different files without clashing.
"""

from __future__ import annotations

import functools
import hashlib
import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from reportlab import Version as rl_version
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont, TTFontFace

from brief.core.cache import remembered
from brief.core.errors import LayoutError
from brief.layout.style import FontFamily
from brief.typeset.reportlab_internals import face_from_state, face_state, start_truetype_font

_VARIANTS = ("regular", "bold", "italic", "bold_italic")
_PLAIN_OF = {"bold": "regular", "bold_italic": "italic"}  # each bold face's non-bold face
# OpenType features for shaped text: kerning and standard ligatures. Not ReportLab's default
# "dlig": discretionary ligatures are off unless asked for, and in Hebrew fonts they turn
# two letters into a Yiddish digraph (יו -> ױ), another character in print and in copied text.
SHAPING_FEATURES = {"kern": True, "liga": True}


@dataclass(frozen=True)
class RegisteredFamily:
    regular: str
    bold: str
    italic: str
    bold_italic: str

    def pick(self, bold: bool, italic: bool) -> str:
        if bold and italic:
            return self.bold_italic
        return self.bold if bold else self.italic if italic else self.regular


class BriefTTFont(TTFont):
    """A TrueType font whose ToUnicode map gives the text of every glyph: characters beyond
    the Basic Multilingual Plane as UTF-16 surrogate pairs (ReportLab writes five hex digits,
    which readers reject), and shaped glyphs as the characters they stand for.

    The file is read when the font is first used, not when it is registered: a layout
    registers four faces of each family, and a brief seldom uses them all.
    """

    #: The stroke drawn around each glyph, as a fraction of the size: 0 draws the outlines
    #: as they are; more makes a bold the family lacks (see :class:`EmboldenedTTFont`).
    emboldening = 0.0

    def __init__(self, name: str, filename: str, subfontIndex: int = 0):
        start_truetype_font(
            self, name, _LazyFace(filename, subfontIndex, name, own_name=self.emboldening > 0)
        )
        self.source_file = filename  # the file it embeds, an input of the PDF
        self.code_texts: dict[int, str] = {}  # a code from code_for -> the text it stands for
        self._text_codes: dict[tuple[int, str, float], int] = {}

    def code_for(self, gid: int, text: str, width: float) -> int:
        """A code for glyph *gid* that stands for *text* in copied and searched text.

        A shaped glyph often stands for other characters than the font's character map
        says: an Arabic letter's initial form for the letter itself (not the presentation
        form U+FEE7), a lam-alef ligature for two letters, the Uyghur ae's final form (a
        glyph shared with heh) for ae, the first glyph of a Devanagari syllable for the whole
        syllable. Each (glyph, text) pair gets a code of its own in the supplementary private
        use area, which the ToUnicode map then names as *text*; the codes never appear in the
        PDF (its subsets number glyphs from 0), only the glyphs and the texts do. *width* is
        the code's width in the PDF, in thousandths of the size: the glyph's advance, or
        more for a mark that does not advance (see :mod:`brief.typeset.searchable`)."""
        key = (gid, text, width)
        code = self._text_codes.get(key)
        if code is None:
            # a code's range says its text's direction: a line's words are ordered by their
            # characters' direction (brief.typeset.bidi), and a code is a character there
            code = _CODES_BY_DIRECTION[_direction(text)] + len(self._text_codes)
            self._text_codes[key] = code
            self.code_texts[code] = text
            face = self.face
            face.charToGlyph[code] = gid
            face.charWidths[code] = width
        return code

    def text_of(self, code: int) -> str:
        """What the character *code* of this font stands for in copied text."""
        return self.code_texts.get(code, chr(code))

    def addObjects(self, doc: Any) -> None:
        super().addObjects(doc)
        # ReportLab names each subset's map 'toUnicodeCMap:<prefix>+<face name>'.
        face = (self.face.name + self.face.subfontNameX).decode("pdfdoc")
        for name, obj in doc.idToObject.items():
            if (
                name.startswith("toUnicodeCMap:")
                and name.endswith("+" + face)
                and not getattr(obj, "_brief_utf16", False)
            ):
                obj.content = _ENTRY.sub(self._utf16_entry, obj.content)
                obj._brief_utf16 = True

    def _utf16_entry(self, match: re.Match[str]) -> str:
        text = self.text_of(int(match.group(2), 16))
        return f"{match.group(1)}<{text.encode('utf-16-be').hex().upper()}>"


class EmboldenedTTFont(BriefTTFont):
    """The regular face of a family that has no bold (Chinese, Yi, many Indic fonts), drawn
    bold: each glyph filled and stroked with a line of a thirtieth of the size (text rendering
    mode 2), as word processors and browsers synthesise bold. The text, its widths and its
    tagging are those of the regular face."""

    emboldening = 1 / 30


class _LazyFace:
    """A TrueType face that reads its file when first asked for anything but its name, and
    then becomes the ReportLab face it stands for."""

    def __init__(self, filename: str, subfont: int, key: str, own_name: bool = False):
        self._source = (filename, subfont)
        self._own_name = own_name  # a second registration of a file: a subset of its own
        # ReportLab's registry reuses an earlier font of the same face name: until the file
        # is read, the name is the registration's own, unique to the file.
        self.name = key.encode()
        with open(filename, "rb") as file:
            magic = file.read(4)
        if magic not in _TRUETYPE:
            kind = "PostScript (CFF) outlines" if magic == b"OTTO" else "not a TrueType font"
            raise TTFError(f"{kind}; brief embeds TrueType fonts")

    def __getattr__(self, attribute: str) -> Any:
        filename, subfont = self.__dict__["_source"]
        try:
            face = _read_face(Path(filename), subfont)
        except Exception as exc:  # ReportLab reports a damaged file in many ways
            raise LayoutError.at(
                Path(filename), f"cannot read this font: damaged ({type(exc).__name__}: {exc})"
            ) from None
        own_name = self.__dict__["name"]
        self.__dict__.update(face.__dict__)
        # Two files with one PostScript name (a layout's copy of a bundled font) would give
        # two subsets of one name, which ReportLab refuses as a redefined object: the second
        # file read keeps the registration's own name, unique to its path.
        if self.__dict__["_own_name"] or _FACE_FILES.setdefault(face.name, filename) != filename:
            self.__dict__["name"] = own_name
        self.__class__ = TTFontFace
        return getattr(self, attribute)


_FACE_FILES: dict[bytes, str] = {}  # PostScript name -> the first file read under it


def _read_face(path: Path, subfont: int) -> TTFontFace:
    """The parsed face, kept in brief's cache while the file is unchanged: parsing takes
    10 to 15 ms a face, loading the kept copy a fifth of that."""
    stat = path.stat()
    where = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
    key = f"{path.stem}-{where}-{stat.st_size}-{stat.st_mtime_ns}-{subfont}-rl{rl_version}"

    return remembered(
        "fonts",
        key,
        lambda: TTFontFace(str(path), subfontIndex=subfont),
        face_state,
        face_from_state,
    )


_TRUETYPE = (b"\x00\x01\x00\x00", b"true", b"ttcf")
# The codes of code_for, in the supplementary private use areas, by the direction of their
# text: left to right (plane 15), right to left (plane 16), and neither (punctuation, marks,
# digits: the second half of plane 16).
RIGHT_TO_LEFT_CODES = 0x100000
NEUTRAL_CODES = 0x108000
_CODES_BY_DIRECTION = {"L": 0xF0000, "R": RIGHT_TO_LEFT_CODES, "N": NEUTRAL_CODES}


def _direction(text: str) -> str:
    """L, R or N: the direction of *text*'s first strong character, if it has one."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "L"
        if kind in ("R", "AL"):
            return "R"
    return "N"


# Entries for code points past U+FFFF or in the private-use area: the ones to rewrite.
_ENTRY = re.compile(r"^(<[0-9A-F]{2}> )<([0-9A-F]{5,6}|E[0-9A-F]{3}|F[0-8][0-9A-F]{2})>$", re.M)


def is_synthesised(font: str) -> bool:
    """Whether the registered *font* is a bold synthesised from a regular face."""
    return getattr(pdfmetrics.getFont(font), "emboldening", 0) > 0


def glyphs(font: str) -> dict[int, int]:
    """The code points the registered *font* can draw, mapped to its glyphs."""
    return pdfmetrics.getFont(font).face.charToGlyph


def draws(font: str, text: str) -> bool:
    """Whether *font* has a glyph for every character of *text*."""
    table = glyphs(font)
    return all(ord(char) in table for char in text)


def bundled_fonts_dir() -> Path:
    """The fonts shipped with brief: package data when installed, ``fonts/`` in a checkout."""
    packaged = Path(str(resources.files("brief") / "fonts"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "fonts"
    if checkout.is_dir():
        return checkout
    raise LayoutError.at(None, "the bundled fonts are missing from this installation of brief")


def find_font_file(name: str, folders: tuple[Path, ...], style_path: Path, key: str) -> Path:
    """A font file named in a style: looked for in the layout folders, then the bundled fonts.

    The file's real path is returned (every link resolved, and checked to lie inside the
    folder), and the font is read from that path: a link swapped afterwards is not followed."""
    for folder in (*folders, bundled_fonts_dir()):
        for candidate in (folder / name, folder / "fonts" / name):
            if candidate.is_file():
                real = candidate.resolve()
                if not real.is_relative_to(folder.resolve()):
                    raise LayoutError.at(
                        style_path, f"font file '{name}' lies outside the folder {folder}", key=key
                    )
                return real
    raise LayoutError.at(
        style_path, f"font file '{name}' not found in the layout or the bundled fonts", key=key
    )


_NAMED_FILES: dict[str, Path] = {}  # registration name -> the file registered under it


def _registration_name(path: Path, subfont: int) -> str:
    """A name for *path*'s face that does not depend on the folder it is in; a second file
    of the same name and size elsewhere (a layout's edited copy) is told apart by its path."""
    resolved = path.resolve()
    fingerprint = f"{path.name}#{resolved.stat().st_size}#{subfont}"
    name = f"{path.stem}-{hashlib.sha1(fingerprint.encode()).hexdigest()[:8]}"
    if _NAMED_FILES.setdefault(name, resolved) != resolved:
        digest = hashlib.sha1(f"{resolved}#{subfont}".encode()).hexdigest()[:8]
        name = f"{path.stem}-{digest}"
    return name


def register_file(
    path: Path, style_path: Path | None, key: str, subfont: int = 0, emboldened: bool = False
) -> str:
    """Register one TrueType file with ReportLab, once; its name derives from the file's
    name, size and face, so the same fonts give the same PDF wherever brief is installed
    (a name can reach the PDF as a subset's name).
    *emboldened* registers it as a synthesised bold (:class:`EmboldenedTTFont`)."""
    name = _registration_name(path, subfont) + ("-emboldened" if emboldened else "")
    if name not in pdfmetrics.getRegisteredFontNames():
        kind = EmboldenedTTFont if emboldened else BriefTTFont
        try:
            pdfmetrics.registerFont(kind(name, str(path), subfontIndex=subfont))
        except (TTFError, OSError) as exc:
            raise LayoutError.at(
                style_path, f"cannot use font '{path.name}': {exc}", key=key
            ) from None
    return name


def register_family(
    family: str, spec: FontFamily, folders: tuple[Path, ...], style_path: Path
) -> RegisteredFamily:
    """Register the four faces of *family* with ReportLab, once per distinct file (and
    once per process for the same family, files and folders)."""
    files = tuple(getattr(spec, variant) for variant in _VARIANTS)
    return _register_family(family, files, folders, style_path)


@functools.lru_cache(maxsize=128)
def _register_family(
    family: str, files: tuple[str, ...], folders: tuple[Path, ...], style_path: Path
) -> RegisteredFamily:
    paths = {
        variant: find_font_file(file, folders, style_path, f"fonts.{family}.{variant}")
        for variant, file in zip(_VARIANTS, files, strict=True)
    }
    return register_paths(paths, style_path, f"fonts.{family}")


def register_paths(paths: dict[str, Path], style_path: Path | None, key: str) -> RegisteredFamily:
    """Register a family's four faces (*paths* by variant). A bold that is the same file
    as its upright or italic counterpart (a family without a bold) is synthesised from it."""
    names = {}
    for variant, path in paths.items():
        plain = _PLAIN_OF.get(variant)
        emboldened = plain is not None and path == paths[plain]
        names[variant] = register_file(path, style_path, f"{key}.{variant}", emboldened=emboldened)
    return _map_faces(RegisteredFamily(**names))


def _map_faces(registered: RegisteredFamily) -> RegisteredFamily:
    """Map <b> and <i> inside paragraphs to the family's faces."""
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(registered.regular, bold, italic, registered.pick(bool(bold), bool(italic)))
    return registered


def system_font_for(char: str) -> str | None:
    """A font installed on the system that can draw *char*, found through fontconfig and
    registered under its own name; None without fontconfig or such a font. Regular faces
    are preferred; fonts ReportLab cannot embed (PostScript outlines) are skipped."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        found = subprocess.run(
            [fc_list, "--format=%{file}|%{index}\n", f":charset={ord(char):x}"],
            capture_output=True,
            text=True,
            timeout=20,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    candidates = sorted(
        {line.rpartition("|") for line in found.splitlines() if "|" in line},
        key=lambda c: (bool(_STYLED.search(Path(c[0]).stem)), c[0]),
    )
    for file, _, index in candidates:
        path = Path(file)
        if path.suffix.lower() not in (".ttf", ".ttc", ".otf"):
            continue
        try:
            name = register_file(path, None, "", int(index or 0))
        except LayoutError:
            continue
        if draws(name, char):
            return _map_faces(RegisteredFamily(name, name, name, name)).regular
    return None


_STYLED = re.compile(r"bold|italic|oblique|light|thin|black|condensed", re.IGNORECASE)
