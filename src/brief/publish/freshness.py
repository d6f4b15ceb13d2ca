"""Is a brief's PDF what rendering it now would write? Publishing renders only the briefs
whose answer is no."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief import __version__
from brief.api import find_project, load, pdf_a_level, resolve_layout
from brief.compose.model import Brief
from brief.core.errors import BriefError
from brief.core.limits import Limits
from brief.layout.loader import Layout


@dataclass(frozen=True)
class Loaded:
    """A brief as read and merged, with its layout: what publishing shows of it."""

    brief: Brief
    layout: Layout


def load_brief(path: Path, **options: Any) -> Loaded:
    """Read *path* as rendering would (options as for rendering); a BriefError if it cannot."""
    project_dir = options.get("project_dir") or find_project(path)
    brief, layout_name = load(path, options.get("limits") or Limits(), project_dir,
                              options.get("allow_outside", False))  # fmt: skip
    return Loaded(brief, resolve_layout(path, layout_name, options.get("layout"), project_dir))


def up_to_date(
    path: Path,
    pdf: Path,
    tagged: bool = True,
    manifest: dict[str, dict[str, Any]] | None = None,
    **options: Any,
) -> tuple[bool, Loaded | None]:
    """Is *pdf* what rendering *path* would write now? Its manifest entry must exist and be
    from this version of brief with the same tagging, the PDF must be the one recorded,
    and every file the render read (fonts included) must be as it was then, with no new
    file among those it would read. With the answer comes the brief as read, so that
    publishing need not read it again (None when it cannot be read: rendering reports it).
    *manifest* is the PDF's folder's manifest, when the caller has read it already."""
    from brief.core.provenance import sha256_file
    from brief.pdf.inputs import render_inputs
    from brief.pdf.manifest import read_manifest

    project_dir = options.get("project_dir") or find_project(path)
    try:
        loaded = load_brief(path, **{**options, "project_dir": project_dir})
    except BriefError:
        return False, None
    brief, layout = loaded.brief, loaded.layout
    entry = (manifest if manifest is not None else read_manifest(pdf.parent)).get(pdf.name)
    if not entry or entry.get("brief_version") != __version__ or entry.get("tagged") != tagged:
        return False, loaded
    recorded = entry.get("inputs")
    try:
        if (
            not isinstance(recorded, dict)
            or not _plain_file(pdf)
            or sha256_file(pdf) != entry.get("sha256")
            or not isinstance(entry.get("pages"), int)
        ):
            return False, loaded
    except OSError:
        return False, loaded
    same_options = (
        entry.get("layout") == layout.name
        and entry.get("data") == brief.data
        and entry.get("pdf_a")
        == pdf_a_level(brief.pdf_a, tagged, bool(brief.data and (brief.tables or brief.charts)))
    )  # a PDF rendered with --layout, --no-data or --pdf-a is not the spec's
    if not same_options:
        return False, loaded
    inputs = render_inputs(path, brief, layout, project_dir)
    current = inputs.entries()
    if any(recorded.get(name) != digest for name, digest in current.items()):
        return False, loaded
    for name, digest in recorded.items():
        if name not in current:  # the fonts it embedded
            file = inputs.path_of(name) if isinstance(name, str) else None
            try:
                if file is None or sha256_file(file) != digest:
                    return False, loaded
            except OSError:
                return False, loaded
    return True, loaded


def _plain_file(path: Path) -> bool:
    """A regular file that is no link: an output folder's PDF is one brief wrote (a link
    there, to anything, is not up to date: rendering replaces it)."""
    return path.is_file() and not path.is_symlink()
