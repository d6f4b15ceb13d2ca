"""Article parsing: plain text or Markdown in, an :class:`~brief.source.article.Article` out.

Both formats go through one real Markdown parser (markdown-it-py). Plain text first passes a
small pre-pass that recognises what a plain-text author means by layout: headings written as
plain lines, and one paragraph per line when the article has no blank lines between them.
The pre-pass keeps a map from its output lines to the article's lines so every block can name
the line it came from.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from brief.core.confined import read_input
from brief.core.errors import ArticleError, Problem, collecting, passed_on, warn
from brief.core.limits import Limits
from brief.source.article import (
    Article,
)
from brief.source.decoding import decode_article, drop_bad_references
from brief.source.dialects import resolve_site_syntax
from brief.source.frontmatter import read_front_matter
from brief.source.markdown import FORMULA_BLOCKS, ArticleBuilder
from brief.source.math import number_equations, problem, with_references
from brief.source.parser import OverLimit, markdown_parser
from brief.source.plaintext import prepare_plain_text
from brief.source.tables import TooManyCells, normalise_tables

# Markdown, and the Markdown dialects of Quarto, R Markdown and MDX (their code chunks,
# JSX lines and imports are read by brief.source.dialects).
MARKDOWN_SUFFIXES = {".md", ".markdown", ".qmd", ".rmd", ".mdx"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
WORD_SUFFIXES = {".docx"}
# documents brief does not read, named so that the message says what to do
UNREAD_DOCUMENTS = {".doc", ".dot", ".rtf", ".odt"}
ARTICLE_SUFFIXES = MARKDOWN_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | WORD_SUFFIXES


# A site generator's HTML post (Jekyll, Hugo) opens with front matter and holds the body
# alone: read as Markdown, whose raw HTML is read for what it means.
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n")


def read_article(
    path: Path,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    warnings: list[Problem] | None = None,
    data: bytes | None = None,
) -> Article:
    """Read and parse the article at *path* (or its bytes *data*, already read); errors name
    the file and, where known, the line.

    Repairs the reader makes that the author should know about are warnings (see
    :func:`brief.core.errors.warn`); *warnings*, for a caller that collects none, gets them.
    """
    with collecting() as found:
        article = _read(path, limits, data)
    passed_on(found, warnings)
    return article


def _read(path: Path, limits: Limits, data: bytes | None) -> Article:
    suffix = path.suffix.lower()
    if suffix in UNREAD_DOCUMENTS:
        raise ArticleError.at(
            path, f"a {suffix} document is not read: save it as a Word Document (.docx)"
        )
    if suffix not in ARTICLE_SUFFIXES:
        raise ArticleError.at(
            path,
            f"unsupported article type '{suffix or path.name}' "
            f"(use {', '.join(sorted(ARTICLE_SUFFIXES))})",
        )
    if data is None:
        data = read_input(
            path,
            ArticleError,
            "article",
            max_bytes=int(limits.article_mb * 1_000_000),
            limit_hint=limits.hint("article-mb"),
        )
    if suffix in WORD_SUFFIXES:
        from brief.source.word import read_word

        document = read_word(data, path, limits)
        warn(*(Problem(path, note) for note in document.notes))
        return _converted(document.markdown, path, limits)
    text = decode_article(data, path)
    if suffix in HTML_SUFFIXES and not _FRONT_MATTER.match(text):
        # A page's line numbers are not the Markdown's it stands for: problems name the file.
        from brief.source.html import html_document

        page = html_document(text)
        if page.dropped:
            warn(Problem(path, f"raw HTML: {', '.join(page.dropped)} not printed (not text)"))
        return _converted(page.markdown, path, limits)
    return parse_article(
        text, path=str(path), markdown=suffix in MARKDOWN_SUFFIXES | HTML_SUFFIXES, limits=limits
    )


def _converted(markdown: str, path: Path, limits: Limits) -> Article:
    """The article of a page or document turned into Markdown: its line numbers are not
    the file's, so its problems name the file alone."""
    with collecting() as found:
        article = parse_article(markdown, path=str(path), markdown=True, limits=limits)
    warn(*(Problem(p.path, p.message, None, p.key) for p in found))
    return replace(article, lines=False)


