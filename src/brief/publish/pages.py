"""A brief's page on the site: its whole HTML edition, made from the same brief as its PDF
(every block, notes, tables with their CSV, charts as inline SVG, formulas as MathML, the
formatted citation), in the brief's language, with the web fonts its scripts need."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from brief.compose.model import Brief
from brief.export.citations import CITATION_SUFFIXES, MEDIA_TYPES, citations
from brief.export.formatted import CITATION_STYLES, formatted_citation
from brief.export.tabledata import chart_description, data_files, table_description
from brief.layout.catalogue import is_right_to_left, speaking
from brief.layout.chartwords import chart_title, describe_chart
from brief.layout.loader import Layout
from brief.layout.site import render_page
from brief.publish.card import CARD_SIZE, paragraph_family
from brief.publish.charts import chart_pictures
from brief.publish.entries import Entry
from brief.publish.formulas import formula_markup
from brief.publish.images import Pictures
from brief.publish.webfonts import face_family, page_fonts, page_text
from brief.publish.writer import SiteWriter
from brief.source.article import Paragraph

CITATION_NAMES = {"bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}
FONTS_FOLDER = "assets/fonts/"  # the faces cut for the pages' scripts, shared by all briefs


@dataclass(frozen=True)
class Surroundings:
    """What a brief's page takes from the site around it."""

    site: dict[str, Any]  # title, home, feed, url, language
    base: str | None  # the site's address, ending in "/"
    citation_style: str = "apa"  # a CSL style's name
    translations: list[dict[str, Any]] = field(default_factory=list)


def _style(layout: Layout) -> dict[str, Any]:
    """What the pages take from the layout: its colours, as CSS custom properties, and its
    body, heading and chart type."""
    style = layout.style
    colours = {name: str(value) for name, value in style.colors.items()}
    body = paragraph_family(layout, "body", "serif")
    heading = paragraph_family(layout, "heading1", "sans")
    chart = style.charts.font if style.charts.font in style.fonts else heading
    return {"colours": colours, "body": body, "heading": heading, "chart": chart,
            "fonts": list(dict.fromkeys([body, heading, chart]))}  # fmt: skip


def _font_files(layout: Layout, families: list[str]) -> Iterator[tuple[str, str, str, Path]]:
    """(family, weight, style, file) of the faces the pages use: regular, bold and italic."""
    from brief.typeset.fonts import find_font_file

    for name in dict.fromkeys(families):
        spec = layout.style.fonts.get(name)
        if spec is None:
            continue
        faces = (("400", "normal", spec.regular), ("700", "normal", spec.bold),
                 ("400", "italic", spec.italic))  # fmt: skip
        for weight, style, file in faces:
            path = find_font_file(file, layout.folders, layout.folder / "style.toml", "fonts")
            yield name, weight, style, path


def layout_assets(writer: SiteWriter, layout: Layout) -> dict[str, Any]:
    """Copy the layout's site assets and web fonts to ``assets/<layout>/`` once; what the
    pages need to link them."""
    from brief.export.tabledata import safe_name
    from brief.layout.site import site_assets

    folder = f"assets/{safe_name(layout.name)}/"
    style = _style(layout)
    faces = []
    for family, weight, font_style, path in _font_files(layout, style["fonts"]):
        name = f"{folder}fonts/{path.name}"
        if name not in writer.written:
            writer.copy(name, path, (path.parent,), "font")
        faces.append({"family": family, "weight": weight, "style": font_style,
                      "href": f"fonts/{path.name}", "format": "truetype"})  # fmt: skip
    for relative, (path, root) in site_assets(layout).items():
        if f"{folder}{relative}" not in writer.written:
            writer.copy(f"{folder}{relative}", path, (root,), "layout's site file")
    return {"folder": folder, "faces": faces, "scripts": [], **style}


def render_with_fonts(
    writer: SiteWriter, layout: Layout, language: str, assets: dict[str, Any], depth: int,
    render: Callable[[dict[str, Any]], str], chart_faces: dict[str, set[str]] | None = None,
) -> str:  # fmt: skip
    """The page *render(assets)* makes, with web fonts for the characters of its text the
    layout's faces lack (in the faces the PDF falls back to), written once for the site."""
    from brief.typeset.styles import resolve_styles

    up = "../" * depth
    assets = {**assets, "href": up + assets["folder"]}
    first = render(assets)
    styles = resolve_styles(layout, language)
    fonts = page_fonts(page_text(first), styles, assets["fonts"], chart_faces or {})
    if not fonts.faces:
        return first
    faces = list(assets["faces"])
    for face in fonts.faces:
        if FONTS_FOLDER + face.name not in writer.written:
            writer.bytes(FONTS_FOLDER + face.name, face.data)
        faces.append({"family": face.family, "weight": face.weight, "style": "normal",
                      "href": f"../fonts/{face.name}", "format": "woff"})  # fmt: skip
    return render({**assets, "faces": faces, "scripts": fonts.families})


