"""Merge a spec with its parsed article into one validated :class:`~brief.compose.model.Brief`.

What the spec says wins; everything else comes from the article. All the spec's problems
that only show against the article (a correction whose text is absent, a table number the
article does not have) are collected and reported together.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from brief.compose.charts import charts_of, number_figures
from brief.compose.corrections import apply_corrections
from brief.compose.images import resolve_images
from brief.compose.key_points import key_points
from brief.compose.model import (
    Brief,
    BriefBlock,
    BriefChart,
    BriefSection,
    BriefTable,
    MovedList,
    Recommendation,
    SourceInfo,
)
from brief.compose.spec import Spec, load_spec
from brief.compose.tables import choose_tables
from brief.core.addresses import is_web_address
from brief.core.cache import validated
from brief.core.confined import read_confined
from brief.core.errors import BriefError, Problem, SpecError, collecting, warn, warnings_wanted
from brief.core.limits import Limits
from brief.core.locales import LANGUAGE_TAG
from brief.core.records import field_names, is_record
from brief.core.units import parse_size
from brief.source.article import Article, BulletList, Image, Paragraph, Section, Span, Table
from brief.source.reader import read_article


def load_brief(
    spec_path: Path,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    project_dir: Path | None = None,
    allow_outside: bool = False,
) -> tuple[Spec, Brief]:
    """Load the spec at *spec_path*, read its article and merge them (warnings: see
    :func:`brief.core.errors.warn`).

    The article must lie inside the project folder (links followed) unless *allow_outside*.
    """
    spec = load_spec(spec_path, limits)
    project = project_dir or Path.cwd()
    data, article_path = _read_source(spec_path, spec.source, project, allow_outside, limits)
    article = read_article(article_path, limits, data=data)
    return spec, _merged(spec, article, spec_path, project, allow_outside, limits)


def _merged(
    spec: Spec,
    article: Article,
    spec_path: Path,
    project: Path | None,
    allow_outside: bool,
    limits: Limits,
) -> Brief:
    """:func:`merge`, its problems at the article's lines only where they are the file's
    (not for a Word document or an HTML page, read through the Markdown they become)."""
    with collecting() as found:
        brief = merge(spec, article, spec_path=spec_path, project_dir=project,
                      allow_outside=allow_outside, limits=limits)  # fmt: skip
    path = Path(article.path)
    warn(
        *(Problem(p.path, p.message, None, p.key) if not article.lines and p.path == path else p
          for p in found)
    )  # fmt: skip
    return brief


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
    project_dir: Path | None = None,
    allow_outside: bool = False,
    article: Article | None = None,
) -> tuple[Spec, Brief]:
    """A brief with sensible defaults for an article given without a spec (or read already)."""
    spec: Spec = validated(Spec, {"source": article_path.name})
    if article is None:
        article = read_article(article_path, limits)
    return spec, _merged(spec, article, article_path, project_dir, allow_outside, limits)


def merge(
    spec: Spec,
    article: Article,
    *,
    spec_path: Path,
    project_dir: Path | None = None,
    allow_outside: bool = False,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> Brief:
    problems: list[Problem] = []
    article = apply_corrections(spec, article, spec_path, problems)
    language = _language(spec, article)
    charts = charts_of(spec, article, spec_path, language, problems)
    tables: dict[int, Any] = choose_tables(spec, article, spec_path, problems, charts.replaced)
    for chart in charts.all():
        chart.table = tables[chart.line].number if tables.get(chart.line) is not None else 0
    tables.update(resolve_images(article, project_dir or Path.cwd(), allow_outside, limits))
    recommendations, moved = _recommendations(spec, article, spec_path, problems)
    if problems:
        raise SpecError(problems)

    body = list(article.sections)
    if spec.summary:
        summary = [Paragraph(text=t, line=0) for t in _paragraphs(spec.summary)]
        if article.lede:  # the lede is kept as an opening section rather than dropped
            body.insert(0, Section(heading="", line=article.lede[0].line, blocks=article.lede))
    elif article.meta.summary:
        summary = [Paragraph(text=t, line=1) for t in _paragraphs(article.meta.summary)]
        if article.lede:
            body.insert(0, Section(heading="", line=article.lede[0].line, blocks=article.lede))
    else:
        summary = list(article.lede)  # type: ignore[arg-type]  # the lede's blocks, any kind

    # A section that held nothing but the lists that became recommendations would be left
    # as a heading over a cross-reference, just before the recommendations themselves.
    body = [
        s
        for s in body
        if not (s.blocks and all(isinstance(b, BulletList) and b.line in moved for b in s.blocks))
    ]
    sections = [
        BriefSection(
            number=n,
            heading=s.heading,
            line=s.line,
            anchors=s.anchors,
            blocks=_brief_blocks(s.blocks, tables, moved, charts.by_table),
        )
        for n, s in enumerate(body, start=1)
    ]
    _check_local_links(article)
    meta = article.meta
    title = spec.title or meta.title or article.title or _fallback_title(article, spec_path)
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
        language=language,
        keywords=spec.keywords or meta.keywords,
        translation_of=spec.translation_of,
        notes=article.notes,
        summary=_brief_blocks(summary, tables, moved, charts.by_table),
        key_points=spec.key_points
        if spec.key_points is not None
        else key_points(sections, lede=summary),
        sections=sections,
        recommendations_heading=spec.recommendations.heading,
        texts=spec.texts,
        output_name=spec.output,
        recommendations=recommendations,
        conclusion=_conclusion(spec, article, tables, moved, charts.by_table),
        cover_chart=charts.cover,
        appendices=[
            BriefSection(
                heading=s.heading,
                line=s.line,
                anchors=s.anchors,
                blocks=_brief_blocks(s.blocks, tables, moved, charts.by_table),
            )
            for s in article.appendices
        ],
        tables=[t for t in tables.values() if isinstance(t, BriefTable)],
        contents=spec.contents,
        pdf_a=spec.pdf_a,
        url=spec.url,
        data=spec.data,
        size_budget=parse_size(spec.size_budget),
        list_of_tables=spec.list_of_tables,
        source=SourceInfo(
            path=spec.source,
            name=Path(spec.source).name,
            title=meta.title or article.title or title,
            url=_source_url(spec.source_url or meta.source_url),
        ),
    )
    number_figures(brief)
    _place_recommendations(brief)
    return _mark_passages(brief)


def _language(spec: Spec, article: Article) -> str:
    """The spec's language when it gives one, else the front matter's, else the one the
    article's text is written in (see :mod:`brief.source.language`), else the default."""
    given = article.meta.language
    if "language" in spec.model_fields_set:
        return spec.language
    if not given:
        return _detected(article) or spec.language
    if not LANGUAGE_TAG.fullmatch(given):
        warn(
            Problem(
                Path(article.path),
                f"front matter language '{given}' is not a language tag; using '{spec.language}'",
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

    def marked(blocks: list[Any]) -> list[Any]:
        out = []
        for block in blocks:
            if isinstance(block, Paragraph) and block.lang is None:
                lang = passage_language(block.text, brief.language)
                if lang is not None:
                    block = replace(block, lang=lang)
            out.append(block)
        return out

    def section(value: BriefSection) -> BriefSection:
        return replace(value, blocks=marked(value.blocks))

    return replace(
        brief,
        summary=marked(brief.summary),
        sections=[section(s) for s in brief.sections],
        appendices=[section(s) for s in brief.appendices],
        conclusion=section(brief.conclusion) if brief.conclusion else None,
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


# Words that start a heading of recommendations, in the languages brief speaks.
RECOMMENDATION_WORDS = (
    *("recommend", "recommandation", "empfehlung", "recomendaci", "raccomandazion"),
    *("recomenda", "aanbeveling", "rekomendac", "zalecen", "рекомендац", "öneri"),
    *("توصي", "التوصي", "המלצ", "建议", "建議", "提言", "제언", "권고", "policy recommend"),
    *("सिफ़ारिश", "सिफारिश", "अनुशंसा", "সুপারিশ", "سفارش", "توصیه", "rekomendasi", "saran"),
    *("khuyến nghị", "kiến nghị", "ข้อเสนอแนะ", "mapendekezo", "pendekezo", "ምክረ", "የፖሊሲ ምክር"),
)


# "Recommended reading", "Empfohlene Lektüre": reading lists, not policy recommendations.
_READING_WORDS = (
    *("reading", "resources", "links", "literature", "further", "books", "articles", "posts"),
    *("videos", "lektüre", "literatur", "lecture", "lectura", "lettur", "leitura", "lektur"),
    *("литератур", "阅读", "閱讀", "参考"),
)


def is_recommendations_heading(heading: str) -> bool:
    """Does *heading* name a section of recommendations ("Recommendations", "Empfehlungen",
    "Рекомендации", "政策建议"), not a reading list ("Recommended reading")?"""
    folded = heading.casefold()
    return any(word in folded for word in RECOMMENDATION_WORDS) and not any(
        word in folded for word in _READING_WORDS
    )


def _recommendations(
    spec: Spec, article: Article, spec_path: Path, problems: list[Problem]
) -> tuple[list[Recommendation], dict[int, MovedList]]:
    """Recommendations from the chosen sections' lists, plus the spec's own items."""
    choice = spec.recommendations
    if choice.from_sections is None:
        chosen = [s for s in article.sections if is_recommendations_heading(s.heading)]
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


def _place_recommendations(brief: Brief) -> None:
    """The first list of the body that became recommendations carries them all, so a layout
    can set the box where the article had the list (the summary is left out: it comes first)."""
    for section in [*brief.sections, *filter(None, [brief.conclusion]), *brief.appendices]:
        for block in section.blocks:
            if isinstance(block, MovedList):
                block.recommendations = list(brief.recommendations)
                return


def _brief_blocks(
    blocks: list[Any],
    tables: dict[int, BriefTable | None],
    moved: dict[int, MovedList],
    charts: dict[int, list[BriefChart]] | None = None,
) -> list[Any]:
    out: list[Any] = []
    for block in blocks:
        if isinstance(block, Table) and charts and block.line in charts:
            out.extend(charts[block.line])  # before the table, or in its place
        if isinstance(block, Table | Image):
            if tables.get(block.line) is not None:
                out.append(tables[block.line])
        elif isinstance(block, BulletList) and block.line in moved:
            out.append(moved[block.line])
        else:
            out.append(block)
    return out


def _conclusion(
    spec: Spec,
    article: Article,
    tables: dict[Any, Any],
    moved: dict[Any, Any],
    charts: dict[Any, Any] | None = None,
) -> BriefSection | None:
    heading = spec.conclusion.heading  # None: the layout's word, in the brief's language
    if spec.conclusion.text:
        blocks: list[BriefBlock] = [
            Paragraph(text=t, line=0) for t in _paragraphs(spec.conclusion.text)
        ]
        return BriefSection(heading=heading, blocks=blocks)
    if article.conclusion is None:
        return None
    return BriefSection(
        heading=heading,
        line=article.conclusion.line,
        anchors=article.conclusion.anchors,
        blocks=_brief_blocks(article.conclusion.blocks, tables, moved, charts),
    )


def _check_local_links(article: Article) -> None:
    """A "#name" link that names no heading or anchor of the article is printed as plain text;
    say so at its line."""
    if not warnings_wanted():
        return
    anchors: set[str] = set()
    links: list[tuple[str, int]] = []

    def walk(value: Any, line: int) -> None:
        if is_record(value):
            line = getattr(value, "line", None) or line
            anchors.update(getattr(value, "anchors", None) or ())
            if isinstance(value, Span):
                if value.anchor:
                    anchors.add(value.anchor)
                if value.href and value.href.startswith("#"):
                    links.append((value.href, line))
                return
            for name in field_names(value):
                walk(getattr(value, name), line)
        elif isinstance(value, list):
            for item in value:
                walk(item, line)

    walk(article, 0)
    for href, line in dict.fromkeys(links):  # once per link and line
        name = unquote(href[1:])
        if name not in anchors and name.lower() not in anchors:
            warn(
                Problem(
                    Path(article.path),
                    f"link '{href}' leads to no heading or anchor of the article; it is "
                    "printed as plain text",
                    line=line or None,
                )
            )


def _fallback_title(article: Article, spec_path: Path) -> str:
    """For an article with no title of its own: its first heading when that reads as a title
    (four words or more, not a generic name such as "Background"), else the file name made
    readable, with a warning, since a made-up title misleads on the cover and in the PDF."""
    first = article.sections[0].heading if article.sections else ""
    if len(first.split()) >= 4 and first.strip().lower() not in _GENERIC_HEADINGS:
        return first
    title = " ".join(spec_path.stem.replace("-", " ").replace("_", " ").split()).capitalize()
    warn(
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
    return url if url and is_web_address(url) else None
