"""The Markdown parser: markdown-it-py in CommonMark mode with tables, footnotes and, in
Markdown, math (``$…$``, ``$$…$$``, ``\\(…\\)``, ``\\[…\\]``, ``\\begin{equation}``); the
article's limits are checked after block parsing, before inline tokens are built."""

from __future__ import annotations

from typing import Any

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.texmath import texmath_plugin

from brief.core.limits import Limits
from brief.source.table_tokens import compact_table


class OverLimit(Exception):
    """Raised inside the parser, before inline parsing, by :func:`_check_blocks`."""

    def __init__(self, what: str, name: str, limit: int, line: int):
        super().__init__(what)
        self.what, self.name, self.limit, self.line = what, name, limit, line


# Characters that can start inline markup: each paragraph costs parser tokens, styled spans
# and typeset fragments in proportion to how many it has.
_MARKUP_CHARACTERS = "`*_[<&\\"
_BLOCK_NAMES = {"heading_open": "heading", "th_open": "table cell", "td_open": "table cell"}


def _check_blocks(limits: Limits) -> Any:
    """A core rule that runs after block parsing and before inline parsing, so that the limits
    on footnotes and on inline markup stop an article before its inline tokens are built."""

    def rule(state: Any) -> None:
        definitions: list[Token] = []
        for index, token in enumerate(state.tokens):
            if token.type == "footnote_reference_open":
                definitions.append(token)
            elif token.type == "inline":
                kind = _BLOCK_NAMES.get(state.tokens[index - 1].type, "paragraph")
                _check_markup(token.content, kind, token, limits)
            elif token.type == "brief_table":
                for row in token.meta["rows"]:
                    for cell in row:
                        _check_markup(cell, "table cell", token, limits)
        if len(definitions) > limits.footnotes:
            raise OverLimit(
                f"the article has {len(definitions):,} footnote definitions",
                "footnotes",
                limits.footnotes,
                (definitions[limits.footnotes].map or [0])[0],
            )

    return rule


def _check_markup(text: str, kind: str, token: Token, limits: Limits) -> None:
    if len(text) > limits.inline_markup:
        count = sum(map(text.count, _MARKUP_CHARACTERS))
        if count > limits.inline_markup:
            raise OverLimit(
                f"the {kind} has {count:,} markup characters (` * _ [ < & \\)",
                "inline-markup",
                limits.inline_markup,
                (token.map or [0])[0],
            )


def markdown_parser(
    markdown: bool,
    max_nesting: int,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> MarkdownIt:
    """The parser, with footnotes. In Markdown, raw HTML is read so that it can be converted
    or dropped (never interpreted); in plain text tags stay literal text and character
    references such as ``&amp;`` are the author's characters, not entities."""
    parser = MarkdownIt("commonmark", {"html": markdown, "maxNesting": max_nesting})
    parser.enable(["table", "strikethrough"]).use(footnote_plugin)
    parser.block.ruler.at("table", compact_table, {"alt": ["paragraph", "reference"]})
    parser.core.ruler.before("inline", "brief_limits", _check_blocks(limits))
    if not markdown:
        # In plain text, "[12]: Smith, 2024" is a reference, not a link definition to hide,
        # and a dollar is money.
        return parser.disable(["entity", "reference"])
    # Dashes as site generators set them (pandoc's and SmartyPants' "smart" typography,
    # Hugo's typographer): "--" an en dash, "---" an em dash, "..." an ellipsis.
    parser.options["typographer"] = True
    parser.enable("replacements")
    # Pandoc's rule for dollars: no space inside the pair and no digit after the closing
    # one, so "$5 and $10" stays money.
    parser.use(dollarmath_plugin, allow_space=False, allow_digits=False, double_inline=True)
    return parser.use(texmath_plugin, delimiters="brackets").use(amsmath_plugin)
