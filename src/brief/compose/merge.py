"""Merge a spec with its parsed article into one validated :class:`~brief.compose.model.Brief`.

What the spec says wins; everything else comes from the article. All the spec's problems
that only show against the article (a correction whose text is absent, a table number the
article does not have) are collected and reported together.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from pydantic import BaseModel

from brief.compose.images import resolve_images
from brief.compose.model import (
    Brief,
    BriefSection,
    BriefTable,
    MovedList,
    Recommendation,
    SourceInfo,
)
from brief.compose.spec import Spec, TableChoice, load_spec
from brief.core.confined import read_confined
from brief.core.errors import BriefError, Problem, SpecError
from brief.core.limits import Limits
from brief.source.article import Article, BulletList, Image, Paragraph, Section, Span, Table
from brief.source.reader import read_article

# The fields of an article that hold its words, which the spec's corrections may change
# (lists of them too: table headers and rows, authors, keywords).
_TEXT_FIELDS = {
    *("text", "heading", "title", "subtitle", "summary", "label", "alt", "caption", "note"),
    *("header", "rows", "authors", "keywords"),
}
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"‘(])")


def load_brief(
    spec_path: Path,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    project_dir: Path | None = None,
    allow_outside: bool = False,
    warnings: list[Problem] | None = None,
) -> tuple[Spec, Brief]:
    """Load the spec at *spec_path*, read its article and merge them.

    The article must lie inside the project folder (links followed) unless *allow_outside*.
    """
    spec = load_spec(spec_path, limits)
    project = project_dir or Path.cwd()
    data, article_path = _read_source(spec_path, spec.source, project, allow_outside, limits)
    article = read_article(article_path, limits, warnings, data)
    return spec, merge(
        spec,
        article,
        spec_path=spec_path,
        project_dir=project,
        allow_outside=allow_outside,
        warnings=warnings,
        limits=limits,
    )


def _read_source(
    spec_path: Path, source: str, project: Path, allow_outside: bool, limits: Limits
) -> tuple[bytes, Path]:
    """The article's bytes and real path, read once from a handle that was checked to lie
    inside the project (unless *allow_outside*): a link swapped meanwhile cannot redirect it.
    Problems are reported at the spec's ``source`` key."""
    try:
        return read_confined(
            spec_path.parent / source,
            None if allow_outside else [project],
            SpecError,
            "article",
            max_bytes=int(limits.article_mb * 1_000_000),
            limit_hint=limits.hint("article-mb"),
            outside=f"the article {source} lies outside the project folder "
            f"{project.resolve()} (use --allow-outside to permit it)",
        )
    except SpecError as error:
        message = error.problems[0].message
        if message == "article not found":
            message = f"article not found: {source}"
        elif message.startswith("is "):
            message = f"{source} {message}"
        raise SpecError.at(spec_path, message, key="source") from None


def brief_from_article(
    article_path: Path,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    warnings: list[Problem] | None = None,
    project_dir: Path | None = None,
    allow_outside: bool = False,
) -> tuple[Spec, Brief]:
    """A brief with sensible defaults for an article given without a spec."""
    spec = Spec(source=article_path.name)
    article = read_article(article_path, limits, warnings)
    return spec, merge(
        spec,
        article,
        spec_path=article_path,
        project_dir=project_dir,
        allow_outside=allow_outside,
        warnings=warnings,
        limits=limits,
    )


