"""``brief publish``: the briefs as a static web site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from brief.cli.commands import _report_outcome
from brief.cli.common import (
    AllowOutsideOption,
    DebugOption,
    JobsOption,
    LayoutOption,
    LimitOption,
    PathsArgument,
    StrictOption,
    _finish,
    _guard,
    _inputs,
    _options,
    _state,
    _warn,
    app,
    printable,
    settle_start_up,
    stuck_message,
)
from brief.core.errors import display_path


@app.command()
def publish(
    paths: PathsArgument = None,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder the site is written to."),
    ] = Path("site"),
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            metavar="URL",
            help="The site's address (https://...), over site.toml's base_url: needed for the "
            "feed, the sitemap and social cards.",
        ),
    ] = None,
    title: Annotated[
        str | None,
        typer.Option(
            "--title",
            help="The site's title (over site.toml's).",
            show_default="site.toml's, else the briefs' organisation, else 'Publications' in "
            "their language",
        ),
    ] = None,
    layout: LayoutOption = None,
    jobs: JobsOption = None,
    limit: LimitOption = None,
    allow_outside: AllowOutsideOption = False,
    strict: StrictOption = False,
    debug: DebugOption = False,
) -> None:
    """Render what is out of date, then write a static web site of the briefs: an index,
    a page per brief (the whole brief as HTML, tables with their CSV, how to cite, the
    PDF), an Atom feed and a sitemap. The project's site.toml may give the site's title,
    language, base_url, description, organisation and citation_style. Put the folder on any
    web server as it is.

    Examples:

      brief publish

      brief publish -o public --base-url https://example.org/briefs/

      brief publish briefs/belarus-sco-tianjin.toml briefs/aca.toml --title "Our briefs"
    """
    _state["debug"] |= debug
    from brief.publish.config import is_site_address

    if base_url is not None and not is_site_address(base_url):
        raise typer.BadParameter(
            "must be a web address such as https://example.org/briefs/ (http or https, a "
            "host, no spaces, query or fragment)",
            param_hint="--base-url",
        )
    options = _options(layout, limit, allow_outside, strict)
    options["tagged"] = True
    from brief.api import find_project
    from brief.batch import available_cores
    from brief.publish.config import load_site_config
    from brief.publish.site import check_site_folder
    from brief.publish.site import publish as publish_site

    settle_start_up()

    inputs = _inputs(paths)
    project = find_project(inputs[0])
    options["project_dir"] = project
    failed = 0

    def reported(outcome: Any) -> None:
        nonlocal failed
        _warn(outcome.warnings)
        if outcome.result is not None:
            typer.echo(printable(display_path(outcome.result.output)))
        else:
            failed += 1
            _report_outcome(outcome)

    def build() -> Any:
        check_site_folder(output, project)
        config, _ = load_site_config(project)
        given = {"base_url": base_url, "title": title}
        config = config.model_copy(update={k: v for k, v in given.items() if v is not None})
        return publish_site(inputs, output, options, jobs or available_cores(), config,
                            on_outcome=reported,
                            stuck_message=stuck_message(options["limits"].seconds))  # fmt: skip

    site, ok = _guard(build)
    if site is not None:
        _warn(site.warnings)
        typer.echo(printable(display_path(output / "index.html")))
        typer.echo(
            f"{len(site.entries)} brief{'' if len(site.entries) == 1 else 's'} published "
            f"({len(site.outcomes) - failed} rendered, "
            f"{len(site.current)} up to date, {failed} failed), {len(site.files)} files",
            err=True,
        )
    _finish(failed or (not ok))
