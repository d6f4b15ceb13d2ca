"""A layout, spec or article from someone else can only make a PDF or a one-line error.

Each case is one a tester used to break brief's promises: a template calling out through the
objects it is given, a link swapped while the article is read, input that runs away with
time or memory, bad input reported as a bug, and messages that echo raw control characters.
Runaway cases run in a subprocess under a memory and time cap.
"""

from __future__ import annotations

import os
import random
import resource
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from brief.api import load
from brief.core.errors import BriefError
from brief.core.records import as_json
from brief.layout.loader import builtin_layouts_dir
from tests.conftest import BUNDLED_ARTICLE, REPO
from tests.test_adversarial import one_line_failure

from .conftest import child_layout

MEMORY_CAP = 2 * 1024**3  # bytes of address space for a capped render
TIME_CAP = 120  # seconds: far above what a bounded case takes, far below "runs away"


BUILTIN = builtin_layouts_dir()


def make_layout(project: Path, name: str, template: str, style: str = "") -> Path:
    return child_layout(project, name, style, template)


def capped(project: Path, *args: str, seconds: float = TIME_CAP) -> subprocess.CompletedProcess:
    """``brief ARGS`` in *project* under the memory cap; the cap's breach shows as a failure
    with a MemoryError, a time-out raises."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    return subprocess.run(
        [sys.executable, "-m", "brief", *args],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


def failed_in_one_line(result: subprocess.CompletedProcess, code: int = 1) -> str:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    return lines[0]


# --- 1. templates cannot call out ----------------------------------------------------------


# Twenty loops over the brief's three sections, one inside the other: billions of steps.
NESTED_DATA_LOOPS = "{% for x in brief.sections %}" * 20 + "{% endfor %}" * 20
PICKLE = "cos\\nsystem\\n(S'touch pwned'\\ntR."


@pytest.mark.parametrize("command", ["render", "check"])
@pytest.mark.parametrize(
    "expression",
    [
        f"brief.parse_raw(\"{PICKLE}\", proto='pickle', allow_pickle=True)",
        f"style.parse_raw(\"{PICKLE}\", proto='pickle', allow_pickle=True)",
        "brief.parse_file('/etc/passwd')",
        "brief.model_validate_json('{}')",
        "brief.sections[0].model_copy()",
        "brief.title.format_map(brief)",
    ],
)
def test_a_template_cannot_run_commands_or_read_files(
    project: Path, run, command: str, expression: str
) -> None:
    make_layout(project, "evil", f"<story>\n<p>{{{{ {expression} }}}}</p>\n</story>\n")
    result = run(command, "--layout", "evil")
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert message.startswith("layouts/evil/brief.xml.j2:2: template error: "), message
    assert "\n" not in message
    assert not (project / "pwned").exists()
    assert not (project / "output").exists()


def test_templates_still_have_their_tools(project: Path, run) -> None:
    """Macros, blocks, super(), loops and their helpers, and the allowed filters work."""
    make_layout(
        project,
        "tools",
        '{% extends "default/brief.xml.j2" %}\n'
        "{% block title_page %}{{ super() }}"
        "{% set ns = namespace(n=0) %}{% set j = joiner(' / ') %}{% set c = cycler('a', 'b') %}"
        '<p style="meta">'
        "{% for s in brief.sections %}{% set ns.n = ns.n + 1 %}{{ j() }}{{ loop.cycle('x', 'y') }}"
        "{{ c.next() }}{{ s.heading | upper | truncate(12) }}{% endfor %}"
        " {{ ns.n }} {{ brief.keywords | join(', ') }} {{ style.colors | dictsort | length }}"
        " {{ brief.sections | map(attribute='heading') | list | length }}"
        " {{ range(3) | sum }} {{ brief.date.year }} {{ brief.date | longdate(brief.language) }}"
        "</p>{% endblock %}\n",
    )
    result = run("render", "--layout", "tools")
    assert result.exit_code == 0, result.stderr


@pytest.mark.parametrize(
    ("template", "message"),
    [
        (
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
            "loop steps",
        ),
        ("{{ 'a' * 10**10 }}", "characters"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}"
            "{% endfor %}",
            "characters",
        ),
        ("{{ '%0999999999d' % 1 }}", "format width"),
        ("{{ 9 ** 999999 }}", "power"),
        ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "without end"),
        ("{{ 'a' | center(10000000000) }}", "No filter named 'center'"),
        ("{% for x in brief.sections %}{{ lipsum(10**9) }}{% endfor %}", "'lipsum' is undefined"),
        (NESTED_DATA_LOOPS, "loop steps"),
    ],
    ids=[
        "nested-range",
        "repeat",
        "doubling",
        "format-width",
        "power",
        "recursion",
        "center",
        "lipsum",
        "nested-data-loops",
    ],
)
def test_a_runaway_template_stops_with_its_file_and_line(
    project: Path, template: str, message: str
) -> None:
    make_layout(project, "runaway", f"<story>\n\n{template}\n</story>\n")
    result = capped(project, "render", "--layout", "runaway")
    line = failed_in_one_line(result)
    assert line.startswith("layouts/runaway/brief.xml.j2:3: template "), line
    assert message in line
    assert not (project / "output").exists()


def test_the_template_output_is_bounded(project: Path) -> None:
    make_layout(
        project,
        "flood",
        "<story>\n{% for i in range(90000) %}{% for s in brief.sections %}"
        "<p>{{ brief.title * 200 }}</p>{% endfor %}{% endfor %}\n</story>\n",
    )
    line = failed_in_one_line(capped(project, "render", "--layout", "flood"))
    assert "the template's output passed 100,000,000 characters" in line


# --- 2. what is read is what was checked ---------------------------------------------------


@contextmanager
def swapping(link: Path, inside: Path, outside: Path) -> Iterator[None]:
    """While the block runs, a thread swaps *link* between *inside* and *outside* as fast as
    it can, each swap atomic (a new link renamed over the old)."""
    stop = threading.Event()

    def swap() -> None:
        flip = False
        while not stop.is_set():
            fresh = link.with_name(f".{link.name}.tmp")
            fresh.unlink(missing_ok=True)
            fresh.symlink_to(outside if flip else inside)
            os.replace(fresh, link)
            flip = not flip

    swapper = threading.Thread(target=swap)
    swapper.start()
    try:
        yield
    finally:
        stop.set()
        swapper.join()


def test_a_link_swapped_while_the_article_is_read_never_brings_outside_text(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """A thread swaps sources/link.md between an inside and an outside file as fast as it
    can; however the reads interleave, no outside text ever reaches a brief."""
    outside = tmp_path_factory.mktemp("outside") / "secret.md"
    outside.write_text("# Secret\n\nOUTSIDE-SECRET-TEXT is here.\n", encoding="utf-8")
    inside = project / "sources" / "inside.md"
    inside.write_text("# Inside\n\nOnly inside text.\n", encoding="utf-8")
    spec = project / "briefs" / "link.toml"
    spec.write_text('source = "../sources/link.md"\n', encoding="utf-8")
    link = project / "sources" / "link.md"
    link.symlink_to(inside)
    outcomes = {"read": 0, "refused": 0}
    with swapping(link, inside, outside):
        for _ in range(300):
            try:
                brief, _ = load(spec, project_dir=project)
            except BriefError as error:
                message = error.problems[0].message
                assert "outside the project" in message or "changed while" in message, message
                outcomes["refused"] += 1
                continue
            text = as_json(brief)
            assert "OUTSIDE-SECRET-TEXT" not in text
            outcomes["read"] += 1
    assert sum(outcomes.values()) == 300
    # Once the link rests inside, the article reads as usual.
    link.unlink()
    link.symlink_to(inside)
    brief, _ = load(spec, project_dir=project)
    assert "Only inside text" in as_json(brief)


def test_layout_and_output_folders_are_followed_only_inside_the_project(
    project: Path, run, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    shared = elsewhere / "shared"
    make_layout(elsewhere, "shared", "<story><p>x</p></story>")
    (project / "layouts" / "shared").symlink_to(elsewhere / "layouts" / "shared")
    message = one_line_failure(run("check", "--layout", "shared"))
    assert "is a link that leads outside the project folder" in message
    del shared
    (project / "output").symlink_to(elsewhere)
    message = one_line_failure(run("render"))
    assert message.startswith("output: is a link that leads outside the project folder")
    assert not list(elsewhere.glob("*.pdf"))
    inside = project / "pdfs"
    inside.mkdir()
    (project / "output").unlink()
    (project / "output").symlink_to(inside)
    assert run("render").exit_code == 0
    assert (inside / "belarus-sco-tianjin.pdf").is_file()


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o027, 0o640)])
def test_pdfs_are_written_with_the_users_umask(project: Path, umask: int, mode: int) -> None:
    def set_umask() -> None:
        os.umask(umask)

    result = subprocess.run(
        [sys.executable, "-m", "brief", "render"],
        cwd=project,
        capture_output=True,
        text=True,
        preexec_fn=set_umask,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert result.returncode == 0, result.stderr
    written = (project / "output" / "belarus-sco-tianjin.pdf").stat().st_mode & 0o777
    assert written == mode


# --- 3. every stage bounded ----------------------------------------------------------------


def test_a_huge_spec_is_refused_before_it_is_parsed(project: Path) -> None:
    spec = project / "briefs" / "huge.toml"
    with spec.open("w", encoding="utf-8") as out:
        out.write('source = "../sources/belarus-sco-tianjin.txt"\nkey_points = [\n')
        for _ in range(600_000):
            out.write('  "A key point that repeats itself again and again.",\n')
        out.write("]\n")
    line = failed_in_one_line(capped(project, "check", "briefs/huge.toml", seconds=30))
    assert line.startswith("briefs/huge.toml: the file is ")
    assert "over the 2 MB limit (raise it with --limit spec-mb=N)" in line


def png(width: int, height: int) -> bytes:
    """A valid one-colour PNG of any size, made without decoding it (small on disk)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([1, 0, 0, 0, 0])
    compress = zlib.compressobj(9)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = b"".join(compress.compress(row) for _ in range(height)) + compress.flush()
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [13_000, 30_000])
def test_an_image_with_too_many_pixels_is_not_decoded(project: Path, side: int) -> None:
    (project / "sources" / "big.png").write_bytes(png(side, side))
    (project / "sources" / "big.md").write_text("# Big\n\nText.\n\n![A big picture](big.png)\n")
    result = capped(project, "render", "sources/big.md", seconds=60)
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"sources/big.md:5: warning: image 'big.png' is {side}×{side}")
    assert "over the 50 megapixel limit (raise it with --limit image-megapixels=N)" in lines[0]
    assert "DecompressionBomb" not in result.stderr


