"""The ``brief`` command line: a thin layer over :mod:`brief.api` that formats errors.

Heavy libraries (ReportLab, Pydantic models, Jinja2) are imported inside commands only, so
``brief --help`` and ``brief --version`` stay fast.
"""

from __future__ import annotations

import re
import sys
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from brief import __version__
from brief.core.errors import display_path

app = typer.Typer(
    help="Turn an analysis article into a publication-quality PDF policy brief.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

T = TypeVar("T")
_state = {"debug": False, "internal": False}

DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
LimitOption = Annotated[
    list[str] | None,
    typer.Option(
        "--limit",
        metavar="NAME=VALUE",
        help="Raise or lower a limit: article-mb (20), nesting (12), table-cells (1000000), "
        "footnotes (10000), inline-markup (50000), spec-mb (2), image-mb (50), "
        "image-megapixels (50), svg-elements (100000), seconds (600), pages (3000). "
        "Repeatable.",
        show_default=False,
    ),
]
AllowOutsideOption = Annotated[
    bool,
    typer.Option("--allow-outside", help="Let specs name articles outside the project folder."),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat warnings (repairs brief made) as errors.")
]
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Brief specs (.toml) or articles (.txt, .md). Default: every spec in briefs/.",
        show_default=False,
    ),
]
LayoutOption = Annotated[
    str | None, typer.Option("--layout", help="Layout name, overriding the spec's.")
]
INTERNAL_ERROR = 3


