"""Putting a rendered brief on disk: what :func:`brief.api.build_brief` computed and
returned (the PDF's bytes, its citations, the manifest entry) written beside each other,
each file through a temporary file and a rename. The library computes; this writes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief.core.errors import Problem


@dataclass(frozen=True)
class Rendered:
    """A brief rendered in memory: everything :func:`write_rendered` puts on disk, and the
    warnings the render gave (returned, not collected on the side)."""

    source: Path  # the spec or article
    target: Path  # where its PDF goes
    project_dir: Path
    pdf: bytes
    pages: int
    seconds: float
    citations: dict[str, str]  # "bibtex", "ris", "csl" -> the file's text
    attachments: tuple[str, ...]  # the data files attached to the PDF
    inputs: dict[str, str]  # each input file's SHA-256, by its name
    record: dict[str, Any]  # the manifest entry, without the PDF's own hash and size
    warnings: tuple[Problem, ...] = ()
    files: tuple[Path, ...] = ()  # every file the render read (real paths)
    folders: tuple[Path, ...] = ()  # the layout's folders, where a new file may be read

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass(frozen=True)
class RenderResult:
    """What rendering one brief wrote."""

    source: Path
    output: Path
    pages: int
    size: int
    seconds: float
    sha256: str = ""
    inputs: dict[str, str] = field(default_factory=dict)  # each input file's SHA-256
    attachments: tuple[str, ...] = ()  # the data files attached to the PDF
    citations: tuple[Path, ...] = ()  # the citation files written beside it
    files: tuple[Path, ...] = ()  # every file the render read (real paths)
    folders: tuple[Path, ...] = ()  # the layout's folders


def write_rendered(rendered: Rendered) -> RenderResult:
    """The PDF, then its citations beside it, then its entry in the folder's manifest."""
    from brief.export.citations import CITATION_SUFFIXES
    from brief.pdf.manifest import record
    from brief.pdf.output import write_atomically

    target, project = rendered.target, rendered.project_dir
    write_atomically(rendered.pdf, target, within=project)
    written = []
    for kind, text in rendered.citations.items():
        beside = target.with_name(target.stem + CITATION_SUFFIXES[kind])
        write_atomically(text.encode("utf-8"), beside, "the citation", sweep=False,
                         within=project)  # fmt: skip
        written.append(beside)
    sha256 = rendered.sha256
    entry = {**rendered.record, "sha256": sha256, "bytes": len(rendered.pdf)}
    entry["citations"] = [file.name for file in written]
    record(target, project, entry)
    return RenderResult(
        rendered.source,
        target,
        rendered.pages,
        len(rendered.pdf),
        rendered.seconds,
        sha256=sha256,
        inputs=rendered.inputs,
        attachments=rendered.attachments,
        citations=tuple(written),
        files=rendered.files,
        folders=rendered.folders,
    )