def _summary(brief: Brief) -> list[str]:
    return [" ".join(b.text.split()) for b in brief.summary if isinstance(b, Paragraph)]


def description(brief: Brief, limit: int = 300) -> str:
    """The brief in a few sentences, for search engines and link previews."""
    text = " ".join(_summary(brief)) or brief.subtitle or brief.title
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _json_ld(entry: Entry, url: str | None, image: str | None) -> Markup:
    brief = entry.brief
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": brief.title,
        "headline": brief.title,
        "datePublished": brief.date.isoformat(),
        "inLanguage": brief.language,
        "description": description(brief),
        "author": [{"@type": "Person", "name": a} for a in brief.authors],
        "encoding": {
            "@type": "MediaObject",
            "encodingFormat": "application/pdf",
            "contentSize": str(entry.size),
            "contentUrl": quote(entry.pdf.name) if url is None else url + quote(entry.pdf.name),
        },
    }
    if brief.organisation:
        data["publisher"] = {"@type": "Organization", "name": brief.organisation}
    if brief.number:
        data["reportNumber"] = brief.number
    if brief.series:
        data["isPartOf"] = {"@type": "CreativeWorkSeries", "name": brief.series}
    if brief.keywords:
        data["keywords"] = ", ".join(brief.keywords)
    if url:
        data["url"] = url
    if image:
        data["image"] = image
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # Inside <script>, "</" would end the element: written as JSON's own escape.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def _citations(writer: SiteWriter, entry: Entry, cited: Brief, style: str) -> dict[str, Any]:
    """The citation files beside the page, and the citation formatted in *style*."""
    cites = []
    formats = citations(cited)
    for kind, text in formats.items():
        name = entry.pdf.stem + CITATION_SUFFIXES[kind]
        writer.text(entry.folder + name, text)
        cites.append({"kind": kind, "name": CITATION_NAMES[kind], "href": quote(name),
                      "file": name, "text": text, "type": MEDIA_TYPES[kind]})  # fmt: skip
    marked, plain = formatted_citation(formats["csl"], style)
    return {
        "citations": cites,
        "citation": {"style": CITATION_STYLES[style], "html": Markup(marked), "text": plain},
    }


def _tables(entry: Entry, files: dict[str, Any]) -> list[dict[str, Any]]:
    """The brief's tables, and the data of each chart drawn in place of its table."""
    brief, words = entry.brief, entry.messages

    def csv(key: str) -> dict[str, Any] | None:
        data = files.get(key)
        return {"href": quote(data.name), "bytes": len(data.data)} if data else None

    tables: list[dict[str, Any]] = []
    for t in brief.tables:
        grid = _cells([t.header, *t.rows], t.merges)
        tables.append(
            {
                "number": t.number,
                "figure": None,
                "caption": t.caption,
                "description": table_description(words, t),
                "head": grid[: t.header_rows],
                "body": grid[t.header_rows :],
                "align": [a or "left" for a in t.align] + ["left"] * len(t.header),
                "note": t.note,
                "csv": csv(f"table-{t.number}"),
            }
        )
    for chart in brief.charts:
        if chart.place == "instead-of-table":
            tables.append(
                {
                    "number": chart.number,
                    "figure": chart.number,
                    "caption": chart.title or chart_description(words, chart),
                    "description": words.text("figure_data", figure=chart.number),
                    "head": _cells([chart.header], []),
                    "body": _cells(chart.rows, []),
                    "align": ["left"] + ["right"] * len(chart.header),
                    "note": None,
                    "csv": csv(f"figure-{chart.number}"),
                }
            )
    return tables


def _cells(rows: list[list[str]], merges: list[Any]) -> list[list[dict[str, Any]]]:
    """A table's rows as the cells the page writes: each with its text, column and the rows
    and columns it covers; the cells a joined cell covers are not written."""
    spans = {(m.row, m.column): (m.rows, m.columns) for m in merges}
    covered = {
        (r, c)
        for (row, column), (down, across) in spans.items()
        for r in range(row, row + down)
        for c in range(column, column + across)
        if (r, c) != (row, column)
    }
    return [
        [
            {
                "text": text,
                "column": c,
                "rows": spans.get((r, c), (1, 1))[0],
                "columns": spans.get((r, c), (1, 1))[1],
            }
            for c, text in enumerate(row)
            if (r, c) not in covered
        ]
        for r, row in enumerate(rows)
    ]


