"""Hostile and broken input: a clear one-line answer, nothing lost, nothing escapes."""

from __future__ import annotations

import errno
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from brief.core.errors import ArticleError
from brief.source.reader import parse_article
from brief.source.repair import repair_spacing
from brief.typeset.tables import is_numeric, plain

from .conftest import REPO, child_layout, output_files, pdf_pages_text

SPEC = "briefs/belarus-sco-tianjin.toml"
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


def one_line_failure(result, code: int = 1) -> str:
    """The CLI failed with *code*, printing exactly one line and no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    return lines[0]


# --- every failure the user can cause ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("empty.txt", b"", "sources/empty.txt: the article is empty"),
        ("blank.md", b" \n\t\n\n", "sources/blank.md: the article is empty"),
        (
            "binary.txt",
            bytes(range(256)) * 4,
            "sources/binary.txt: not a text file (it is mostly control characters)",
        ),
        (
            "deep.md",
            "".join("  " * i + f"- level {i}\n" for i in range(40)).encode(),
            "sources/deep.md:13: lists or quotes nested more than 12 levels deep (raise it with "
            "--limit nesting=N)",
        ),
        (
            "quotes.md",
            b">" * 40 + b" deep\n\nafter\n",
            "sources/quotes.md:1: lists or quotes nested more than 12 levels deep (raise it with "
            "--limit nesting=N)",
        ),
    ],
    ids=["empty", "blank", "binary", "deep-lists", "deep-quotes"],
)
def test_bad_articles(project: Path, run, name: str, content: bytes, expected: str) -> None:
    (project / "sources" / name).write_bytes(content)
    assert one_line_failure(run("render", f"sources/{name}")) == expected
    assert not (project / "output").exists()


def test_latin1_article_renders_with_a_warning_and_strict_refuses_it(project: Path, run) -> None:
    (project / "sources" / "latin.txt").write_bytes(
        "Cafés of the old town\n\nCafé society.\n".encode("cp1252")
    )
    result = run("render", "sources/latin.txt")
    assert result.exit_code == 0
    assert result.stderr == (
        "sources/latin.txt:1: warning: not UTF-8 (byte 0xe9); read as Windows-1252\n"
    )
    assert "Café society." in pdf_pages_text(project / "output" / "latin.pdf")[0]
    (project / "output" / "latin.pdf").unlink()
    strict = run("render", "sources/latin.txt", "--strict")
    assert one_line_failure(strict) == (
        "sources/latin.txt:1: not UTF-8 (byte 0xe9); read as Windows-1252"
    )
    assert not (project / "output" / "latin.pdf").exists()


def test_a_folder_instead_of_an_article(project: Path, run) -> None:
    (project / "sources" / "folder.txt").mkdir()
    assert one_line_failure(run("check", "sources/folder.txt")) == (
        "sources/folder.txt: is a folder, not an article"
    )


def test_an_article_of_100_mb_is_refused_before_it_is_read(project: Path, run) -> None:
    huge = project / "sources" / "huge.txt"
    with huge.open("wb") as stream:  # sparse: costs no disk and no time
        stream.truncate(100 * 1_000_000)
    assert one_line_failure(run("check", "sources/huge.txt")) == (
        "sources/huge.txt: the article is 100.0 MB, over the 20 MB limit (raise it with "
        "--limit article-mb=N)"
    )


def test_limits_can_be_raised(project: Path, run) -> None:
    (project / "sources" / "deep.md").write_text(
        "".join("  " * i + f"- level {i}\n" for i in range(15)) + "\nAfter the list.\n"
    )
    assert run("check", "sources/deep.md").exit_code == 1
    result = run("render", "sources/deep.md", "--limit", "nesting=20")
    assert result.exit_code == 0, result.output
    text = " ".join(pdf_pages_text(project / "output" / "deep.pdf"))
    assert "level 14" in text and "After the list." in text


def test_table_cell_limit(project: Path, run) -> None:
    rows = "".join(f"| {i} | {i * 2} |\n" for i in range(10))
    (project / "sources" / "t.md").write_text(f"Intro.\n\n| A | B |\n|---|---|\n{rows}")
    assert one_line_failure(run("check", "sources/t.md", "--limit", "table-cells=12")) == (
        "sources/t.md:3: the table has 22 cells, over the limit of 12 (raise it with --limit "
        "table-cells=N)"
    )


def test_table_cells_are_counted_before_the_table_is_parsed(project: Path, run) -> None:
    row = "|a" * 30 + "|"
    (project / "sources" / "t.md").write_text(f"Intro.\n\n| A | B |\n|---|---|\n{row}\n")
    assert one_line_failure(run("check", "sources/t.md", "--limit", "table-cells=50")) == (
        "sources/t.md:3: the table has 60 cells, over the limit of 50 (raise it with --limit "
        "table-cells=N)"
    )


def test_footnote_definitions_are_limited(project: Path, run) -> None:
    refs = " ".join(f"Claim.[^{i}]" for i in range(1, 6))
    notes = "\n".join(f"[^{i}]: Note {i}." for i in range(1, 6))
    (project / "sources" / "t.md").write_text(f"Intro.\n\n{refs}\n\n{notes}\n")
    assert one_line_failure(run("check", "sources/t.md", "--limit", "footnotes=3")) == (
        "sources/t.md:8: the article has 5 footnote definitions, over the limit of 3 (raise it "
        "with --limit footnotes=N)"
    )


def test_inline_markup_is_limited_per_paragraph(project: Path, run) -> None:
    (project / "sources" / "t.md").write_text("Intro.\n\n" + "` `` ``` " * 10 + "\n")
    assert one_line_failure(run("check", "sources/t.md", "--limit", "inline-markup=50")) == (
        "sources/t.md:3: the paragraph has 60 markup characters (` * _ [ < & \\), over the "
        "limit of 50 (raise it with --limit inline-markup=N)"
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "nest=3",
            "unknown limit 'nest' in --limit; did you mean 'nesting'? (known: article-mb, "
            "nesting, table-cells, spec-mb, image-mb, image-megapixels, svg-elements, "
            "footnotes, inline-markup, seconds, pages)",
        ),
        ("nesting=deep", "--limit nesting needs a whole number, got 'deep'"),
        ("article-mb=0", "--limit article-mb must be a positive number"),
    ],
)
def test_bad_limit_settings_are_usage_errors(
    project: Path, run, setting: str, message: str
) -> None:
    assert one_line_failure(run("check", "--limit", setting), code=2) == message


def test_a_200000_character_paragraph_renders(project: Path, run) -> None:
    words = ("policy", "trade", "energy", "security", "region", "summit", "growth")
    paragraph = " ".join(words[i % 7] for i in range(32000))[:200_000] + "."
    (project / "sources" / "long.txt").write_text(f"Intro.\nBig Section\n{paragraph}\n")
    result = run("render", "sources/long.txt")
    assert result.exit_code == 0, result.output
    text = "".join(pdf_pages_text(project / "output" / "long.pdf"))
    text = re.sub("\u00ad\\s*", "", text)  # the words hyphenation broke, whole again
    assert text.count("security") == paragraph.count("security")


def test_an_unexpected_error_is_one_line_with_exit_code_3(project: Path, run, monkeypatch) -> None:
    import brief.compose.merge

    def broken(*args, **kwargs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(brief.compose.merge, "merge", broken)
    assert one_line_failure(run("check"), code=3) == (
        "internal error: RuntimeError: boom (a bug in brief; run with --debug for the traceback)"
    )
    assert "Traceback" in run("--debug", "check").stderr


# --- regular expressions stay linear on hostile input ------------------------------------------


@contextmanager
def deadline(seconds: float):
    """Fail if the block runs longer than *seconds*: a quadratic regex on these inputs would
    take hours, a linear one takes milliseconds."""

    def expire(signum, frame):
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


HOSTILE = {
    "word run without @": "a" * 300_000,
    "dotted run": "a." * 150_000,
    "glued sentences": "aa.Bb" * 60_000,
    "glued commas": "a,b" * 100_000,
    "address characters": "a.b+c-" * 50_000 + " x",
    "spaces after a stop": "a." + " " * 300_000 + "b",
    "www run": "www." + "a" * 300_000,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_repair_is_linear(name: str) -> None:
    with deadline(10):
        assert repair_spacing(HOSTILE[name]).replace(" ", "") == HOSTILE[name].replace(" ", "")


@pytest.mark.parametrize(
    "text",
    [
        "1" + " " * 200_000 + "x",
        "(" + "1," * 100_000 + "x",
        "$ " + "9" * 200_000 + "%%",
    ],
    ids=["spaces", "commas", "currency"],
)
def test_number_detection_is_linear(text: str) -> None:
    with deadline(10):
        assert not is_numeric(text)


def test_tag_stripping_is_linear() -> None:
    with deadline(10):
        assert plain("<" * 300_000) == "<" * 300_000


@pytest.mark.parametrize(
    "text",
    [
        "x" * 1_000_000,
        "Label" + " x" * 200_000 + ": text",
        "*a" * 50_000,
        "_a" * 50_000,
        "[" * 50_000,
        "[a](" * 50_000,
        "`" * 100_000,
        "<" * 100_000,
        "| a " * 50_000 + "\n|---|\n",
        "- " * 50_000 + "x",
        "1. " * 50_000,
        "a\n" * 50_000,
        "Heading Like Line\n" * 20_000,
        "&#" * 100_000,
        "\\" * 200_000,
    ],
    ids=lambda text: f"{text[:8]!r}x{len(text)}",
)
@pytest.mark.parametrize("markdown", [False, True], ids=["text", "markdown"])
def test_parser_finishes_on_hostile_input(text: str, markdown: bool) -> None:
    with deadline(20):
        try:
            article = parse_article(text, markdown=markdown)
        except ArticleError as error:
            assert error.problems[0].message  # a limit, named with its line
        else:
            assert article is not None


# --- nothing lost -------------------------------------------------------------------------------


def big_project(project: Path) -> None:
    """A brief that takes a few seconds to render, so a kill lands mid-render."""
    rows = "".join(f"| Region {r} | {r * 37 % 9999:,} |\n" for r in range(4000))
    (project / "sources" / "big.md").write_text(
        f"# Big\n\nIntro.\n\n## Data\n\n| Region | Value |\n|---|---:|\n{rows}"
    )
    (project / "briefs" / "big.toml").write_text('source = "../sources/big.md"\n')


def start_render(project: Path) -> subprocess.Popen:
    """Render the big brief in a real process, to kill it."""
    return subprocess.Popen(
        [sys.executable, "-m", "brief", "render", "briefs/big.toml"],
        cwd=project,
        env=ENV,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cpu_seconds(pid: int) -> float | None:
    """CPU time a running process has used (Linux), or None once it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wait_for(process: subprocess.Popen, ready) -> None:
    """Wait until *ready()* is true or the process has ended: the state to kill it in."""
    while process.poll() is None and not ready():
        time.sleep(0.001)


