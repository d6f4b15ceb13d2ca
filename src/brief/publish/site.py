"""``brief publish``: the briefs as a static web site that any web server (or a folder opened
in a browser) serves as it is.

What is out of date is rendered first (the output folder's manifest says what each PDF was
made from). Then, for each brief, a folder ``briefs/<name>/`` with its page (the whole brief,
see :mod:`brief.publish.pages`), PDF, tables as CSV, citations, cover and social card; and for
the site an index in the site's language (newest first, filterable by series and language in
the browser), an Atom feed and a sitemap. The site's own words and address come from
``site.toml`` (:mod:`brief.publish.config`). Pages come from the layout's ``site/``
templates (see :mod:`brief.layout.site`).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from brief.api import check_outputs
from brief.batch import Outcome, render_many
from brief.compose.model import Brief
from brief.core.errors import OutputError, Problem
from brief.core.limits import Limits
from brief.core.records import rebuilt
from brief.export.tabledata import safe_name
from brief.layout.catalogue import Messages, is_right_to_left, join_names, long_date
from brief.layout.loader import load_layout
from brief.layout.site import render_page
from brief.pdf.manifest import read_manifest
from brief.publish import feeds
from brief.publish.card import CardText, card_pdf, card_png
from brief.publish.config import SiteConfig
from brief.publish.entries import Entry
from brief.publish.freshness import Loaded, load_brief, up_to_date
from brief.publish.images import THUMBNAIL_WIDTH, Pictures, cover
from brief.publish.pages import (
    Surroundings,
    description,
    layout_assets,
    render_with_fonts,
    write_brief_page,
)
from brief.publish.writer import SiteWriter


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
    config: SiteConfig = SiteConfig(),  # noqa: B008 (frozen)
    on_outcome: Callable[[Outcome], None] | None = None,
    stuck_message: Callable[[Path], str] | None = None,
) -> Published:
    """Render what is out of date among *paths*, then write the site to *site*. A brief
    that fails to render is reported (in ``outcomes``) and left off the site."""
    result = Published(site)
    targets = check_outputs(paths, None, options.get("limits") or Limits())
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
    base = config.base_url.rstrip("/") + "/" if config.base_url else None
    for path in paths:
        if path not in failed:
            pdf = targets[path]
            record = manifest_of(pdf).get(pdf.name, {})
            result.entries.append(_entry(path, pdf, options, loaded.get(path), record))
    result.entries.sort(key=lambda e: (e.brief.date, e.brief.title), reverse=True)
    _unique_slugs(result.entries)
    writer = SiteWriter(site, options.get("project_dir") or Path.cwd())
    shown = _pictures(writer, result.entries, jobs)
    translations = _translations(result.entries, base, result.warnings)
    assets: dict[Path, dict[str, Any]] = {}
    for entry in result.entries:
        if entry.layout.folder not in assets:
            assets[entry.layout.folder] = layout_assets(writer, entry.layout)
        around = Surroundings(
            site=_site_context(result.entries, base, config, 2, entry.brief.language),
            base=base,
            citation_style=config.csl_style,
            translations=translations.get(entry.folder, []),
        )
        write_brief_page(writer, entry, around, shown[entry.folder], assets[entry.layout.folder])
    _write_index(writer, result.entries, base, config, options)
    if base:
        language = config.language or _site_language(result.entries)
        writer.text("feed.xml", feeds.atom(result.entries, base, _site_title(result.entries,
                    config, language), language))  # fmt: skip
        writer.text("sitemap.xml", feeds.sitemap(result.entries, base))
    else:
        result.warnings.append(
            Problem(
                site,
                "no base_url (in site.toml, or --base-url): the Atom feed, the sitemap and "
                "the social cards' image links need the site's address, and were left out",
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
    brief, layout = _without_overrides(loaded.brief), loaded.layout
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


_OVERRIDES = re.compile("[\u202a-\u202e]")


def _without_overrides(brief: Brief) -> Brief:
    """*brief* without explicit direction embeddings and overrides (U+202A to U+202E): the
    PDF sets text by its letters' own directions and ignores them, and on a web page an
    unclosed override in one field would reverse the text after it."""
    stripped: Brief = rebuilt(brief, text=lambda _, value: _OVERRIDES.sub("", value))
    return stripped


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


def _card_text(entry: Entry) -> CardText:
    brief = entry.brief
    series = " · ".join(filter(None, [brief.series, brief.number])) or None
    publisher = brief.organisation or join_names(brief.authors, brief.language) or None
    return CardText(brief.title, brief.language, series, publisher,
                    long_date(brief.date, brief.language))  # fmt: skip


def _pictures(writer: SiteWriter, entries: list[Entry], jobs: int) -> dict[str, Pictures]:
    """Each brief's cover and card, by its folder. Drawing them is most of publishing's
    work, so those the site has already for the same PDF, words and layout are kept (the
    marker records what each was drawn from); covers are drawn in *jobs* processes."""
    from brief import __version__

    keys = {
        entry.folder: hashlib.sha256(
            repr(
                (
                    entry.sha256,
                    _card_text(entry),
                    str(entry.layout.folder),
                    entry.layout.style.colors,
                    THUMBNAIL_WIDTH,
                    __version__,
                )
            ).encode()
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
    pdfs = [entry.pdf for entry in todo]
    if len(pdfs) > 1 and jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(min(jobs, len(pdfs)), mp_context=context) as pool:
            covers = list(pool.map(cover, pdfs))
    else:
        covers = [cover(pdf) for pdf in pdfs]
    for entry, (image, width, height) in zip(todo, covers, strict=True):
        card = card_png(card_pdf(_card_text(entry), entry.layout))
        found[entry.folder] = Pictures(image, card, width, height)
    writer.pictures = {entry.folder: keys[entry.folder] for entry in entries if entry.sha256}
    return found


def _translations(
    entries: list[Entry], base: str | None, warnings: list[Problem]
) -> dict[str, list[dict[str, Any]]]:
    """For each brief that has translations on the site, the list of all its versions (by
    its folder): briefs linked by ``translation_of``, directly or through each other."""
    by_source = {entry.source.resolve(): entry for entry in entries}
    parent = {entry.folder: entry.folder for entry in entries}

    def root(folder: str) -> str:
        while parent[folder] != folder:
            folder = parent[folder]
        return folder

    for entry in entries:
        named = entry.brief.translation_of
        if not named:
            continue
        target = entry.source.parent / named
        if not target.suffix:
            target = target.with_suffix(".toml")
        other = by_source.get(target.resolve())
        problem = (
            f"'{named}' is not a brief published with this one"
            if other is None
            else "names this brief itself"
            if other is entry
            else f"'{named}' is in this brief's language ({other.brief.language}) too"
            if other.brief.language.lower() == entry.brief.language.lower()
            else None
        )
        if problem is not None or other is None:
            warnings.append(Problem(entry.source, f"{problem}; no language links made",
                                    key="translation_of"))  # fmt: skip
            continue
        parent[root(entry.folder)] = root(other.folder)
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(root(entry.folder), []).append(entry)
    found = {}
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=lambda e: e.brief.language)
        for entry in members:
            found[entry.folder] = [
                {
                    "lang": other.brief.language,
                    "dir": "rtl" if is_right_to_left(other.brief.language) else "ltr",
                    "title": other.brief.title,
                    "href": base + other.address if base else f"../{quote(other.slug)}/",
                    "path": f"../{quote(other.slug)}/index.html",  # for the visible links
                    "current": other is entry,
                }
                for other in members
            ]
    return found


def _site_language(entries: list[Entry]) -> str:
    """The language most briefs are in (en-GB and en-US count as en)."""
    languages = Counter(e.brief.language.split("-")[0].lower() for e in entries)
    return languages.most_common(1)[0][0] if languages else "en"


def _site_title(entries: list[Entry], config: SiteConfig, language: str) -> str:
    """site.toml's title, else its organisation, else the briefs' one organisation, else
    "Publications" in *language* (the page's)."""
    if config.title or config.organisation:
        return str(config.title or config.organisation)
    organisations = {e.brief.organisation for e in entries}
    if len(organisations) == 1 and None not in organisations:
        return str(next(iter(organisations)))
    return Messages(language).text("publications")


def _site_context(
    entries: list[Entry], base: str | None, config: SiteConfig, depth: int, language: str
) -> dict[str, Any]:
    up = "../" * depth
    return {
        "title": _site_title(entries, config, language),
        "description": config.description,
        "organisation": config.organisation,
        "home": up + "index.html",
        "feed": up + "feed.xml" if base else None,
        "url": base,
        "language": config.language or _site_language(entries),
    }


def _write_index(
    writer: SiteWriter, entries: list[Entry], base: str | None, config: SiteConfig,
    options: dict[str, Any],
) -> None:  # fmt: skip
    language = config.language or _site_language(entries)
    project = options.get("project_dir") or Path.cwd()
    layout = load_layout(options.get("layout") or "default", project)
    messages = Messages(language, layout.style.texts)
    items = [
        {
            "title": e.brief.title,
            "href": e.address + "index.html",
            "series": e.brief.series,
            "number": e.brief.number,
            "date": e.brief.date,
            "language": e.brief.language,
            "dir": "rtl" if is_right_to_left(e.brief.language) else "ltr",
            "summary": description(e.brief),
            "cover": e.address + "cover.png",
            "pages": e.pages,
            "bytes": e.size,
            "pdf": e.address + quote(e.pdf.name),
        }
        for e in entries
    ]
    site = _site_context(entries, base, config, 0, language)
    page = {
        "lang": language,
        "dir": "rtl" if is_right_to_left(language) else "ltr",
        "url": base,
        "description": config.description or site["title"],
        "items": items,
        "series": sorted({e.brief.series for e in entries if e.brief.series}),
        "languages": sorted({e.brief.language for e in entries}),
    }

    def render(assets: dict[str, Any]) -> str:
        return render_page(layout, "index.html.j2", messages, site=site, page=page,
                           assets=assets)  # fmt: skip

    assets = layout_assets(writer, layout)
    writer.text("index.html", render_with_fonts(writer, layout, language, assets, 0, render))


def check_site_folder(site: Path, project: Path) -> None:
    """The site may not be written over the project's own folders."""
    resolved = site.resolve()
    for name in ("briefs", "sources", "layouts", "output"):
        if resolved == (project / name).resolve():
            raise OutputError.at(site, f"is the project's {name}/ folder; choose another")
    if resolved == project.resolve():
        raise OutputError.at(site, "is the project folder itself; choose a folder in it")