def test_a_layout_logo_with_a_million_elements_is_refused(project: Path) -> None:
    folder = make_layout(
        project,
        "logo",
        '{% extends "default/brief.xml.j2" %}{% block title_page %}'
        '<image src="logo.svg" width="30mm" alt="Logo"/>{{ super() }}{% endblock %}',
    )
    with (folder / "logo.svg").open("w") as out:
        out.write("<svg xmlns='http://www.w3.org/2000/svg' width='100' height='100'>")
        out.write("<rect width='1' height='1'/>" * 1_000_000)
        out.write("</svg>")
    line = failed_in_one_line(capped(project, "render", "--layout", "logo", seconds=60))
    assert "'logo.svg' has about 1,000,002 elements, over the 100,000 limit" in line


def test_the_render_deadline_stops_with_a_message(project: Path, run) -> None:
    result = run("render", "--limit", "seconds=0.01")
    assert result.exit_code == 1
    assert result.stderr.startswith("briefs/belarus-sco-tianjin.toml: stopped while ")
    assert "took longer than 0.01 s (raise it with --limit seconds=N)" in result.stderr
    assert not (project / "output" / "belarus-sco-tianjin.pdf").exists()


# --- 4. SVG text and system fonts ----------------------------------------------------------


def test_svg_text_is_set_in_the_layouts_fonts(project: Path, run) -> None:
    folder = make_layout(
        project,
        "svgtext",
        '{% extends "default/brief.xml.j2" %}{% block title_page %}'
        '<image src="logo.svg" width="40mm" alt="Institute"/>{{ super() }}{% endblock %}',
    )
    (folder / "logo.svg").write_text(
        "<svg xmlns='http://www.w3.org/2000/svg' width='200' height='50'>"
        "<text x='5' y='30' font-family='DejaVu Sans Mono' font-size='20'>Institute</text>"
        "<text x='5' y='45' font-family='Courier' font-weight='bold'>Policy</text></svg>"
    )
    assert run("render", "--layout", "svgtext").exit_code == 0
    import pikepdf

    with pikepdf.open(project / "output" / "belarus-sco-tianjin.pdf") as pdf:
        names = set()
        for page in pdf.pages:
            for xobject in [page, *page.Resources.get("/XObject", {}).values()]:
                fonts = xobject.get("/Resources", page.Resources).get("/Font", {})
                names |= {str(font.BaseFont).split("+")[-1] for font in fonts.values()}
    assert names and all(name.startswith(("NotoSerif", "NotoSans")) for name in names), names