def _version(value: bool) -> None:
    if value:
        typer.echo(f"brief {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Turn an analysis article into a publication-quality PDF policy brief.

    Run it in a project folder holding briefs/ (specs), sources/ (articles), layouts/ (your
    own layouts) and output/ (the PDFs).
    """
    _state.update(debug=debug, internal=False)  # one invocation's state, reset for each


def _report(error: Exception) -> None:
    from brief.core.errors import BriefError

    if isinstance(error, BriefError):
        _print_problems(error.problems)
    else:
        typer.echo(f"error: {printable(str(error))}", err=True)
    if _state["debug"]:
        traceback.print_exception(error, file=sys.stderr)


def _print_problems(problems: list, kind: str = "") -> None:
    """Each problem on one line: ``file:place: [kind]message``, with user text escaped."""
    for problem in problems:
        where = printable(problem.where())
        message = f"{kind}{printable(problem.message)}"
        typer.echo(f"{where}: {message}" if where else message, err=True)


# Characters that would let text from a user's file forge a line or drive the terminal: C0
# and C1 controls (newline, escape, bell...), line and paragraph separators, and the bidi
# controls that can reorder what the terminal shows.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]"
)


def printable(text: str) -> str:
    """*text* with every control character written as an escape (``\\n``, ``\\x1b``...)."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def _print_bug(summary: str, trace: str) -> None:
    """Report a bug in brief in one line (the traceback only with --debug); the command will
    exit with code 3."""
    typer.echo(
        f"internal error: {printable(summary)} (a bug in brief; run with --debug for the "
        "traceback)",
        err=True,
    )
    if _state["debug"]:
        typer.echo(trace, err=True, nl=False)
    _state["internal"] = True


def _guard(action: Callable[[], T]) -> tuple[T | None, bool]:
    """Run *action*, reporting the project's errors as one-line messages.

    Anything else is a bug in brief: it is reported in one line too (the traceback only with
    --debug), and the command exits with code 3 at the end.
    """
    from brief.core.errors import BriefError

    try:
        return action(), True
    except BriefError as error:
        _report(error)
        return None, False
    except Exception as error:  # the last line of defence: a bug, not the user's mistake
        summary = str(error).strip().splitlines()[0] if str(error).strip() else ""
        _print_bug(f"{type(error).__name__}: {summary}", traceback.format_exc())
        return None, False


def _warn(warnings: list) -> None:
    _print_problems(warnings, "warning: ")
    warnings.clear()


def _options(
    layout: str | None, limit: list[str] | None, allow_outside: bool, strict: bool
) -> dict:
    """The options render, check and audit pass to every brief (see brief.api.prepare)."""
    return {
        "layout": layout,
        "limits": _limits(limit),
        "allow_outside": allow_outside,
        "strict": strict,
    }


def _limits(settings: list[str] | None):
    from brief.core.limits import Limits

    limits, ok = _guard(lambda: Limits.parse(settings or []))
    if not ok:
        raise typer.Exit(2)
    return limits


def _finish(failed: int) -> None:
    if _state.get("internal"):
        raise typer.Exit(INTERNAL_ERROR)
    if failed:
        raise typer.Exit(1)


def _inputs(paths: list[Path] | None) -> list[Path]:
    """The paths given, or every spec in briefs/; exits 1 when there are none."""
    from brief.api import default_inputs

    inputs, ok = _guard(lambda: paths or default_inputs(Path.cwd()))
    if not ok:
        raise typer.Exit(1)
    return inputs


def _each_input(paths: list[Path] | None, action: Callable[[Path, list], str]) -> tuple[int, int]:
    """Run *action(path, warnings)* on each input (default: every spec in briefs/), printing
    the warnings it collects and then what it returns.

    Goes on after a failure; returns the number of failures and of inputs.
    """
    inputs = _inputs(paths)
    failed = 0
    warnings: list = []

    def run(path: Path) -> str:
        try:
            return action(path, warnings)
        finally:
            _warn(warnings)

    for path in inputs:
        line, ok = _guard(lambda p=path: run(p))
        if ok:
            typer.echo(printable(line))
        else:
            failed += 1
    return failed, len(inputs)


@app.command()
def render(
    paths: PathsArgument = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder for the PDFs.", show_default="output/"),
    ] = None,
    layout: LayoutOption = None,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Briefs rendered at once, in worker processes.",
            show_default="the number of cores",
        ),
    ] = None,
    tags: Annotated[
        bool,
        typer.Option(
            "--tags/--no-tags",
            help="Tag the PDF for screen readers and reflow (PDF/UA-1).",
        ),
    ] = True,
    pdf_a: Annotated[
        bool,
        typer.Option(
            "--pdf-a",
            help="Also make the PDF conform to PDF/A-2 for archiving (2a when tagged, else 2b).",
        ),
    ] = False,
    limit: LimitOption = None,
    allow_outside: AllowOutsideOption = False,
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Render briefs to PDF and print the path of each PDF written.

    Several briefs are rendered in parallel; one that fails does not stop the others, and a
    summary follows the last.

    Examples:

      brief render

      brief render briefs/belarus-sco-tianjin.toml

      brief render sources/belarus-sco-tianjin.txt -o /tmp/briefs --layout default

      brief render briefs/*.toml --jobs 4

      brief render --pdf-a

      brief render big-report.md --limit article-mb=100
    """
    _state["debug"] |= debug
    options = _options(layout, limit, allow_outside, strict)
    options.update(tagged=tags, pdf_a=pdf_a)
    from brief.batch import available_cores, render_many

    inputs = _inputs(paths)
    started = time.perf_counter()
    outcomes = render_many(inputs, output, jobs or available_cores(), options)
    rendered = pages = failed = 0
    with _progress(len(inputs)) as advance:
        for outcome in outcomes:
            _warn(outcome.warnings)
            if outcome.result is not None:
                rendered += 1
                pages += outcome.result.pages
                typer.echo(printable(display_path(outcome.result.output)))
            else:
                failed += 1
                _report_outcome(outcome)
            advance()
    if len(inputs) > 1:
        typer.echo(
            f"{rendered} rendered ({pages} pages), {failed} failed, in "
            f"{time.perf_counter() - started:.1f} s",
            err=True,
        )
    _finish(failed)


def _report_outcome(outcome) -> None:
    """Print why a brief of a batch failed, as the single-brief commands would."""
    _print_problems(outcome.problems)
    if outcome.bug:
        _print_bug(outcome.bug, outcome.trace or "")


@contextmanager
def _progress(total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on a terminal for several briefs; nothing otherwise."""
    if total < 2 or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("Rendering", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as progress:
        task = progress.add_task("render", total=total)
        yield lambda: progress.advance(task)


@app.command()
def check(
    paths: PathsArgument = None,
    layout: LayoutOption = None,
    limit: LimitOption = None,
    allow_outside: AllowOutsideOption = False,
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Load, parse, merge and validate briefs without writing anything.

    Exits 0 when everything is valid; otherwise prints every problem and exits 1.

    Examples:

      brief check

      brief check briefs/belarus-sco-tianjin.toml
    """
    _state["debug"] |= debug
    options = _options(layout, limit, allow_outside, strict)
    from brief.api import check_brief

    def check_one(path: Path, warnings: list) -> str:
        check_brief(path, warnings=warnings, **options)
        return f"{display_path(path)}: ok"

    failed, _ = _each_input(paths, check_one)
    _finish(failed)


@app.command()
def audit(
    paths: PathsArgument = None,
    layout: LayoutOption = None,
    limit: LimitOption = None,
    allow_outside: AllowOutsideOption = False,
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Check that the PDF holds every sentence of the article.

    Renders each brief to a temporary folder, extracts the PDF's text and reports every
    sentence, list item, table cell, heading and note of the article that it lacks (what the
    spec deliberately leaves out is not looked for). Exits 1 if anything is missing.

    Examples:

      brief audit

      brief audit sources/belarus-sco-tianjin.txt
    """
    _state["debug"] |= debug
    options = _options(layout, limit, allow_outside, strict)
    from brief.audit import audit as run_audit

    missing_total = 0

    def audit_one(path: Path, warnings: list) -> str:
        nonlocal missing_total
        result = run_audit(path, warnings=warnings, **options)
        for piece in result.missing:
            typer.echo(
                printable(
                    f"{display_path(result.article)}:{piece.line}: missing from the PDF: "
                    f"{piece.text}"
                ),
                err=True,
            )
        missing_total += len(result.missing)
        found = result.checked - len(result.missing)
        return f"{display_path(path)}: {found} of {result.checked} pieces of the article found"

    failed, _ = _each_input(paths, audit_one)
    _finish(failed or missing_total)


@app.command()
def inspect(
    article: Annotated[Path, typer.Argument(help="An article (.txt, .md).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the parsed model as JSON.")
    ] = False,
    limit: LimitOption = None,
    debug: DebugOption = False,
) -> None:
    """Show what the parser found in an article.

    Examples:

      brief inspect sources/belarus-sco-tianjin.txt

      brief inspect sources/belarus-sco-tianjin.txt --json
    """
    _state["debug"] |= debug
    limits = _limits(limit)
    from brief.source.reader import read_article

    warnings: list = []
    parsed, ok = _guard(lambda: read_article(article, limits, warnings))
    _warn(warnings)
    if not ok:
        _finish(1)
    if as_json:
        typer.echo(parsed.model_dump_json(indent=2))
        return
    from brief.source.outline import describe_article

    typer.echo(describe_article(parsed))


@app.command("layouts")
def list_layouts(debug: DebugOption = False) -> None:
    """List the layouts found: the project's layouts/ first, then those built into brief.

    Examples:

      brief layouts
    """
    _state["debug"] |= debug
    from brief.layout.loader import describe_layouts

    rows, ok = _guard(lambda: describe_layouts(Path.cwd()))
    if not ok:
        _finish(1)
    for name, origin, folder, parent in rows:
        extends = f", extends {parent}" if parent else ""
        typer.echo(printable(f"{name:<14} {origin}{extends}  ({display_path(folder)})"))


layout_app = typer.Typer(help="Create layouts.", no_args_is_help=True)
app.add_typer(layout_app, name="layout")


@layout_app.command("new")
def new_layout(
    name: Annotated[str, typer.Argument(help="Name of the new layout.")],
    parent: Annotated[str, typer.Option("--from", help="Layout to extend.")] = "default",
    debug: DebugOption = False,
) -> None:
    """Create layouts/NAME: a style file that extends another layout, and a template.

    Examples:

      brief layout new house

      brief layout new house --from report
    """
    _state["debug"] |= debug
    from brief.layout.loader import create_layout

    folder, ok = _guard(lambda: create_layout(name, parent, Path.cwd()))
    if not ok:
        _finish(1)
    typer.echo(
        f"created {display_path(folder)}/ (extends {parent}); render with "
        f"brief render --layout {name}"
    )


def main() -> None:
    app()
