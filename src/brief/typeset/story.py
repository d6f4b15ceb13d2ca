"""Story building: the layout's story XML in, ReportLab flowables out.

The story vocabulary is small and documented in ``docs/layouts.md``. Text arrives here already
unescaped by the XML parser and is escaped again before it reaches ReportLab's paragraph
parser, so only the inline elements listed in ``_INLINE`` can ever become markup.
"""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    FrameBreak,
    KeepTogether,
    ListFlowable,
    ListItem,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
)
from reportlab.platypus.flowables import HRFlowable

from brief.compose.pictures import PictureProblem
from brief.core.confined import read_confined
from brief.core.errors import Problem, StoryError
from brief.core.limits import Limits
from brief.core.units import Length
from brief.layout.contrast import contrast, required
from brief.layout.loader import TEMPLATE_FILE, Layout
from brief.typeset.bidi import RTL
from brief.typeset.drawings import load_svg, raster_reader
from brief.typeset.flowables import Band, Code, Contents, Figure, TaggedList, box
from brief.typeset.scripts import direction, escape, fallback_markup, paragraph, quote_attribute
from brief.typeset.styles import Styles
from brief.typeset.tables import PagedTable, TableContent, build_table
from brief.typeset.tagging import Tag, tagged

_INLINE = {"b", "i", "u", "sup", "sub", "br", "a", "code"}
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Destinations of "#name" links are named apart from brief's own (h1, t1...) by this prefix.
ANCHOR = "anchor:"
_SPACE = re.compile(r"\s+")
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def build_story(
    xml: str,
    layout: Layout,
    styles: Styles,
    roots: list[Path] | None = None,
    warnings: list[Problem] | None = None,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> list[Flowable]:
    """Parse the rendered template and turn each element into flowables.

    Figures may only show files inside *roots* (the project, the layout and the article's
    image folders), so a template cannot pull in other files.
    """
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        line = exc.position[0]
        text = xml.splitlines()[line - 1].strip() if line <= len(xml.splitlines()) else ""
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the template produced invalid "
            f"story XML ({exc.msg.split(':')[0]}) at output line {line}: "
            f"{text[:60]}",
        ) from None
    depth = _depth(root)
    if depth > _MAX_DEPTH:
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the story nests elements deeper than a layout may ({_MAX_DEPTH} levels, "
            f"{_MAX_BOXES} boxes or bands inside each other)",
        )
    if root.tag != "story":
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the story must be one <story> element, not <{root.tag}>",
        )
    allowed = [*(roots or []), *layout.folders]
    builder = _Builder(
        styles, layout.folder / TEMPLATE_FILE, allowed, warnings, layout.folders, limits
    )
    # What "#name" links may lead to: heading anchors and <a name> places anywhere in the story.
    builder.targets = {n for el in root.iter("heading") for n in el.get("anchors", "").split()}
    builder.targets |= {el.get("name", "").strip() for el in root.iter("a")} - {""}
    try:
        story = builder.children(root)
    except (ValueError, KeyError, TypeError, RecursionError) as exc:  # a bad attribute value
        raise StoryError.at(
            layout.folder / TEMPLATE_FILE,
            f"the template produced a story brief cannot build ({type(exc).__name__}: "
            f"{str(exc)[:120]})",
        ) from None
    if not story:
        raise StoryError.at(layout.folder / TEMPLATE_FILE, "the story is empty: nothing to print")
    if warnings is not None:
        warnings.extend(
            Problem(
                styles.style_path,
                f"no font of the layout can draw U+{ord(char):04X} "
                f"'{char}' (in \"{where}\"); it would print as a blank or a box",
                key="font_fallbacks",
            )
            for char, where in builder.missing.items()
        )
    return _keep_headings_with_turned_pages(_keep_intros_with_what_follows(story))


def _keep_headings_with_turned_pages(story: list[Flowable]) -> list[Flowable]:
    """Move headings and other keep-with-next blocks that stand just before a switch to a
    landscape page onto that page, so a heading never stays behind at the foot of a page."""
    out: list[Flowable] = []
    index = 0
    while index < len(story):
        item = story[index]
        if (
            isinstance(item, NextPageTemplate)
            and item.action[1] == "landscape"
            and index + 1 < len(story)
            and isinstance(story[index + 1], PageBreak)
        ):
            held = []
            while out and out[-1].getKeepWithNext():
                held.insert(0, out.pop())
            out.extend([item, story[index + 1], *held])
            index += 2
            continue
        out.append(item)
        index += 1
    return out