def full_render_cpu(project: Path) -> float:
    """The CPU time a whole render takes on this machine, measured now (the yardstick for
    'partway through', so no fixed delay depends on the machine's speed)."""
    process = start_render(project)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.returncode == 0
    return usage.ru_utime + usage.ru_stime


@pytest.mark.slow
@pytest.mark.parametrize(
    "moment", ["at start", "a third through", "two thirds through", "temporary written"]
)
def test_sigkill_at_any_moment_keeps_the_previous_pdf(project: Path, run, moment: str) -> None:
    """Kill a render in each state it can be in; the previous PDF is whole afterwards and
    the next run cleans up what the killed one left."""
    big_project(project)
    assert run("render", "briefs/big.toml").exit_code == 0
    output = project / "output"
    pdf = output / "big.pdf"
    good = pdf.read_bytes()
    if "through" in moment and not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to see how far a render has got")
    share = {"a third through": 1 / 3, "two thirds through": 2 / 3}.get(moment)
    needed = share * full_render_cpu(project) if share else None
    process = start_render(project)
    if needed is not None:
        wait_for(process, lambda: (cpu_seconds(process.pid) or 0.0) >= needed)
    elif moment == "temporary written":
        wait_for(process, lambda: bool(list(output.glob(".*.brief-tmp"))))
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert pdf.read_bytes() == good  # the old PDF, whole (a finished render writes the same)
    assert run("render", "briefs/big.toml").exit_code == 0
    assert sorted(p.name for p in output.iterdir()) == output_files("big")
    assert len(PdfReader(pdf).pages) > 20


