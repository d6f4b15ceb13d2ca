"""The state of a story being built, and what every element needs: text in the right font
with fallbacks, inline markup (always escaped), links, contrast checks and lengths."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph

from brief.core.errors import Problem, StoryError, warn, warnings_wanted
from brief.core.limits import Limits
from brief.core.units import points
from brief.layout.contrast import contrast, required
from brief.typeset.scripts import escape, fallback_markup, paragraph, quote_attribute
from brief.typeset.styles import Styles

INLINE = {"b", "i", "u", "strike", "sup", "sub", "br", "a", "code"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Destinations of "#name" links are named apart from brief's own (h1, t1...) by this prefix.
ANCHOR = "anchor:"
_SPACE = re.compile(r"\s+")


@dataclass
class StoryBuilder:
    styles: Styles
    template: Path
    roots: list[Path] = field(default_factory=list)
    folders: tuple[Path, ...] = ()
    limits: Limits = field(default_factory=Limits)
    backgrounds: list[tuple[colors.Color, str]] = field(default_factory=list)
    checked: set[tuple[str, str, str]] = field(default_factory=set)
    font: str | None = None  # the font text is being set in, for fallback decisions
    missing: dict[str, str] = field(default_factory=dict)  # character -> where it was seen
    heading_level: int = 0  # of the last heading: tagged headings never skip a level
    targets: set[str] = field(default_factory=set)  # names "#name" links may lead to
    dotted_capitals: bool = False  # set by set_in()
    current_size: float = 10.0  # of the text being set, for contrast checks; set by set_in()
    # Story element name -> what builds it (brief.typeset.story.elements.ELEMENTS).
    elements: dict[str, Callable[..., list[Any]]] = field(default_factory=dict)

    def check_contrast(self, style: ParagraphStyle, key: str) -> None:
        """Warn once per style and background when text falls below WCAG AA contrast."""
        colour = style.textColor or colors.black
        self.check_colour(colour, style.fontSize, "Bold" in style.fontName, key)

    def check_colour(
        self,
        colour: colors.Color,
        size: float,
        bold: bool,
        key: str,
        on: tuple[colors.Color, str] | None = None,
    ) -> None:
        """Warn once per colour, key and background when text in *colour* at *size* falls
        below WCAG AA contrast on the current background (or *on*): heading numbers, links,
        bullets and table rows as well as paragraphs."""
        background, where = on or (self.backgrounds[-1] if self.backgrounds else (colors.white, ""))
        seen = (key, colour.hexval(), background.hexval())
        if not warnings_wanted() or seen in self.checked:
            return
        self.checked.add(seen)
        ratio = contrast(colour, background)
        needed = required(size, bold)
        if ratio < needed:
            shown = f"{int(ratio * 100) / 100:.2f}"  # cut, not rounded: 4.499 is not 4.50
            warn(
                Problem(
                    self.styles.style_path,
                    f"text colour #{colour.hexval()[2:]} on "
                    f"{where or 'the page'} (#{background.hexval()[2:]}) has a contrast of "
                    f"{shown}:1, below WCAG AA ({needed:g}:1)",
                    key=key,
                )
            )

    def fail(self, message: str) -> StoryError:
        return StoryError.at(self.template, message)

    def children(self, element: ET.Element) -> list[Flowable]:
        out: list[Flowable] = []
        for child in element:
            out.extend(self.element(child))
        return out

    def element(self, el: ET.Element) -> list[Flowable]:
        handler = self.elements.get(el.tag)
        if handler is None:
            raise self.fail(f"unknown story element <{el.tag}>")
        return handler(self, el)

    def set_in(self, style: ParagraphStyle) -> None:
        """Text from here on is set in *style*: its font decides fallbacks, and in Turkish
        and Azerbaijani capitals a dotted i stays dotted (İ), which Python's upper() and so
        ReportLab's textTransform do not know."""
        self.font = style.fontName
        self.current_size = style.fontSize
        dotted = self.styles.language.split("-")[0].lower() in {"tr", "az", "crh"}
        self.dotted_capitals = dotted and getattr(style, "textTransform", None) == "uppercase"

    def text(self, raw: str) -> str:
        """Escaped text in the current font, with fallback fonts where it lacks characters;
        characters no font can draw are reported. A number stays on the line of its unit or
        currency."""
        raw = _UNIT_SPACE.sub("\u00a0", raw)
        if self.dotted_capitals:
            raw = raw.replace("i", "İ")
        if self.font is None:
            return escape(raw)
        return fallback_markup(raw, self.font, self.styles, self.missing)

    def inline(self, el: ET.Element, nested: bool = False) -> str:
        """Element content as ReportLab paragraph markup; text is always escaped. Only the
        outermost element is trimmed: spaces at the edges of a <b>, <i> or <a> separate it
        from its neighbours."""
        out = [self.text(_SPACE.sub(" ", el.text or ""))]
        for child in el:
            if child.tag not in INLINE:
                raise self.fail(f"<{child.tag}> is not allowed inside <{el.tag}>")
            if child.tag == "br":
                out.append("<br/>")
            elif child.tag == "code":
                mono = self.styles.families.get("mono")
                inner = self.inline(child, nested=True)
                out.append(f'<font face="{mono.regular}">{inner}</font>' if mono else inner)
            elif child.tag == "a":
                href = (child.get("href") or "").strip()
                inner = self.inline(child, nested=True)
                name = (child.get("name") or "").strip()
                local = self.local_target(href)
                if name and not href:  # a place "#name" links lead to
                    out.append(f"<a name={quote_attribute(ANCHOR + name)}/>{inner}")
                elif href.lower().startswith(_LINK_SCHEMES) or local:
                    colour = self.styles.named_colour("link", "primary")
                    size = self.current_size
                    self.check_colour(colour, size, False, "colors.link")
                    target = quote_attribute(f"#{ANCHOR}{local}" if local else href)
                    out.append(f'<a href={target} color="#{colour.hexval()[2:]}">{inner}</a>')
                else:
                    out.append(inner)
            else:
                out.append(f"<{child.tag}>{self.inline(child, nested=True)}</{child.tag}>")
            out.append(self.text(_SPACE.sub(" ", child.tail or "")))
        markup = "".join(out)
        return markup if nested else markup.strip()

    def local_target(self, href: str) -> str | None:
        """The anchor a "#name" link leads to, if the story has it (GitHub matches
        percent-encoded and differently cased names too)."""
        if not href.startswith("#"):
            return None
        name = unquote(href[1:])
        return next((n for n in (name, name.lower()) if n in self.targets), None)

    def para(self, el: ET.Element, default_style: str) -> Paragraph | None:
        name = el.get("style", default_style)
        style = self.styles.paragraph(name, f" in <{el.tag}>")
        self.set_in(style)
        text = self.inline(el)
        if text:
            self.check_contrast(style, f"paragraphs.{name}.color")
        return paragraph(text, style) if text else None

    def named(self, table: dict[Any, Any], name: str, what: str) -> Any:
        if name not in table:
            raise self.fail(
                f"unknown {what} style '{name}'; the layout defines: "
                f"{', '.join(sorted(table)) or 'none'}"
            )
        return table[name]

    def length(self, el: ET.Element, attribute: str, default: float | None = None) -> float:
        value = el.get(attribute)
        if value is None and default is not None:
            return default
        try:
            return points(value)
        except ValueError:
            raise self.fail(f"<{el.tag} {attribute}> must be a length, got {value!r}") from None


# A space between a number and its unit or currency, or a currency sign and its number:
# printed as a no-break space so "3.5 billion" or "€ 40" never splits across lines.
_UNIT_SPACE = re.compile(
    r"(?<=\d) (?=(?:%|‰|km|kg|Mt|kt|MW|GW|TWh|bn|billion|million|trillion|per cent|percent"
    r"|°C|€|£|\$|USD|EUR|RUB|CNY|BYN)(?![^\W\d_]))"
    r"|(?<=[€£$¥₽]) (?=\d)"
)


def bounded_int(value: str, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None
