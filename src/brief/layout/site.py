"""The web pages of a published brief: HTML templates in a layout's ``site/`` folder,
rendered in the same sandbox as the story (autoescaped, undefined names are errors, a layout
from someone else cannot reach files or Python), and found on the same search path, so a
layout that extends another overrides only the pages, or the files of ``site/assets/``,
it has."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from brief.core.errors import LayoutError
from brief.layout import sandbox
from brief.layout.budget import Budget
from brief.layout.catalogue import Messages, file_size, language_name, speaking
from brief.layout.loader import Layout, environment

SITE_FOLDER = "site"
ASSETS_FOLDER = "assets"


def render_page(
    layout: Layout, template: str, messages: Messages, budget: Budget | None = None, **context: Any
) -> str:
    """The page ``site/<template>`` of *layout* for *context*, in the words of *messages*;
    a template's error names its file and line."""
    env = environment(layout)
    env.allow("filesize", file_size)
    env.allow("language_name", language_name)
    try:
        page = env.get_template(f"{SITE_FOLDER}/{template}")
        with speaking(messages):
            return sandbox.render(page, budget or Budget(), **context)
    except jinja2.TemplateSyntaxError as exc:
        path = Path(exc.filename) if exc.filename else layout.folder / SITE_FOLDER / template
        raise LayoutError.at(path, f"template error: {exc.message}", line=exc.lineno) from None
    except jinja2.TemplateNotFound as exc:
        raise LayoutError.at(layout.folder, f"site template not found: {exc.name}") from None
    except (jinja2.UndefinedError, jinja2.sandbox.SecurityError, KeyError) as exc:
        path, line = _frame(exc, layout.folder / SITE_FOLDER / template)
        message = exc.message if isinstance(exc, jinja2.TemplateError) else exc.args[0]
        raise LayoutError.at(path, f"template error: {message}", line=line) from None


def site_assets(layout: Layout) -> dict[str, Path]:
    """The files of the layouts' ``site/assets/`` folders by their path in it; a layout's own
    file wins over the one of the layout it extends."""
    found: dict[str, Path] = {}
    for folder in reversed(layout.folders):
        root = folder / SITE_FOLDER / ASSETS_FOLDER
        if root.is_dir():
            for file in sorted(root.rglob("*")):
                if file.is_file() and not file.name.startswith("."):
                    found[file.relative_to(root).as_posix()] = file
    return found


def _frame(exc: BaseException, default: Path) -> tuple[Path, int | None]:
    found: tuple[Path, int | None] = (default, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found