def test_a_temporary_file_of_a_running_render_is_left_alone(project: Path, run) -> None:
    output = project / "output"
    output.mkdir()
    alive = output / f".belarus-sco-tianjin.pdf.{os.getpid()}.abcdefgh.brief-tmp"
    dead = output / ".belarus-sco-tianjin.pdf.999999999.abcdefgh.brief-tmp"
    alive.write_bytes(b"partial")
    dead.write_bytes(b"partial")
    assert run("render").exit_code == 0
    assert alive.exists() and not dead.exists()


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_write_keeps_the_previous_pdf(
    project: Path, run, monkeypatch, failing: str
) -> None:
    assert run("render").exit_code == 0
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    good = pdf.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, failing, full_disk)
    assert one_line_failure(run("render")) == (
        "output/belarus-sco-tianjin.pdf: cannot write the PDF: No space left on device"
    )
    monkeypatch.undo()
    assert pdf.read_bytes() == good
    assert sorted(p.name for p in pdf.parent.iterdir()) == output_files("belarus-sco-tianjin")


def test_two_renders_at_the_same_time(project: Path) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "brief", "render"],
            cwd=project,
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    output = project / "output"
    assert sorted(p.name for p in output.iterdir()) == output_files("belarus-sco-tianjin")
    assert len(PdfReader(output / "belarus-sco-tianjin.pdf").pages) == 4


