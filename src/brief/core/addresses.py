"""Web addresses that brief prints into files others open (citations, feeds, pages, PDFs)."""

from __future__ import annotations

from urllib.parse import urlsplit

# Characters a web address never holds unencoded (RFC 3986), and that would end a field of
# the files it is written into: a brace closes a BibTeX field, a quote an attribute.
_NEVER = frozenset(' "<>\\^`{|}') | {chr(c) for c in range(32)} | {"\x7f"}


def is_web_address(url: str) -> bool:
    """An http or https address, read by its structure: a scheme, a host, and nothing a
    web address never holds (spaces, controls, braces, quotes, angle brackets)."""
    if any(char in _NEVER for char in url):
        return False
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (a port that is not a number raises here)
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
