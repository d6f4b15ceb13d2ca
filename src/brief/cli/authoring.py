"""Commands for writing briefs: the schema editors complete specs with, and page previews."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from brief.cli.common import DebugOption, _finish, _guard, _state, app
from brief.core.errors import display_path


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
    from brief.api import json_schema

    found, ok = _guard(lambda: json_schema(kind))
    if not ok:
        _finish(1)
    typer.echo(json.dumps(found, indent=2, ensure_ascii=False))


@app.command()
def preview(
    pdf: Annotated[Path, typer.Argument(help="A PDF brief rendered.")],
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
    """
    _state["debug"] |= debug
    from brief.pdf.preview import write_previews

    folder = output or Path("output")
    written, ok = _guard(lambda: write_previews(pdf, folder, pages, sheet, dpi))
    if not ok:
        _finish(1)
    for path in written:
        typer.echo(display_path(path))
