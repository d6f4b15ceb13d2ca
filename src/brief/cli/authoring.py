"""Commands for writing briefs: new specs, their schema, watching them and page previews."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from brief.cli.commands import _report_outcome
from brief.cli.common import (
    AllowOutsideOption,
    DebugOption,
    LayoutOption,
    LimitOption,
    PathsArgument,
    StrictOption,
    _finish,
    _guard,
    _inputs,
    _limits,
    _options,
    _state,
    _warn,
    app,
    printable,
)
from brief.core.errors import display_path


@app.command()
def new(
    article: Annotated[
        Path, typer.Argument(help="The article (.txt, .md, .qmd, .rmd, .mdx, .html) to start from.")
    ],
    name: Annotated[
        str | None, typer.Option("--name", help="The spec's name.", show_default="the article's")
    ] = None,
    layout: Annotated[str, typer.Option("--layout", help="The layout to name.")] = "default",
    limit: LimitOption = None,
    debug: DebugOption = False,
) -> None:
    """Start a brief from an article: write briefs/NAME.toml with what brief found in it
    (title, date, language, key points, the lists that become recommendations, table
    captions), each as a choice to keep, change or delete. It renders as written.

    Examples:

      brief new sources/aca.md

      brief new sources/aca.md --name aca-2025 --layout report
    """
    _state["debug"] |= debug
    from brief.authoring import is_spec_name, new_spec

    if name is not None and not is_spec_name(name):  # a mistake on the command line
        typer.echo(f"'{name}' is not a spec name (letters, digits, - _ and .)", err=True)
        raise typer.Exit(2)
    warnings: list[Any] = []
    written, ok = _guard(lambda: new_spec(article, name, layout, _limits(limit), warnings))
    _warn(warnings)
    if not ok:
        _finish(1)
    typer.echo(f"wrote {display_path(written)}; render with brief render {display_path(written)}")


@app.command()
def schema(
    kind: Annotated[
        str, typer.Argument(help="spec (a brief spec) or style (a layout's style.toml).")
    ] = "spec",
    debug: DebugOption = False,
) -> None:
    """Print the JSON Schema of a brief spec or of a layout's style file, for editors that
    complete and check TOML.

    Examples:

      brief schema > brief-spec.schema.json

      brief schema style > brief-style.schema.json
    """
    _state["debug"] |= debug
    from brief.authoring import json_schema

    found, ok = _guard(lambda: json_schema(kind))
    if not ok:
        _finish(1)
    typer.echo(json.dumps(found, indent=2, ensure_ascii=False))


@app.command()
def preview(
    pdf: Annotated[
        Path,
        typer.Argument(help="A PDF brief rendered, or a spec or an article to render first."),
    ],
    pages: Annotated[
        str | None, typer.Option("--pages", help="Pages to show, e.g. 1-3,5. Default: all.")
    ] = None,
    sheet: Annotated[
        bool, typer.Option("--sheet", help="One contact sheet of the pages, not a PNG each.")
    ] = False,
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="Folder for the pictures.", show_default="output/"),
    ] = None,
    dpi: Annotated[float, typer.Option("--dpi", min=24, max=600, help="Resolution.")] = 96,
    debug: DebugOption = False,
) -> None:
    """Pages of a PDF as PNG pictures, for review in chat or e-mail; prints each path.

    Examples:

      brief preview output/belarus-sco-tianjin.pdf --pages 1-2

      brief preview output/belarus-sco-tianjin.pdf --sheet

      brief preview briefs/belarus-sco-tianjin.toml --pages 1
    """
    _state["debug"] |= debug
    from brief.pdf.preview import PageListError, write_previews
    from brief.source.reader import ARTICLE_SUFFIXES

    folder = output or Path("output")
    code = {"failed": 1}

    def make() -> list[Path]:
        shown = pdf
        if pdf.suffix.lower() == ".toml" or pdf.suffix.lower() in ARTICLE_SUFFIXES:
            from brief.api import find_project, render_brief

            warnings: list[Any] = []  # a spec or an article: rendered first, then shown
            shown = render_brief(pdf, project_dir=find_project(pdf), warnings=warnings).output
            _warn(warnings)
        try:
            return write_previews(shown, folder, pages, sheet, dpi, within=Path.cwd())
        except PageListError:
            code["failed"] = 2  # a page list that names no pages: the command line's mistake
            raise

    written, ok = _guard(make)
    if not ok:
        _finish(0)  # exits 3 after an internal error
        raise typer.Exit(code["failed"])
    for path in written:
        typer.echo(printable(display_path(path)))


@app.command()
def watch(
    paths: PathsArgument = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Folder for the PDFs.", show_default="output/"),
    ] = None,
    layout: LayoutOption = None,
    limit: LimitOption = None,
    allow_outside: AllowOutsideOption = False,
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Render briefs, then render each again whenever a file it uses is saved: its spec,
    article, images, or any file of its layout. One line a render; errors are printed and
    watching goes on, and the last good PDF stays in place. Ctrl-C stops.

    Examples:

      brief watch

      brief watch briefs/belarus-sco-tianjin.toml --layout report
    """
    import time

    _state["debug"] |= debug
    options = _options(layout, limit, allow_outside, strict)
    inputs = _inputs(paths)
    from brief.watching import watch as watch_briefs

    typer.echo(f"watching {len(inputs)} brief{'s' * (len(inputs) != 1)}; Ctrl-C stops", err=True)
    try:
        for outcome in watch_briefs(inputs, output, options):
            _warn(outcome.warnings)
            stamp = time.strftime("%H:%M:%S")
            if outcome.result is not None:
                result = outcome.result
                typer.echo(
                    printable(
                        f"{stamp} {display_path(result.output)}: {result.pages} pages, "
                        f"{result.seconds:.2f} s"
                    )
                )
            else:
                typer.echo(f"{stamp} {display_path(outcome.path)}: not rendered", err=True)
                _report_outcome(outcome)
    except KeyboardInterrupt:
        typer.echo("stopped", err=True)
