"""Commands for writing briefs: the JSON Schema editors complete specs with, and previews."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import jsonschema
import pytest
from PIL import Image

from .conftest import BUNDLED_SPEC, REPO


def brief_process(
    cwd: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``brief ARGS`` run as a real process in *cwd*."""
    return subprocess.run(
        [sys.executable, "-m", "brief", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **(env or {})},
    )


def test_the_spec_schema_accepts_the_bundled_spec_and_refuses_a_misspelt_key(run) -> None:
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["source"]["description"]
    spec = tomllib.loads(BUNDLED_SPEC.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(json.dumps(spec, default=str)), schema)
    wrong = {**spec, "subtitel": "x"}
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(wrong))
    assert any("subtitel" in error.message for error in errors)


def test_the_style_schema_accepts_every_bundled_layout(run) -> None:
    schema = json.loads(run("schema", "style").stdout)
    for style in (REPO / "src" / "brief" / "layout" / "builtin").glob("*/style.toml"):
        jsonschema.validate(tomllib.loads(style.read_text(encoding="utf-8")), schema)


def test_an_unknown_schema_is_a_one_line_error(run) -> None:
    result = run("schema", "layout")
    assert result.exit_code == 1
    assert result.stderr == "no schema 'layout'; there are: spec, style\n"


def test_preview_writes_the_pages_asked_for(bundled_pdf: Path, tmp_path: Path, run) -> None:
    result = run("preview", str(bundled_pdf), "--pages", "1-2", "-o", str(tmp_path))
    assert result.exit_code == 0, result.stderr
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert names == [f"{bundled_pdf.stem}-page-1.png", f"{bundled_pdf.stem}-page-2.png"]
    page = Image.open(tmp_path / names[0])
    assert abs(page.width / page.height - 595.28 / 841.89) < 0.01  # an A4 page
    assert page.getpixel((2, 2)) != (255, 255, 255)  # the cover's colour band


def test_a_contact_sheet_shows_every_page(bundled_pdf: Path, tmp_path: Path) -> None:
    done = brief_process(tmp_path, "preview", str(bundled_pdf), "--sheet", "-o", str(tmp_path))
    assert done.returncode == 0, done.stderr
    sheet = Image.open(tmp_path / f"{bundled_pdf.stem}-sheet.png")
    page = 595.28 / 72 * 96
    assert sheet.width > 4 * page and sheet.height < 1.5 * page * 841.89 / 595.28  # 4 in a row


def test_preview_of_pages_the_pdf_does_not_have(bundled_pdf: Path, tmp_path: Path, run) -> None:
    result = run("preview", str(bundled_pdf), "--pages", "3-9", "-o", str(tmp_path))
    assert result.exit_code == 2  # a mistake on the command line
    assert result.stderr.endswith("--pages '3-9': the PDF has pages 1 to 4\n")
    backwards = run("preview", str(bundled_pdf), "--pages", "2-1", "-o", str(tmp_path))
    assert backwards.exit_code == 2
    assert backwards.stderr.endswith("--pages '2-1': 2-1 runs backwards\n")
    assert not list(tmp_path.iterdir())


# --- where briefs are found and where their PDFs go ---------------------------------------


