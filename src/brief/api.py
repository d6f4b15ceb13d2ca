"""The library API that the command line calls: load, check and render briefs.

Paths are taken relative to *project_dir* (by default the working directory), which holds
``briefs/``, ``layouts/`` and ``output/``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief.errors import BriefError, Problem
from brief.limits import Limits
from brief.model import Brief
from brief.reader import ARTICLE_SUFFIXES

SPEC_SUFFIX = ".toml"


@dataclass(frozen=True)
class RenderResult:
    source: Path
    output: Path
    pages: int
    size: int
    seconds: float


def default_inputs(project_dir: Path) -> list[Path]:
    """Every spec in the project's ``briefs/`` folder."""
    folder = project_dir / "briefs"
    specs = sorted(folder.glob(f"*{SPEC_SUFFIX}")) if folder.is_dir() else []
    if not specs:
        raise BriefError.at(folder, "no brief specs (*.toml) found; name a spec or an article")
    return specs


def load(
    path: Path,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    project_dir: Path | None = None,
    allow_outside: bool = False,
    warnings: list[Problem] | None = None,
) -> tuple[Brief, str]:
    """The merged brief for a spec or an article, and the name of its layout."""
    from brief.merge import brief_from_article, load_brief

    suffix = path.suffix.lower()
    found: list[Problem] = []
    if suffix == SPEC_SUFFIX:
        spec, brief = load_brief(path, limits, project_dir, allow_outside, found)
    elif suffix in ARTICLE_SUFFIXES:
        spec, brief = brief_from_article(path, limits, found, project_dir, allow_outside)
    else:
        kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
        raise BriefError.at(path, f"not a brief spec (.toml) or an article ({kinds})")
    if warnings is not None:
        warnings.extend(found)
    return brief, spec.layout


def resolve_layout(path: Path, brief_layout: str, override: str | None, project_dir: Path):
    """The layout for a brief; an unknown name from a spec is reported at its 'layout' key."""
    from brief.errors import Problem, UnknownLayoutError
    from brief.layout import load_layout

    try:
        return load_layout(override or brief_layout, project_dir)
    except UnknownLayoutError as error:
        if override or path.suffix.lower() != SPEC_SUFFIX:
            raise
        problem = error.problems[0]
        raise UnknownLayoutError(Problem(path, problem.message, key="layout")) from None


@dataclass(frozen=True)
class Prepared:
    """A brief ready to typeset: the merged brief, its layout, styles and story."""

    brief: Brief
    layout: Any
    styles: Any
    story: list


def prepare(
    path: Path,
    layout: str | None = None,
    project_dir: Path | None = None,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    allow_outside: bool = False,
    warnings: list[Problem] | None = None,
    strict: bool = False,
) -> Prepared:
    """Load, merge and validate the brief and build its story, collecting warnings from
    every stage; with *strict* any warning is an error."""
    from brief.layout import render_story
    from brief.rlstyles import resolve_styles
    from brief.story import build_story

    project_dir = project_dir or Path.cwd()
    found: list[Problem] = []
    brief, layout_name = load(path, limits, project_dir, allow_outside, found)
    chosen = resolve_layout(path, layout_name, layout, project_dir)
    styles = resolve_styles(chosen, brief.language)
    story = build_story(
        render_story(chosen, brief), chosen, styles, _roots(brief, project_dir), found
    )
    if strict and found:
        raise BriefError(found)
    if warnings is not None:
        warnings.extend(found)
    return Prepared(brief, chosen, styles, story)


def check_brief(path: Path, **options: Any) -> Brief:
    """Everything short of writing the PDF (see :func:`prepare` for the options)."""
    return prepare(path, **options).brief


def _roots(brief: Brief, project_dir: Path) -> list[Path]:
    """Folders figures may come from: the project and the folders of the images the merge
    checked (an article given directly may live outside the project)."""
    groups = [brief.summary, *(s.blocks for s in (*brief.sections, *brief.appendices))]
    if brief.conclusion is not None:
        groups.append(brief.conclusion.blocks)
    images = [b for blocks in groups for b in blocks if b.kind == "image" and b.path]
    return [project_dir, *{Path(b.path).parent for b in images}]


def _typeset(
    prepared: Prepared, source: Path, tagged: bool = True, pdf_a: bool = False
) -> tuple[bytes, int]:
    """Build the PDF; a block no page of the layout can hold is the layout's problem."""
    from reportlab.platypus.doctemplate import LayoutError as PlacementError

    from brief.errors import LayoutError
    from brief.pdf import build_pdf

    try:
        return build_pdf(prepared.brief, prepared.styles, prepared.story, tagged, pdf_a, source)
    except PlacementError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "a block"
        raise LayoutError.at(
            prepared.layout.folder / "style.toml",
            f"a block does not fit on any page of this layout ({first[:120]})",
        ) from None


def render_brief(
    path: Path,
    output_dir: Path | None = None,
    tagged: bool = True,
    pdf_a: bool = False,
    **options: Any,
) -> RenderResult:
    """Render the spec or article at *path* to ``output_dir/<name>.pdf`` (default
    ``output/`` in the project folder); options as for :func:`prepare`.

    The PDF is tagged for accessibility (PDF/UA-1) unless *tagged* is false; it is also
    PDF/A-2 when *pdf_a* is true or the spec asks for it (PDF/A-2a when tagged, else 2b)."""
    from brief.pdf import write_atomically

    started = time.perf_counter()
    project_dir = options.get("project_dir") or Path.cwd()
    prepared = prepare(path, **options)
    data, pages = _typeset(prepared, path, tagged, pdf_a or prepared.brief.pdf_a)
    target = (output_dir or project_dir / "output") / f"{path.stem}.pdf"
    write_atomically(data, target)
    return RenderResult(path, target, pages, len(data), time.perf_counter() - started)
