"""Layout resolution: find a layout folder on the search path and render its story template.

A layout is a folder holding ``style.toml`` and ``brief.xml.j2``. The project's ``layouts/``
folder is searched first, then the layouts built into the package. A layout may name a parent
with ``extends = "NAME"`` in its style file: style keys are merged over the parent's, and
templates it does not have are taken from the parent (a template can also extend
``"PARENT/brief.xml.j2"`` and override single blocks).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.sandbox
from pydantic import ValidationError

from brief.compose.model import Brief
from brief.compose.spec import read_toml, validation_problems
from brief.core.cache import StampedMemo, cache_folder, file_stamp, remembered, validated
from brief.core.confined import check_write_path, read_confined
from brief.core.errors import (
    BriefError,
    LayoutError,
    Problem,
    UnknownLayoutError,
    first_line,
    is_inside,
)
from brief.layout import sandbox
from brief.layout.budget import Budget, TemplateLimitError
from brief.layout.catalogue import (
    Messages,
    closes,
    end_sentence,
    file_size,
    join_names,
    language_name,
    lead_in,
    long_date,
    lower_first,
    og_locale,
    speaking,
    translate,
)
from brief.layout.chartwords import chart_title, describe_chart
from brief.layout.style import Style, as_problems, check_references

STYLE_FILE = "style.toml"
TEMPLATE_FILE = "brief.xml.j2"


@dataclass(frozen=True)
class Layout:
    name: str
    folders: tuple[Path, ...]  # this layout first, then the layouts it extends
    style: Style
    origin: str  # "project" or "built-in"

    @property
    def folder(self) -> Path:
        return self.folders[0]


def builtin_layouts_dir() -> Path:
    return Path(str(resources.files("brief.layout") / "builtin"))


def search_path(project_dir: Path) -> list[tuple[Path, str]]:
    """Folders that hold layouts, most specific first, with where each comes from."""
    return [(project_dir / "layouts", "project"), (builtin_layouts_dir(), "built-in")]


def available_layouts(project_dir: Path) -> dict[str, tuple[Path, str]]:
    """Every layout found, by name; a project layout hides a built-in one of the same name."""
    found: dict[str, tuple[Path, str]] = {}
    for root, origin in search_path(project_dir):
        if root.is_dir():
            for folder in sorted(root.iterdir()):
                if (folder / STYLE_FILE).is_file() and folder.name not in found:
                    found[folder.name] = (folder, origin)
    return found


def _did_you_mean(name: str, known: Any) -> str:
    close = difflib.get_close_matches(str(name), sorted(known), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def load_layout(name: str, project_dir: Path) -> Layout:
    """Resolve *name* and its parents, merge and validate their style files."""
    layouts = available_layouts(project_dir)
    chain: list[tuple[Path, dict[str, Any]]] = []
    current: str | None = name
    while current is not None:
        if current not in layouts:
            names = ", ".join(sorted(layouts)) or "none"
            where = f"layout '{current}'" + (
                f" (extended by '{chain[-1][0].name}')" if chain else ""
            )
            hint = _did_you_mean(current, layouts)
            raise UnknownLayoutError.at(None, f"unknown {where}{hint}; available layouts: {names}")
        folder, origin = layouts[current]
        if origin == "project" and not is_inside(folder, project_dir):
            raise LayoutError.at(
                folder,
                f"layout '{current}' is a link that leads outside the project folder "
                "(brief follows links in the project only inside it)",
            )
        if any(folder == f for f, _ in chain):
            raise LayoutError.at(
                folder / STYLE_FILE, f"layout '{current}' extends itself", key="extends"
            )
        if not is_inside(folder / STYLE_FILE, folder):
            raise LayoutError.at(
                folder / STYLE_FILE,
                "the style file lies outside its layout folder (a link leads out)",
            )
        data = read_toml(folder / STYLE_FILE, LayoutError)
        parent = data.pop("extends", None)
        if parent is not None and not isinstance(parent, str):
            raise LayoutError.at(folder / STYLE_FILE, "must be a layout name", key="extends")
        chain.append((folder, data))
        current = parent
    merged: dict[str, Any] = {}
    for _, data in reversed(chain):
        merged = _deep_merge(merged, data)
    style_path = chain[0][0] / STYLE_FILE
    try:
        style: Style = validated(Style, merged)
    except ValidationError as exc:
        raise LayoutError(validation_problems(exc, style_path, Style)) from None
    from reportlab.lib.colors import getAllNamedColors

    problems = check_references(style, set(getAllNamedColors()))
    if problems:
        raise LayoutError(as_problems(style_path, problems))
    return Layout(name, tuple(f for f, _ in chain), style, layouts[name][1])


def _deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    result = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = _deep_merge(result[key], value)
        else:
            result[key] = value
    return result


def environment(layout: Layout) -> jinja2.Environment:
    """A sandboxed Jinja2 environment that autoescapes everything: article text stays text,
    and a layout received from someone else cannot reach Python internals or files.

    One environment serves every render with the same layout folders, so templates are
    compiled once per process (Jinja2 still reloads a template whose file changed), and the
    compiled code is kept in brief's cache folder for the next process."""
    return _environment(layout.folders)


