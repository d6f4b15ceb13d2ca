"""The library API that the command line calls: load, check and render briefs.

Paths are taken relative to *project_dir* (by default the working directory), which holds
``briefs/``, ``layouts/`` and ``output/``.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from brief import __version__
from brief.compose import SPEC_SUFFIX
from brief.compose.model import Brief
from brief.core.confined import check_write_path, link_out_of
from brief.core.errors import (
    BriefError,
    LayoutError,
    OutputError,
    Problem,
    collecting,
    display_path,
    is_inside,
    passed_on,
    warn,
)
from brief.core.limits import Limits, TimeLimitError, check_deadline, deadline, time_left
from brief.pdf.written import Rendered, RenderResult, write_rendered
from brief.source.reader import ARTICLE_SUFFIXES, UNREAD_DOCUMENTS

if TYPE_CHECKING:  # the stages a render goes through, imported when it needs them
    from reportlab.platypus import Flowable

    from brief.layout.catalogue import Messages
    from brief.layout.loader import Layout
    from brief.typeset.styles import Styles


def import_stages() -> None:
    """Import the modules every render uses, now rather than as the first render reaches
    them: for a process that then settles its start-up heap (see ``brief.cli.common``)."""
    import brief.export.citations
    import brief.layout.loader
    import brief.pdf.document
    import brief.pdf.inputs
    import brief.pdf.manifest
    import brief.typeset.story.build  # noqa: F401


def find_project(path: Path) -> Path:
    """The project a spec or article belongs to, so brief runs from any folder: the nearest
    folder above it that holds a ``briefs/`` folder; else the working directory when the
    path lies inside it; else the path's own folder."""
    # The path as given, links and all: a spec linked in from another project belongs to
    # the project that holds the link (its PDF goes there, not to the other project).
    here = Path(os.path.abspath(path)).parent
    for folder in (here, *here.parents):
        if (folder / "briefs").is_dir():
            return folder
    cwd = Path.cwd()
    return cwd if is_inside(path, cwd) else here


def spec_inputs(folder: Path) -> list[Path]:
    """The specs in *folder*, given as an input ("brief render briefs/"); a project's folder
    stands for its ``briefs/``."""
    specs = sorted(folder.glob(f"*{SPEC_SUFFIX}"))
    if not specs and (folder / "briefs").is_dir():
        specs = sorted((folder / "briefs").glob(f"*{SPEC_SUFFIX}"))
    if not specs:
        raise BriefError.at(folder, "no brief specs (*.toml) in this folder")
    return specs


