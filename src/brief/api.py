"""The library API that the command line calls: load, check and render briefs.

Paths are taken relative to *project_dir* (by default the working directory), which holds
``briefs/``, ``layouts/`` and ``output/``.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brief.compose.model import Brief
from brief.core.errors import BriefError, LayoutError, OutputError, Problem, display_path, is_inside
from brief.core.limits import Limits, TimeLimitError, check_deadline, deadline, time_left
from brief.source.reader import ARTICLE_SUFFIXES

SPEC_SUFFIX = ".toml"


@dataclass(frozen=True)
class RenderResult:
    source: Path
    output: Path
    pages: int
    size: int
    seconds: float


def find_project(path: Path) -> Path:
    """The project a spec or article belongs to, so brief runs from any folder: the nearest
    folder above it that holds a ``briefs/`` folder; else the working directory when the
    path lies inside it; else the path's own folder."""
    here = path.resolve().parent
    for folder in (here, *here.parents):
        if (folder / "briefs").is_dir():
            return folder
    cwd = Path.cwd()
    return cwd if is_inside(path, cwd) else here


def spec_inputs(folder: Path) -> list[Path]:
    """The specs in *folder*, given as an input ("brief render briefs/")."""
    specs = sorted(folder.glob(f"*{SPEC_SUFFIX}"))
    if not specs:
        raise BriefError.at(folder, "no brief specs (*.toml) in this folder")
    return specs


def planned_output(path: Path, output_dir: Path | None, output_file: Path | None = None) -> Path:
    """Where the PDF of *path* goes: *output_file*; else the spec's ``output`` name (or the
    input's name) in *output_dir*, by default ``output/`` in the brief's project."""
    if output_file is not None:
        return output_file
    folder = output_dir or find_project(path) / "output"
    name = f"{path.stem}.pdf"
    if path.suffix.lower() == SPEC_SUFFIX:
        from brief.compose.spec import load_spec

        name = load_spec(path).output or name
    return folder / name


def check_outputs(paths: list[Path], output_dir: Path | None) -> dict[Path, Path]:
    """Each input's PDF path; two inputs that would write one file are an error, before
    anything is written."""
    targets: dict[Path, Path] = {}
    problems = []
    seen: dict[Path, Path] = {}
    for path in paths:
        target = planned_output(path, output_dir)
        key = target.resolve()
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
    """The merged brief for a spec or an article, and the name of its layout."""
    from brief.compose.merge import brief_from_article, load_brief

    suffix = path.suffix.lower()
    project_dir = project_dir or find_project(path)
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
    layout: Any
    styles: Any
    story: list
    messages: Any = None  # the brief's words (brief.layout.catalogue.Messages)


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
    with deadline(limits.seconds, limits.pages), _named(path):
        return _prepare(
            path, layout, project_dir or find_project(path), limits, allow_outside, warnings, strict
        )


@contextmanager
def _named(path: Path) -> Iterator[None]:
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
    from brief.layout.budget import Budget
    from brief.layout.catalogue import Messages
    from brief.layout.loader import render_story
    from brief.typeset.story.build import build_story
    from brief.typeset.styles import resolve_styles

    found: list[Problem] = []
    brief, layout_name = load(path, limits, project_dir, allow_outside, found)
    check_deadline("reading the article")
    chosen = resolve_layout(path, layout_name, layout, project_dir)
    styles = resolve_styles(chosen, brief.language)
    budget = Budget(seconds=max(time_left() or 0.0, 0.0))  # what the deadline leaves
    messages = Messages(brief.language, chosen.style.texts, brief.texts)
    messages.text("page_of")  # the running footer's words, looked up now to warn in time
    check_deadline("resolving the layout")
    template_problems: list[Problem] = []  # reported with the story's, all at once
    xml = render_story(chosen, brief, budget, messages, template_problems)
    try:
        story = build_story(xml, chosen, styles, _roots(brief, project_dir), found, limits)
    except BriefError as error:
        if template_problems:
            raise type(error)([*template_problems, *error.problems]) from None
        raise
    if template_problems:
        raise LayoutError(template_problems)
    check_deadline("building the story")
    found.extend(_untranslated(messages, path, chosen))
    if strict and found:
        raise BriefError(found)
    if warnings is not None:
        warnings.extend(found)
    return Prepared(brief, chosen, styles, story, messages)


def _untranslated(messages: Any, path: Path, layout: Any) -> list[Problem]:
    """One warning for a language brief has no words for, else one per word it lacks."""
    from brief.layout.catalogue import shipped

    if not messages.missing:
        return []
    if messages.catalogue is None:
        languages = ", ".join(sorted(shipped()))
        return [
            Problem(
                path,
                f"brief has no words for the language '{messages.language}' (it has {languages});"
                " its labels are printed in English: give them in the layout's or the spec's "
                "[texts]",
                key="language",
            )
        ]
    return [
        Problem(
            layout.folder / "style.toml",
            f"no '{key}' for the language '{messages.language}'; printed in English",
            key=f"texts.{key}",
        )
        for key in messages.missing
    ]


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

    from brief.pdf.document import build_pdf

    try:
        return build_pdf(
            prepared.brief,
            prepared.styles,
            prepared.story,
            tagged,
            pdf_a,
            source,
            prepared.messages,
        )
    except PlacementError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else "a block"
        raise LayoutError.at(
            prepared.layout.folder / "style.toml",
            f"a block does not fit on any page of this layout ({first[:120]})",
        ) from None
    except (IndexError, KeyError, ValueError, TypeError, struct.error, OverflowError) as error:
        damaged = _damaged_font(error)
        if damaged is None:
            raise
        raise LayoutError.at(
            Path(damaged),
            f"cannot embed this font: the file is damaged ({type(error).__name__}: {error})",
        ) from None


