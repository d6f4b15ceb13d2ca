"""Font lookup and registration: TrueType families from the layout or the bundled fonts.

ReportLab keeps registered fonts in a process-wide registry; names are derived from the font
files' paths so two layouts can use one family name for different files without clashing.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from brief.errors import LayoutError, is_inside
from brief.style import FontFamily

_VARIANTS = ("regular", "bold", "italic", "bold_italic")


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


def bundled_fonts_dir() -> Path:
    """The fonts shipped with brief: package data when installed, ``fonts/`` in a checkout."""
    packaged = Path(str(resources.files("brief") / "fonts"))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "fonts"
    if checkout.is_dir():
        return checkout
    raise LayoutError.at(None, "the bundled fonts are missing from this installation of brief")


def find_font_file(name: str, folders: tuple[Path, ...], style_path: Path, key: str) -> Path:
    """A font file named in a style: looked for in the layout folders, then the bundled fonts."""
    for folder in (*folders, bundled_fonts_dir()):
        for candidate in (folder / name, folder / "fonts" / name):
            if candidate.is_file():
                if not is_inside(candidate, folder):
                    raise LayoutError.at(
                        style_path, f"font file '{name}' lies outside the folder {folder}", key=key
                    )
                return candidate
    raise LayoutError.at(
        style_path, f"font file '{name}' not found in the layout or the bundled fonts", key=key
    )


def register_family(
    family: str, spec: FontFamily, folders: tuple[Path, ...], style_path: Path
) -> RegisteredFamily:
    """Register the four faces of *family* with ReportLab, once per distinct file."""
    names = {}
    for variant in _VARIANTS:
        path = find_font_file(
            getattr(spec, variant), folders, style_path, f"fonts.{family}.{variant}"
        )
        digest = hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]
        name = f"{path.stem}-{digest}"
        if name not in pdfmetrics.getRegisteredFontNames():
            try:
                pdfmetrics.registerFont(TTFont(name, str(path)))
            except (TTFError, OSError) as exc:
                raise LayoutError.at(
                    style_path,
                    f"cannot use font '{path.name}': {exc}",
                    key=f"fonts.{family}.{variant}",
                ) from None
        names[variant] = name
    registered = RegisteredFamily(**names)
    # Map <b> and <i> inside paragraphs to this family's faces.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(registered.regular, bold, italic, registered.pick(bool(bold), bool(italic)))
    return registered
