"""Hostile inputs for `brief render`: each case is made in a fresh project folder, rendered in a
child process under a time cap and a 4 GiB address-space cap, and measured.

    python bench/hostile.py                  # every case, a markdown table at the end
    python bench/hostile.py --only words_200k --only png_13000 --timeout 30
    python bench/hostile.py --list

Each generator takes the project folder, writes its inputs there and returns the command to run
(from that folder). Wall time is measured around the child; peak RSS comes from os.wait4 on the
child, whose rusage includes any processes it waited for (Linux), and is known even when the
child is killed at the time cap. The whole process group is killed at the cap.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

MEMORY_CAP = 4 * 1024**3
WORDS = ("the", "and", "for", "war", "tax", "law", "oil", "gas", "aid", "map")  # 4 bytes a word
RENDER = ["brief", "render", "sources/a.md", "-o", "out/"]
BRIEF = ["brief"]  # how to start brief; --src DIR runs `python -m brief` from DIR instead
ENV: dict[str, str] = {}  # extra environment for the child


# --- helpers -------------------------------------------------------------------------------


def _write(root: Path, name: str, text: str | bytes) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def _words(n: int, sentence: int = 20) -> str:
    """*n* three-letter words, a full stop every *sentence* words: about 4 bytes a word."""
    out = []
    for i in range(n):
        word = WORDS[(i * 7 + i // 10) % len(WORDS)]
        out.append(word + "." if (i + 1) % sentence == 0 else word)
    return " ".join(out)


def _article(root: Path, body: str, front: str = "") -> Path:
    """sources/a.md: a title, one section holding *body*, a short second section."""
    text = f"{front}# Hostile input\n\n## Part one\n\n{body}\n\n## Part two\n\nA short ending.\n"
    return _write(root, "sources/a.md", text)


def _png(path: Path, width: int, height: int) -> None:
    """An RGB PNG of one colour with a small darker square, written row by row so a huge image
    costs no memory to make (Pillow would hold width*height*3 bytes); the file is small."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    plain = b"\x00" + b"\x2a\x6f\x97" * width
    lo, hi = height // 2 - 50, height // 2 + 50
    marked = b"\x00" + b"\x2a\x6f\x97" * (width // 2 - 50) + b"\x10\x10\x10" * 100
    marked += b"\x2a\x6f\x97" * (width - width // 2 - 50)
    z = zlib.compressobj(6)
    with path.open("wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n")
        f.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        for y in range(height):
            data = z.compress(marked if lo <= y < hi else plain)
            if data:
                f.write(chunk(b"IDAT", data))
        f.write(chunk(b"IDAT", z.flush()))
        f.write(chunk(b"IEND", b""))


def _layout(root: Path, name: str, parent: str, template: str | None = None) -> None:
    _write(root, f"layouts/{name}/style.toml", f'extends = "{parent}"\n')
    if template is not None:
        _write(root, f"layouts/{name}/brief.xml.j2", template)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


# --- the cases -----------------------------------------------------------------------------


def gen_baseline(root: Path) -> list[str]:
    """A small normal article, for the fixed cost under the same caps."""
    _article(root, _words(300))
    return RENDER


def _gen_words(n: int):
    def gen(root: Path) -> list[str]:
        _article(root, _words(n))
        return RENDER

    gen.__doc__ = f"One paragraph of {n:,} words."
    return gen


gen_words_50k = _gen_words(50_000)
gen_words_100k = _gen_words(100_000)
gen_words_200k = _gen_words(200_000)


def gen_emphasis_400k(root: Path) -> list[str]:
    """'*a _' repeated to 400 KB in one paragraph."""
    _article(root, "*a _" * 100_000)
    return RENDER


def gen_cell_5mb(root: Path) -> list[str]:
    """A pipe table whose one body cell holds 5 MB of words."""
    _article(root, f"| a | b |\n| --- | --- |\n| {_words(1_250_000)} | b |")
    return RENDER


def gen_row_2_5m_cells(root: Path) -> list[str]:
    """A two-column table whose one body row is '|a' x 2.5M (5 MB)."""
    _article(root, "| a | b |\n| --- | --- |\n" + "|a" * 2_500_000 + "|")
    return RENDER


def gen_header_2_5m_cells(root: Path) -> list[str]:
    """A table whose header row has 2.5M cells (5 MB), with its delimiter row (5 MB more)."""
    _article(root, "|a" * 2_500_000 + "|\n" + "|-" * 2_500_000 + "|")
    return RENDER


def gen_footnotes_100k(root: Path) -> list[str]:
    """100k footnote references (100 a paragraph) and their 100k definitions."""
    paras = [
        " ".join(f"Claim {i}.[^{i}]" for i in range(p, p + 100)) for p in range(1, 100_001, 100)
    ]
    notes = "\n".join(f"[^{i}]: Note {i}." for i in range(1, 100_001))
    _article(root, "\n\n".join(paras) + "\n\n" + notes)
    return RENDER


def gen_backticks_4_5mb(root: Path) -> list[str]:
    """'` `` ``` ' repeated to 4.5 MB in one paragraph."""
    _article(root, "` `` ``` " * 500_000)
    return RENDER


def gen_lt_a_300k(root: Path) -> list[str]:
    """'<a ' repeated to 300 KB."""
    _article(root, "<a " * 100_000)
    return RENDER


def gen_spec_50mb_key_points(root: Path) -> list[str]:
    """briefs/x.toml of 50 MB: 500k key points of 100 bytes."""
    _article(root, _words(300))
    point = '  "' + "k" * 95 + '",\n'
    _write(
        root,
        "briefs/x.toml",
        'source = "../sources/a.md"\nkey_points = [\n' + point * 500_000 + "]\n",
    )
    return ["brief", "render", "briefs/x.toml", "-o", "out/"]


def gen_spec_50mb_string(root: Path) -> list[str]:
    """briefs/x.toml of 50 MB: a 50 MB subtitle of words."""
    _article(root, _words(300))
    _write(
        root, "briefs/x.toml", f'source = "../sources/a.md"\nsubtitle = "{_words(12_500_000)}"\n'
    )
    return ["brief", "render", "briefs/x.toml", "-o", "out/"]


def gen_logo_1m_rects(root: Path) -> list[str]:
    """A layout extending 'report' whose logo.svg has 1M <rect> elements (about 50 MB)."""
    _article(root, _words(300))
    _layout(root, "hostile", "report")
    rect = '<rect x="{}" y="{}" width="1" height="1" fill="#5c1a33"/>\n'
    rects = "".join(rect.format(i % 1000, i // 1000) for i in range(1_000_000))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1000" '
        f'viewBox="0 0 1000 1000">\n{rects}</svg>\n'
    )
    _write(root, "layouts/hostile/logo.svg", svg)
    return [*RENDER, "--layout", "hostile"]


def gen_template_loop(root: Path) -> list[str]:
    """A layout overriding one block with a 99999 x 99999 loop."""
    _article(root, _words(300))
    loop = "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}"
    _layout(
        root,
        "loop",
        "default",
        '{% extends "default/brief.xml.j2" %}\n{% block summary %}<p>'
        + loop
        + "</p>{% endblock %}\n",
    )
    return [*RENDER, "--layout", "loop"]


def gen_template_big_string(root: Path) -> list[str]:
    """A layout overriding one block with {{ 'a' * 10**10 }}."""
    _article(root, _words(300))
    _layout(
        root,
        "big",
        "default",
        '{% extends "default/brief.xml.j2" %}\n'
        "{% block summary %}<p>{{ 'a' * 10**10 }}</p>{% endblock %}\n",
    )
    return [*RENDER, "--layout", "big"]


def gen_png_13000(root: Path) -> list[str]:
    """A 13000 x 13000 PNG (one colour, small file) as an article image."""
    _png(root / "sources/img/big.png", 13_000, 13_000)
    _article(root, _words(100) + "\n\n![A large picture](img/big.png)")
    return RENDER


# item-5 style: an internal error (exit 3) expected today


def gen_spec_nul_source(root: Path) -> list[str]:
    """A spec whose source has a NUL: "../sources/a\\u0000.md"."""
    _article(root, _words(300))
    _write(root, "briefs/x.toml", 'source = "../sources/a\\u0000.md"\n')
    return ["brief", "render", "briefs/x.toml", "-o", "out/"]


def gen_image_nul_path(root: Path) -> list[str]:
    """An article image at 'pic%00.png'."""
    _write(root, "sources/pic.png", b"")
    _article(root, _words(100) + "\n\n![x](pic%00.png)")
    return RENDER


def gen_svg_width_1e308(root: Path) -> list[str]:
    """An article SVG image with width="1e308"."""
    _write(
        root,
        "sources/img/w.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" width="1e308" height="100" '
        'viewBox="0 0 10 10"><rect width="10" height="10" fill="#000"/></svg>\n',
    )
    _article(root, _words(100) + "\n\n![A wide picture](img/w.svg)")
    return RENDER


def gen_png_30000(root: Path) -> list[str]:
    """A 30000 x 30000 PNG as an article image."""
    _png(root / "sources/img/huge.png", 30_000, 30_000)
    _article(root, _words(100) + "\n\n![A huge picture](img/huge.png)")
    return RENDER


def gen_spec_toml_deep(root: Path) -> list[str]:
    """A spec with an array nested 10,000 deep."""
    _article(root, _words(300))
    _write(root, "briefs/x.toml", f'source = "../sources/a.md"\na = {_deep(10_000)}\n')
    return ["brief", "render", "briefs/x.toml", "-o", "out/"]


def gen_front_toml_deep(root: Path) -> list[str]:
    """TOML front matter with an array nested 10,000 deep."""
    _article(root, _words(300), front=f"+++\na = {_deep(10_000)}\n+++\n")
    return RENDER


def gen_front_yaml_deep(root: Path) -> list[str]:
    """YAML front matter with a flow sequence nested 10,000 deep."""
    _article(root, _words(300), front=f"---\na: {_deep(10_000)}\n---\n")
    return RENDER


def gen_layout_new_dangling(root: Path) -> list[str]:
    """`brief layout new X` where layouts/X is a dangling symlink (to layouts/missing)."""
    (root / "layouts").mkdir()
    (root / "layouts/X").symlink_to("missing")
    return ["brief", "layout", "new", "X"]


CASES = {name[4:]: fn for name, fn in globals().items() if name.startswith("gen_")}


# --- running and measuring -----------------------------------------------------------------


def _limit_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _size(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def run_case(name: str, timeout: float, keep: bool = False) -> dict:
    root = Path(tempfile.mkdtemp(prefix=f"case-{name}-", dir=Path(__file__).parent))
    try:
        t0 = time.monotonic()
        argv = CASES[name](root)
        made = time.monotonic() - t0
        size = _size(root)
        with open(root / ".stdout", "wb") as out, open(root / ".stderr", "wb") as err:
            start = time.monotonic()
            if argv[0] == "brief":
                argv = [*BRIEF, *argv[1:]]
            child = subprocess.Popen(
                argv,
                cwd=root,
                env={**os.environ, **ENV},
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                preexec_fn=_limit_child,
                start_new_session=True,
            )
            timed_out = False
            while True:
                pid, status, usage = os.wait4(child.pid, os.WNOHANG)
                if pid:
                    break
                if time.monotonic() - start > timeout:
                    timed_out = True
                    os.killpg(child.pid, signal.SIGKILL)  # the group this child leads
                    pid, status, usage = os.wait4(child.pid, 0)
                    break
                time.sleep(0.02)
            wall = time.monotonic() - start
            child.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        lines = (root / ".stderr").read_text("utf-8", "replace").splitlines()
        return {
            "case": name,
            "input_bytes": size,
            "generate_s": round(made, 2),
            "wall_s": round(wall, 2),
            "peak_mib": round(usage.ru_maxrss / 1024, 1),
            "exit": "timeout" if timed_out else child.returncode,
            "stderr": lines[:2],
        }
    finally:
        if keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)


def _human(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1000
    return str(n)


def table(results: list[dict]) -> str:
    rows = [
        "| case | input | time (s) | peak (MiB) | exit | stderr, first line |",
        "|---|---|---|---|---|---|",
    ]
    for r in results:
        first = (r["stderr"][0] if r["stderr"] else "").replace("|", "\\|")
        if len(first) > 160:
            first = first[:157] + "..."
        rows.append(
            f"| {r['case']} | {_human(r['input_bytes'])} | {r['wall_s']:.2f} | "
            f"{r['peak_mib']:.0f} | {r['exit']} | {first} |"
        )
    return "\n".join(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", action="append", metavar="NAME", help="run this case (repeatable)")
    ap.add_argument("--timeout", type=float, default=60.0, metavar="S", help="time cap (60)")
    ap.add_argument("--keep", action="store_true", help="keep each case's project folder")
    ap.add_argument("--json", metavar="PATH", help="also write the results as JSON")
    ap.add_argument(
        "--src",
        metavar="DIR",
        help="run brief from this source folder (python -m brief with PYTHONPATH=DIR "
        "and its own cache) instead of the `brief` on PATH, e.g. a `git archive` "
        "snapshot, so edits to the working tree during a run do not change it",
    )
    ap.add_argument("--list", action="store_true", help="list the cases and exit")
    args = ap.parse_args()
    if args.list:
        for name, fn in CASES.items():
            print(f"{name:24} {(fn.__doc__ or '').strip().splitlines()[0]}")
        return
    if args.src:
        src = Path(args.src).resolve()
        BRIEF[:] = [sys.executable, "-m", "brief"]
        ENV.update(
            PYTHONPATH=str(src),
            BRIEF_CACHE_DIR=str(Path(__file__).parent / ".cache" / src.parent.name),
        )
    names = args.only or list(CASES)
    unknown = [n for n in names if n not in CASES]
    if unknown:
        ap.error(f"unknown case(s): {', '.join(unknown)} (see --list)")
    results = []
    for name in names:  # one at a time, never in parallel
        r = run_case(name, args.timeout, args.keep)
        print(
            f"{name}: {r['wall_s']} s, {r['peak_mib']} MiB, exit {r['exit']}",
            file=sys.stderr,
            flush=True,
        )
        results.append(r)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    print(table(results))


if __name__ == "__main__":
    main()
