"""Executable chunks of Quarto, R Markdown and notebooks (```{r}, ```{python}, ```{ojs}), as
their site shows them: without the ``#|`` option lines, and not at all when the author hid
them (``echo: false``, ``include: false``)."""

from __future__ import annotations

import re

# An executable chunk of Quarto, R Markdown or a notebook: ```{r}, ```{python}, ```{ojs}.
_CHUNK = re.compile(r"^\{\s*[\w-]+")
_CHUNK_OPTION = re.compile(r"^\s*(?:#|//|--)\|\s*(?P<name>[\w-]+)\s*:\s*(?P<value>.*?)\s*$")
_HIDDEN_OPTION = re.compile(r"\b(?:echo|include)\s*=\s*(?:FALSE|F|False|false)\b")


def shown_code(info: str, code: str) -> str | None:
    """The code of a fenced block as its site shows it: an executable chunk without its
    ``#|`` option lines; None for a chunk the site does not show (``echo: false``,
    ``include: false``, ``{r, echo=FALSE}``)."""
    code = code.rstrip("\n")
    if not _CHUNK.match(info.strip()):
        return code
    if _HIDDEN_OPTION.search(info):
        return None
    lines = code.split("\n")
    kept: list[str] = []
    options = True
    for line in lines:
        option = _CHUNK_OPTION.match(line) if options else None
        if option is None:
            options = False
            kept.append(line)
        elif option.group("name") in ("echo", "include") and option.group("value").lower() in (
            "false",
            "no",
        ):
            return None
    return "\n".join(kept).strip("\n")
