"""The layout style file (``style.toml``): page, colours, fonts, paragraph, table and box styles.

Lengths are points, or strings with a unit (``"20mm"``, ``"1.5cm"``, ``"0.75in"``, ``"12pt"``).
Colours are ``#rrggbb``/``#rgb``, a name from the layout's ``[colors]`` palette, or a CSS name.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from brief.core.errors import Problem
from brief.core.units import Length


def _colour(value: Any) -> Any:
    if not isinstance(value, str) or not re.fullmatch(
        r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|[a-z_]\w*", value.strip()
    ):
        raise ValueError("must be a colour: '#1f3a5f', '#fff' or a colour name")
    return value.strip()


def _optional_colour(value: Any) -> Any:
    return None if value == "" else _colour(value)


Colour = Annotated[str, BeforeValidator(_colour)]
OptionalColour = Annotated[str | None, BeforeValidator(_optional_colour)]


class _Model(BaseModel):
    # Built when first used; a style that validated before comes from the cache
    # (brief.core.cache.validated): building the validators is 12 ms of a first render.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class PageStyle(_Model):
    size: Literal["A4", "Letter"] = Field("A4", description="Paper size.")
    margin_top: Length = Field(72.0, description="Top margin of the text frame.")
    margin_bottom: Length = 72.0
    margin_left: Length = 72.0
    margin_right: Length = 72.0
    columns: int = Field(1, ge=1, le=4, description="Text columns on body pages.")
    column_gap: Length = Field(18.0, description="Space between columns.")
    cover_columns: int = Field(
        1, ge=1, le=4, description="Text columns on the first page, below its header area."
    )
    cover_header_height: Length = Field(
        0.0,
        description="Height of a full-width area at the top of a first page with "
        "columns (title, band); <frame-break/> moves on to the columns.",
    )


class FontFamily(_Model):
    """Four TrueType files; names are looked up in the layout folder, then the bundled fonts."""

    regular: str
    bold: str
    italic: str
    bold_italic: str
    digits: str | None = Field(
        None,
        description="Family (from [fonts]) for the digits and Latin letters inside this "
        "family's own text when it has none of its own: a sans for a Chinese sans (hei), so "
        "'2025年' is not set in the serif of the text around it.",
    )


class ParagraphStyle(_Model):
    parent: str | None = Field(None, description="Style whose settings this one starts from.")
    font: str | None = Field(None, description="Font family name from [fonts].")
    bold: bool | None = None
    italic: bool | None = None
    size: float | None = Field(None, gt=0, description="Font size in points.")
    leading: float | None = Field(None, gt=0, description="Line height in points.")
    color: Colour | None = None
    align: Literal["left", "right", "center", "justify"] | None = None
    space_before: Length | None = None
    space_after: Length | None = None
    left_indent: Length | None = None
    first_line_indent: Length | None = None
    keep_with_next: bool | None = Field(None, description="Keep with the following block.")
    uppercase: bool | None = Field(None, description="Set the text in capitals.")
    hyphenate: bool | None = Field(
        None, description="Hyphenate by the brief's language (for justified body text)."
    )


class TableStyle(_Model):
    font: str = "sans"
    size: float = Field(8.5, gt=0, description="Cell text size in points.")
    leading: float = Field(11.0, gt=0)
    min_size: float = Field(
        6.5,
        gt=0,
        description="Smallest size a wide table may step down to before it is "
        "set on a landscape page.",
    )
    header_background: Colour = "primary"
    header_text: Colour = "white"
    header_bold: bool = True
    zebra: OptionalColour = Field("#f2f4f7", description="Background of every other body row.")
    rule: Colour = "#c9d1d9"
    rule_width: float = 0.5
    padding: Length = 4.0
    caption_style: str = Field("caption", description="Paragraph style of captions.")
    note_style: str = Field("table_note", description="Paragraph style of notes under tables.")
    space_before: Length = 6.0
    space_after: Length = 10.0
    keep_whole: float = Field(
        1 / 3,
        ge=0,
        le=1,
        description="A table that fits on a page is not split across two: it moves to the "
        "next page when no more than this share of the page stays empty (0: always split).",
    )


class BoxStyle(_Model):
    background: OptionalColour = None
    border: OptionalColour = None
    border_width: float = 0.0
    accent: OptionalColour = Field(None, description="Colour of a bar on the box's left edge.")
    accent_width: float = 3.0
    padding: Length = 10.0
    space_before: Length = 6.0
    space_after: Length = 10.0


class BandStyle(_Model):
    """A full-width colour band, bled to the page edges (e.g. the top of a cover)."""

    background: Colour = "primary"
    padding_top: Length = 24.0
    padding_bottom: Length = 24.0
    bleed_top: bool = Field(True, description="Extend the band up to the top edge of the page.")
    fill_page: bool = Field(
        False, description="Extend the band down to the bottom edge of the page (a cover)."
    )
    space_after: Length = 18.0


class RunningStyle(_Model):
    """Running header and footer on body pages."""

    font: str = "sans"
    size: float = 8.0
    color: Colour = "muted"
    rule: OptionalColour = "rule"
    rule_width: float = 0.5
    header_offset: Length = Field(30.0, description="Header baseline above the text frame.")
    footer_offset: Length = Field(32.0, description="Footer baseline below the text frame.")
    native_digits: bool = Field(
        False,
        description="Page numbers in the language's own digits where it has them (Arabic-Indic "
        "in Arabic, Persian digits in Persian).",
    )


# Okabe and Ito's colour-blind-safe hues, darkened where needed so each keeps a 3:1 contrast
# with a white page (WCAG 1.4.11, for the parts of a graphic); checked like every colour.
CHART_PALETTE = ["#0072B2", "#D55E00", "#117733", "#882255", "#332288", "#AA4499", "#8A6A00"]


class ChartStyle(_Model):
    """Charts drawn from tables ([[charts]] in a spec)."""

    palette: list[Colour] | None = Field(
        None,
        description="Colours of the series, in order (default: from the layout's primary and "
        "accent colours, then further hues, each 3:1 from the page and from its neighbour).",
    )
    highlight: Colour = Field("accent", description="Colour of the highlighted category.")
    muted: Colour = Field(
        "#8a96a3", description="Colour of the other categories when one is highlighted."
    )
    font: str = Field("sans", description="Font family of labels and the legend.")
    size: float = Field(7.5, description="Type size of labels, in points.")
    text: Colour = Field("text", description="Colour of labels.")
    grid: OptionalColour = Field("rule", description="Colour of the value gridlines.")
    height: Length = Field(190.0, description="Height of a chart (a horizontal bar chart "
                           "grows with its categories).")  # fmt: skip
    space_before: Length = 6.0
    space_after: Length = 10.0


class HyphenationStyle(_Model):
    exceptions: list[str] = Field(
        default_factory=list,
        description="Words written with a hyphen wherever they may break, as TeX's "
        "\\hyphenation: 'rel-a-tive'; a word without hyphens ('Belarus') is never broken. "
        "They replace the language's patterns for those words, in any case.",
    )


class ListStyle(_Model):
    bullet: str = Field("•", description="Bullet character for unordered lists.")
    bullet_color: Colour = "accent"
    indent: Length = 14.0
    item_space: Length = 3.0


class Style(_Model):
    page: PageStyle = Field(default_factory=PageStyle)
    colors: dict[str, Colour] = Field(default_factory=dict, description="Named colours.")
    fonts: dict[str, FontFamily] = Field(default_factory=dict, description="Font families.")
    font_fallbacks: list[str] = Field(
        default_factory=list,
        description="Families (from [fonts]) that draw characters the text's own font lacks, "
        'tried in order; loaded only when needed. "scripts" is brief\'s bundled fonts for '
        "the world's scripts (tried after the families when not named).",
    )
    shaping: Literal["auto", "always"] = Field(
        "auto",
        description="'auto' shapes with HarfBuzz only the text whose script needs it (Arabic, "
        "Hebrew); 'always' also kerns and ligates every paragraph, at several times the "
        "typesetting time.",
    )
    system_fonts: bool = Field(
        True,
        description="Look for characters no family of the layout can draw among the fonts "
        "installed on the system (through fontconfig's fc-list), before reporting them.",
    )
    paragraphs: dict[str, ParagraphStyle] = Field(default_factory=dict)
    table: TableStyle = Field(default_factory=TableStyle)
    charts: ChartStyle = Field(default_factory=ChartStyle)
    boxes: dict[str, BoxStyle] = Field(default_factory=dict)
    bands: dict[str, BandStyle] = Field(default_factory=dict)
    lists: ListStyle = Field(default_factory=ListStyle)
    hyphenation: HyphenationStyle = Field(default_factory=HyphenationStyle)
    running: RunningStyle = Field(default_factory=RunningStyle)
    texts: dict[str, str | dict[str, str]] = Field(
        default_factory=dict,
        description="Free texts for templates (the organisation's address, a disclaimer) and "
        "brief's own words by message name; a table named by a language ([texts.fr]) holds "
        "the words for that language.",
    )


def check_references(style: Style, named_colours: set[str]) -> list[tuple[str, str]]:
    """(key, message) for every colour, font or parent style the style file names but lacks."""
    found: list[tuple[str, str]] = []

    def colour(key: str, value: str | None) -> None:
        if (
            value
            and not value.startswith("#")
            and value not in style.colors
            and value not in named_colours
        ):
            found.append((key, f"unknown colour '{value}' (not in [colors] nor a CSS name)"))

    def font(key: str, value: str | None) -> None:
        if value and value not in style.fonts:
            found.append(
                (
                    key,
                    f"unknown font family '{value}' (defined: "
                    f"{', '.join(sorted(style.fonts)) or 'none'})",
                )
            )

    for name, value in style.colors.items():
        if not value.startswith("#") and value not in named_colours:
            found.append((f"colors.{name}", f"unknown colour '{value}'"))
    for name, family in style.fonts.items():
        font(f"fonts.{name}.digits", family.digits)
    for index, name in enumerate(style.font_fallbacks, start=1):
        if name != "scripts":  # brief's own script fonts, not a family of the layout
            font(f"font_fallbacks[{index}]", name)
    for name, para in style.paragraphs.items():
        colour(f"paragraphs.{name}.color", para.color)
        font(f"paragraphs.{name}.font", para.font)
        if para.parent and para.parent not in style.paragraphs:
            found.append((f"paragraphs.{name}.parent", f"unknown paragraph style '{para.parent}'"))
    for section, model in (
        ("table", style.table),
        ("running", style.running),
        ("lists", style.lists),
        *((f"boxes.{k}", v) for k, v in style.boxes.items()),
        *((f"bands.{k}", v) for k, v in style.bands.items()),
    ):
        for field_name, value in model:
            if field_name in ("font",):
                font(f"{section}.{field_name}", value)
            elif field_name in (
                "background",
                "border",
                "accent",
                "header_background",
                "header_text",
                "zebra",
                "rule",
                "color",
                "bullet_color",
            ):
                colour(f"{section}.{field_name}", value)
    charts = style.charts
    font("charts.font", charts.font)
    for key in ("highlight", "muted", "text", "grid"):
        colour(f"charts.{key}", getattr(charts, key))
    for index, value in enumerate(charts.palette or [], start=1):
        colour(f"charts.palette[{index}]", value)
    if charts.palette is not None and not charts.palette:
        found.append(("charts.palette", "needs at least one colour"))
    for key in ("caption_style", "note_style"):
        value = getattr(style.table, key)
        if value not in style.paragraphs:
            found.append((f"table.{key}", f"unknown paragraph style '{value}'"))
    return found


def as_problems(path: Any, pairs: list[tuple[str, str]]) -> list[Problem]:
    return [Problem(path, message, key=key) for key, message in pairs]
