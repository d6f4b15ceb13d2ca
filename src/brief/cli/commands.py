"""The commands that render, check, audit and inspect briefs, and list and create layouts."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from brief.cli.common import (
    AllowOutsideOption,
    DebugOption,
    JobsOption,
    LayoutOption,
    LimitOption,
    PathsArgument,
    StrictOption,
    _each_input,
    _finish,
    _guard,
    _inputs,
    _limits,
    _options,
    _print_bug,
    _print_problems,
    _state,
    _warn,
    app,
    printable,
    settle_start_up,
    stuck_message,
)
from brief.core.errors import display_path


@app.command()
def render(
    paths: PathsArgument = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Folder for the PDFs, or the PDF's file name (NAME.pdf) for one brief.",
            show_default="output/ in the brief's project",
        ),
    ] = None,
    layout: LayoutOption = None,
    jobs: JobsOption = None,
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
            help="Also make the PDF conform to PDF/A for archiving: PDF/A-3 when the tables' "
            "data is attached, else PDF/A-2 (level a when tagged, else b).",
        ),
    ] = False,
    data: Annotated[
        bool | None,
        typer.Option(
            "--data/--no-data",
            help="Attach each table's cells to the PDF as a CSV file.",
            show_default="the spec's data key, else yes",
        ),
    ] = None,
    linearize: Annotated[
        bool | None,
        typer.Option(
            "--linearize/--no-linearize",
            help="Linearise the PDF for fast web view (a reader shows the first page while "
            "the rest downloads).",
            show_default="when the PDF is larger than 256 KiB",
        ),
    ] = None,
    size_budget: Annotated[
        str | None,
        typer.Option(
            "--size-budget",
            metavar="SIZE",
            help="Warn of a PDF larger than this (an error with --strict), e.g. 5MB or 800kB.",
            show_default="the spec's size_budget, else 10 MB",
        ),
    ] = None,
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

      brief render --no-data --size-budget 2MB

      brief render big-report.md --limit article-mb=100

      brief render briefs/aca.toml -o aca-final.pdf

      brief render briefs/
    """
    _state["debug"] |= debug
    options = _options(layout, limit, allow_outside, strict)
    options.update(tagged=tags, pdf_a=pdf_a, data=data, linearize=linearize)
    if size_budget is not None:
        from brief.core.units import parse_size

        try:
            options["size_budget"] = parse_size(size_budget)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--size-budget") from None
    from brief.batch import available_cores, render_many

    settle_start_up()
    inputs = _inputs(paths)
    if output is not None and output.suffix.lower() == ".pdf":
        if len(inputs) != 1:
            typer.echo(
                f"{display_path(output)}: names one PDF, and {len(inputs)} briefs are given; "
                "name a folder with -o",
                err=True,
            )
            raise typer.Exit(2)  # a mistake on the command line
        options["output_file"], output = output, None
    else:  # two briefs that would write one PDF stop the run before anything is written
        from brief.api import check_outputs

        _, ok = _guard(lambda: check_outputs(inputs, output, options["limits"]))
        if not ok:
            _finish(1)
    started = time.perf_counter()
    seconds = options["limits"].seconds
    outcomes = render_many(
        inputs, output, jobs or available_cores(), options, stuck_message=stuck_message(seconds)
    )
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


def _report_outcome(outcome: Any) -> None:
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

    def check_one(path: Path, warnings: list[Any]) -> str:
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

    def audit_one(path: Path, warnings: list[Any]) -> str:
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
    path: Annotated[
        Path,
        typer.Argument(help="An article (.txt, .md, .qmd, .rmd, .mdx, .html) or a spec (.toml)."),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the parsed or merged model as JSON.")
    ] = False,
    limit: LimitOption = None,
    allow_outside: AllowOutsideOption = False,
    debug: DebugOption = False,
) -> None:
    """Show what the parser found in an article, or what a spec and its article became: the
    merged brief a layout receives.

    Examples:

      brief inspect sources/belarus-sco-tianjin.txt

      brief inspect briefs/belarus-sco-tianjin.toml

      brief inspect briefs/belarus-sco-tianjin.toml --json
    """
    _state["debug"] |= debug
    limits = _limits(limit)
    warnings: list[Any] = []
    if path.suffix.lower() == ".toml":
        from brief.api import load

        loaded, ok = _guard(lambda: load(path, limits, None, allow_outside, warnings))
        _warn(warnings)
        if not ok:
            _finish(1)
        brief, layout = loaded
        if as_json:
            from brief.core.records import as_json as json_text

            typer.echo(json_text(brief, indent=2))
            return
        from brief.cli.outline import describe_brief

        for line in describe_brief(brief, layout).splitlines():
            typer.echo(printable(line))
        return
    from brief.source.reader import read_article

    parsed, ok = _guard(lambda: read_article(path, limits, warnings))
    changes = list(warnings)
    _warn(warnings)
    if not ok:
        _finish(1)
    if as_json:
        from brief.core.records import as_json as json_text

        typer.echo(json_text(parsed, indent=2))
        return
    from brief.cli.outline import describe_article

    for line in describe_article(parsed, changes).splitlines():
        typer.echo(printable(line))  # an article's controls are not the terminal's


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
