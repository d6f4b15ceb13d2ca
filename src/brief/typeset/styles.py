"""The layout's style resolved into ReportLab objects: fonts, colours, paragraph styles.

Paragraph styles inherit through ``parent``; fallback font families are registered only when
some character needs them; the bullet must be a character the list font can draw.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle

from brief.core.errors import LayoutError, StoryError
from brief.layout.catalogue import is_right_to_left
from brief.layout.loader import Layout
from brief.layout.style import Style
from brief.typeset.coverage import ScriptFont, font_drawing, font_of_script, fonts_drawing_all
from brief.typeset.fonts import (
    RegisteredFamily,
    bundled_fonts_dir,
    draws,
    glyphs,
    is_synthesised,
    register_family,
    register_paths,
    system_font_for,
)
from brief.typeset.hyphenation import hyphenation_language

SCRIPT_FONTS = "scripts"  # in a layout's font_fallbacks: where brief's script fonts are tried
PAGE_SIZES = {"A4": A4, "Letter": LETTER}  # the sizes a style's page may name
_ALIGN = {"left": TA_LEFT, "right": TA_RIGHT, "center": TA_CENTER, "justify": TA_JUSTIFY}


@dataclass
class Styles:
    """The layout's style resolved into ReportLab objects."""

    style: Style
    families: dict[str, RegisteredFamily]
    paragraphs: dict[str, ParagraphStyle] = field(default_factory=dict)
    style_path: Path | None = None  # the layout's style file, for messages
    folders: tuple[Path, ...] = ()  # the layout's folders, to find fallback fonts in
    system_found: dict[str, str | None] = field(default_factory=dict)  # char -> system font
    language: str = "en"  # the brief's, for what depends on it (capitals of a dotted i)

    @property
    def mirrored(self) -> bool:
        """Whether the brief is written from right to left, and its pages mirror."""
        return is_right_to_left(self.language)

    def covers(self, font: str, char: str) -> bool:
        return ord(char) in self.glyphs(font)

    def glyphs(self, font: str) -> dict[int, int]:
        """The code points *font* can draw (mapped to its glyphs)."""
        return glyphs(font)

    def fallback_for(self, char: str, bold: bool = False, italic: bool = False) -> str | None:
        """The first fallback font that can draw *char*, registered when first needed, in
        the face (bold, italic) of the text around it when the family has one.

        The layout's fallback families are tried in order; at the place of ``"scripts"``
        among them (else after them) brief's font for *char*'s script; then any bundled font
        that draws it (symbols); then, if the layout allows, the system's fonts."""
        for name in self.fallback_names():
            if name == SCRIPT_FONTS:
                bundled = font_of_script(char)
                if bundled is not None:
                    return self._bundled_face(bundled, char, bold, italic)
            elif self.covers(self._family(name).regular, char):
                return self._face(self.families[name], char, bold, italic)
        bundled = font_drawing(char)
        if bundled is not None:
            return self._bundled_face(bundled, char, bold, italic)
        if not self.style.system_fonts:
            return None
        if char not in self.system_found:
            self.system_found[char] = system_font_for(char)
        return self.system_found[char]

    def fallback_for_all(self, text: str, bold: bool = False, italic: bool = False) -> str | None:
        """The first fallback font that can draw every character of *text*: one of the
        layout's fallback families, else one of brief's bundled fonts. In bold, the first
        with a bold face of its own is preferred to one whose bold is synthesised (an
        Arabic word in parentheses: Noto Sans Arabic Bold, not DejaVu Sans made bold)."""
        needed = "".join(char for char in text if not char.isspace())
        candidates = (
            self._family(name)
            for name in self.fallback_names()
            if name != SCRIPT_FONTS and draws(self._family(name).regular, needed)
        )
        bundled = (_bundled_family(f.regular, f.bold) for f in fonts_drawing_all(needed))
        first = None
        for family in itertools.chain(candidates, bundled):
            if not bold or not is_synthesised(family.pick(True, italic)):
                return self._face(family, needed, bold, italic)
            first = first or family
        return None if first is None else self._face(first, needed, bold, italic)

    def digits_font(self, font: str, bold: bool = False, italic: bool = False) -> str | None:
        """The face that sets the digits and Latin letters inside text in *font*, where the
        family *font* belongs to names one (its ``digits`` key)."""
        for name, family in self.families.items():
            if font in (family.regular, family.bold, family.italic, family.bold_italic):
                companion = self.style.fonts[name].digits if name in self.style.fonts else None
                return self.font(companion, bold, italic) if companion else None
        return None

    def _bundled_face(self, font: ScriptFont, text: str, bold: bool, italic: bool) -> str:
        return self._face(_bundled_family(font.regular, font.bold), text, bold, italic)

    def fallback_names(self) -> list[str]:
        """The layout's fallback families in order, with brief's script fonts among them."""
        names = self.style.font_fallbacks
        return names if SCRIPT_FONTS in names else [*names, SCRIPT_FONTS]

    def face_of(self, font: str) -> tuple[bool, bool]:
        """Whether *font* is a bold and an italic face of one of the layout's families."""
        for family in self.families.values():
            if font == family.regular:
                return False, False
            for bold, italic in ((True, False), (False, True), (True, True)):
                if font == family.pick(bold, italic):
                    return bold, italic
        return False, False

    def _face(self, family: RegisteredFamily, text: str, bold: bool, italic: bool) -> str:
        face = family.pick(bold, italic)
        return face if draws(face, text) else family.regular

    def _family(self, name: str) -> RegisteredFamily:
        if name not in self.families:
            self.families[name] = register_family(
                name, self.style.fonts[name], self.folders, self.style_path or Path()
            )
        return self.families[name]

    def colour(self, value: str | None) -> colors.Color | None:
        if value is None:
            return None
        value = self.style.colors.get(value, value)
        if value.startswith("#"):
            return colors.HexColor(
                value if len(value) == 7 else "#" + "".join(c * 2 for c in value[1:])
            )
        return colors.getAllNamedColors()[value]

    def named_colour(self, *names: str, default: colors.Color = colors.black) -> colors.Color:
        """The first of *names* defined in the layout's palette, else *default*."""
        for name in names:
            if name in self.style.colors:
                return self.colour(name)
        return default

    def frame_size(self, landscape: bool = False) -> tuple[float, float]:
        """Width and height of the text frame on a portrait (or landscape) body page."""
        page = self.style.page
        width, height = PAGE_SIZES[page.size]
        if landscape:
            width, height = height, width
        return (
            width - page.margin_left - page.margin_right,
            height - page.margin_top - page.margin_bottom,
        )

    def column_width(self) -> float:
        """Width of one text column on a body page (the frame's, with one column)."""
        page = self.style.page
        width = self.frame_size()[0]
        columns = max(page.columns, page.cover_columns)
        return (width - page.column_gap * (columns - 1)) / columns

    def font(self, family: str, bold: bool = False, italic: bool = False) -> str:
        """The face of *family*, registered when first used (a table may be set in a family
        the layout otherwise keeps for fallbacks)."""
        return self._family(family).pick(bold, italic)

    def paragraph(self, name: str, where: str = "") -> ParagraphStyle:
        try:
            return self.paragraphs[name]
        except KeyError:
            raise StoryError.at(
                None,
                f"unknown paragraph style '{name}'{where}; the layout "
                f"defines: {', '.join(sorted(self.paragraphs))}",
            ) from None