def _damaged_font(error: BaseException) -> str | None:
    """The font file being read when *error* arose in ReportLab's TrueType code, if so: a
    file that parses but breaks while subsetting is the layout's problem, not a bug."""
    found = None
    trace = error.__traceback__
    while trace is not None:
        frame = trace.tb_frame
        if frame.f_code.co_filename.endswith("ttfonts.py"):
            owner = frame.f_locals.get("self")
            name = getattr(owner, "filename", None) or getattr(
                getattr(owner, "face", None), "filename", None
            )
            if isinstance(name, str) and name:
                found = name
        trace = trace.tb_next
    return found


def render_brief(
    path: Path,
    output_dir: Path | None = None,
    tagged: bool = True,
    pdf_a: bool = False,
    output_file: Path | None = None,
    **options: Any,
) -> RenderResult:
    """Render the spec or article at *path* to *output_file*, else to ``output_dir/<name>``
    (default ``output/`` in the brief's project; the name is the spec's ``output``, else the
    input's name with .pdf); options as for :func:`prepare`.

    The PDF is tagged for accessibility (PDF/UA-1) unless *tagged* is false; it is also
    PDF/A-2 when *pdf_a* is true or the spec asks for it (PDF/A-2a when tagged, else 2b)."""
    from brief.pdf.output import write_atomically

    started = time.perf_counter()
    project_dir = options.get("project_dir") or find_project(path)
    options["project_dir"] = project_dir
    limits = options.get("limits") or Limits()
    if output_dir is None:  # checked before any work is done for a PDF that cannot be written
        output_dir = project_dir / "output"
        if output_dir.is_symlink() and not is_inside(output_dir, project_dir):
            raise OutputError.at(
                output_dir,
                "is a link that leads outside the project folder; name the folder with -o "
                "to write there",
            )
    with deadline(limits.seconds, limits.pages), _named(path):
        prepared = prepare(path, **options)
        data, pages = _typeset(prepared, path, tagged, pdf_a or prepared.brief.pdf_a)
    target = output_file or output_dir / (prepared.brief.output_name or f"{path.stem}.pdf")
    write_atomically(data, target)
    return RenderResult(path, target, pages, len(data), time.perf_counter() - started)


SCHEMA_KINDS = ("spec", "style")


def json_schema(kind: str = "spec") -> dict[str, Any]:
    """The JSON Schema of a brief spec or of a layout's style file, with every field's
    description, for editors that complete and check TOML (Taplo, Even Better TOML)."""
    if kind == "spec":
        from brief.compose.spec import Spec as model
    elif kind == "style":
        from brief.layout.style import Style as model
    else:
        raise BriefError.at(None, f"no schema '{kind}'; there are: {', '.join(SCHEMA_KINDS)}")
    schema = model.model_json_schema()
    if kind == "style":  # read by the layout loader before the style is validated
        schema["properties"]["extends"] = {
            "type": "string",
            "description": "The layout this one extends: what is not set here comes from it.",
        }
    titles = {"spec": "brief spec (briefs/*.toml)", "style": "brief layout style (style.toml)"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": titles[kind]}  # fmt: skip


def is_spec_name(name: str) -> bool:
    """A name a spec file may have: letters, digits, - _ and ., not starting with a dot."""
    return bool(name) and not name.startswith(".") and all(c.isalnum() or c in "-_." for c in name)


def new_spec(
    article: Path,
    name: str | None = None,
    layout: str = "default",
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    warnings: list[Problem] | None = None,
) -> Path:
    """Write ``briefs/NAME.toml`` in the article's project (see :func:`find_project`), a
    spec filled from the article that renders as written, and the spec's JSON Schema beside
    it for editors; never over an existing spec."""
    import json

    from brief.compose.draft import SCHEMA_FILE, draft_spec
    from brief.source.reader import ARTICLE_SUFFIXES

    if article.suffix.lower() not in ARTICLE_SUFFIXES:
        kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
        raise BriefError.at(article, f"not an article ({kinds})")
    name = name or article.stem
    if not is_spec_name(name):
        raise BriefError.at(None, f"'{name}' is not a spec name (letters, digits, - _ and .)")
    folder = find_project(article) / "briefs"
    spec = folder / f"{name}{SPEC_SUFFIX}"
    if spec.exists() or spec.is_symlink():
        raise BriefError.at(spec, "already exists; choose another name with --name")
    from brief.layout.loader import load_layout

    load_layout(layout, folder.parent)  # an unknown layout is refused before anything is written
    text = draft_spec(article, spec, layout, limits, warnings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(spec, "x", encoding="utf-8") as file:  # "x": never over a file
            file.write(text)
        schema = folder / SCHEMA_FILE
        if not schema.exists():
            schema.write_text(json.dumps(json_schema("spec"), indent=2) + "\n", encoding="utf-8")
    except FileExistsError:
        raise BriefError.at(spec, "already exists; choose another name with --name") from None
    except OSError as exc:
        raise OutputError.at(folder, f"cannot write the spec: {exc.strerror}") from None
    return spec
