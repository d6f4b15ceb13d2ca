"""The site's Atom feed (RFC 4287) and sitemap (sitemaps.org 0.9), written with ElementTree
so that every title and summary is escaped as XML. Both need absolute addresses, so both are
written only when the site's address (``--base-url``) is known."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import quote

from brief.core.text import xml_text
from brief.publish.entries import Entry
from brief.source.article import Paragraph

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(entries: list[Entry], base: str, title: str, language: str) -> str:
    ET.register_namespace("", ATOM)

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> Any:
        clean = {key: xml_text(value) for key, value in attributes.items()}
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", clean)
        if text is not None:
            element.text = xml_text(text)
        return element

    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})
    add(feed, "title", title)
    add(feed, "id", base)
    newest = max((e.brief.date for e in entries), default=dt.date(1970, 1, 1))
    add(feed, "updated", _stamp(newest))
    add(feed, "link", href=base + "feed.xml", rel="self", type="application/atom+xml")
    add(feed, "link", href=base, rel="alternate", type="text/html")
    author = add(feed, "author")  # for entries that name no author of their own
    add(author, "name", title)
    add(feed, "generator", "brief")
    for entry in entries:
        brief = entry.brief
        item = add(feed, "entry", **{XML_LANG: brief.language})
        add(item, "title", brief.title)
        page = base + entry.address
        add(item, "id", page)
        add(item, "updated", _stamp(brief.date))
        add(item, "published", _stamp(brief.date))
        add(item, "link", href=page, rel="alternate", type="text/html")
        pdf = page + quote(entry.pdf.name)
        add(item, "link", href=pdf, rel="enclosure", type="application/pdf", length=str(entry.size))
        for name in brief.authors:
            add(add(item, "author"), "name", name)
        if brief.series:
            add(item, "category", term=brief.series)
        summary = " ".join(
            " ".join(b.text.split()) for b in brief.summary if isinstance(b, Paragraph)
        )
        if summary:
            add(item, "summary", summary)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def _file_date(path: Any) -> dt.date:
    """When *path* last changed (a brief's page changes with its PDF, which is made again
    whenever what it is made from changes), no later than SOURCE_DATE_EPOCH when that is set,
    as reproducible builds clamp their files' times."""
    import os

    when = path.stat().st_mtime
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        when = min(when, int(epoch))
    return dt.datetime.fromtimestamp(when, tz=dt.UTC).date()


def sitemap(entries: list[Entry], base: str) -> str:
    """The site's pages with the dates their files last changed (not the briefs' dates: a
    brief of 2025 corrected today has changed today, and search engines read it so)."""
    ET.register_namespace("", SITEMAP)
    urlset = ET.Element(f"{{{SITEMAP}}}urlset")

    def url(location: str, modified: dt.date | None) -> None:
        element = ET.SubElement(urlset, f"{{{SITEMAP}}}url")
        ET.SubElement(element, f"{{{SITEMAP}}}loc").text = xml_text(location)
        if modified is not None:
            ET.SubElement(element, f"{{{SITEMAP}}}lastmod").text = modified.isoformat()

    changed = {entry.address: _file_date(entry.pdf) for entry in entries}
    url(base, max(changed.values(), default=None))
    for entry in entries:
        url(base + entry.address, changed[entry.address])
    ET.indent(urlset)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(urlset, "unicode") + "\n"
