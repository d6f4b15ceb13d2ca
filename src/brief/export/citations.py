"""A brief's citation as BibTeX, RIS and CSL-JSON, the formats Zotero, Mendeley, EndNote and
pandoc read, so readers cite the brief as its publisher wants.

A brief is a report: its series and number, authors, publishing organisation, date, language,
summary and, when the spec gives ``url``, its address. Names are split into family and given
names at the last space, as reference managers do when they import "First Last"; a name
without spaces (Chinese, Japanese, Korean names are written so) or an organisation is kept
whole. Written by hand rather than through a library: each format is a few lines, and the
libraries that write them (pybtex, citeproc) bring much more than this needs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass

from brief.compose.model import Brief
from brief.core.addresses import is_web_address
from brief.source.article import Paragraph

CITATION_SUFFIXES = {"bibtex": ".bib", "ris": ".ris", "csl": ".csl.json"}
MEDIA_TYPES = {
    "bibtex": "application/x-bibtex",
    "ris": "application/x-research-info-systems",
    "csl": "application/vnd.citationstyles.csl+json",
}


@dataclass(frozen=True)
class Name:
    family: str | None
    given: str | None
    literal: str | None = None


def split_name(name: str) -> Name:
    """'Anna Kowalska' and 'Kowalska, Anna' as family and given names; a single word or
    more than three (a team or an organisation: "Eurasia Programme Analysis Team") whole."""
    if name.count(",") == 1:
        family, given = (" ".join(part.split()) for part in name.split(","))
        if family and given:
            return Name(family, given)
    words = name.split()
    if not 2 <= len(words) <= 3 or not _western(name):
        return Name(None, None, literal=" ".join(words))
    return Name(words[-1], " ".join(words[:-1]))


def _western(name: str) -> bool:
    """Whether *name* is written in a script whose names split into given names and a family
    name a style may cut to initials (Latin, Greek, Cyrillic); an Arabic, Hebrew or Chinese
    name is cited as it is written."""
    import unicodedata

    return all(
        unicodedata.name(char, "").startswith(("LATIN", "GREEK", "CYRILLIC"))
        for char in name
        if char.isalpha()
    )


def citation_key(brief: Brief) -> str:
    """An ASCII key like 'kowalska2025belarus': first author's family name (or the
    organisation), year, first word of the title of three letters or more."""

    def ascii_word(text: str) -> str:
        plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
        return re.sub(r"[^a-z0-9]", "", plain.lower())

    who = ""
    if brief.authors:
        name = split_name(brief.authors[0])
        who = ascii_word(name.family or name.literal or "")
    elif brief.organisation:
        who = ascii_word(brief.organisation.split()[0])
    words = [ascii_word(w) for w in brief.title.split()]
    word = next((w for w in words if len(w) >= 3), "")
    return f"{who or 'brief'}{brief.date.year}{word}"


def summary_text(brief: Brief) -> str:
    """The summary's paragraphs as plain text, for abstracts."""
    return "\n\n".join(
        " ".join(block.text.split()) for block in brief.summary if isinstance(block, Paragraph)
    )


def bibtex(brief: Brief) -> str:
    fields: list[tuple[str, str]] = [("title", "{" + _tex(brief.title) + "}")]
    if brief.subtitle:
        fields.append(("subtitle", "{" + _tex(brief.subtitle) + "}"))
    if brief.authors:
        fields.append(("author", " and ".join(_bibtex_name(a) for a in brief.authors)))
    if brief.organisation:
        fields.append(("institution", "{" + _tex(brief.organisation) + "}"))
    if brief.series:
        fields.append(("type", _tex(brief.series)))
    if brief.number:
        fields.append(("number", _tex(brief.number)))
    fields += [
        ("year", str(brief.date.year)),
        ("month", str(brief.date.month)),
        ("date", brief.date.isoformat()),
        ("language", _tex(brief.language)),
    ]
    if brief.url and is_web_address(brief.url):  # its structure holds no brace or space
        fields.append(("url", brief.url))
    if brief.keywords:
        fields.append(("keywords", _tex(", ".join(brief.keywords))))
    abstract = summary_text(brief)
    if abstract:
        fields.append(("abstract", _tex(abstract)))
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@techreport{{{citation_key(brief)},\n{body}\n}}\n"


def _bibtex_name(author: str) -> str:
    name = split_name(author)
    if name.literal is not None:
        return "{" + _tex(name.literal) + "}"
    return f"{_tex(name.family or '')}, {_tex(name.given or '')}"


_TEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _tex(text: str) -> str:
    """*text* for a BibTeX field (UTF-8 is kept; biber and BibTeX 0.99 read it), without
    control characters."""
    return "".join(_TEX_SPECIALS.get(char, char) for char in " ".join(_plain(text).split()))


def _plain(text: str) -> str:
    """*text* without control characters (an escape sequence or a bell in a title), which no
    reference manager shows and some stop reading at."""
    return _CONTROLS.sub("", text)


_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def ris(brief: Brief) -> str:
    lines = [("TY", "RPRT"), ("TI", brief.title)]
    if brief.subtitle:
        lines.append(("ST", brief.subtitle))
    for author in brief.authors:
        name = split_name(author)
        lines.append(("AU", name.literal or f"{name.family}, {name.given}"))
    if brief.organisation:
        lines.append(("PB", brief.organisation))
    if brief.series:
        lines.append(("T3", brief.series))
    if brief.number:
        lines.append(("SN", brief.number))  # the report number, in RIS's RPRT type
    lines += [
        ("PY", str(brief.date.year)),
        ("DA", brief.date.strftime("%Y/%m/%d")),
        ("LA", brief.language),
    ]
    if brief.url:
        lines.append(("UR", brief.url))
    lines += [("KW", keyword) for keyword in brief.keywords]
    abstract = summary_text(brief)
    if abstract:
        lines.append(("AB", " ".join(abstract.split())))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(_plain(value).split())}\r\n" for tag, value in lines)


def csl_json(brief: Brief) -> str:
    item: dict[str, object] = {
        "id": citation_key(brief),
        "type": "report",
        "title": brief.title,
        "issued": {"date-parts": [[brief.date.year, brief.date.month, brief.date.day]]},
        "language": brief.language,
    }
    if brief.subtitle:
        item["title"] = f"{brief.title}: {brief.subtitle}"
        item["title-short"] = brief.title
    if brief.authors:
        item["author"] = [_csl_name(author) for author in brief.authors]
    elif brief.organisation:  # a report by an organisation: it is the author
        item["author"] = [{"literal": brief.organisation}]
    if brief.organisation:
        item["publisher"] = brief.organisation
    if brief.series:
        item["collection-title"] = brief.series
    if brief.number:
        item["number"] = brief.number
    if brief.url:
        item["URL"] = brief.url
    if brief.keywords:
        item["keyword"] = ", ".join(brief.keywords)
    abstract = summary_text(brief)
    if abstract:
        item["abstract"] = abstract
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


def _csl_name(author: str) -> dict[str, str]:
    name = split_name(author)
    if name.literal is not None:
        return {"literal": name.literal}
    return {"family": name.family or "", "given": name.given or ""}


def citations(brief: Brief) -> dict[str, str]:
    """Every format's text, by format name (see :data:`CITATION_SUFFIXES`)."""
    return {"bibtex": bibtex(brief), "ris": ris(brief), "csl": csl_json(brief)}
