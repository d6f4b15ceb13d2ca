"""A brief as the site shows it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from brief.compose.model import Brief
from brief.layout.catalogue import Messages
from brief.layout.loader import Layout


@dataclass
class Entry:
    """One brief on the site."""

    source: Path
    brief: Brief
    layout: Layout
    messages: Messages
    pdf: Path
    pages: int
    size: int
    slug: str
    sha256: str = ""  # the PDF's, as the manifest records it

    @property
    def folder(self) -> str:
        return f"briefs/{self.slug}/"

    @property
    def address(self) -> str:
        """The folder as a URL path (a name in Cyrillic or Chinese percent-encoded)."""
        return quote(self.folder)