# --- nothing reaches where it should not --------------------------------------------------------


def test_spec_values_cannot_inject_markup(project: Path, run) -> None:
    spec = project / SPEC
    spec.write_text(
        spec.read_text().replace(
            'subtitle = "What Minsk', 'subtitle = "<font size=500>Big</font> &amp; <b>x What Minsk'
        )
    )
    assert run("render").exit_code == 0
    first = pdf_pages_text(project / "output" / "belarus-sco-tianjin.pdf")[0]
    assert "<font size=500>Big</font> &amp; <b>x What Minsk" in " ".join(first.split())


def link_layout(project: Path, href: str) -> None:
    folder = child_layout(project, "links")
    (folder / "brief.xml.j2").write_text(
        f'<story><p>Go <a href="{href}">there</a> now.</p></story>'
    )


@pytest.mark.parametrize(
    ("href", "linked"),
    [
        ("https://example.org/a?b=1&amp;c=2", True),
        ("http://example.org", True),
        ("mailto:press@example.org", True),
        ("javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("JaVaScRiPt:alert(1)", False),
        ("data:text/html,x", False),
    ],
)
def test_links_only_with_safe_schemes(project: Path, run, href: str, linked: bool) -> None:
    link_layout(project, href)
    assert run("render", "--layout", "links").exit_code == 0
    reader = PdfReader(project / "output" / "belarus-sco-tianjin.pdf")
    assert "Go there now." in reader.pages[0].extract_text()
    uris = [a.get_object()["/A"]["/URI"] for a in reader.pages[0].get("/Annots", [])]
    assert uris == ([href.replace("&amp;", "&")] if linked else [])


def test_no_network_access_ever(project: Path, run, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("brief tried to open a network connection")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    (project / "sources" / "remote.md").write_text(
        '# Remote\n\n![logo](https://example.org/logo.png) and <img src="http://x/y.png">\n\n'
        "## Part\n\nSee https://example.org.\n"
    )
    result = run("render", "sources/remote.md")
    assert result.exit_code == 0, result.output


def test_spec_source_outside_the_project_is_refused(project: Path, run, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "article.txt"
    outside.write_text((project / "sources" / "belarus-sco-tianjin.txt").read_text())
    spec = project / SPEC
    spec.write_text(
        spec.read_text().replace('"../sources/belarus-sco-tianjin.txt"', f'"{outside}"')
    )
    message = one_line_failure(run("check"))
    assert message.startswith(
        f"{SPEC}:source: the article {outside} lies outside the project folder "
    )
    assert message.endswith("(use --allow-outside to permit it)")
    assert run("check", "--allow-outside").exit_code == 0


def test_dot_dot_escape_is_refused(project: Path, run) -> None:
    spec = project / SPEC
    spec.write_text(
        spec.read_text().replace(
            '"../sources/belarus-sco-tianjin.txt"', '"../../../../../../etc/hostname"'
        )
    )
    assert "lies outside the project folder" in one_line_failure(run("check"))


def test_symlink_leading_out_of_the_project_is_refused(
    project: Path, run, tmp_path_factory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "article.txt"
    outside.write_text("Intro.\nA Heading\nText.\n")
    (project / "sources" / "linked.txt").symlink_to(outside)
    spec = project / SPEC
    spec.write_text(
        spec.read_text()
        .replace("belarus-sco-tianjin.txt", "linked.txt")
        .replace("[[corrections]]", "[[ignored]]", 0)
    )
    assert "lies outside the project folder" in one_line_failure(run("check"))


def test_font_outside_the_layout_is_refused(project: Path, run) -> None:
    child_layout(project, "sneaky", '[fonts.serif]\nregular = "../../../../../../etc/hostname"\n')
    message = one_line_failure(run("check", "--layout", "sneaky"))
    assert message.startswith(
        "layouts/sneaky/style.toml:fonts.serif.regular: font file "
        "'../../../../../../etc/hostname' lies outside the folder"
    )


def test_template_linked_from_outside_is_refused(project: Path, run, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "brief.xml.j2"
    outside.write_text("<story><p>outside</p></story>")
    folder = child_layout(project, "linked")
    (folder / "brief.xml.j2").symlink_to(outside)
    message = one_line_failure(run("check", "--layout", "linked"))
    assert message.endswith("template lies outside its layout folder (a link leads out)")


@pytest.mark.parametrize(
    "expression",
    [
        "brief.__class__.__mro__",
        "''.__class__.__subclasses__()",
        "brief.model_dump.__globals__",
        "style.__init__.__globals__['os']",
        "brief.parse_file('/etc/passwd')",
        "style.parse_raw('{}')",
        "brief.title.format(1)",
        "brief.date.strftime('%Y')",
        "brief.keywords.count('x')",
        "range.__call__(3)",
    ],
)
def test_templates_run_in_a_sandbox(project: Path, run, expression: str) -> None:
    folder = child_layout(project, "evil")
    (folder / "brief.xml.j2").write_text(f"<story>\n<p>{{{{ {expression} }}}}</p>\n</story>")
    message = one_line_failure(run("check", "--layout", "evil"))
    assert message.startswith("layouts/evil/brief.xml.j2:2: template error: ")
    assert any(word in message for word in ("no field", "not allowed", "unsafe", "undefined"))


def test_template_cannot_mutate_the_brief(project: Path, run) -> None:
    folder = child_layout(project, "mutate")
    (folder / "brief.xml.j2").write_text(
        "<story>\n<p>{{ brief.authors.append('x') }}</p>\n</story>"
    )
    message = one_line_failure(run("check", "--layout", "mutate"))
    assert message.startswith("layouts/mutate/brief.xml.j2:2: template error: ")


def test_an_unreadable_article(project: Path, run, monkeypatch) -> None:
    original = os.open

    def denied(path, *args, **kwargs) -> int:
        if Path(path).name == "belarus-sco-tianjin.txt":
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return original(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    assert one_line_failure(run("check", "sources/belarus-sco-tianjin.txt")) == (
        "sources/belarus-sco-tianjin.txt: cannot read the article: Permission denied"
    )


def test_a_read_only_output_folder(project: Path, run, monkeypatch) -> None:
    import brief.pdf.output

    assert run("render").exit_code == 0
    good = (project / "output" / "belarus-sco-tianjin.pdf").read_bytes()

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(brief.pdf.output, "_create", read_only)
    assert one_line_failure(run("render")) == (
        "output: cannot write to the output folder: Read-only file system"
    )
    assert (project / "output" / "belarus-sco-tianjin.pdf").read_bytes() == good


def test_the_sandbox_fast_path_answers_as_jinja2_does() -> None:
    """Attributes of brief's views and of loop are judged without Jinja2's isinstance tests;
    the answer must be Jinja2's own, for public, private, dunder and mutating names."""
    import jinja2.runtime
    import jinja2.sandbox

    from brief.layout.sandbox import LayoutSandbox
    from brief.layout.views import Record, Seq

    ours, jinja = LayoutSandbox(), jinja2.sandbox.ImmutableSandboxedEnvironment()
    loop = jinja2.runtime.LoopContext(iter([1, 2]), jinja2.runtime.Undefined, None)
    names = ["a", "index", "cycle", "append", "update", "items", "mro", "gi_frame"]
    names += ["_data", "_items", "__class__", "__init__", "__globals__", "__dict__"]
    for owner in (Record({"a": 1}), Seq([1]), loop):
        for name in names:
            for value in (1, "text", int, len):
                expected = jinja.is_safe_attribute(owner, name, value)
                expected = expected and not isinstance(value, type)
                assert ours.is_safe_attribute(owner, name, value) == expected, (owner, name)
