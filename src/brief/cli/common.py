"""What every ``brief`` command shares: the Typer app, its options, and error reporting.

Heavy libraries (ReportLab, Pydantic models, Jinja2) are imported inside commands only, so
``brief --help`` and ``brief --version`` stay fast.
"""

from __future__ import annotations

import gc
import re
import sys
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from brief import __version__

app = typer.Typer(
    help="Turn an analysis article into a publication-quality PDF policy brief.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion and --show-completion for bash, zsh, fish
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
JobsOption = Annotated[
    int | None,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        help="Briefs rendered at once, in worker processes.",
        show_default="the number of cores",
    ),
]
PathsArgument = Annotated[
    list[Path] | None,
    typer.Argument(
        help="Brief specs (.toml) or articles (.txt, .md, .qmd, .rmd, .mdx, .html). "
        "Default: every spec in briefs/.",
        show_default=False,
    ),
]


def complete_layouts(incomplete: str) -> list[str]:
    """The layout names a shell completes after --layout: the project's and brief's own."""
    from brief.layout.loader import available_layouts

    try:
        names = available_layouts(Path.cwd())
    except Exception:  # completion never fails the shell; it offers nothing
        return []
    return sorted(name for name in names if name.startswith(incomplete))


LayoutOption = Annotated[
    str | None,
    typer.Option(
        "--layout",
        help="Layout name, overriding the spec's.",
        autocompletion=complete_layouts,
    ),
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


def _print_problems(problems: list[Any], kind: str = "") -> None:
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


def _guard(action: Callable[[], T]) -> tuple[Any, bool]:
    """Run *action*, reporting the project's errors as one-line messages.

    Anything else is a bug in brief: it is reported in one line too (the traceback only with
    --debug), and the command exits with code 3 at the end.
    """
    from brief.core.errors import BriefError, first_line

    try:
        return action(), True
    except BriefError as error:
        _report(error)
        return None, False
    except Exception as error:  # the last line of defence: a bug, not the user's mistake
        summary = first_line(error)
        _print_bug(f"{type(error).__name__}: {summary}", traceback.format_exc())
        return None, False


def _warn(warnings: list[Any]) -> None:
    _print_problems(warnings, "warning: ")
    warnings.clear()


def _options(
    layout: str | None, limit: list[str] | None, allow_outside: bool, strict: bool
) -> dict[Any, Any]:
    """The options render, check and audit pass to every brief (see brief.api.prepare)."""
    return {
        "layout": layout,
        "limits": _limits(limit),
        "allow_outside": allow_outside,
        "strict": strict,
    }


def _limits(settings: list[str] | None) -> Any:
    from brief.core.limits import Limits

    limits, ok = _guard(lambda: Limits.parse(settings or []))
    if not ok:
        raise typer.Exit(2)
    return limits


def stuck_message(limits_seconds: float) -> Any:
    """The line a brief rendered in the command's own process prints if the time limit
    cannot interrupt it (a C call that does not return): the limit's error, as any other."""
    from brief.core.errors import display_path
    from brief.core.watchdog import overrun_message

    def message(path: Path) -> str:
        return f"{printable(display_path(path))}: {overrun_message(limits_seconds)}"

    return message


def _finish(failed: int) -> None:
    if _state.get("internal"):
        raise typer.Exit(INTERNAL_ERROR)
    if failed:
        raise typer.Exit(1)


def _inputs(paths: list[Path] | None) -> list[Path]:
    """The paths given (a folder stands for the specs in it), or every spec in briefs/;
    exits 1 when there are none."""
    from brief.api import default_inputs, spec_inputs

    def expanded() -> list[Path]:
        if not paths:
            return default_inputs(Path.cwd())
        return [found for p in paths for found in (spec_inputs(p) if _folder(p) else [p])]

    inputs, ok = _guard(expanded)
    if not ok:
        raise typer.Exit(1)
    return list(inputs)


def _folder(path: Path) -> bool:
    """A folder given as an input (not one named like a spec or article: that is an error
    the brief's own checks report)."""
    from brief.compose import SPEC_SUFFIX
    from brief.source.reader import ARTICLE_SUFFIXES

    return path.is_dir() and path.suffix.lower() not in {SPEC_SUFFIX, *ARTICLE_SUFFIXES}


def _each_input(
    paths: list[Path] | None, action: Callable[[Path, list[Any]], str]
) -> tuple[int, int]:
    """Run *action(path, warnings)* on each input (default: every spec in briefs/), printing
    the warnings it collects and then what it returns.

    Goes on after a failure; returns the number of failures and of inputs.
    """
    inputs = _inputs(paths)
    failed = 0
    warnings: list[Any] = []

    def run(path: Path) -> str:
        try:
            return action(path, warnings)
        finally:
            _warn(warnings)

    for path in inputs:
        line, ok = _guard(partial(run, path))
        if ok:
            typer.echo(printable(line))
        else:
            failed += 1
    return failed, len(inputs)


def settle_start_up() -> None:
    """Before a command renders: the modules it needs imported, and what start-up made
    (modules, classes, Pydantic's validators) moved out of the garbage collector's sight
    (``gc.freeze``). It lives until the process ends, and each full collection scanned it
    again: two of them, about 30 ms of the 0.37 s first render of the bundled brief. The
    collector is off while the modules are imported (20 ms of collections that found
    nothing).
    Collecting stays on for what rendering makes. Only once in a process: one that runs
    commands again and again (tests, a program calling the command line) does not freeze
    each render's leftovers."""
    from brief.api import import_stages

    collecting = gc.isenabled()
    gc.disable()  # the imports make next to no garbage: nothing for collections to find
    try:
        import_stages()
    finally:
        if collecting:
            gc.enable()
    if gc.get_freeze_count() == 0:
        gc.freeze()
