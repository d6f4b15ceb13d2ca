"""Callouts: boxes set apart from the text, as each site generator writes them.

GitHub and Obsidian write ``> [!NOTE] Title`` over a block quote; MkDocs ``!!! warning
"Title"`` over an indented body; pandoc and Quarto ``::: {.callout-tip title="…"}`` divs;
Hugo ``{{< note >}}…{{< /note >}}``. The site-syntax pass (:mod:`brief.source.dialects`)
rewrites the others as GitHub's form, so the Markdown walk reads one syntax. The author's
own names for a box map to GitHub's five kinds, which layouts style and label in the
reader's language.
"""

from __future__ import annotations

import re

from brief.source.article import CalloutKind

# The author's name for a box -> the kind brief sets it as.
_KINDS: dict[str, CalloutKind] = {
    "note": "note", "info": "note", "abstract": "note", "summary": "note", "tldr": "note",
    "seealso": "note", "example": "note", "question": "note", "faq": "note", "quote": "note",
    "cite": "note", "todo": "note", "aside": "note", "details": "note", "callout": "note",
    "admonition": "note", "notice": "note", "info-box": "note", "remark": "note",
    "tip": "tip", "hint": "tip", "success": "tip", "check": "tip", "done": "tip",
    "important": "important", "key": "important", "highlight": "important",
    "warning": "warning", "warn": "warning", "attention": "warning", "alert": "warning",
    "caution": "caution", "danger": "caution", "error": "caution", "failure": "caution",
    "fail": "caution", "missing": "caution", "bug": "caution",
}  # fmt: skip

# "[!NOTE]", "[!tip]- Title" (Obsidian's folding marks): the first line of a callout quote.
MARKER = re.compile(r"^\[!(?P<kind>[A-Za-z][\w-]*)\][+-]?[ \t]*(?P<title>[^\n]*)")


def callout_kind(name: str) -> CalloutKind | None:
    """The kind a box the author named *name* is set as, or None when it is no box name."""
    name = name.lower().removeprefix("callout-").removeprefix("admonition-")
    return _KINDS.get(name)


def marker_line(kind: str, title: str | None) -> str:
    """The first line of a callout in GitHub's form, for the site-syntax pass."""
    return f"[!{kind}]" + (f" {title}" if title else "")