def test_a_spec_renders_from_any_folder_into_its_own_project(project: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = brief_process(elsewhere, "render", str(project / "briefs" / BUNDLED_SPEC.name))
    assert done.returncode == 0, done.stderr
    assert (project / "output" / "belarus-sco-tianjin.pdf").is_file()
    assert not (elsewhere / "output").exists()


def test_a_folder_of_specs_and_the_pdf_named_by_the_spec_or_by_o(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text('output = "belarus-final.pdf"\n' + spec.read_text(), encoding="utf-8")
    result = run("render", "briefs/")
    assert result.exit_code == 0, result.stderr
    assert (project / "output" / "belarus-final.pdf").is_file()
    result = run("render", "briefs/belarus-sco-tianjin.toml", "-o", "print/aca.pdf")
    assert result.exit_code == 0, result.stderr
    assert (project / "print" / "aca.pdf").is_file()
    assert result.stdout.strip() == "print/aca.pdf"


def test_two_briefs_that_would_write_one_pdf_stop_before_anything_is_written(
    project: Path, run
) -> None:
    other = project / "other"
    other.mkdir()
    (other / "belarus-sco-tianjin.toml").write_text(
        'source = "../sources/belarus-sco-tianjin.txt"\n', encoding="utf-8"
    )
    result = run("render", "briefs/belarus-sco-tianjin.toml", "other/belarus-sco-tianjin.toml")
    assert result.exit_code == 1
    assert result.stderr == (
        "other/belarus-sco-tianjin.toml: would write output/belarus-sco-tianjin.pdf, as "
        "briefs/belarus-sco-tianjin.toml does: give one of them its own name (the spec's "
        "output key, or -o)\n"
    )
    assert not (project / "output").exists()
    two = run("render", "briefs/", "other/", "-o", "both.pdf")
    assert two.exit_code == 2
    assert two.stderr == "both.pdf: names one PDF, and 2 briefs are given; name a folder with -o\n"


def test_an_output_name_with_a_folder_is_refused_at_its_key(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text('output = "../x.pdf"\n' + spec.read_text(), encoding="utf-8")
    result = run("check")
    assert result.exit_code == 1
    assert "briefs/belarus-sco-tianjin.toml:output: must be a file name ending in .pdf" in (
        result.stderr
    )


def test_inspect_shows_what_a_spec_and_its_article_became(project: Path, run) -> None:
    result = run("inspect", "briefs/belarus-sco-tianjin.toml")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "title: Belarus at the SCO Summit in Tianjin"
    assert "layout: default" in lines and "language: en-GB" in lines
    assert any(line.startswith("recommendations (3)") for line in lines)
    assert "table 2: Sectors for Belarus–China economic collaboration  [4 rows]" in lines
    merged = json.loads(run("inspect", "briefs/belarus-sco-tianjin.toml", "--json").stdout)
    assert merged["series"] == "Eurasia Policy Briefs" and len(merged["tables"]) == 3


def test_inspect_of_a_bad_spec_is_a_one_line_error(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text("subtitel = 'x'\n" + spec.read_text(), encoding="utf-8")
    result = run("inspect", "briefs/belarus-sco-tianjin.toml")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        "briefs/belarus-sco-tianjin.toml:subtitel: unknown key 'subtitel' (did you mean"
    )


# --- brief new ----------------------------------------------------------------------------

CORPUS = REPO / "tests" / "corpus"


@pytest.mark.slow
@pytest.mark.parametrize(
    "article",
    sorted(p.name for p in CORPUS.iterdir() if p.suffix in {".md", ".txt"}),
)
def test_new_writes_a_spec_that_validates_and_renders(
    article: str, tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Round trip on every corpus article: the spec `brief new` writes is valid against the
    schema written beside it, and renders as written."""
    (tmp_path / "sources").mkdir()
    shutil.copy(CORPUS / article, tmp_path / "sources" / article)
    if (CORPUS / "img").is_dir():
        shutil.copytree(CORPUS / "img", tmp_path / "sources" / "img")
    monkeypatch.chdir(tmp_path)
    result = run("new", f"sources/{article}")
    assert result.exit_code == 0, result.stderr
    spec = tmp_path / "briefs" / f"{Path(article).stem}.toml"
    assert (
        result.stdout == f"wrote briefs/{spec.name}; render with brief render briefs/{spec.name}\n"
    )
    text = spec.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./brief-spec.schema.json\n")
    schema = json.loads((tmp_path / "briefs" / "brief-spec.schema.json").read_text())
    jsonschema.validate(json.loads(json.dumps(tomllib.loads(text), default=str)), schema)
    rendered = run("render", f"briefs/{spec.name}")
    assert rendered.exit_code == 0, rendered.stderr
    again = run("new", f"sources/{article}")
    assert again.exit_code == 1
    assert again.stderr == f"briefs/{spec.name}: already exists; choose another name with --name\n"


def test_a_name_that_is_no_file_name_is_a_command_line_mistake(project: Path, run) -> None:
    result = run("new", "sources/belarus-sco-tianjin.txt", "--name", "../evil")
    assert result.exit_code == 2
    assert result.stderr == "'../evil' is not a spec name (letters, digits, - _ and .)\n"
    assert not (project / "briefs" / "evil.toml").exists()
    assert not (project / "evil.toml").exists()


def test_new_says_which_lists_become_recommendations_and_why(project: Path, run) -> None:
    assert run("new", "sources/belarus-sco-tianjin.txt", "--name", "bel").exit_code == 0
    spec = (project / "briefs" / "bel.toml").read_text(encoding="utf-8")
    assert "# The lists of 'Strengthening Ties: Recommendations for Enhanced Bilateral " in spec
    assert "because the heading names them." in spec
    assert spec.count("[[tables]]") == 3 and "caption = " in spec


def test_every_command_shows_an_example_in_its_help(run) -> None:
    from brief.cli import app

    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert {"render", "check", "new", "watch", "preview", "schema", "inspect"} <= set(names)
    for name in names:
        assert "Examples:" in run(name, "--help").stdout, name
    assert "Examples:" in run("layout", "new", "--help").stdout


def test_the_authoring_commands_run_as_real_processes(project: Path) -> None:
    def brief(*args: str) -> subprocess.CompletedProcess[str]:
        return brief_process(project, *args)

    made = brief("new", "sources/belarus-sco-tianjin.txt", "--name", "from-new")
    assert made.returncode == 0, made.stderr
    assert brief("inspect", "briefs/from-new.toml").stdout.startswith("title: ")
    assert json.loads(brief("schema", "style").stdout)["properties"]["extends"]
    assert brief("render", "briefs/from-new.toml").returncode == 0
    assert (project / "output" / "from-new.pdf").is_file()


def test_every_spec_key_has_a_description_for_the_editor(run) -> None:
    schema = json.loads(run("schema").stdout)
    groups = {"": schema["properties"]} | {
        name: definition.get("properties", {}) for name, definition in schema["$defs"].items()
    }
    undescribed = [
        f"{group}.{key}" for group, props in groups.items() for key, v in props.items()
        if "description" not in v
    ]  # fmt: skip
    assert undescribed == []


def test_the_shell_completes_layout_names(project: Path) -> None:
    from brief.cli.common import complete_layouts

    (project / "layouts" / "house").mkdir()
    (project / "layouts" / "house" / "style.toml").write_text('extends = "default"\n')
    assert complete_layouts("") == ["default", "house", "report", "summary"]
    assert complete_layouts("re") == ["report"]
    completion = {
        "_BRIEF_COMPLETE": "complete_bash",
        "COMP_WORDS": "brief render --layout ho",
        "COMP_CWORD": "3",
    }
    done = brief_process(project, env=completion)
    assert "house" in done.stdout.split()


def test_new_reports_each_warning_of_the_article_once(
    tmp_path: Path, run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The article is read once: a link that leads nowhere is one warning, not two."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.md").write_text(
        "# Title\n\nA [link](#nowhere).\n\n## Section\n\nText.\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    result = run("new", "sources/a.md")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("'#nowhere' leads to no heading") == 1, result.stderr
