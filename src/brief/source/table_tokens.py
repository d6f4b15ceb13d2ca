"""Tables kept as one token while markdown-it parses an article (see :func:`compact_table`);
the one module that reaches into markdown-it's rules and parser state (its table rule, the
block state's ``push``, the typographer's replacements). ``tests/test_markdown_it_internals.py``
checks that every name in :data:`RELIED_ON` still exists."""

from __future__ import annotations

import re
from typing import Any, Literal

from markdown_it import MarkdownIt
from markdown_it.rules_block import table as gfm_table
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.replacements import replace as typographic_replacements
from markdown_it.rules_core.state_core import StateCore
from markdown_it.token import Token

# What the typographer replaces: dashes, ellipses, (c) (r) (tm), +-, repeated ?! and commas.
_REPLACEABLE = re.compile(r"--|\.\.|\+-|\?\?\?|!!!|,,|\((?:c|r|tm)\)", re.IGNORECASE)


def with_replacements(
    text: str, children: list[Token], parser: MarkdownIt, env: dict[Any, Any]
) -> list[Token]:
    """A cell's inline tokens with the typographer's replacements made ("--" to an en dash),
    which markdown-it's core makes on the inline tokens of a whole parse, not on a cell's."""
    if not _REPLACEABLE.search(text):
        return children  # most cells: nothing to replace, and no parser state to make
    if parser.options.get("typographer") and "replacements" in parser.get_active_rules()["core"]:
        state = StateCore("", parser, env)
        state.tokens = [Token("inline", "", 0, children=children, content=text)]
        typographic_replacements(state)
    return children


def compact_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's own table rule, with the table it reads kept as one ``brief_table`` token
    that holds its cells' source: each row's 14 or so tokens are dropped as soon as the row
    is read, where a 20,000-row table made 280,000 tokens (124 MB) before. The cells are
    parsed inline when the article's table is built (``ArticleBuilder._compact_table``). A
    table inside a list or quote, or that may hold a footnote mark (numbered in reading order
    by the inline pass), keeps markdown-it's tokens."""
    if (
        silent
        or state.level != 0
        or "|" not in state.src[state.bMarks[start] : state.eMarks[start]]  # not a table
        or "^" in block_text(state, start, end)
    ):
        return gfm_table(state, start, end, silent)
    first = len(state.tokens)
    rows: list[list[str]] = []
    align: list[str | None] = []
    opened = [first]
    push = state.push

    def compacting_push(kind: str, tag: str, nesting: Literal[-1, 0, 1]) -> Token:
        token = push(kind, tag, nesting)
        if kind == "tr_open":
            opened[0] = len(state.tokens) - 1
        elif kind == "tr_close":
            row = state.tokens[opened[0] :]
            if not rows:
                align.extend(
                    (t.attrGet("style") or "").removeprefix("text-align:") or None  # type: ignore[union-attr]
                    for t in row
                    if t.type == "th_open"
                )
            rows.append([t.content for t in row if t.type == "inline"])
            del state.tokens[opened[0] :]
        return token

    state.push = compacting_push  # type: ignore[method-assign,assignment]
    try:
        found = gfm_table(state, start, end, silent)
    finally:
        del state.push
    if not found:
        del state.tokens[first:]
        return False
    opening = state.tokens[first]
    del state.tokens[first:]
    table = state.push("brief_table", "table", 0)
    table.map = opening.map
    table.meta = {"align": align, "rows": rows}
    return True


def block_text(state: StateBlock, start: int, end: int) -> str:
    """The source from line *start* to the next blank line (or *end*): all a table there can
    hold."""
    line = start
    while line < end and not state.isEmpty(line):
        line += 1
    return state.src[state.bMarks[start] : state.eMarks[max(line - 1, start)]]


#: (module or class, name): what this module calls or replaces in markdown-it
RELIED_ON: tuple[tuple[str, str], ...] = (
    ("markdown_it.rules_block.table", "table"),
    ("markdown_it.rules_core.replacements", "replace"),
    ("StateBlock", "push"),
    ("StateBlock", "bMarks"),
    ("StateBlock", "eMarks"),
    ("StateBlock", "level"),
    ("StateBlock", "tokens"),
    ("StateCore", "tokens"),
)