@dataclass
class _Builder:
    styles: Styles
    template: Path
    roots: list[Path] = field(default_factory=list)
    warnings: list[Problem] | None = None
    folders: tuple[Path, ...] = ()
    limits: Limits = field(default_factory=Limits)
    backgrounds: list[tuple[colors.Color, str]] = field(default_factory=list)
    _checked: set[tuple[str, str]] = field(default_factory=set)
    font: str | None = None  # the font text is being set in, for fallback decisions
    missing: dict[str, str] = field(default_factory=dict)  # character -> where it was seen
    heading_level: int = 0  # of the last heading: tagged headings never skip a level
    targets: set[str] = field(default_factory=set)  # names "#name" links may lead to

    def check_contrast(self, style: ParagraphStyle, key: str) -> None:
        """Warn once per style and background when text falls below WCAG AA contrast."""
        background, where = self.backgrounds[-1] if self.backgrounds else (colors.white, "")
        colour = style.textColor or colors.black
        seen = (key, background.hexval())
        if self.warnings is None or seen in self._checked:
            return
        self._checked.add(seen)
        ratio = contrast(colour, background)
        bold = "Bold" in style.fontName
        if ratio < required(style.fontSize, bold):
            self.warnings.append(
                Problem(
                    self.styles.style_path,
                    f"text colour #{colour.hexval()[2:]} on "
                    f"{where or 'the page'} (#{background.hexval()[2:]}) has a contrast of "
                    f"{ratio:.1f}:1, below WCAG AA ({required(style.fontSize, bold):g}:1)",
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
        handler = getattr(self, "el_" + el.tag.replace("-", "_"), None)
        if handler is None:
            raise self.fail(f"unknown story element <{el.tag}>")
        return handler(el)

    # -- text ---------------------------------------------------------------------------------

    def text(self, raw: str) -> str:
        """Escaped text in the current font, with fallback fonts where it lacks characters;
        characters no font can draw are reported. A number stays on the line of its unit or
        currency."""
        raw = _UNIT_SPACE.sub("\u00a0", raw)
        if self.font is None:
            return escape(raw)
        return fallback_markup(raw, self.font, self.styles, self.missing)

    def inline(self, el: ET.Element, nested: bool = False) -> str:
        """Element content as ReportLab paragraph markup; text is always escaped. Only the
        outermost element is trimmed: spaces at the edges of a <b>, <i> or <a> separate it
        from its neighbours."""
        out = [self.text(_SPACE.sub(" ", el.text or ""))]
        for child in el:
            if child.tag not in _INLINE:
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
        self.font = style.fontName
        text = self.inline(el)
        if text:
            self.check_contrast(style, f"paragraphs.{name}.color")
        return paragraph(text, style) if text else None

    def el_p(self, el: ET.Element) -> list[Flowable]:
        role = el.get("role", "paragraph")
        if role not in _ROLES:
            raise self.fail(f"<p role> must be one of: {', '.join(_ROLES)}")
        p = self.para(el, "body")
        lang = el.get("lang") or None
        if lang is not None and not _LANGUAGE_TAG.fullmatch(lang):
            raise self.fail(f"<p lang> '{lang}' is not a language tag")
        return [tagged(p, Tag(_ROLES[role], lang=lang))] if p else []

    def el_heading(self, el: ET.Element) -> list[Flowable]:
        level = _int(el.get("level", "1"), 1, 3)
        if level is None:
            raise self.fail("<heading level> must be 1, 2 or 3")
        name = el.get("style", f"heading{level}")
        style = self.styles.paragraph(name, " in <heading>")
        self.check_contrast(style, f"paragraphs.{name}.color")
        self.font = style.fontName
        text = self.inline(el)
        number = el.get("number")
        plain = "".join(el.itertext()).strip()
        plain = " ".join(plain.split())
        if number:
            accent = self.styles.named_colour("accent", "primary", default=style.textColor)
            text = f'<font color="#{accent.hexval()[2:]}">{escape(number)}</font>&nbsp;&nbsp;{text}'
            plain = f"{number}. {plain}"
        self.heading_level = min(level, self.heading_level + 1)
        heading = tagged(paragraph(text, style), Tag(f"H{self.heading_level}"))
        heading._brief_outline = (
            el.get("bookmark") or plain,
            level - 1,
            el.get("in-contents", "true") != "false",
        )
        heading._brief_anchors = [ANCHOR + name for name in el.get("anchors", "").split()]
        return [heading]

    def el_code(self, el: ET.Element) -> list[Flowable]:
        style = self.styles.paragraph(el.get("style", "code"), " in <code>")
        # Tabs expanded before escaping, at stops of 4 columns: fonts have no tab glyph, and
        # ReportLab would draw a tab as nothing.
        source = "".join(el.itertext()).strip("\n").expandtabs(4)
        code = Code(escape(source), style)
        return [tagged(code, Tag("P"))]

    # -- structure ----------------------------------------------------------------------------

    def el_list(self, el: ET.Element) -> list[Flowable]:
        kind = el.get("style", "bullet")
        if kind not in ("bullet", "numbered"):
            raise self.fail("<list style> must be 'bullet' or 'numbered'")
        item_name = el.get("item-style", "list_item")
        item_style = self.styles.paragraph(item_name, " in <list>")
        self.check_contrast(item_style, f"paragraphs.{item_name}.color")
        self.font = item_style.fontName
        start = _int(el.get("start", "1"), 0, 10**9) or 1
        items = []
        for item in el:
            if item.tag != "item":
                raise self.fail(f"<list> holds <item> elements, not <{item.tag}>")
            text = self.inline(item)
            if text:
                items.append((_int(item.get("level", "0"), 0, 8) or 0, text))
        return [self._list(items, kind, start, item_style)] if items else []

    def _list(
        self, items: list[tuple[int, str]], kind: str, start: int, item_style: ParagraphStyle
    ) -> TaggedList:
        lists = self.styles.style.lists
        spaced = ParagraphStyle(
            item_style.name + "-item", parent=item_style, spaceAfter=lists.item_space
        )
        bullet_colour = self.styles.colour(lists.bullet_color)
        numbered = kind == "numbered"
        indent = lists.indent + (6 if numbered else 0)
        entries: list[ListItem] = []
        i = 0
        base_level = items[0][0]
        while i < len(items):
            text = items[i][1]
            j = i + 1
            while j < len(items) and items[j][0] > base_level:
                j += 1
            content: list[Flowable] = [tagged(paragraph(text, spaced), Tag("P"))]
            if j > i + 1:
                content.append(self._list(items[i + 1 : j], "bullet", 1, item_style))
            item = content if len(content) > 1 else content[0]
            if direction(text) == RTL:  # the bullet goes on the right, where the item starts
                entries.append(
                    ListItem(
                        item,
                        bulletDir="rtl",
                        leftIndent=0,
                        rightIndent=indent,
                        bulletDedent=indent - 2,
                    )
                )
            else:
                entries.append(ListItem(item))
            i = j
        return TaggedList(
            entries,
            bulletType="1" if numbered else "bullet",
            start=start if numbered else lists.bullet,
            bulletFormat="%s." if numbered else None,
            bulletFontName=item_style.fontName
            if not numbered
            else self.styles.font(next(iter(self.styles.families)), bold=True),
            bulletFontSize=item_style.fontSize,
            bulletColor=bullet_colour,
            leftIndent=indent,
            bulletDedent="auto",
            spaceBefore=0,
            spaceAfter=item_style.spaceAfter or 4,
        )

    def el_table(self, el: ET.Element) -> list[Flowable]:
        content = TableContent(header_rows=[], rows=[])
        self.font = self.styles.font(self.styles.style.table.font)
        widths = el.get("widths")
        content.widths = widths.split() if widths else None
        for part in el:
            if part.tag in ("caption", "continued", "note"):
                setattr(content, part.tag, self.inline(part) or None)
            elif part.tag in ("header", "row"):
                cells = []
                for cell in part:
                    if cell.tag != "cell":
                        raise self.fail(f"<{part.tag}> holds <cell> elements, not <{cell.tag}>")
                    cells.append(self.inline(cell))
                    if part.tag == "header" and not content.header_rows:
                        content.aligns.append(cell.get("align") or None)
                (content.header_rows if part.tag == "header" else content.rows).append(cells)
            else:
                raise self.fail(f"<table> cannot hold <{part.tag}>")
        if content.columns == 0:
            return []
        spec = self.styles.style.table
        cell = ParagraphStyle(
            "cell",
            fontName=self.styles.font(spec.font, spec.header_bold),
            fontSize=spec.size,
            textColor=self.styles.colour(spec.header_text),
        )
        self.backgrounds.append((self.styles.colour(spec.header_background), "table headers"))
        self.check_contrast(cell, "table.header_text")
        self.backgrounds.pop()
        if content.widths and len(content.widths) != content.columns:
            raise self.fail(
                f"<table widths> gives {len(content.widths)} widths for {content.columns} columns"
            )
        return build_table(
            _mirrored(content) if _runs_right_to_left(content) else content, self.styles
        )

    def el_figure(self, el: ET.Element) -> list[Flowable]:
        """An image scaled to the text width (at most half a page tall), with its caption."""
        source = Path(el.get("src", ""))
        if not source.is_absolute():
            raise self.fail(f"<figure src> '{source}' lies outside the project and layout folders")
        alt = " ".join((el.get("alt") or "").split())
        if not alt:
            raise self.fail(f"<figure src='{source.name}'> needs alt text (its 'alt' attribute)")
        frame_width, frame_height = self.styles.frame_size()
        picture = self._picture(source, self.roots, frame_width, frame_height * 0.5, natural=True)
        picture.hAlign = "CENTER"
        figure = Figure(picture, Tag("Figure", alt=alt))
        caption = el.find("caption")
        parts: list[Flowable] = [figure]
        if caption is not None and self.inline(caption):
            style = self.styles.paragraph(el.get("caption-style", "figure_caption"), " in <figure>")
            caption_tag = Tag("Caption", parent=figure.brief_tag)
            parts.append(tagged(paragraph(self.inline(caption), style), caption_tag))
        return [KeepTogether(parts)]

    def el_image(self, el: ET.Element) -> list[Flowable]:
        """A layout's own image (a logo), found in the layout folders, sized by the layout."""
        name = el.get("src", "")
        source = next((f / name for f in self.folders if (f / name).is_file()), None)
        if source is None:
            raise self.fail(f"<image src> '{name}' not found in the layout")
        width = self._length(el, "width", 0) or None
        height = self._length(el, "height", 0) or None
        picture = self._picture(source, list(self.folders), width, height, natural=False)
        picture.hAlign = el.get("align", "left").upper()
        if el.get("decorative") == "true":
            return [picture]  # drawn as an artifact: readers skip it
        alt = " ".join((el.get("alt") or "").split())
        if not alt:
            raise self.fail(
                f"<image src='{name}'> needs alt text (its 'alt' attribute), or "
                f'decorative="true" when it carries no information'
            )
        return [Figure(picture, Tag("Figure", alt=alt))]

    def _picture(
        self,
        source: Path,
        roots: list[Path],
        width: float | None,
        height: float | None,
        natural: bool,
    ) -> Flowable:
        """PNG, JPEG or GIF as an image; SVG as vectors. Fits within width x height; with
        *natural* it is not enlarged beyond 1.5 times its size at 96 dpi. The file is read
        once, checked to lie inside *roots*, and drawn from those bytes."""
        data, _ = read_confined(
            source,
            roots,
            StoryError,
            "image",
            max_bytes=int(self.limits.image_mb * 1_000_000),
            limit_hint=self.limits.hint("image-mb"),
            outside=f"'{source.name}' lies outside the project and layout folders",
        )
        try:
            if source.suffix.lower() == ".svg":
                # ReportLab starts every drawing in Helvetica, and svglib sets text in the
                # PDF base fonts, which are never embedded: the layout's body font is used.
                family = next(iter(self.styles.families))
                regular = self.styles.font(family)
                bold = self.styles.font(family, bold=True)
                drawing = load_svg(data, self.limits.svg_elements, regular, bold)
                _embed_text(drawing, regular, bold)
                size = (drawing.width, drawing.height)
            else:
                reader = raster_reader(data, self.limits.image_megapixels)
                size = reader.getSize()
        except PictureProblem as problem:
            raise self.fail(f"'{source.name}' {problem}") from None
        limits = [w / s for w, s in ((width, size[0]), (height, size[1])) if w]
        if natural:
            limits.append(72 / 96 * 1.5)
        scale = min(limits) if limits else 1.0
        if source.suffix.lower() == ".svg":
            drawing.scale(scale, scale)
            drawing.width, drawing.height = size[0] * scale, size[1] * scale
            return drawing
        from reportlab.platypus import Image as Picture

        return Picture(io.BytesIO(data), size[0] * scale, size[1] * scale)

    def el_box(self, el: ET.Element) -> list[Flowable]:
        name = el.get("style", "")
        box_style = self._named(self.styles.style.boxes, name, "box")
        content = self._on_background(el, box_style.background, f"box '{name}'")
        if not content:
            return []
        boxed = box(content, box_style, self.styles)
        return [KeepTogether(boxed)] if el.get("keep-together") == "true" else [boxed]

    def el_band(self, el: ET.Element) -> list[Flowable]:
        name = el.get("style", "")
        band_style = self._named(self.styles.style.bands, name, "band")
        content = self._on_background(el, band_style.background, f"band '{name}'")
        return [Band(content, band_style, self.styles.colour(band_style.background))]

    def _on_background(self, el: ET.Element, background: str | None, where: str):
        if background is None:
            return self.children(el)
        self.backgrounds.append((self.styles.colour(background), where))
        try:
            return self.children(el)
        finally:
            self.backgrounds.pop()

    def el_table_of_contents(self, el: ET.Element) -> list[Flowable]:
        return [self._contents(el, "TOCEntry", "toc")]

    def el_list_of_tables(self, el: ET.Element) -> list[Flowable]:
        return [self._contents(el, "TableEntry", "toc")]

    def _contents(self, el: ET.Element, kind: str, default_style: str) -> Flowable:
        """Entries with page numbers (filled in by a second layout pass)."""
        base = self.styles.paragraph(el.get("style", default_style), f" in <{el.tag}>")
        depth = _int(el.get("levels", "2"), 1, 3) or 2
        levels = [
            ParagraphStyle(f"{base.name}{n}", parent=base, leftIndent=n * 12, firstLineIndent=0)
            for n in range(depth)
        ]
        return Contents(
            depth,
            levelStyles=levels,
            dotsMinLevel=0,
            notifyKind=kind,
            tableStyle=[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("FONT", (0, 0), (-1, -1), base.fontName),  # not Helvetica, never embedded
            ],
        )

    def el_keep_together(self, el: ET.Element) -> list[Flowable]:
        return [KeepTogether(self.children(el))]

    def el_spacer(self, el: ET.Element) -> list[Flowable]:
        return [Spacer(1, self._length(el, "height"))]

    def el_rule(self, el: ET.Element) -> list[Flowable]:
        colour = self.styles.colour(el.get("color", "black"))
        return [
            HRFlowable(
                width="100%",
                thickness=float(el.get("width", "0.5")),
                color=colour,
                spaceBefore=self._length(el, "space-before", 4),
                spaceAfter=self._length(el, "space-after", 4),
            )
        ]

    def el_page_break(self, el: ET.Element) -> list[Flowable]:
        return [PageBreak()]

    def el_frame_break(self, el: ET.Element) -> list[Flowable]:
        return [FrameBreak()]

    def el_cond_page_break(self, el: ET.Element) -> list[Flowable]:
        return [CondPageBreak(self._length(el, "height"))]

    def el_next_page_template(self, el: ET.Element) -> list[Flowable]:
        name = el.get("name", "")
        if name not in ("cover", "body", "landscape"):
            raise self.fail(f"unknown page template '{name}' (use 'cover', 'body' or 'landscape')")
        return [NextPageTemplate(name)]

    def _named(self, table: dict, name: str, what: str):
        if name not in table:
            raise self.fail(
                f"unknown {what} style '{name}'; the layout defines: "
                f"{', '.join(sorted(table)) or 'none'}"
            )
        return table[name]

    def _length(self, el: ET.Element, attribute: str, default: float | None = None) -> float:
        value = el.get(attribute)
        if value is None and default is not None:
            return default
        try:
            from pydantic import TypeAdapter

            return TypeAdapter(Length).validate_python(value)
        except Exception:
            raise self.fail(f"<{el.tag} {attribute}> must be a length, got {value!r}") from None


# A space between a number and its unit or currency, or a currency sign and its number:
# printed as a no-break space so "3.5 billion" or "€ 40" never splits across lines.
_UNIT_SPACE = re.compile(
    r"(?<=\d) (?=(?:%|‰|km|kg|Mt|kt|MW|GW|TWh|bn|billion|million|trillion|per cent|percent"
    r"|°C|€|£|\$|USD|EUR|RUB|CNY|BYN)(?![^\W\d_]))"
    r"|(?<=[€£$¥₽]) (?=\d)"
)


def _keep_intros_with_what_follows(story: list[Flowable]) -> list[Flowable]:
    """A paragraph that ends with a colon introduces what follows (a list, a table): keep
    them on one page, as readers expect."""
    for current, following in itertools.pairwise(story):
        if (
            isinstance(current, Paragraph)
            and isinstance(following, ListFlowable | PagedTable)
            and current.getPlainText().rstrip().endswith(":")
        ):
            current.keepWithNext = 1
    return story


_MAX_DEPTH = 40  # boxes inside boxes inside boxes...: deeper is a runaway, not a layout


_MAX_BOXES = 8  # boxes and bands inside each other: each is a table ReportLab nests


def _depth(root: ET.Element) -> int:
    """How deep elements nest under *root* (without recursion: the story may be hostile);
    boxes and bands inside each other count as many levels as the whole limit allows."""
    deepest, stack = 0, [(root, 1, 0)]
    while stack:
        element, level, boxes = stack.pop()
        if element.tag in ("box", "band"):
            boxes += 1
            if boxes > _MAX_BOXES:
                return _MAX_DEPTH + 1
        deepest = max(deepest, level)
        if deepest > _MAX_DEPTH:
            return deepest
        stack.extend((child, level + 1, boxes) for child in element)
    return deepest


def _embed_text(node, regular: str, bold: str) -> None:
    """Set the text of an SVG drawing that is in a font brief does not embed in *regular*,
    or *bold* where it was bold."""
    from reportlab.graphics.shapes import String
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for child in getattr(node, "contents", ()):
        _embed_text(child, regular, bold)
    if isinstance(node, String):
        try:
            embedded = isinstance(pdfmetrics.getFont(node.fontName), TTFont)
        except KeyError:
            embedded = False
        if not embedded:
            node.fontName = bold if "bold" in node.fontName.lower() else regular


# Roles a layout may give a <p>, and their structure types in the tagged PDF.
_ROLES = {"paragraph": "P", "note": "Note", "quote": "BlockQuote"}


def _int(value: str, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except ValueError:
        return None
    return number if low <= number <= high else None


def _runs_right_to_left(content: TableContent) -> bool:
    """Whether most cells of the table's first row start in a right-to-left script."""
    first = (content.header_rows or content.rows or [[]])[0]
    cells = [cell for cell in first if cell.strip()]
    return sum(direction(cell) == RTL for cell in cells) * 2 > len(cells)


def _mirrored(content: TableContent) -> TableContent:
    """*content* with its columns in right-to-left order: the first column on the right."""
    width = content.columns

    def flip(row: list) -> list:
        return [*row, *[""] * (width - len(row))][::-1]

    aligns = [*content.aligns, *[None] * (width - len(content.aligns))][::-1]
    return TableContent(
        header_rows=[flip(row) for row in content.header_rows],
        rows=[flip(row) for row in content.rows],
        aligns=aligns,
        caption=content.caption,
        continued=content.continued,
        note=content.note,
        widths=content.widths[::-1] if content.widths else None,
        right_to_left=True,
    )
