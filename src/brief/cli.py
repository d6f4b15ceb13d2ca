"""The ``brief`` command line: a thin layer over :mod:`brief.api` that formats errors.

Heavy libraries (ReportLab, Pydantic models, Jinja2) are imported inside commands only, so
``brief --help`` and ``brief --version`` stay fast.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from brief import __version__
from brief.errors import display_path

app = typer.Typer(
    help="Turn an analysis article into a publication-quality PDF policy brief.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

T = TypeVar("T")
_state = {"debug": False}

DebugOption = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]


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
    _state["debug"] = debug


def _report(error: Exception) -> None:
    from brief.errors import BriefError

    if isinstance(error, BriefError):
        for problem in error.problems:
            where = problem.where()
            typer.echo(f"{where}: {problem.message}" if where else problem.message, err=True)
    else:
        typer.echo(f"error: {error}", err=True)
    if _state["debug"]:
        traceback.print_exception(error, file=sys.stderr)


def _guard(action: Callable[[], T]) -> tuple[T | None, bool]:
    """Run *action*, reporting the project's errors as one-line messages."""
    from brief.errors import BriefError

    try:
        return action(), True
    except BriefError as error:
        _report(error)
        return None, False


def _each_input(paths: list[Path] | None, action: Callable[[Path], str]) -> tuple[int, int]:
    """Run *action* on each input (default: every spec in briefs/), printing what it returns.

    Goes on after a failure; returns the number of failures and of inputs.
    """
    from brief.api import default_inputs

    inputs, ok = _guard(lambda: paths or default_inputs(Path.cwd()))
    if not ok:
        raise typer.Exit(1)
    failed = 0
    for path in inputs:
        line, ok = _guard(lambda p=path: action(p))
        if ok:
            typer.echo(line)
        else:
            failed += 1
    return failed, len(inputs)


@app.command()
def render(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Brief specs (.toml) or articles (.txt, .md). Default: every spec in briefs/.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder for the PDFs.", show_default="output/"),
    ] = None,
    layout: Annotated[
        str | None, typer.Option("--layout", help="Layout name, overriding the spec's.")
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Render briefs to PDF and print the path of each PDF written.

    Examples:

      brief render

      brief render briefs/belarus-sco-tianjin.toml

      brief render sources/belarus-sco-tianjin.txt -o /tmp/briefs --layout default
    """
    _state["debug"] |= debug
    from brief.api import render_brief

    failed, total = _each_input(
        paths,
        lambda p: display_path(render_brief(p, output_dir=output, layout=layout).output),
    )
    if failed:
        if total > 1:
            typer.echo(f"{failed} of {total} briefs failed", err=True)
        raise typer.Exit(1)


@app.command()
def check(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Brief specs or articles. Default: every spec in briefs/.", show_default=False
        ),
    ] = None,
    layout: Annotated[
        str | None, typer.Option("--layout", help="Layout name to check with.")
    ] = None,
    debug: DebugOption = False,
) -> None:
    """Load, parse, merge and validate briefs without writing anything.

    Exits 0 when everything is valid; otherwise prints every problem and exits 1.

    Examples:

      brief check

      brief check briefs/belarus-sco-tianjin.toml
    """
    _state["debug"] |= debug
    from brief.api import check_brief

    def check_one(path: Path) -> str:
        check_brief(path, layout=layout)
        return f"{display_path(path)}: ok"

    failed, _ = _each_input(paths, check_one)
    if failed:
        raise typer.Exit(1)


@app.command()
def inspect(
    article: Annotated[Path, typer.Argument(help="An article (.txt, .md).")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the parsed model as JSON.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Show what the parser found in an article.

    Examples:

      brief inspect sources/belarus-sco-tianjin.txt

      brief inspect sources/belarus-sco-tianjin.txt --json
    """
    _state["debug"] |= debug
    from brief.reader import read_article

    parsed, ok = _guard(lambda: read_article(article))
    if not ok:
        raise typer.Exit(1)
    if as_json:
        typer.echo(parsed.model_dump_json(indent=2))
        return
    from brief.outline import describe_article

    typer.echo(describe_article(parsed))


def main() -> None:
    app()
