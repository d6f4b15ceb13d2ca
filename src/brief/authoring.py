"""Starting a brief: a spec drafted from an article, and the JSON Schemas editors use to
complete and check specs and layout styles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brief.api import find_project
from brief.compose import SPEC_SUFFIX
from brief.core.confined import check_write_path
from brief.core.errors import BriefError, OutputError, Problem, collecting, passed_on
from brief.core.limits import Limits
from brief.pdf.output import write_atomically

SCHEMA_KINDS = ("spec", "style")


def json_schema(kind: str = "spec") -> dict[str, Any]:
    """The JSON Schema of a brief spec or of a layout's style file, with every field's
    description, for editors that complete and check TOML (Taplo, Even Better TOML)."""
    from brief.compose.spec import Spec
    from brief.layout.style import Style

    model: type[Spec] | type[Style]
    if kind == "spec":
        model = Spec
    elif kind == "style":
        model = Style
    else:
        raise BriefError.at(None, f"no schema '{kind}'; there are: {', '.join(SCHEMA_KINDS)}")
    schema = model.model_json_schema()
    if kind == "style":  # read by the layout loader before the style is validated
        schema["properties"]["extends"] = {
            "type": "string",
            "description": "The layout this one extends: what is not set here comes from it.",
        }
    titles = {"spec": "brief spec (briefs/*.toml)", "style": "brief layout style (style.toml)"}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema,
            "title": titles[kind]}  # fmt: skip


def is_spec_name(name: str) -> bool:
    """A name a spec file may have: letters, digits, - _ and ., not starting with a dot."""
    return bool(name) and not name.startswith(".") and all(c.isalnum() or c in "-_." for c in name)


def new_spec(
    article: Path,
    name: str | None = None,
    layout: str = "default",
    limits: Limits = Limits(),  # noqa: B008 (frozen)
    warnings: list[Problem] | None = None,
) -> Path:
    """Write ``briefs/NAME.toml`` in the article's project (see :func:`find_project`), a
    spec filled from the article that renders as written, and the spec's JSON Schema beside
    it for editors; never over an existing spec."""
    import json

    from brief.compose.draft import SCHEMA_FILE, draft_spec
    from brief.source.reader import ARTICLE_SUFFIXES

    if article.suffix.lower() not in ARTICLE_SUFFIXES:
        kinds = ", ".join(sorted(ARTICLE_SUFFIXES))
        raise BriefError.at(article, f"not an article ({kinds})")
    name = name or article.stem
    if not is_spec_name(name):
        raise BriefError.at(None, f"'{name}' is not a spec name (letters, digits, - _ and .)")
    project = find_project(article)
    folder = project / "briefs"
    spec = folder / f"{name}{SPEC_SUFFIX}"
    check_write_path(spec, project, OutputError, "spec")
    check_write_path(folder / SCHEMA_FILE, project, OutputError, "schema")
    if spec.exists() or spec.is_symlink():
        raise BriefError.at(spec, "already exists; choose another name with --name")
    from brief.layout.loader import load_layout

    load_layout(layout, folder.parent)  # an unknown layout is refused before anything is written
    with collecting() as found:
        text = draft_spec(article, spec, layout, limits)
    passed_on(found, warnings)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with open(spec, "x", encoding="utf-8") as file:  # "x": never over a file
            file.write(text)
        schema = folder / SCHEMA_FILE
        if not schema.exists() and not schema.is_symlink():
            schema_text = json.dumps(json_schema("spec"), indent=2) + "\n"
            write_atomically(schema_text.encode("utf-8"), schema, "the schema", within=project)
    except FileExistsError:
        raise BriefError.at(spec, "already exists; choose another name with --name") from None
    except OSError as exc:
        raise OutputError.at(folder, f"cannot write the spec: {exc.strerror}") from None
    return spec
