"""The command line's own behaviour: help, version, inspect and usage errors."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from brief import __version__


def test_version(run) -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"brief {__version__}\n"


def test_version_and_help_need_no_heavy_library() -> None:
    """The process answers --version before building the command line, and --help without
    importing ReportLab, Pydantic, Jinja2 or markdown-it."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['brief', sys.argv[1]]\n"
        "try:\n    runpy.run_module('brief', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = ('reportlab', 'pydantic', 'jinja2', 'markdown_it', 'typer')\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)), file=sys.stderr)\n"
    )
    for flag, loaded in (("--version", "[]"), ("--help", "['typer']")):
        done = subprocess.run(
            [sys.executable, "-c", probe, flag], capture_output=True, text=True, check=True
        )
        assert done.stderr.strip() == loaded, flag
        assert ("brief " + __version__ if flag == "--version" else "Usage:") in done.stdout


@pytest.mark.parametrize("command", ["render", "check", "inspect"])
def test_every_command_has_help_with_examples(run, command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert f"brief {command} " in result.stdout


def test_inspect_outline(project: Path, run) -> None:
    result = run("inspect", "sources/belarus-sco-tianjin.txt")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:2] == ["article: sources/belarus-sco-tianjin.txt", "title: (none)"]
    assert (
        "section 3 (line 28): Strengthening Ties: Recommendations for Enhanced Bilateral "
        "Relations Amid Global Challenges" in lines
    )
    assert (
        "    - [Technology Transfer] Collaborating on technological innovation, "
        "particularly in digital …" in lines
    )
    assert "    | Agriculture | High-tech farming practices and crop exchange programs. |" in lines
    assert "conclusion (line 39): Wrapping Up" in lines


def test_inspect_json_is_the_model(project: Path, run) -> None:
    result = run("inspect", "sources/belarus-sco-tianjin.txt", "--json")
    data = json.loads(result.stdout)
    assert data["sections"][0]["heading"].startswith("Belarusian Leadership")
    table = data["sections"][0]["blocks"][4]
    assert table["kind"] == "table" and table["header"] == ["Strategic Outcome", "Implications"]
    assert data["conclusion"]["heading"] == "Wrapping Up"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("+++\ntitle = 'T'\n[[charts]]\nat = 10:30:00\nwhen = 2025-09-01T10:30:00Z\n"
         "ratio = nan\nbig = inf\n+++\n",
         {"at": "10:30:00", "when": "2025-09-01T10:30:00Z", "ratio": None, "big": None}),
        ("---\ntitle: T\ncharts:\n  - raw: !!binary aGVsbG8=\n    names: !!set {a: null}\n---\n",
         {"raw": "hello", "names": ["a"]}),
    ],
)  # fmt: skip
def test_inspect_json_is_strict_json_whatever_the_front_matter_holds(
    project: Path, run, front: str, expected: dict
) -> None:
    """A front matter's chart entries are kept as its TOML or YAML gave them: times, bytes,
    sets, NaN. The JSON stays strict (no NaN) and as Pydantic wrote it (UTC as "Z")."""
    (project / "sources" / "odd.md").write_text(front + "\n# T\n\nText.\n", encoding="utf-8")
    result = run("inspect", "sources/odd.md", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout, parse_constant=lambda name: pytest.fail(name))
    assert data["meta"]["charts"] == [expected]


def test_inspect_missing_article(project: Path, run) -> None:
    result = run("inspect", "sources/nothing.md")
    assert result.exit_code == 1
    assert result.stderr == "sources/nothing.md: article not found\n"


def test_render_with_no_specs(tmp_path: Path, monkeypatch, run) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("render")
    assert result.exit_code == 1
    assert result.stderr == "briefs: no brief specs (*.toml) found; name a spec or an article\n"


def test_unknown_input_type(project: Path, run) -> None:
    (project / "notes.pages").write_bytes(b"PK")
    result = run("render", "notes.pages")
    assert result.exit_code == 1
    assert result.stderr == (
        "notes.pages: not a brief spec (.toml) or an article "
        "(.docx, .htm, .html, .markdown, .md, .mdx, .qmd, .rmd, .text, .txt)\n"
    )


def test_many_specs_go_on_after_a_failure(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    (project / "briefs" / "a-broken.toml").write_text('source = "../sources/missing.txt"\n')
    (project / "briefs" / "z-copy.toml").write_text(spec.read_text())
    result = run("render", "--jobs", "1")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["output/belarus-sco-tianjin.pdf", "output/z-copy.pdf"]
    lines = result.stderr.splitlines()
    assert lines[0] == "briefs/a-broken.toml:source: article not found: ../sources/missing.txt"
    assert re.fullmatch(r"2 rendered \(8 pages\), 1 failed, in \d+\.\d s", lines[1])
    assert len(lines) == 2


def test_briefs_render_in_parallel_to_the_same_pdfs(project: Path, run, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    for name in ("b", "c", "d"):
        (project / "briefs" / f"{name}.toml").write_text(spec.read_text())
    (project / "briefs" / "e-broken.toml").write_text('source = "../sources/missing.txt"\n')
    serial = run("render", "--jobs", "1", "-o", "serial")
    parallel = run("render", "--jobs", "2", "-o", "parallel")
    assert serial.exit_code == parallel.exit_code == 1
    assert sorted(parallel.stdout.splitlines()) == [
        f"parallel/{name}.pdf" for name in ("b", "belarus-sco-tianjin", "c", "d")
    ]
    assert "briefs/e-broken.toml:source: article not found" in parallel.stderr
    assert "4 rendered (16 pages), 1 failed" in parallel.stderr
    for pdf in (project / "serial").glob("*.pdf"):
        assert (project / "parallel" / pdf.name).read_bytes() == pdf.read_bytes()


def test_usage_error_exits_2(run) -> None:
    result = run("render", "--no-such-option")
    assert result.exit_code == 2


def test_audit_strict_turns_warnings_into_errors(project: Path, run) -> None:
    (project / "sources" / "ragged.md").write_text(
        "# Ragged\n\nIntro.\n\n| A | B |\n|---|---|\n| 1 |\n\n## Part\n\nText.\n"
    )
    relaxed = run("audit", "sources/ragged.md")
    assert relaxed.exit_code == 0
    assert relaxed.stderr == (
        "sources/ragged.md:7: warning: table row has 1 cells, header has 2 (padded)\n"
    )
    strict = run("audit", "sources/ragged.md", "--strict")
    assert strict.exit_code == 1
    assert strict.stderr == "sources/ragged.md:7: table row has 1 cells, header has 2 (padded)\n"


def test_a_spec_over_the_default_size_renders_with_a_raised_limit(project: Path, run) -> None:
    """Planning where the PDF goes reads the spec within the user's limits, as rendering
    does: a 2.5 MB spec renders with --limit spec-mb=5 and stops without it."""
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text(spec.read_text(encoding="utf-8") + "# " + "x" * 2_500_000 + "\n", "utf-8")
    refused = run("render", str(spec))
    assert refused.exit_code == 1 and "spec-mb" in refused.stderr
    assert run("render", str(spec), "--limit", "spec-mb=5").exit_code == 0
