"""The web pages of a published brief: HTML templates in a layout's ``site/`` folder,
rendered in the same sandbox as the story (autoescaped, undefined names are errors, a layout
from someone else cannot reach files or Python), and found on the same search path, so a
layout that extends another overrides only the pages, or the files of ``site/assets/``,
it has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brief.compose.model import Brief
from brief.layout import sandbox
from brief.layout.budget import Budget
from brief.layout.catalogue import Messages, speaking
from brief.layout.loader import Layout, environment, template_failure
from brief.layout.typography import typographic

SITE_FOLDER = "site"
ASSETS_FOLDER = "assets"


def render_page(
    layout: Layout, template: str, messages: Messages, budget: Budget | None = None, **context: Any
) -> str:
    """The page ``site/<template>`` of *layout* for *context*, in the words of *messages*;
    a template's error names its file and line."""
    env = environment(layout)
    if isinstance(context.get("brief"), Brief):  # its prose as the PDF prints it
        context["brief"] = typographic(
            context["brief"], str(messages.text("quote_open")), str(messages.text("quote_close"))
        )
    try:
        page = env.get_template(f"{SITE_FOLDER}/{template}")
        with speaking(messages):
            return sandbox.render(page, budget or Budget(), **context)
    except Exception as exc:
        failure = template_failure(exc, layout.folder / SITE_FOLDER / template)
        if failure is None:
            raise
        raise failure from None


def site_assets(layout: Layout) -> dict[str, tuple[Path, Path]]:
    """The files of the layouts' ``site/assets/`` folders by their path in it, each with the
    assets folder it must be read from (a link out of it is refused when it is read); a
    layout's own file wins over the one of the layout it extends."""
    found: dict[str, tuple[Path, Path]] = {}
    for folder in reversed(layout.folders):
        root = folder / SITE_FOLDER / ASSETS_FOLDER
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                if (file.is_file() or file.is_symlink()) and not file.name.startswith("."):
                    found[file.relative_to(root).as_posix()] = (file, root)
    return found
