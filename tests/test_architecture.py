"""The tree reads as the pipeline: the import contract in pyproject.toml holds, and can fail;
no module grows past what one sitting can read."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "brief"
MAX_LINES = 500
LINT = "import sys; from importlinter.cli import lint_imports_command as c; sys.exit(c())"


def lint_imports(project: Path, source: Path) -> subprocess.CompletedProcess[str]:
    """import-linter over the package in *source*, with the contracts of *project*."""
    environment = {**os.environ, "PYTHONPATH": str(source)}
    return subprocess.run(
        [sys.executable, "-c", LINT, "--no-cache"],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_import_contract_holds() -> None:
    done = lint_imports(REPO, REPO / "src")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    shutil.copytree(PACKAGE, tmp_path / "src" / "brief", ignore=shutil.ignore_patterns("*.pyc"))
    return tmp_path / "src" / "brief"


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("source/article.py", "import brief.pdf.document", "Each stage imports only"),
        ("compose/model.py", "import reportlab.platypus", "never touch ReportLab"),
        ("typeset/fonts.py", "import typer", "Only the command line knows Typer"),
        ("core/limits.py", "import brief.core.cache", None),  # allowed: a sibling, no ring
        ("core/errors.py", "import brief.core.limits", "in a ring"),
    ],
)
def test_the_import_contract_can_fail(tmp_path: Path, module: str, line: str, broken) -> None:
    package = copy_of_the_package(tmp_path)
    target = package / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    done = lint_imports(tmp_path, tmp_path / "src")
    if broken is None:
        assert done.returncode == 0, done.stdout
    else:
        assert done.returncode != 0
        assert f"{broken}" in done.stdout.split("Broken contracts")[1], done.stdout


def test_no_module_is_too_long_to_read_in_one_sitting() -> None:
    long = {
        str(path.relative_to(PACKAGE)): lines
        for path in PACKAGE.rglob("*.py")
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_every_stage_is_a_folder_that_says_what_it_does() -> None:
    stages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert stages == {
        "core",
        "source",
        "compose",
        "export",
        "layout",
        "typeset",
        "pdf",
        "publish",
        "cli",
    }
    for stage in stages:
        assert (PACKAGE / stage / "__init__.py").read_text(encoding="utf-8").startswith('"""')


def imported_distributions(folder: Path) -> dict[str, set[str]]:
    """The installed distributions that the code in *folder* imports, with where (a module of
    the folder itself, as bench/'s scripts import each other, is not one)."""
    import ast
    import importlib.metadata
    import sys as system

    providers = importlib.metadata.packages_distributions()
    found: dict[str, set[str]] = {}
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in system.stdlib_module_names or top in {"brief", "tests"}:
                    continue
                if (folder / f"{top}.py").exists():
                    continue
                # not installed here (the bench extra): the module names its distribution
                for distribution in providers.get(top, [top]):
                    found.setdefault(normalised(distribution), set()).add(path.name)
    return found


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(*extras: str) -> set[str]:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in extras:
        requirements += project["optional-dependencies"][extra]
    return {normalised(re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0]) for r in requirements}


def test_every_package_the_code_imports_is_declared() -> None:
    missing = {
        name: where
        for name, where in imported_distributions(PACKAGE).items()
        if name not in declared()
    }
    assert not missing, f"imported but not in [project] dependencies: {missing}"


def test_every_package_the_benchmarks_import_is_declared() -> None:
    bench = REPO / "bench"
    missing = {
        name: where
        for name, where in imported_distributions(bench).items()
        if name not in declared("test", "bench")
    }
    assert not missing, f"imported by bench/ but not in the test or bench extra: {missing}"


def test_every_package_the_tests_import_is_declared() -> None:
    tests = Path(__file__).resolve().parent
    missing = {
        name: where
        for name, where in imported_distributions(tests).items()
        if name not in declared("test")
    }
    assert not missing, f"imported by tests but not in the test extra: {missing}"


def test_no_module_imports_xml_sax_saxutils() -> None:
    """It imports urllib and http.client at start-up (30 ms); brief.typeset.scripts.escape
    does its one job."""
    users = [
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if re.search(r"^\s*(from|import) xml\.sax", path.read_text(encoding="utf-8"), re.M)
    ]
    assert users == []


# Libraries a render of the bundled brief (no chart, no YAML, no SVG, a declared language)
# has no use for, and what each cost at start-up when it was imported anyway.
NOT_FOR_A_PLAIN_RENDER = {
    "reportlab.graphics.charts.barcharts": "ReportLab's charts, 25 ms",
    "lxml.etree": "pikepdf's XMP reader, 30 ms with the parse",
    "yaml": "YAML front matter only, 23 ms",
    "multiprocessing": "parallel batches only, 20 ms",
    "xml.sax.saxutils": "urllib and http.client, 30 ms",
    "fasttext": "language detection, for an article that does not name its language",
    "svglib": "SVG images only",
    "pikepdf": "qpdf's pass, for a PDF over 256 KiB or PDF/A only: 16 ms and 20 ms for the pass",
}


def test_a_plain_render_imports_only_what_it_uses(tmp_path: Path) -> None:
    """Follows the imports of a whole `brief render` process, not its time, and when it
    freezes its heap."""
    code = (
        "import gc, os, sys, runpy\n"
        "freezes, freeze, out = [], gc.freeze, sys.argv[1]\n"
        "def watched():\n"
        "    freezes.append(('brief.pdf.document' in sys.modules, os.listdir(out)))\n"
        "    freeze()\n"
        "gc.freeze = watched\n"
        "sys.argv = ['brief', 'render', '-o', out]\n"
        "try:\n    runpy.run_module('brief', run_name='__main__')\n"
        "except SystemExit as exit:\n    assert not exit.code, exit.code\n"
        "print('freezes', repr(freezes))\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    out = tmp_path / "out"
    out.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", code, str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, "BRIEF_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    freezes = next(line for line in lines if line.startswith("freezes "))
    imported = set(lines)
    assert "reportlab.platypus" in imported and "brief.pdf.attachments" in imported  # it did
    assert {m: why for m, why in NOT_FOR_A_PLAIN_RENDER.items() if m in imported} == {}
    # The start-up heap is frozen, out of the garbage collector's sight, once the render's
    # modules are imported and before anything is written (brief.cli.common.settle_start_up);
    # then the whole heap as the process ends, which spares Python its last collection.
    settled, at_exit = ast.literal_eval(freezes.removeprefix("freezes "))
    assert settled == (True, [])
    assert "belarus-sco-tianjin.pdf" in at_exit[1]
