"""A readable outline of a parsed article, for ``brief inspect``."""

from __future__ import annotations

import textwrap

from brief.core.errors import Problem
from brief.source.article import (
    Article,
    Block,
    BulletList,
    Callout,
    Code,
    Formula,
    Image,
    Paragraph,
    Quote,
    Subheading,
    Table,
)


def describe_article(article: Article, changes: list[Problem] | None = None) -> str:
    """The article as the reader found it; with *changes* (the reader's warnings), a list of
    what it converted from its site's syntax or dropped, at its line."""
    lines = [f"article: {article.path}", f"title: {article.title or '(none)'}"]
    meta = article.meta.model_dump(exclude_defaults=True)
    if meta:
        lines.append(
            "front matter: "
            + "; ".join(
                f"{key} = {', '.join(value) if isinstance(value, list) else value}"
                for key, value in meta.items()
            )
        )
    if article.lede:
        lines.append("lede:")
        lines.extend(_blocks(article.lede))
    for index, section in enumerate(article.sections, start=1):
        lines.append(f"section {index} (line {section.line}): {section.heading}")
        lines.extend(_blocks(section.blocks))
    if article.conclusion:
        lines.append(f"conclusion (line {article.conclusion.line}): {article.conclusion.heading}")
        lines.extend(_blocks(article.conclusion.blocks))
    else:
        lines.append("conclusion: (none found)")
    for section in article.appendices:
        lines.append(f"appendix (line {section.line}): {section.heading}")
        lines.extend(_blocks(section.blocks))
    if changes:
        lines.append(f"converted or dropped ({len(changes)}):")
        for change in sorted(changes, key=lambda c: c.line or 0):
            where = f"line {change.line}" if change.line else "the file"
            lines.append(f"  {where}: {change.message}")
    for note in article.notes:
        lines.append(f"note {note.number} (line {note.line}): {_short(note.text)}")
    return "\n".join(lines)


def _short(text: str, width: int = 88) -> str:
    return textwrap.shorten(text, width=width, placeholder=" …")


def _blocks(blocks: list[Block]) -> list[str]:
    out = []
    for block in blocks:
        where = f"line {block.line}"
        if isinstance(block, Paragraph):
            out.append(f"  paragraph ({where}): {_short(block.text)}")
        elif isinstance(block, Subheading):
            out.append(f"  subheading ({where}): {block.text}")
        elif isinstance(block, BulletList):
            kind = "numbered list" if block.ordered else "list"
            out.append(f"  {kind} ({where}), {len(block.items)} items:")
            for item in block.items:
                label = f"[{item.label}] " if item.label else ""
                out.append(f"    {'  ' * item.level}- {label}{_short(item.text, 70)}")
        elif isinstance(block, Table):
            out.append(f"  table ({where}), {len(block.rows)} rows x {len(block.header)} columns:")
            out.append("    | " + " | ".join(block.header) + " |")
            out.extend("    | " + " | ".join(row) + " |" for row in block.rows)
        elif isinstance(block, Quote):
            out.append(f"  quote ({where}): {_short(block.text)}")
        elif isinstance(block, Image):
            source = block.src if len(block.src) <= 120 else block.src[:117] + "…"  # data: …
            out.append(f"  image ({where}): {source}" + (f" [{block.alt}]" if block.alt else ""))
        elif isinstance(block, Code):
            out.append(f"  code ({where}): {len(block.text.splitlines())} lines")
        elif isinstance(block, Formula):
            out.append(f"  formula ({where}): {_short(block.text)}")
        elif isinstance(block, Callout):
            title = f" '{block.title}'" if block.title else ""
            count = len(block.blocks)
            out.append(
                f"  {block.variant} box{title} ({where}), {count} block{'s' * (count != 1)}:"
            )
            out.extend("  " + line for line in _blocks(block.blocks))
    return out