@functools.lru_cache(maxsize=32)
def _environment(folders: tuple[Path, ...]) -> jinja2.Environment:
    prefixed = {folder.name: _ConfinedLoader(folder) for folder in folders}
    loader = jinja2.ChoiceLoader(
        [_ConfinedLoader([str(f) for f in folders]), jinja2.PrefixLoader(prefixed)]
    )
    folder = cache_folder("templates")
    env = sandbox.LayoutSandbox(
        loader=loader,
        # the pattern names the sandbox's compiled form: code compiled without it never loads
        bytecode_cache=jinja2.FileSystemBytecodeCache(
            str(folder), f"{sandbox.COMPILED_FORM}-%s.cache"
        )
        if folder
        else None,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.allow("longdate", long_date)
    env.allow("names", join_names)
    env.allow("lower_first", lower_first)
    env.allow("end_sentence", end_sentence)
    env.allow("lead_in", lead_in, kind="global")
    env.allow("closes", closes, kind="global")
    env.allow("t", translate, kind="global")
    env.allow("describe_chart", describe_chart, kind="global")
    env.allow("chart_title", chart_title, kind="global")
    env.allow("filesize", file_size)  # for the web pages (brief.layout.site)
    env.allow("language_name", language_name)
    env.allow("og_locale", og_locale)
    return env


# Compiling is the one step no budget bounds, and its time grows faster than the source.
_TEMPLATE_CHARS = 250_000


class _ConfinedLoader(jinja2.FileSystemLoader):
    """Loads templates only from inside the layout folders: each file is opened, then checked
    to lie inside its folder (links followed) and read from that handle, so a link swapped
    between the check and the read cannot bring in another file."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Any:
        pieces = jinja2.loaders.split_template_path(template)
        for root in self.searchpath:
            candidate = Path(root, *pieces)
            if candidate.is_file() or candidate.is_symlink():
                break
        else:
            raise jinja2.TemplateNotFound(template)
        data, _ = read_confined(
            candidate,
            [Path(root)],
            LayoutError,
            "template",
            max_bytes=4 * _TEMPLATE_CHARS,
            outside="template lies outside its layout folder (a link leads out)",
        )
        try:
            source = data.decode("utf-8")
        except UnicodeDecodeError:
            raise LayoutError.at(candidate, "the template is not UTF-8 text") from None
        if len(source) > _TEMPLATE_CHARS:
            raise LayoutError.at(
                candidate,
                f"the template has {len(source):,} characters, over the {_TEMPLATE_CHARS:,} "
                "a template may have",
            )
        mtime = os.path.getmtime(candidate)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(candidate) == mtime
            except OSError:
                return False

        return source, os.path.normpath(candidate), uptodate


def render_story(
    layout: Layout,
    brief: Brief,
    budget: Budget | None = None,
    messages: Messages | None = None,
    problems: list[Problem] | None = None,
) -> str:
    """Render the layout's template for *brief* within *budget*, in the words of *messages*
    (else of the brief's language); errors name the template file and line. A block the
    template fills that no template it extends has is added to *problems* when given (so a
    caller can report it with the story's own problems), else raised."""
    env = environment(layout)
    words = messages or Messages(brief.language, layout.style.texts, brief.texts)
    try:
        template = env.get_template(TEMPLATE_FILE)
        misspelt = _check_blocks(env, layout)
        if misspelt is not None:
            if problems is None:
                raise LayoutError([misspelt])
            problems.append(misspelt)
        with speaking(words):
            return sandbox.render(
                template,
                budget or Budget(),
                brief=brief,
                style=layout.style,
                layout=layout.name,
            )
    except Exception as exc:
        failure = template_failure(exc, layout.folder / TEMPLATE_FILE)
        if failure is None:
            raise
        raise failure from None


# A filter or operator given what it cannot take, in the template's own code: the layout's
# error, at its line (raised anywhere else, the same errors are a bug in brief).
_TEMPLATE_CODE_ERRORS = (
    ArithmeticError,
    AssertionError,
    RuntimeError,  # cycler() with nothing to cycle
    TypeError,
    ValueError,
    LookupError,
    NameError,
    UnicodeError,
    AttributeError,
    MemoryError,
)


def template_failure(exc: BaseException, default: Path) -> LayoutError | None:
    """The layout's error for *exc*, raised while rendering a template (*default* is the
    template's file when no frame names one); None when *exc* is not the template's doing
    but a bug. One translation for the story's and the web pages' templates alike."""
    if isinstance(exc, BriefError):  # already the input's error, with its place
        return None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        path = Path(exc.filename) if exc.filename else default
        return LayoutError.at(path, f"template error: {exc.message}", line=exc.lineno)
    if isinstance(exc, jinja2.TemplateNotFound):
        return LayoutError.at(default.parent, f"template not found: {exc.name}")
    path, line = template_frame(exc, default)
    if isinstance(exc, jinja2.UndefinedError | jinja2.exceptions.SecurityError):
        return LayoutError.at(path, f"template error: {exc.message}", line=line)
    if isinstance(exc, TemplateLimitError):
        return LayoutError.at(path, f"template stopped: {exc.message}", line=line)
    if isinstance(exc, RecursionError):
        return LayoutError.at(
            path, "template error: templates call or extend each other without end", line=line
        )
    if isinstance(exc, jinja2.TemplateError):
        return LayoutError.at(path, f"template error: {exc}", line=line)
    if isinstance(exc, SyntaxError):  # Python refused the compiled template (too deeply nested)
        return LayoutError.at(default, f"template error: {exc.msg}")
    if line is None:
        return None
    if isinstance(exc, KeyError):  # t() given a name that is no message
        return LayoutError.at(path, f"template error: {exc.args[0]}", line=line)
    if isinstance(exc, MemoryError):
        return LayoutError.at(path, "template stopped: it ran out of memory", line=line)
    if isinstance(exc, _TEMPLATE_CODE_ERRORS):
        message = first_line(exc)[:200]
        return LayoutError.at(
            path, f"template error: {type(exc).__name__}: {message}".rstrip(": "), line=line
        )
    return None


def _check_blocks(env: jinja2.Environment, layout: Layout) -> Problem | None:
    """A block the layout's template fills that no template it extends has is a misspelling
    ("titel_page"): Jinja2 would drop it without a word. Parsing the templates costs more than
    the rest of preparing a brief, so the answer is kept while no template changes."""
    stamps = tuple(
        file_stamp(path) for folder in layout.folders for path in sorted(folder.glob("*.j2"))
    )
    key = (layout.folders, stamps)
    # Kept on disk as well: a new process parsed the templates again (15 ms).
    digest = hashlib.sha1(repr((key, jinja2.__version__)).encode()).hexdigest()
    return _CHECKED_BLOCKS.get(
        key, lambda: remembered("blocks", digest, lambda: _misspelt_block(env, layout))
    )


_CHECKED_BLOCKS: StampedMemo[Problem | None] = StampedMemo(most=64)


def _misspelt_block(env: jinja2.Environment, layout: Layout) -> Problem | None:
    from jinja2 import nodes

    assert env.loader is not None  # the layout's environment has its loader
    source, filename, _ = env.loader.get_source(env, TEMPLATE_FILE)
    tree = env.parse(source)
    known: set[str] = set()
    parent = tree.find(nodes.Extends)
    seen: set[str] = set()
    while parent is not None and isinstance(parent.template, nodes.Const):
        name = str(parent.template.value)
        if name in seen:
            break  # a loop: reported when the template runs
        seen.add(name)
        known |= set(env.get_template(name).blocks)
        parent_source = env.loader.get_source(env, name)[0]
        parent = env.parse(parent_source).find(nodes.Extends)
    if not seen:
        return None  # not an extending template: its blocks are its own
    for block in tree.find_all(nodes.Block):
        if block.name not in known:
            close = difflib.get_close_matches(block.name, sorted(known), n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            return Problem(
                Path(filename or TEMPLATE_FILE),
                f"template error: no block '{block.name}' in the layout it extends ({hint}"
                f"its blocks: {', '.join(sorted(known))})",
                line=block.lineno,
            )
    return None


def template_frame(exc: BaseException, default: Path) -> tuple[Path, int | None]:
    """The innermost template file and line in a render traceback (*default*, without a
    line, when no template's code is in it)."""
    found: tuple[Path, int | None] = (default, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename), tb.tb_lineno)
        tb = tb.tb_next
    return found


def describe_layouts(project_dir: Path) -> list[tuple[str, str, Path, str | None]]:
    """(name, origin, folder, parent) for every layout found, in search order."""
    rows = []
    for name, (folder, origin) in sorted(available_layouts(project_dir).items()):
        data = read_toml(folder / STYLE_FILE, LayoutError)
        parent = data.get("extends")
        rows.append((name, origin, folder, parent if isinstance(parent, str) else None))
    return rows


NEW_STYLE = """\
# The {name} layout. Every key is optional: what is not set here comes from "{parent}".
# The reference of every key is in docs/layouts.md; a few to start with:
extends = "{parent}"

# [page]
# size = "A4"                 # or "Letter"
# margin_left = "24mm"

# [colors]
# primary = "#14365d"         # title band, headings, table headers
# accent = "#b34a2b"          # bullets, numbers, box bars

# [fonts.serif]               # TrueType files in this folder or the bundled fonts
# regular = "NotoSerif-Regular.ttf"

# [paragraphs.body]
# size = 10
# leading = 15

# [texts]                     # free texts, and brief's own words by name (docs/layouts.md)
# disclaimer = "The views expressed are those of the authors."
# key_points = "Highlights"   # in every language
# [texts.fr]
# key_points = "Faits saillants"
"""

NEW_TEMPLATE = """\
{{#- The {name} layout's story. It extends "{parent}": override only the blocks you need.
    Blocks, in order: title_page, key_points, summary, contents, body, recommendations,
    conclusion, notes, back_page. Inside a block, `brief` is the merged brief and
    render_block(block) renders any block of a section (see docs/layouts.md). -#}}
{{% extends "{parent}/brief.xml.j2" %}}
{{% from "blocks.xml.j2" import render_block, inline %}}

{{#- For example, a closing section with your own heading:
{{% block conclusion %}}
{{% if brief.conclusion %}}
<heading level="1">Our assessment</heading>
{{% for block in brief.conclusion.blocks %}}{{{{ render_block(block) }}}}{{% endfor %}}
{{% endif %}}
{{% endblock %}}
-#}}
"""


def create_layout(name: str, parent: str, project_dir: Path) -> Path:
    """Create ``layouts/NAME`` extending *parent*, with a commented style file and template."""
    if not name or not all(c.isalnum() or c in "-_" for c in name):
        raise LayoutError.at(None, f"'{name}' is not a layout name (letters, digits, - and _)")
    folder = project_dir / "layouts" / name
    check_write_path(folder / STYLE_FILE, project_dir, LayoutError, "layout")
    layouts = available_layouts(project_dir)
    if parent not in layouts:
        names = ", ".join(sorted(layouts)) or "none"
        hint = _did_you_mean(parent, layouts)
        raise UnknownLayoutError.at(
            None, f"unknown layout '{parent}'{hint}; available layouts: {names}"
        )
    if folder.exists() or folder.is_symlink():
        raise LayoutError.at(folder, "already exists; choose another name")
    folder.mkdir(parents=True)
    (folder / STYLE_FILE).write_text(NEW_STYLE.format(name=name, parent=parent), encoding="utf-8")
    (folder / TEMPLATE_FILE).write_text(
        NEW_TEMPLATE.format(name=name, parent=parent), encoding="utf-8"
    )
    return folder