@functools.lru_cache(maxsize=256)
def _bundled_family(regular: str, bold: str | None) -> RegisteredFamily:
    """One of brief's bundled fonts as a family: its bold, or one synthesised."""
    folder = bundled_fonts_dir()
    upright = folder / regular
    heavy = folder / bold if bold else upright
    paths = {"regular": upright, "bold": heavy, "italic": upright, "bold_italic": heavy}
    return register_paths(paths, None, f"fonts ({regular})")


def mirror(style: ParagraphStyle) -> ParagraphStyle:
    """*style* for a page that runs from the right: text aligned to the start is aligned
    right and indents move to the right, whatever the direction of the text itself (so a
    line in Latin letters on an Arabic cover lines up with the rest); right-to-left text in
    it is not flipped again (see :func:`brief.typeset.bidi.bidi_style`)."""
    style.alignment = {TA_LEFT: TA_RIGHT, TA_RIGHT: TA_LEFT}.get(style.alignment, style.alignment)
    style.leftIndent, style.rightIndent = style.rightIndent, style.leftIndent
    style.mirrored = True
    return style


def resolve_styles(layout: Layout, language: str = "en") -> Styles:
    """ReportLab styles for *layout*; hyphenating styles follow the brief's *language*."""
    style = layout.style
    style_path = layout.folder / "style.toml"
    eager = {name: spec for name, spec in style.fonts.items() if name not in style.font_fallbacks}
    families = {
        name: register_family(name, spec, layout.folders, style_path)
        for name, spec in eager.items()
    }
    if not families:
        raise LayoutError.at(style_path, "the layout defines no fonts", key="fonts")
    styles = Styles(
        style, families, style_path=style_path, folders=layout.folders, language=language
    )
    default_family = next(iter(families))
    resolved: dict[str, dict[Any, Any]] = {}

    def settings(name: str, seen: tuple[str, ...] = ()) -> dict[Any, Any]:
        if name in resolved:
            return resolved[name]
        if name in seen:
            raise LayoutError.at(
                style_path,
                "paragraph styles inherit from each other in a loop",
                key=f"paragraphs.{name}.parent",
            )
        spec = style.paragraphs[name]
        base = settings(spec.parent, (*seen, name)) if spec.parent else {}
        own = {  # its fields are plain values: no dump (which would build a serialiser)
            name: value
            for name in type(spec).model_fields
            if name != "parent" and (value := getattr(spec, name)) is not None
        }
        resolved[name] = {**base, **own}
        return resolved[name]

    for name in style.paragraphs:
        s = settings(name)
        size = s.get("size", 10.0)
        styles.paragraphs[name] = ParagraphStyle(
            name,
            fontName=styles.font(
                s.get("font", default_family), s.get("bold", False), s.get("italic", False)
            ),
            fontSize=size,
            leading=s.get("leading", size * 1.25),
            textColor=styles.colour(s.get("color", "black")),
            alignment=_ALIGN[s.get("align", "left")],
            spaceBefore=s.get("space_before", 0),
            spaceAfter=s.get("space_after", 0),
            leftIndent=s.get("left_indent", 0),
            firstLineIndent=s.get("first_line_indent", 0),
            keepWithNext=int(s.get("keep_with_next", False)),
            textTransform="uppercase" if s.get("uppercase") else None,
            bulletFontName=styles.font(s.get("font", default_family)),
            allowWidows=0,
            allowOrphans=0,
            hyphenationLang=(
                hyphenation_language(language, tuple(style.hyphenation.exceptions))
                if s.get("hyphenate")
                else ""
            ),
            uriWasteReduce=0.3,
            shaping=int(style.shaping == "always"),
        )
    if styles.mirrored:
        for paragraph_style in styles.paragraphs.values():
            mirror(paragraph_style)
    item = styles.paragraphs.get("list_item")
    _check_bullet(
        style.lists.bullet, item.fontName if item else styles.font(default_family), style_path
    )
    return styles


def _check_bullet(bullet: str, font: str, path: Path) -> None:
    """A bullet the list font cannot draw would print as nothing: refuse it."""
    from reportlab.pdfbase import pdfmetrics

    if not draws(font, bullet):
        face = pdfmetrics.getFont(font).face
        name = face.name.decode() if isinstance(face.name, bytes) else face.name
        raise LayoutError.at(
            path, f"the bullet '{bullet}' has no glyph in the font {name}", key="lists.bullet"
        )