def parse_article(
    text: str,
    *,
    path: str = "<article>",
    markdown: bool = False,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    warnings: list[Problem] | None = None,
) -> Article:
    """Parse article text. Plain text is pre-processed; Markdown is taken as written. Its
    warnings are given to :func:`warn`, or to *warnings* when a list is given."""
    if warnings is not None:
        with collecting() as found:
            article = parse_article(text, path=path, markdown=markdown, limits=limits)
        warnings.extend(found)
        return article
    if not text.strip():
        raise ArticleError.at(Path(path), "the article is empty")
    meta, lines = read_front_matter(text.split("\n"), Path(path))
    resolved = resolve_site_syntax(lines)
    lines = resolved.lines
    warn(
        *(Problem(Path(path), f"site syntax: {message}", line=line)
          for line, message in resolved.notes)
    )  # fmt: skip
    try:
        tables = normalise_tables(lines, limits.table_cells)
    except TooManyCells as error:
        raise ArticleError.at(
            Path(path),
            f"the table has {error.count:,} cells, over the limit of {limits.table_cells:,} "
            f"({limits.hint('table-cells')})",
            line=error.line,
        ) from None
    warn(*(Problem(Path(path), message, line=line) for line, message in tables.warnings))
    end = len(tables.lines) + 1
    if markdown:
        source = drop_bad_references("\n".join(tables.lines), Path(path), tables.line_map)
        line_map = [*tables.line_map, end]
    else:
        source, plain_map = prepare_plain_text(tables.lines)
        line_map = [tables.line_map[n - 1] if n <= len(tables.line_map) else end for n in plain_map]
    # markdown-it drops the rest of a document nested deeper than maxNesting; one level of
    # room above the limit tells a document at the limit from one cut short.
    ceiling = 2 * limits.nesting + 3
    try:
        parser = markdown_parser(markdown, ceiling, limits)
        env: dict[Any, Any] = {}
        tokens = parser.parse(source, env)
    except OverLimit as error:
        raise ArticleError.at(
            Path(path),
            f"{error.what}, over the limit of {error.limit:,} ({limits.hint(error.name)})",
            line=line_map[min(error.line, len(line_map) - 1)],
        ) from None
    deepest = max(tokens, key=lambda t: t.level, default=None)
    if deepest is not None and deepest.level >= ceiling - 1:
        line = next(
            (line_map[t.map[0]] for t in reversed(tokens[: tokens.index(deepest) + 1]) if t.map),
            None,
        )
        raise ArticleError.at(
            Path(path),
            f"lists or quotes nested more than {limits.nesting} "
            f"levels deep ({limits.hint('nesting')})",
            line=line,
        )
    _number_equations(tokens)
    warn(*_formula_problems(tokens, line_map, Path(path)))
    builder = ArticleBuilder(line_map, limits, Path(path), parser=parser, env=env)
    builder.walk(tokens)
    for line, what in builder.dropped:
        warn(Problem(Path(path), f"raw HTML: {what} is not printed (not text)", line=line))
    for line in builder.hidden:
        warn(
            Problem(
                Path(path),
                "site syntax: a code chunk its site does not show (echo or include: false) "
                "is not printed",
                line=line,
            )
        )
    for line, alt in builder.note_images:
        warn(
            Problem(
                Path(path),
                f"an image inside a footnote is printed as its description ('{alt}'); "
                "leave a blank line before it to show it in the text",
                line=line,
            )
        )
    if len(builder.notes) > limits.footnotes:  # inline notes (^[...]) count too
        raise ArticleError.at(
            Path(path),
            f"the article has {len(builder.notes):,} footnotes, over the limit of "
            f"{limits.footnotes:,} ({limits.hint('footnotes')})",
            line=sorted(builder.notes, key=lambda n: n.number)[limits.footnotes].line or None,
        )
    # A front matter title is the title: a title-like first paragraph stays text.
    return replace(builder.article(path, paragraph_title=meta.title is None), meta=meta)


def _formula_problems(tokens: list[Any], line_map: list[int], path: Path) -> list[Problem]:
    """A warning at each formula brief cannot set (bad TeX, commands it does not know)."""
    found = []
    for token in tokens:
        line = line_map[min(token.map[0], len(line_map) - 1)] if token.map else None
        parts = [token] if token.type in FORMULA_BLOCKS else token.children or []
        for part in parts:
            if part.type in FORMULA_BLOCKS or part.type.startswith("math_inline"):
                message = problem(part.content.strip(), display=part.type in FORMULA_BLOCKS)
                if message is not None:
                    found.append(Problem(path, message, line=line))
    return found


def _number_equations(tokens: list[Any]) -> None:
    """Number displayed formulas as LaTeX does and point ``\\eqref`` to their numbers
    (:func:`brief.source.math.number_equations`), in the tokens before they are read."""
    displayed = [t for t in tokens if t.type in FORMULA_BLOCKS]
    if not displayed:
        return
    numbered, labels = number_equations([t.content for t in displayed])
    for token, tex in zip(displayed, numbered, strict=True):
        token.content = tex
    if not labels:
        return
    for token in tokens:
        for child in token.children or []:
            if "ref" in child.content and (
                child.type == "text" or child.type.startswith("math_inline")
            ):
                child.content = with_references(child.content, labels)
