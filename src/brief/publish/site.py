"""``brief publish``: the briefs as a static web site that any web server (or a folder opened
in a browser) serves as it is.

What is out of date is rendered first (the output folder's manifest says what each PDF was
made from). Then, for each brief, a folder ``briefs/<name>/`` with its page, PDF, tables as
CSV, citations, cover and social card; and for the site an index (newest first, filterable by
series and language in the browser), an Atom feed and a sitemap. Pages come from the
layout's ``site/`` templates (see :mod:`brief.layout.site`), in the brief's language.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from brief.api import check_outputs
from brief.batch import Outcome, render_many
from brief.compose.model import Brief, Paragraph
from brief.core.errors import OutputError, Problem
from brief.export.citations import CITATION_SUFFIXES, MEDIA_TYPES, citations
from brief.export.formatted import CITATION_STYLES, formatted_citation
from brief.export.tabledata import chart_description, data_files, safe_name, table_description
from brief.layout.catalogue import Messages, is_right_to_left
from brief.layout.loader import Layout, load_layout
from brief.layout.site import render_page, site_assets
from brief.pdf.manifest import read_manifest
from brief.publish import feeds
from brief.publish.entries import Entry
from brief.publish.formulas import formula_markup
from brief.publish.freshness import Loaded, load_brief, up_to_date
from brief.publish.images import CARD_SIZE, THUMBNAIL_WIDTH, Pictures, pictures
from brief.publish.writer import SiteWriter

CITATION_NAMES = {"bibtex": "BibTeX", "ris": "RIS", "csl": "CSL-JSON"}


@dataclass
class Published:
    site: Path
    entries: list[Entry] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # the renders publishing needed
    current: list[Path] = field(default_factory=list)  # briefs whose PDF was up to date
    warnings: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def publish(
    paths: list[Path],
    site: Path,
    options: dict[str, Any],
    jobs: int = 1,
    base_url: str | None = None,
    title: str | None = None,
    on_outcome: Callable[[Outcome], None] | None = None,
    stuck_message: Callable[[Path], str] | None = None,
) -> Published:
    """Render what is out of date among *paths*, then write the site to *site*. A brief
    that fails to render is reported (in ``outcomes``) and left off the site."""
    result = Published(site)
    targets = check_outputs(paths, None)
    stale = []
    loaded: dict[Path, Loaded] = {}  # read once, for the check and for the site
    manifests: dict[Path, dict[str, Any]] = {}  # each output folder's, read once

    def manifest_of(pdf: Path) -> dict[str, Any]:
        if pdf.parent not in manifests:
            manifests[pdf.parent] = read_manifest(pdf.parent)
        return manifests[pdf.parent]

    for path in paths:
        pdf = targets[path]
        fresh, found = up_to_date(path, pdf, manifest=manifest_of(pdf), **_render_options(options))
        if found is not None:
            loaded[path] = found
        if fresh:
            result.current.append(path)
        else:
            stale.append(path)
    failed = set()
    manifests.clear()  # rendering rewrites them
    for outcome in render_many(stale, None, jobs, options, stuck_message):
        result.outcomes.append(outcome)
        result.warnings.extend(outcome.warnings)
        if outcome.result is None:
            failed.add(outcome.path)
        if on_outcome is not None:
            on_outcome(outcome)
    base = base_url.rstrip("/") + "/" if base_url else None
    for path in paths:
        if path not in failed:
            pdf = targets[path]
            record = manifest_of(pdf).get(pdf.name, {})
            result.entries.append(_entry(path, pdf, options, loaded.get(path), record))
    result.entries.sort(key=lambda e: (e.brief.date, e.brief.title), reverse=True)
    _unique_slugs(result.entries)
    writer = SiteWriter(site, options.get("project_dir") or Path.cwd())
    shown = _pictures(writer, result.entries, jobs)
    for entry in result.entries:
        _write_brief(writer, entry, result.entries, base, title, shown[entry.folder])
    _write_index(writer, result.entries, base, title, options)
    if base:
        writer.text("feed.xml", feeds.atom(result.entries, base, _site_title(result.entries,
                    title), _site_language(result.entries)))  # fmt: skip
        writer.text("sitemap.xml", feeds.sitemap(result.entries, base))
    else:
        result.warnings.append(
            Problem(
                site,
                "no --base-url: the Atom feed, the sitemap and the social cards' image links "
                "need the site's address, and were left out",
            )
        )
    result.files = writer.finish()
    return result


def _render_options(options: dict[str, Any]) -> dict[str, Any]:
    keep = ("tagged", "project_dir", "limits", "allow_outside", "layout")
    return {k: options[k] for k in keep if k in options}


def _entry(
    path: Path, pdf: Path, options: dict[str, Any], loaded: Loaded | None, record: dict[str, Any]
) -> Entry:
    """The site's entry for a rendered brief, from the brief as read before rendering (the
    same files: rendering does not change them), or read now, and its manifest *record*."""
    if loaded is None:
        loaded = load_brief(path, **_render_options(options))
    brief, layout = loaded.brief, loaded.layout
    return Entry(
        source=path,
        brief=brief,
        layout=layout,
        messages=Messages(brief.language, layout.style.texts, brief.texts),
        pdf=pdf,
        pages=record["pages"] if isinstance(record.get("pages"), int) else 0,
        size=pdf.stat().st_size,
        slug=safe_name(pdf.stem).lower(),
        sha256=record["sha256"] if isinstance(record.get("sha256"), str) else "",
    )


def _unique_slugs(entries: list[Entry]) -> None:
    """Each brief its own folder: a name taken already gets the first free "-2", "-3"..."""
    taken: set[str] = set()
    for entry in entries:
        slug, number = entry.slug, 1
        while slug in taken:
            number += 1
            slug = f"{entry.slug}-{number}"
        entry.slug = slug
        taken.add(slug)


def _colours(layout: Layout) -> tuple[str, str]:
    """The card's background and band: the layout's primary and accent colours."""
    colours = layout.style.colors
    return str(colours.get("primary", "#1b1f24")), str(colours.get("accent", "#ffffff"))


def _pictures(writer: SiteWriter, entries: list[Entry], jobs: int) -> dict[str, Pictures]:
    """Each brief's cover and card, by its folder. Drawing them is most of publishing's
    work, so those the site has already for the same PDF and colours are kept (the marker
    records what each was drawn from), and the others are drawn in *jobs* processes."""
    from brief import __version__

    keys = {
        entry.folder: hashlib.sha256(
            repr((entry.sha256, _colours(entry.layout), THUMBNAIL_WIDTH, __version__)).encode()
        ).hexdigest()
        for entry in entries
    }
    found: dict[str, Pictures] = {}
    drawn = writer.previous_pictures()
    for entry in entries:
        if entry.sha256 and drawn.get(entry.folder) == keys[entry.folder]:
            kept = writer.kept_pictures(entry.folder)
            if kept is not None:
                found[entry.folder] = kept
    todo = [entry for entry in entries if entry.folder not in found]
    work = [(entry.pdf, *_colours(entry.layout)) for entry in todo]
    if len(work) > 1 and jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(work)), mp_context=context) as pool:
            made = list(pool.map(pictures, *zip(*work, strict=True)))
    else:
        made = [pictures(*item) for item in work]
    for entry, pictures_made in zip(todo, made, strict=True):
        found[entry.folder] = pictures_made
    writer.pictures = {entry.folder: keys[entry.folder] for entry in entries if entry.sha256}
    return found


def _site_language(entries: list[Entry]) -> str:
    """The language most briefs are in (en-GB and en-US count as en)."""
    languages = Counter(e.brief.language.split("-")[0].lower() for e in entries)
    return languages.most_common(1)[0][0] if languages else "en"


def _site_title(entries: list[Entry], title: str | None) -> str:
    if title:
        return title
    organisations = {e.brief.organisation for e in entries}
    if len(organisations) == 1 and None not in organisations:
        return next(iter(organisations))  # type: ignore[arg-type]
    return Messages(_site_language(entries)).text("publications")


def _style(layout: Layout) -> dict[str, Any]:
    """What the pages take from the layout: its colours, as CSS custom properties, and its
    body and heading type."""
    style = layout.style
    colours = {name: str(value) for name, value in style.colors.items()}

    def family(paragraph: str, fallback: str) -> str:
        seen = set()
        name: str | None = paragraph
        while name and name in style.paragraphs and name not in seen:
            seen.add(name)
            if style.paragraphs[name].font:
                return style.paragraphs[name].font  # type: ignore[return-value]
            name = style.paragraphs[name].parent
        return fallback

    body, heading = family("body", "serif"), family("heading1", "sans")
    return {"colours": colours, "body": body, "heading": heading, "fonts": [body, heading]}


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


def _assets(writer: SiteWriter, layout: Layout) -> dict[str, Any]:
    """Copy the layout's site assets and web fonts to ``assets/<layout>/`` once; what the
    pages need to link them."""
    folder = f"assets/{safe_name(layout.name)}/"
    style = _style(layout)
    faces = []
    for family, weight, font_style, path in _font_files(layout, style["fonts"]):
        name = f"{folder}fonts/{path.name}"
        if name not in writer.written:
            writer.copy(name, path, (path.parent,), "font")
        faces.append({"family": family, "weight": weight, "style": font_style,
                      "href": f"fonts/{path.name}"})  # fmt: skip
    for relative, (path, root) in site_assets(layout).items():
        if f"{folder}{relative}" not in writer.written:
            writer.copy(f"{folder}{relative}", path, (root,), "layout's site file")
    return {"folder": folder, "faces": faces, **style}


def _summary(brief: Brief) -> list[str]:
    return [" ".join(b.text.split()) for b in brief.summary if isinstance(b, Paragraph)]


def _description(brief: Brief, limit: int = 300) -> str:
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
        "description": _description(brief),
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


def _write_brief(
    writer: SiteWriter,
    entry: Entry,
    entries: list[Entry],
    base: str | None,
    title: str | None,
    shown: Pictures,
) -> None:
    brief, folder = entry.brief, entry.folder
    url = base + entry.address if base else None
    cited = brief if brief.url or not url else brief.model_copy(update={"url": url})
    writer.copy(folder + entry.pdf.name, entry.pdf, (entry.pdf.parent,), "PDF")
    writer.bytes(folder + "cover.png", shown.cover)
    writer.bytes(folder + "card.png", shown.card)

    words = entry.messages
    files = {f.element: f for f in data_files(brief, entry.pdf.stem, words)} if brief.data else {}
    for file in files.values():
        writer.bytes(folder + file.name, file.data)
    cites = []
    formats = citations(cited)
    for kind, text in formats.items():
        name = entry.pdf.stem + CITATION_SUFFIXES[kind]
        writer.text(folder + name, text)
        cites.append(
            {
                "kind": kind,
                "name": CITATION_NAMES[kind],
                "href": quote(name),
                "file": name,
                "text": text,
                "type": MEDIA_TYPES[kind],
            }
        )
    marked, plain = formatted_citation(formats["csl"])  # for people, in APA
    tables = [
        {
            "number": t.number,
            "figure": None,
            "caption": t.caption,
            "description": table_description(words, t),
            "head": [t.header, *t.rows[: t.header_rows - 1]],
            "body": t.rows[t.header_rows - 1 :],
            "align": [a or "left" for a in t.align] + ["left"] * len(t.header),
            "note": t.note,
            "csv": {
                "href": quote(files[f"table-{t.number}"].name),
                "bytes": len(files[f"table-{t.number}"].data),
            }
            if f"table-{t.number}" in files
            else None,
        }
        for t in brief.tables
    ]
    for chart in brief.charts:  # a chart drawn in place of its table: its data, as a table
        if chart.place != "instead-of-table":
            continue
        data = files.get(f"figure-{chart.number}")
        tables.append(
            {
                "number": chart.number,
                "figure": chart.number,
                "caption": chart.title or chart_description(words, chart),
                "description": chart_description(words, chart),
                "head": [chart.header],
                "body": chart.rows,
                "align": ["left"] + ["right"] * len(chart.header),
                "note": chart.source,
                "csv": {"href": quote(data.name), "bytes": len(data.data)} if data else None,
            }
        )
    image = base + entry.address + "card.png" if base else None
    assets = _assets(writer, entry.layout)
    figures = {}
    for figure in _blocks(brief):  # the article's own images, beside the page
        if figure.kind != "image" or not figure.path:
            continue
        source = Path(figure.path)
        name = f"figure-{figure.number}{source.suffix.lower()}"
        writer.copy(folder + name, source, (source.parent,), "image")
        figures[f"figure-{figure.number}"] = quote(name)
    page = render_page(
        entry.layout,
        "brief.html.j2",
        entry.messages,
        brief=brief,
        site=_site_context(entries, base, title, depth=2),
        page={
            "lang": brief.language,
            "dir": "rtl" if is_right_to_left(brief.language) else "ltr",
            "url": url,
            "description": _description(brief),
            "summary": _summary(brief),
            "pdf": {"href": quote(entry.pdf.name), "bytes": entry.size, "pages": entry.pages},
            "cover": {"href": "cover.png", "width": shown.width, "height": shown.height},
            "card": {"href": image, "width": CARD_SIZE[0], "height": CARD_SIZE[1]},
            "citations": cites,
            "citation": {"style": CITATION_STYLES["apa"], "html": Markup(marked), "text": plain},
            "tables": tables,
            "images": figures,
            "formulas": {
                f"formula-{block.line}": Markup(markup)
                for block in _blocks(brief)
                if block.kind == "formula" and (markup := formula_markup(block.tex))
            },
            "json_ld": _json_ld(entry, url, image),
        },
        assets={**assets, "href": "../../" + assets["folder"]},
    )
    writer.text(folder + "index.html", page)


def _blocks(brief: Brief) -> Iterator[Any]:
    """Every block of the brief, in order, a callout's own blocks after it."""
    parts = [*brief.sections, *filter(None, [brief.conclusion]), *brief.appendices]
    for block in [*brief.summary, *(block for part in parts for block in part.blocks)]:
        yield block
        if block.kind == "callout":
            yield from block.blocks