# --- 5. bad input is the user's error, never a bug -----------------------------------------


def deep(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize(
    ("where", "content", "expected"),
    [
        ("spec", 'source = "../sources/a\\u0000.md"\n', "contains a NUL character"),
        (
            "spec",
            f'source = "../sources/belarus-sco-tianjin.txt"\nkeywords = {deep(10_000)}\n',
            "briefs/deep.toml: invalid TOML: values nested too deeply",
        ),
        ("style", f"x = {deep(10_000)}\n", "style.toml: invalid TOML: values nested too deeply"),
        ("front-toml", f"+++\nx = {deep(10_000)}\n+++\n\nText.\n", "values nested too deeply"),
        ("front-yaml", f"---\nx: {deep(10_000)}\n---\n\nText.\n", "values nested too deeply"),
    ],
)
def test_bad_input_is_exit_1_not_a_bug(
    project: Path, run, where: str, content: str, expected: str
) -> None:
    if where == "spec":
        (project / "briefs" / "deep.toml").write_text(content)
        result = run("check", "briefs/deep.toml")
    elif where == "style":
        child_layout(project, "deep", content)
        result = run("check", "--layout", "deep")
    else:
        (project / "sources" / "deep.md").write_text(content)
        result = run("check", "sources/deep.md")
    assert result.exit_code == 1, result.stderr
    assert expected in result.stderr and result.stderr.count("\n") == 1
    assert "internal error" not in result.stderr


def test_layout_new_over_a_dangling_link(project: Path, run) -> None:
    (project / "layouts" / "house").symlink_to(project / "nowhere")
    message = one_line_failure(run("layout", "new", "house"))
    assert message == "layouts/house: already exists; choose another name"
    assert not (project / "nowhere").exists()


def mutated(data: bytes, seed: int) -> bytes:
    rnd = random.Random(seed)
    out = bytearray(data)
    for _ in range(rnd.choice([1, 3, 10, 40])):
        out[rnd.randrange(len(out))] = rnd.randrange(256)
    if rnd.random() < 0.2:
        del out[rnd.randrange(len(out)) :]
    return bytes(out)


@pytest.mark.slow
def test_fuzzed_fonts_and_drawings_are_exit_0_or_1(project: Path) -> None:
    """Damaged fonts and drawings from a layout: a PDF or the layout's error, never a bug."""
    font = (REPO / "fonts" / "NotoSans-Regular.ttf").read_bytes()
    svg = (BUILTIN / "report" / "logo.svg").read_bytes()
    folder = make_layout(
        project,
        "fuzz",
        '{% extends "default/brief.xml.j2" %}{% block title_page %}'
        '<image src="logo.svg" width="30mm" alt="Logo"/>{{ super() }}{% endblock %}',
        '[fonts.serif]\nregular = "f.ttf"\nbold = "f.ttf"\n',
    )
    (project / "sources" / "short.md").write_text("# Short\n\nA short **article** text.\n")
    codes = []
    for seed in range(12):
        (folder / "f.ttf").write_bytes(mutated(font, seed) if seed % 2 else font)
        (folder / "logo.svg").write_bytes(mutated(svg, seed) if seed % 3 else svg)
        result = capped(project, "render", "sources/short.md", "--layout", "fuzz", seconds=60)
        assert result.returncode in (0, 1), result.stderr
        assert "internal error" not in result.stderr
        codes.append(result.returncode)
    assert 1 in codes  # the fuzzing did damage something


# --- 6. messages print user text escaped ---------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [("a\\nb.md", "a\\\\nb.md"), ("\\u001b]0;pwned\\u0007.md", "\\\\x1b]0;pwned\\\\x07.md")],
)
def test_messages_escape_control_characters(project: Path, run, value: str, shown: str) -> None:
    (project / "briefs" / "ctl.toml").write_text(f'source = "{value}"\n')
    result = run("check", "briefs/ctl.toml")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "\x1b" not in result.stderr
    assert "\x07" not in result.stderr
    expected = shown.encode().decode("unicode_escape")
    assert expected in result.stderr