def planned_output(
    path: Path,
    output_dir: Path | None,
    output_file: Path | None = None,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> Path:
    """Where the PDF of *path* goes: *output_file*; else the spec's ``output`` name (or the
    input's name) in *output_dir*, by default ``output/`` in the brief's project. The spec
    is read within *limits*, as its render reads it."""
    if output_file is not None:
        return output_file
    project = find_project(path)
    folder = output_dir or project / "output"
    name = f"{path.stem}.pdf"
    if path.suffix.lower() == SPEC_SUFFIX and link_out_of(path, project) is None:
        # (a spec linked in from outside is not read here: its render reports the link)
        from brief.compose.spec import load_spec

        name = load_spec(path, limits).output or name
    return folder / name


def check_outputs(
    paths: list[Path],
    output_dir: Path | None,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> dict[Path, Path]:
    """Each input's PDF path; two inputs that would write one file are an error, before
    anything is written."""
    targets: dict[Path, Path] = {}
    problems = []
    seen: dict[Path, Path] = {}
    for path in paths:
        target = planned_output(path, output_dir, limits=limits)
        try:
            key = target.resolve()
        except OSError:  # a folder on the way changing as it is looked at
            key = Path(os.path.abspath(target))
        if key in seen:
            problems.append(
                Problem(
                    path,
                    f"would write {display_path(target)}, as {display_path(seen[key])} does: "
                    "give one of them its own name (the spec's output key, or -o)",
                )
            )
        seen.setdefault(key, path)
        targets[path] = target
    if problems:
        raise OutputError(problems)
    return targets


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
    """The merged brief for a spec or an article, and the name of its layout; its warnings
    go to *warnings*, else to :func:`brief.core.errors.warn`."""
    from brief.compose.merge import brief_from_article, load_brief

    suffix = path.suffix.lower()
    project_dir = project_dir or find_project(path)
    link = None if allow_outside else link_out_of(path, project_dir)
    if link is not None:
        raise BriefError.at(
            link,
            "is a link that leads outside the project folder: brief reads no spec or article "
            "from outside it (--allow-outside permits it)",
        )
    if suffix not in (SPEC_SUFFIX, *ARTICLE_SUFFIXES, *UNREAD_DOCUMENTS):
        kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
        raise BriefError.at(path, f"not a brief spec (.toml) or an article ({kinds})")
    with collecting() as found:
        if suffix == SPEC_SUFFIX:
            spec, brief = load_brief(path, limits, project_dir, allow_outside)
        else:
            spec, brief = brief_from_article(path, limits, project_dir, allow_outside)
    passed_on(found, warnings)
    return brief, spec.layout


def resolve_layout(path: Path, brief_layout: str, override: str | None, project_dir: Path) -> Any:
    """The layout for a brief; an unknown name from a spec is reported at its 'layout' key."""
    from brief.core.errors import Problem, UnknownLayoutError
    from brief.layout.loader import load_layout

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
    layout: Layout
    styles: Styles
    story: list[Flowable]
    messages: Messages | None = None  # the brief's words


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
    every stage; with *strict* any warning is an error. The whole brief must be ready
    within ``limits.seconds``."""
    with deadline(limits.seconds, limits.pages), named_at(path):
        return _prepare(
            path, layout, project_dir or find_project(path), limits, allow_outside, warnings, strict
        )


@contextmanager
def named_at(path: Path) -> Iterator[None]:
    """Problems that name no file (running out of time) are reported at the brief's path."""
    try:
        yield
    except TimeLimitError as error:
        if all(problem.path is None for problem in error.problems):
            raise type(error)(
                [Problem(path, p.message, p.line, p.key) for p in error.problems]
            ) from None
        raise


def _prepare(
    path: Path,
    layout: str | None,
    project_dir: Path,
    limits: Limits,
    allow_outside: bool,
    warnings: list[Problem] | None,
    strict: bool,
) -> Prepared:
    with collecting() as found:
        prepared = _prepared(path, layout, project_dir, limits, allow_outside)
    if strict and found:
        raise BriefError(found)
    passed_on(found, warnings)
    return prepared


def _prepared(
    path: Path, layout: str | None, project_dir: Path, limits: Limits, allow_outside: bool
) -> Prepared:
    from brief.layout.budget import Budget
    from brief.layout.catalogue import Messages
    from brief.layout.loader import render_story
    from brief.layout.omissions import charts_left_out, untranslated
    from brief.layout.typography import typographic
    from brief.typeset.story.build import build_story
    from brief.typeset.styles import resolve_styles

    brief, layout_name = load(path, limits, project_dir, allow_outside)
    check_deadline("reading the article")
    chosen = resolve_layout(path, layout_name, layout, project_dir)
    styles = resolve_styles(chosen, brief.language)
    budget = Budget(seconds=max(time_left() or 0.0, 0.0))  # what the deadline leaves
    messages = Messages(brief.language, chosen.style.texts, brief.texts)
    messages.text("page_of")  # the running footer's words, looked up now to warn in time
    # the prose's quotes as the language sets them, everywhere the brief's words go: pages,
    # running header, the PDF's title
    brief = typographic(brief, str(messages.text("quote_open")), str(messages.text("quote_close")))
    check_deadline("resolving the layout")
    template_problems: list[Problem] = []  # reported with the story's, all at once
    xml = render_story(chosen, brief, budget, messages, template_problems)
    try:
        roots = _roots(brief, project_dir)
        story = build_story(xml, chosen, styles, roots, limits, brief_path=path)
    except BriefError as error:
        if template_problems:
            raise type(error)([*template_problems, *error.problems]) from None
        raise
    if template_problems:
        raise LayoutError(template_problems)
    check_deadline("building the story")
    warn(*untranslated(messages, path, chosen), *charts_left_out(xml, brief, path, chosen))
    return Prepared(brief, chosen, styles, story, messages)


def check_brief(path: Path, **options: Any) -> Brief:
    """Everything short of writing the PDF (see :func:`prepare` for the options), within
    the time limit even inside a long step (:func:`brief.core.watchdog.watchdog`)."""
    from brief.core.watchdog import watchdog

    with watchdog((options.get("limits") or Limits()).seconds), named_at(path):
        return prepare(path, **options).brief


def _roots(brief: Brief, project_dir: Path) -> list[Path]:
    """Folders figures may come from: the project and the folders of the images the merge
    checked (an article given directly may live outside the project)."""
    from brief.pdf.inputs import image_paths

    return [project_dir, *{image.parent for image in image_paths(brief)}]


def _typeset(
    prepared: Prepared,
    source: Path,
    tagged: bool = True,
    pdf_a: bool = False,
    files: Sequence[Any] = (),
    inputs: Any = None,
    linearize: bool | None = None,
) -> tuple[bytes, int]:
    """Build the PDF (see :func:`brief.pdf.document.typeset_pdf`)."""
    from brief.pdf.document import typeset_pdf

    return typeset_pdf(prepared.brief, prepared.layout.name, prepared.styles, prepared.story,
                       source, prepared.messages, tagged, pdf_a, files, inputs,
                       linearize)  # fmt: skip


@dataclass(frozen=True)
class RenderOptions:
    """How to render a brief (the command line's options, typed): what :func:`build_brief`
    takes in place of keyword arguments passed on from call to call."""

    layout: str | None = None  # a layout's name over the spec's
    project_dir: Path | None = None  # default: the project the brief is in
    limits: Limits = Limits()  # noqa: RUF009 (frozen)
    allow_outside: bool = False
    strict: bool = False  # every warning an error
    tagged: bool = True
    pdf_a: bool = False  # or the spec asks for it
    data: bool | None = None  # attach the tables as CSV; None: as the spec says
    size_budget: int | None = None  # bytes; None: the spec's
    output_dir: Path | None = None  # default: output/ in the project
    output_file: Path | None = None
    linearize: bool | None = None  # for fast web view; None: when larger than 256 KiB


def build_brief(path: Path, options: RenderOptions = RenderOptions()) -> Rendered:
    """Render the spec or article at *path* in memory: the PDF's bytes, its citations, the
    manifest entry and the warnings, returned; nothing is written (see
    :func:`brief.pdf.written.write_rendered`).

    The PDF is tagged for accessibility (PDF/UA-1) unless ``tagged`` is false; each table's
    cells are attached as CSV unless ``data`` is false (by default the spec says); it is also
    PDF/A when ``pdf_a`` is true or the spec asks for it (PDF/A-3 with attachments, else 2;
    level a when tagged, else b). A PDF above the size budget is a warning, an error when
    ``strict``. It is linearised for fast web view when ``linearize``, or by default when it
    is larger than 256 KiB (:data:`brief.pdf.document.LINEARIZE_ABOVE`). The PDF goes to
    ``output_file``, else ``output_dir/<name>`` (default
    ``output/`` in the brief's project; the name is the spec's ``output``, else the input's
    name with .pdf)."""
    from brief.export.citations import citations
    from brief.pdf.inputs import render_inputs

    started = time.perf_counter()
    project_dir = options.project_dir or find_project(path)
    limits, found = options.limits, list[Problem]()
    output_dir = options.output_dir or project_dir / "output"
    with deadline(limits.seconds, limits.pages), named_at(path):
        prepared = prepare(path, options.layout, project_dir, limits, options.allow_outside,
                           found, options.strict)  # fmt: skip
        brief = prepared.brief
        target = options.output_file or output_dir / (brief.output_name or f"{path.stem}.pdf")
        check_write_path(target, project_dir, OutputError, "PDF")  # before typesetting
        data = brief.data if options.data is None else options.data
        files = _data_files(prepared, target.stem) if data else []
        inputs = render_inputs(path, brief, prepared.layout, project_dir)
        pdf_a = options.pdf_a or brief.pdf_a
        pdf, pages = _typeset(prepared, path, options.tagged, pdf_a, files, inputs,
                              options.linearize)  # fmt: skip
    budget = brief.size_budget if options.size_budget is None else options.size_budget
    if len(pdf) > budget:
        found.append(_over_budget(path, len(pdf), budget, options.size_budget is None,
                                  options.strict))  # fmt: skip
    spec = path.suffix.lower() == SPEC_SUFFIX
    record = {
        "input": inputs.name(path),
        "article": inputs.name(path.parent / brief.source.path) if spec else inputs.name(path),
        "layout": prepared.layout.name,
        "brief_version": __version__,
        "sha256": "",  # the writer fills these in, where they stood
        "bytes": 0,
        "pages": pages,
        "tagged": options.tagged,
        "data": bool(data),
        "pdf_a": pdf_a_level(pdf_a, options.tagged, bool(files)),
        "attachments": [file.name for file in files],
        "citations": [],
        "inputs": inputs.entries(),
    }
    return Rendered(path, target, project_dir, pdf, pages, time.perf_counter() - started,
                    citations(brief), tuple(file.name for file in files), inputs.entries(),
                    record, tuple(found), inputs.files(),
                    tuple(folder.resolve() for folder in prepared.layout.folders))  # fmt: skip


def render_brief(
    path: Path,
    output_dir: Path | None = None,
    tagged: bool = True,
    pdf_a: bool = False,
    output_file: Path | None = None,
    data: bool | None = None,
    size_budget: int | None = None,
    warnings: list[Problem] | None = None,
    **options: Any,
) -> RenderResult:
    """:func:`build_brief`, then its files written (PDF, citations, manifest entry); the
    warnings go to *warnings*. Options as :class:`RenderOptions`'."""
    options = {key: value for key, value in options.items() if value is not None}
    chosen = RenderOptions(output_dir=output_dir, tagged=tagged, pdf_a=pdf_a,
                           output_file=output_file, data=data, size_budget=size_budget,
                           **options)  # fmt: skip
    rendered = build_brief(path, chosen)
    if warnings is not None:
        warnings.extend(rendered.warnings)
    return write_rendered(rendered)


def pdf_a_level(pdf_a: bool, tagged: bool, attachments: bool) -> str | None:
    if not pdf_a:
        return None
    return f"{3 if attachments else 2}{'a' if tagged else 'b'}"


def _data_files(prepared: Prepared, stem: str) -> list[Any]:
    from brief.export.tabledata import data_files

    assert prepared.messages is not None  # prepare() gives the brief's words
    return data_files(prepared.brief, stem, prepared.messages)


def _over_budget(path: Path, size: int, budget: int, from_spec: bool, strict: bool) -> Problem:
    from brief.core.units import format_size

    setting = "its size_budget" if from_spec else "--size-budget"
    problem = Problem(
        path,
        f"the PDF is {format_size(size)}, above the size budget of {format_size(budget)} "
        f"({setting}): large images are the usual cause",
        key="size_budget" if from_spec and path.suffix.lower() == SPEC_SUFFIX else None,
    )
    if strict:
        raise BriefError([problem])
    return problem