def _site_context(entries: list[Entry], base: str | None, title: str | None, depth: int) -> dict:
    up = "../" * depth
    return {
        "title": _site_title(entries, title),
        "home": up + "index.html",
        "feed": up + "feed.xml" if base else None,
        "url": base,
        "language": _site_language(entries),
    }


def _write_index(
    writer: SiteWriter, entries: list[Entry], base: str | None, title: str | None, options: dict
) -> None:
    language = _site_language(entries)
    project = options.get("project_dir") or Path.cwd()
    layout = load_layout(options.get("layout") or "default", project)
    messages = Messages(language, layout.style.texts)
    assets = _assets(writer, layout)
    items = [
        {
            "title": e.brief.title,
            "href": e.address + "index.html",
            "series": e.brief.series,
            "number": e.brief.number,
            "date": e.brief.date,
            "language": e.brief.language,
            "dir": "rtl" if is_right_to_left(e.brief.language) else "ltr",
            "summary": _description(e.brief),
            "cover": e.address + "cover.png",
            "pages": e.pages,
            "bytes": e.size,
            "pdf": e.address + quote(e.pdf.name),
        }
        for e in entries
    ]
    page = render_page(
        layout,
        "index.html.j2",
        messages,
        site=_site_context(entries, base, title, depth=0),
        page={
            "lang": language,
            "dir": "rtl" if is_right_to_left(language) else "ltr",
            "url": base,
            "description": _site_title(entries, title),
            "items": items,
            "series": sorted({e.brief.series for e in entries if e.brief.series}),
            "languages": sorted({e.brief.language for e in entries}),
        },
        assets={**assets, "href": assets["folder"]},
    )
    writer.text("index.html", page)


def check_site_folder(site: Path, project: Path) -> None:
    """The site may not be written over the project's own folders."""
    resolved = site.resolve()
    for name in ("briefs", "sources", "layouts", "output"):
        if resolved == (project / name).resolve():
            raise OutputError.at(site, f"is the project's {name}/ folder; choose another")
    if resolved == project.resolve():
        raise OutputError.at(site, "is the project folder itself; choose a folder in it")