def test_the_bundled_article_is_still_readable(project: Path) -> None:
    """The confined reader reads ordinary files as before."""
    brief, _ = load(project / "briefs" / "belarus-sco-tianjin.toml", project_dir=project)
    assert brief.title and BUNDLED_ARTICLE.name == brief.source.name


def test_the_page_limit_stops_a_brief_that_would_run_on(project: Path, run) -> None:
    result = run("render", "--limit", "pages=2")
    assert result.exit_code == 1
    assert result.stderr == (
        "briefs/belarus-sco-tianjin.toml: stopped while typesetting: the brief passed 2 pages "
        "(raise it with --limit pages=N)\n"
    )


def test_a_template_swapped_by_a_link_never_brings_outside_text(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The layout's included file is swapped between an inside and an outside file while
    briefs are prepared: every read is the opened file, checked, so no outside text is used."""
    from brief.api import prepare
    from brief.core.errors import LayoutError

    outside = tmp_path_factory.mktemp("outside") / "secret.txt"
    outside.write_text("OUTSIDE-SECRET-TEXT", encoding="utf-8")
    folder = make_layout(
        project,
        "swap",
        '{% extends "default/brief.xml.j2" %}{% block title_page %}'
        '<p style="title">{% include "inc.txt" %}</p>{% endblock %}',
    )
    (folder / "inside.txt").write_text("inside text", encoding="utf-8")
    link = folder / "inc.txt"
    link.symlink_to(folder / "inside.txt")
    outcomes = {"read": 0, "refused": 0}
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    with swapping(link, folder / "inside.txt", outside):
        for _ in range(120):
            try:
                prepared = prepare(spec, layout="swap", project_dir=project)
            except LayoutError as error:
                message = error.problems[0].message
                assert "outside its layout folder" in message or "changed while" in message
                outcomes["refused"] += 1
                continue
            text = " ".join(
                getattr(flowable, "getPlainText", lambda: "")() for flowable in prepared.story
            )
            assert "OUTSIDE-SECRET-TEXT" not in text
            outcomes["read"] += 1
    assert sum(outcomes.values()) == 120
    link.unlink()
    link.symlink_to(folder / "inside.txt")
    prepared = prepare(spec, layout="swap", project_dir=project)
    assert prepared.story


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("<p>{{ 1/0 }}</p>", "template error: ZeroDivisionError"),
        ("<p>{{ '%d %d' % (1,) }}</p>", "template error: TypeError"),
        ("<p>{{ 'x' | longdate }}</p>", "template error: TypeError: longdate needs a date"),
        ("<p>{{ brief.sections[::0] }}</p>", "template error: ValueError"),
        ("<p>{{ 1.5 | round(100000000, 'floor') }}</p>", "round takes a precision"),
        (
            "{% set L = [0] * 100000 %}{% for a in L %}{% for b in L %}{% endfor %}{% endfor %}"
            "<p>x</p>",
            "loop steps",
        ),
        (
            "{% set ns = namespace(v=3**1024) %}{% for i in range(18) %}"
            "{% set ns.v = ns.v * ns.v %}{% endfor %}<p>x</p>",
            "a product of numbers that large",
        ),
        (
            "{% set big = 'x' * 100000000 %}<p>{{ ([big] * 100) | join | length }}</p>",
            "characters",
        ),
        ("<box style='about'>" * 9 + "<p>x</p>" + "</box>" * 9, "nests elements deeper"),
        ("", "the story is empty"),
        ('<rule width="abc"/>', "a story brief cannot build"),
    ],
)
def test_a_hostile_template_is_a_one_line_error(project: Path, template: str, message: str):
    make_layout(project, "bad", f"<story>{template}</story>\n")
    line = failed_in_one_line(capped(project, "render", "--layout", "bad", seconds=90))
    assert line.startswith("layouts/bad/brief.xml.j2"), line
    assert message in line, line


def test_replace_escapes_what_it_puts_in(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text(
        spec.read_text(encoding="utf-8").replace(
            'short_title = "', 'short_title = "</p><page-break/><p>', 1
        ),
        encoding="utf-8",
    )
    make_layout(
        project,
        "rep",
        '{% macro label() %}Section: @{% endmacro %}<story><p>{{ label() | replace("@", '
        "brief.short_title) }}</p></story>\n",
    )
    assert run("render", "--layout", "rep").exit_code == 0
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    from tests.conftest import pdf_pages_text

    pages = pdf_pages_text(pdf)
    assert len(pages) == 1 and "</p><page-break/><p>" in pages[0]


def test_a_style_file_linked_from_outside_is_refused(
    project: Path, run, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("outside") / "style.toml"
    outside.write_text('extends = "default"\n[texts]\nkey = "OUTSIDE-SECRET"\n')
    folder = project / "layouts" / "linked"
    folder.mkdir()
    (folder / "style.toml").symlink_to(outside)
    message = one_line_failure(run("check", "--layout", "linked"))
    assert "the style file lies outside its layout folder" in message


@pytest.mark.parametrize("value", ["nan", "inf", "1e400"])
def test_limits_must_be_finite(project: Path, run, value: str) -> None:
    message = one_line_failure(run("check", "--limit", f"seconds={value}"), code=2)
    assert message == "--limit seconds must be a positive number"


@pytest.mark.parametrize("date", ["9999-99-99", "2025-02-30"])
def test_a_front_matter_date_yaml_cannot_make_is_an_error(project: Path, run, date: str) -> None:
    (project / "sources" / "d.md").write_text(f"---\ndate: {date}\n---\n\n# T\n\nText.\n")
    message = one_line_failure(run("check", "sources/d.md"))
    assert message.startswith("sources/d.md:1: front matter is not valid YAML")


def test_corrections_cannot_blow_the_article_up(project: Path) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    corrections = "".join('[[corrections]]\nfind = "a"\nreplace = "aa"\n' for _ in range(40))
    spec.write_text(spec.read_text(encoding="utf-8") + "\n" + corrections, encoding="utf-8")
    line = failed_in_one_line(capped(project, "check", seconds=60))
    assert "briefs/belarus-sco-tianjin.toml:corrections[" in line
    assert "would add more than 10,000,000 characters" in line