def _charts(entry: Entry) -> tuple[dict[str, dict[str, Any]], dict[str, set[str]]]:
    """Each chart's drawings (wide and narrow SVG), caption and description, by its anchor;
    and the characters each face not of the layout's sets in them (served for them)."""
    from brief.typeset.styles import resolve_styles

    brief = entry.brief
    if not brief.charts:
        return {}, {}
    styles = resolve_styles(entry.layout, brief.language)
    own = {
        face: name
        for name, family in styles.families.items()
        for face in (family.regular, family.bold, family.italic, family.bold_italic)
    }
    faces: dict[str, set[str]] = {}

    def family_of(face: str, text: str) -> str:
        if face in own:
            return f'"brief-{own[face]}", var(--chart-font)'
        faces.setdefault(face, set()).update(text)
        return f'"brief-{face_family(face)}", var(--chart-font)'

    drawn = {}
    with speaking(entry.messages):
        for chart in brief.charts:
            anchor = f"figure-{chart.number}"
            caption = entry.messages.text(
                "figure_caption", number=chart.number, caption=chart_title(chart)
            )
            if chart.units:
                caption += f" ({chart.units})"
            pictures = chart_pictures(
                chart, styles, anchor, caption, describe_chart(chart), family_of
            )
            drawn[anchor] = {
                "caption": caption,
                "description": describe_chart(chart),
                "wide": Markup(pictures.wide),
                "narrow": Markup(pictures.narrow),
                "source": chart.source,
            }
    return drawn, faces


def blocks(brief: Brief) -> Iterator[Any]:
    """Every block of the brief, in order, a callout's own blocks after it."""
    parts = [*brief.sections, *filter(None, [brief.conclusion]), *brief.appendices]
    for block in [*brief.summary, *(block for part in parts for block in part.blocks)]:
        yield block
        if block.kind == "callout":
            yield from block.blocks


def write_brief_page(
    writer: SiteWriter, entry: Entry, around: Surroundings, shown: Pictures,
    assets: dict[str, Any],
) -> None:  # fmt: skip
    """The brief's folder: its page, PDF, pictures, data, citations and images."""
    brief, folder = entry.brief, entry.folder
    url = around.base + entry.address if around.base else None
    cited = brief if brief.url or not url else replace(brief, url=url)
    writer.copy(folder + entry.pdf.name, entry.pdf, (entry.pdf.parent,), "PDF")
    writer.bytes(folder + "cover.png", shown.cover)
    writer.bytes(folder + "card.png", shown.card)
    files = (
        {f.element: f for f in data_files(brief, entry.pdf.stem, entry.messages)}
        if brief.data
        else {}
    )
    for file in files.values():
        writer.bytes(folder + file.name, file.data)
    figures = {}
    for figure in blocks(brief):  # the article's own images, beside the page
        if figure.kind != "image" or not figure.path:
            continue
        source = Path(figure.path)
        name = f"figure-{figure.number}{source.suffix.lower()}"
        writer.copy(folder + name, source, (source.parent,), "image")
        figures[f"figure-{figure.number}"] = quote(name)
    image = around.base + entry.address + "card.png" if around.base else None
    charts, chart_faces = _charts(entry)
    page = {
        "lang": brief.language,
        "dir": "rtl" if is_right_to_left(brief.language) else "ltr",
        "url": url,
        "description": description(brief),
        "summary": _summary(brief),
        "pdf": {"href": quote(entry.pdf.name), "bytes": entry.size, "pages": entry.pages},
        "cover": {"href": "cover.png", "width": shown.width, "height": shown.height},
        "card": {"href": image, "width": CARD_SIZE[0], "height": CARD_SIZE[1]},
        **_citations(writer, entry, cited, around.citation_style),
        "tables": _tables(entry, files),
        "charts": charts,
        "images": figures,
        "formulas": {
            f"formula-{block.line}": Markup(markup)
            for block in blocks(brief)
            if block.kind == "formula" and (markup := formula_markup(block.tex))
        },
        "translations": around.translations,
        "json_ld": _json_ld(entry, url, image),
    }

    def render(with_assets: dict[str, Any]) -> str:
        return render_page(entry.layout, "brief.html.j2", entry.messages, brief=brief,
                           site=around.site, page=page, assets=with_assets)  # fmt: skip

    text = render_with_fonts(writer, entry.layout, brief.language, assets, 2, render, chart_faces)
    writer.text(folder + "index.html", text)