def merge(
    spec: Spec,
    article: Article,
    *,
    spec_path: Path,
    project_dir: Path | None = None,
    allow_outside: bool = False,
    warnings: list[Problem] | None = None,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> Brief:
    problems: list[Problem] = []
    article = apply_corrections(spec, article, spec_path, problems)
    tables: dict[int, Any] = _choose_tables(spec, article, spec_path, problems)
    tables.update(
        resolve_images(article, project_dir or Path.cwd(), allow_outside, warnings, limits)
    )
    recommendations, moved = _recommendations(spec, article, spec_path, problems)
    if problems:
        raise SpecError(problems)

    body = list(article.sections)
    if spec.summary:
        summary = [Paragraph(text=t, line=0) for t in _paragraphs(spec.summary)]
        if article.lede:  # the lede is kept as an opening section rather than dropped
            body.insert(
                0, Section(heading="Introduction", line=article.lede[0].line, blocks=article.lede)
            )
    elif article.meta.summary:
        summary = [Paragraph(text=t, line=1) for t in _paragraphs(article.meta.summary)]
        if article.lede:
            body.insert(
                0, Section(heading="Introduction", line=article.lede[0].line, blocks=article.lede)
            )
    else:
        summary = list(article.lede)

    sections = [
        BriefSection(
            number=n,
            heading=s.heading,
            line=s.line,
            anchors=s.anchors,
            blocks=_brief_blocks(s.blocks, tables, moved),
        )
        for n, s in enumerate(body, start=1)
    ]
    _check_local_links(article, warnings)
    meta = article.meta
    title = (
        spec.title or meta.title or article.title or _fallback_title(article, spec_path, warnings)
    )
    brief = Brief(
        title=title,
        short_title=spec.short_title or title,
        subtitle=spec.subtitle or meta.subtitle,
        series=spec.series,
        number=spec.number,
        date=spec.date or meta.date or default_date(),
        authors=spec.authors or meta.authors,
        organisation=spec.organisation,
        audience=spec.audience,
        language=_language(spec, article, warnings),
        keywords=spec.keywords or meta.keywords,
        notes=article.notes,
        summary=_brief_blocks(summary, tables, moved),
        key_points=spec.key_points if spec.key_points is not None else _key_points(sections),
        sections=sections,
        recommendations_heading=spec.recommendations.heading,
        recommendations=recommendations,
        conclusion=_conclusion(spec, article, tables, moved),
        appendices=[
            BriefSection(
                heading=s.heading,
                line=s.line,
                anchors=s.anchors,
                blocks=_brief_blocks(s.blocks, tables, moved),
            )
            for s in article.appendices
        ],
        tables=[t for t in tables.values() if isinstance(t, BriefTable)],
        contents=spec.contents,
        pdf_a=spec.pdf_a,
        list_of_tables=spec.list_of_tables,
        source=SourceInfo(
            path=spec.source,
            name=Path(spec.source).name,
            title=meta.title or article.title or title,
            url=_source_url(spec.source_url or meta.source_url),
        ),
    )
    return _mark_passages(brief)


def _language(spec: Spec, article: Article, warnings: list[Problem] | None) -> str:
    """The spec's language when it gives one, else the front matter's, else the one the
    article's text is written in (see :mod:`brief.source.language`), else the default."""
    given = article.meta.language
    if "language" in spec.model_fields_set:
        return spec.language
    if not given:
        return _detected(article) or spec.language
    if not _LANGUAGE_TAG.fullmatch(given):
        if warnings is not None:
            warnings.append(
                Problem(
                    Path(article.path),
                    f"front matter language '{given}' is "
                    f"not a language tag; using '{spec.language}'",
                    line=1,
                )
            )
        return spec.language
    return given


def _detected(article: Article) -> str | None:
    from brief.source.language import detect_language

    texts = [article.title or ""]
    for block in [*article.lede, *(b for s in article.all_sections() for b in s.blocks)]:
        if isinstance(block, Paragraph):
            texts.append(block.text)
        if sum(map(len, texts)) > 4000:
            break
    return detect_language(" ".join(texts))


def _mark_passages(brief: Brief) -> Brief:
    """Paragraphs in another script than the brief's language get their own language, so a
    screen reader reads an Arabic passage in an English brief with an Arabic voice."""
    from brief.source.language import passage_language

    def marked(blocks: list) -> list:
        out = []
        for block in blocks:
            if isinstance(block, Paragraph) and block.lang is None:
                lang = passage_language(block.text, brief.language)
                if lang is not None:
                    block = block.model_copy(update={"lang": lang})
            out.append(block)
        return out

    def section(value: BriefSection) -> BriefSection:
        return value.model_copy(update={"blocks": marked(value.blocks)})

    return brief.model_copy(
        update={
            "summary": marked(brief.summary),
            "sections": [section(s) for s in brief.sections],
            "appendices": [section(s) for s in brief.appendices],
            "conclusion": section(brief.conclusion) if brief.conclusion else None,
        }
    )


def default_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return dt.date.today()
    try:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    except (ValueError, OverflowError, OSError):
        raise BriefError.at(None, f"SOURCE_DATE_EPOCH is not a Unix time: '{epoch}'") from None


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def apply_corrections(
    spec: Spec, article: Article, spec_path: Path, problems: list[Problem]
) -> Article:
    if not spec.corrections:
        return article
    data = article.model_dump()
    grown = 0
    for index, correction in enumerate(spec.corrections, start=1):
        found = _replace_everywhere(data, correction.find, correction.find)  # only counts
        grown += found * max(0, len(correction.replace) - len(correction.find))
        if grown > CORRECTIONS_GROWTH:
            problems.append(
                Problem(
                    spec_path,
                    f"the corrections would add more than {CORRECTIONS_GROWTH:,} characters to "
                    "the article (a replacement that contains what it replaces?)",
                    key=f"corrections[{index}].replace",
                )
            )
            break
        count = _replace_everywhere(data, correction.find, correction.replace)
        if count == 0:
            problems.append(
                Problem(
                    spec_path,
                    f"text '{correction.find}' not found in the article",
                    key=f"corrections[{index}].find",
                )
            )
    _drop_stale_spans(data)
    return Article.model_validate(data)


CORRECTIONS_GROWTH = 10_000_000  # characters corrections may add: typo fixes, not rewriting


def _drop_stale_spans(node: Any) -> None:
    """After a correction that crossed a change of style, keep the words, drop the styling."""
    if isinstance(node, dict):
        spans = node.get("spans")
        if spans and "text" in node and "".join(s["text"] for s in spans) != node["text"]:
            node["spans"] = []
        if spans and "header" in node:
            cells = [node["header"], *node["rows"]]
            for row_cells, row_spans in zip(cells, spans, strict=False):
                for index, (cell, styled) in enumerate(zip(row_cells, row_spans, strict=False)):
                    if styled and "".join(s["text"] for s in styled) != cell:
                        row_spans[index] = []
        for value in node.values():
            _drop_stale_spans(value)
    elif isinstance(node, list):
        for value in node:
            _drop_stale_spans(value)


def _replace_everywhere(node: Any, find: str, replace: str, text: bool = False) -> int:
    """Replace *find* in every text field of a dumped article (``_TEXT_FIELDS``, an explicit
    list: a language tag, an address or a code block's language is never "corrected"),
    returning the count."""
    count = 0
    if isinstance(node, dict):
        items = list(node.items())
        for key, value in items:
            if isinstance(value, str):
                if key in _TEXT_FIELDS:
                    count += value.count(find)
                    node[key] = value.replace(find, replace)
            else:
                count += _replace_everywhere(value, find, replace, key in _TEXT_FIELDS)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            if isinstance(value, str):
                if text:
                    count += value.count(find)
                    node[index] = value.replace(find, replace)
            else:
                count += _replace_everywhere(value, find, replace, text)
    return count


def _choose_tables(
    spec: Spec, article: Article, spec_path: Path, problems: list[Problem]
) -> dict[int, BriefTable | None]:
    """Map each article table (by ``line``) to its brief table, or None when left out."""
    found = article.tables()
    choices = {}
    for index, choice in enumerate(spec.tables, start=1):
        key = f"tables[{index}].number"
        if choice.number > len(found):
            problems.append(
                Problem(
                    spec_path,
                    f"the article has {len(found)} table(s), not {choice.number}",
                    key=key,
                )
            )
        elif choice.number in choices:
            problems.append(Problem(spec_path, f"table {choice.number} is chosen twice", key=key))
        else:
            table = found[choice.number - 1]
            problems.extend(_table_shape_problems(choice, table, spec_path, index))
            choices[choice.number] = choice
    result: dict[int, BriefTable | None] = {}
    number = 0
    for position, table in enumerate(found, start=1):
        choice = choices.get(position)
        if choice is not None and not choice.keep:
            result[table.line] = None
            continue
        number += 1
        caption = (
            (choice.caption if choice else None)
            or table.caption
            or _default_caption(article, table)
        )
        result[table.line] = BriefTable(
            number=number,
            caption=caption,
            header=table.header,
            rows=table.rows,
            align=table.align,
            note=(choice.note if choice else None) or table.note,
            spans=table.spans,
            widths=[str(w) for w in choice.widths] if choice and choice.widths else None,
            header_rows=choice.header_rows if choice else 1,
            line=table.line,
        )
    return result


def _table_shape_problems(
    choice: TableChoice, table: Table, spec_path: Path, index: int
) -> list[Problem]:
    problems = []
    columns = len(table.header)
    if choice.widths is not None:
        key = f"tables[{index}].widths"
        if len(choice.widths) != columns:
            problems.append(
                Problem(
                    spec_path,
                    f"{len(choice.widths)} widths given for a table of {columns} columns",
                    key=key,
                )
            )
        for position, width in enumerate(choice.widths, start=1):
            if not _valid_width(width):
                problems.append(
                    Problem(
                        spec_path,
                        f"'{width}' is not a length, a percentage or '*'",
                        key=f"{key}[{position}]",
                    )
                )
    if choice.header_rows > len(table.rows):
        problems.append(
            Problem(
                spec_path,
                f"the table has {len(table.rows) + 1} rows; at least one must stay a body row",
                key=f"tables[{index}].header_rows",
            )
        )
    return problems


def _valid_width(width: str | float) -> bool:
    from pydantic import TypeAdapter, ValidationError

    from brief.core.units import Length

    if isinstance(width, str) and re.fullmatch(r"\s*(\*|\d+(\.\d+)?\s*%)\s*", width):
        return True
    try:
        return TypeAdapter(Length).validate_python(width) > 0
    except ValidationError:
        return False


def _default_caption(article: Article, table: Table) -> str:
    """The short sentence that introduces the table, else the heading of a section holding
    only this table, else nothing (the caption is then just 'Table N')."""
    for blocks, heading in [
        (article.lede, None),
        *((s.blocks, s.heading) for s in article.all_sections()),
    ]:
        if not any(b is table for b in blocks):
            continue
        index = next(i for i, b in enumerate(blocks) if b is table)
        before = blocks[index - 1] if index else None
        if isinstance(before, Paragraph) and before.text.endswith(":"):
            sentence = _SENTENCE_END.split(before.text)[-1].rstrip(":").strip()
            if len(sentence.split()) <= 16:
                return sentence
        if heading and sum(isinstance(b, Table) for b in blocks) == 1:
            return heading
    return ""


def _recommendations(
    spec: Spec, article: Article, spec_path: Path, problems: list[Problem]
) -> tuple[list[Recommendation], dict[int, MovedList]]:
    """Recommendations from the chosen sections' lists, plus the spec's own items."""
    choice = spec.recommendations
    if choice.from_sections is None:
        chosen = [s for s in article.sections if "recommend" in s.heading.lower()]
    else:
        chosen = []
        for index, wanted in enumerate(choice.from_sections, start=1):
            matches = [
                s for s in article.all_sections() if s.heading.lower().startswith(wanted.lower())
            ]
            if not matches:
                headings = "; ".join(f"'{s.heading}'" for s in article.all_sections())
                problems.append(
                    Problem(
                        spec_path,
                        f"no section heading starts with '{wanted}' (headings: {headings})",
                        key=f"recommendations.from_sections[{index}]",
                    )
                )
            chosen.extend(m for m in matches if m not in chosen)
    items: list[Recommendation] = []
    moved: dict[int, MovedList] = {}
    if not choice.replace:
        for section in chosen:
            for block in section.blocks:
                if isinstance(block, BulletList):
                    first = len(items) + 1
                    items.extend(
                        Recommendation(label=i.label, text=i.text, spans=i.spans, line=i.line)
                        for i in block.items
                    )
                    moved[block.line] = MovedList(first=first, last=len(items), line=block.line)
    items.extend(Recommendation(label=i.label, text=i.text) for i in choice.items)
    return items, moved


def _brief_blocks(
    blocks: list, tables: dict[int, BriefTable | None], moved: dict[int, MovedList]
) -> list:
    out = []
    for block in blocks:
        if isinstance(block, Table | Image):
            if tables.get(block.line) is not None:
                out.append(tables[block.line])
        elif isinstance(block, BulletList) and block.line in moved:
            out.append(moved[block.line])
        else:
            out.append(block)
    return out


def _conclusion(spec: Spec, article: Article, tables: dict, moved: dict) -> BriefSection | None:
    heading = spec.conclusion.heading or "Conclusion"
    if spec.conclusion.text:
        blocks = [Paragraph(text=t, line=0) for t in _paragraphs(spec.conclusion.text)]
        return BriefSection(heading=heading, blocks=blocks)
    if article.conclusion is None:
        return None
    return BriefSection(
        heading=heading,
        line=article.conclusion.line,
        anchors=article.conclusion.anchors,
        blocks=_brief_blocks(article.conclusion.blocks, tables, moved),
    )


KEY_POINTS_MAX = 5  # the key-points box of every bundled layout holds five points


def _key_points(sections: list[BriefSection]) -> list[str]:
    """By default, one finding from each body section: the reader's 30-second path.

    A section's candidates are the sentences of its first two paragraphs. A sentence is not a
    point when it ends in a colon, speaks about the article itself ("This article explores"),
    points to a file or a link, or is too short to state a claim; among the rest, one with
    figures or named actors wins, else the first. At most ``KEY_POINTS_MAX`` points."""
    points = []
    for section in sections:
        paragraphs = [b for b in section.blocks if isinstance(b, Paragraph)][:2]
        candidates = [
            sentence.strip()
            for paragraph in paragraphs
            for sentence in _sentences(paragraph.text)
            if _is_finding(sentence.strip())
        ]
        if candidates:
            points.append(max(candidates, key=lambda s: (_weight(s), -candidates.index(s))))
        if len(points) == KEY_POINTS_MAX:
            break
    return points


_CJK_SENTENCE_END = re.compile(r"(?<=[。！？])")
_ABOUT_ITSELF = re.compile(
    r"^(this|the present|in this|our) (article|post|paper|piece|brief|essay|note|blog|report)"
    r"|^(here|below),? we\b|^we (explore|discuss|look at|examine|describe|outline)"
    r"|^(dieser|in diesem) (artikel|beitrag)|^(cet|dans cet) article|^(este|en este) artículo"
    r"|^(в этой|эта) стать|^(у цій|ця) статт|^(这篇|本)文|^(這篇|本)文|^この(記事|論文)",
    re.IGNORECASE,
)
_POINTER = re.compile(r"https?://|www\.|\b[\w-]+\.(md|txt|pdf|docx?|xlsx?|csv|html?)\b", re.I)
_FIGURE = re.compile(r"\d")
_NAMED = re.compile(r"(?<=\s)[A-ZÀ-ÖØ-ÞА-ЯЁ][\w-]+")


def _sentences(text: str) -> list[str]:
    parts = _SENTENCE_END.split(text)
    return [piece for part in parts for piece in _CJK_SENTENCE_END.split(part) if piece.strip()]


def _is_finding(sentence: str) -> bool:
    wide = sum(1 for c in sentence if unicodedata.east_asian_width(c) in "WF")
    long_enough = len(sentence.split()) >= 6 or wide >= 12
    return (
        long_enough
        and len(sentence.split()) <= 40
        and wide <= 80
        and not sentence.rstrip().endswith((":", "：", "—", "-"))
        and not _ABOUT_ITSELF.search(sentence)
        and not _POINTER.search(sentence)
    )


def _weight(sentence: str) -> int:
    return 2 * bool(_FIGURE.search(sentence)) + min(len(_NAMED.findall(sentence)), 2)


def _check_local_links(article: Article, warnings: list[Problem] | None) -> None:
    """A "#name" link that names no heading or anchor of the article is printed as plain text;
    say so at its line."""
    if warnings is None:
        return
    anchors: set[str] = set()
    links: list[tuple[str, int]] = []

    def walk(value: Any, line: int) -> None:
        if isinstance(value, BaseModel):
            line = getattr(value, "line", None) or line
            anchors.update(getattr(value, "anchors", None) or ())
            if isinstance(value, Span):
                if value.anchor:
                    anchors.add(value.anchor)
                if value.href and value.href.startswith("#"):
                    links.append((value.href, line))
                return
            for name in type(value).model_fields:
                walk(getattr(value, name), line)
        elif isinstance(value, list):
            for item in value:
                walk(item, line)

    walk(article, 0)
    for href, line in dict.fromkeys(links):  # once per link and line
        name = unquote(href[1:])
        if name not in anchors and name.lower() not in anchors:
            warnings.append(
                Problem(
                    Path(article.path),
                    f"link '{href}' leads to no heading or anchor of the article; it is "
                    "printed as plain text",
                    line=line or None,
                )
            )


def _fallback_title(article: Article, spec_path: Path, warnings: list[Problem] | None) -> str:
    """For an article with no title of its own: its first heading when that reads as a title
    (four words or more, not a generic name such as "Background"), else the file name made
    readable, with a warning, since a made-up title misleads on the cover and in the PDF."""
    first = article.sections[0].heading if article.sections else ""
    if len(first.split()) >= 4 and first.strip().lower() not in _GENERIC_HEADINGS:
        return first
    title = " ".join(spec_path.stem.replace("-", " ").replace("_", " ").split()).capitalize()
    if warnings is not None:
        warnings.append(
            Problem(
                spec_path,
                f"the article has no title (no front matter title, no leading '#' heading, no "
                f"title line); using '{title}' from the file name: set title in the spec",
            )
        )
    return title


_GENERIC_HEADINGS = {
    "introduction",
    "background",
    "overview",
    "summary",
    "abstract",
    "contents",
    "context",
    "executive summary",
    "key findings",
    "methodology",
    "about this article",
}


def _source_url(url: str | None) -> str | None:
    return url if url and url.lower().startswith(("http://", "https://")) else None
