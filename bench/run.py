"""The benchmark suite: every figure against the floor, measured in the same run.

Run: ``python bench/run.py`` (about a quarter of an hour on two cores; ``--quick`` leaves out
the 1,000-page brief, the 20,000-row table and the batch, ``--cases`` picks cases from
bundled, startup, scale, large, batch and tags, ``--runs N`` sets the runs per figure).

Each case runs in fresh processes and reports the median of its runs, after one run that is
thrown away, with the peak memory (maximum resident set) of the slowest process. The floor
is ``bench/floor.py``, a minimal hand-written ReportLab script that sets the same article with
the same fonts; ratios are brief's time over the floor's, so they hold on a noisy machine.
The tags case instead compares a tagged PDF (the default) with ``--no-tags`` and ``--pdf-a``,
in time and in bytes.
Results, with the machine they came from, are recorded in ``bench/README.md``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import WORDS  # bench/ is on the path when a benchmark runs as a script

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "sources" / "belarus-sco-tianjin.txt"
SPEC = ROOT / "briefs" / "belarus-sco-tianjin.toml"
PY = sys.executable
CASES = ("bundled", "startup", "scale", "large", "batch", "tags")


def run_once(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time in seconds and peak memory in MB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def measure(cmd: list[str], cwd: Path, runs: int) -> tuple[float, float]:
    """Median time and peak memory over *runs* processes, after one thrown away."""
    run_once(cmd, cwd)
    results = [run_once(cmd, cwd) for _ in range(runs)]
    return statistics.median(t for t, _ in results), max(m for _, m in results)


def synthetic_article(folder: Path, repeat: int, rows: int) -> Path:
    """The bundled article's body *repeat* times, then a table of *rows* rows."""
    text = ARTICLE.read_text(encoding="utf-8").strip()
    title, _, body = text.partition("\n")
    parts = [title, body]
    for copy in range(2, repeat + 1):
        parts.append(body.replace("Wrapping Up", f"Wrapping Up, part {copy}"))
    if rows:
        parts.append("Data tables\nThe figures below are synthetic.")
        parts.append("| Region | Year | Tonnes | Comment |\n|---|---|---:|---|")
        parts.append(
            "\n".join(
                f"| Region {r} | {2000 + r % 25} | {r * 37 % 100000:,} | "
                + " ".join(WORDS[(r + k) % len(WORDS)] for k in range(3 + r % 9))
                + " |"
                for r in range(rows)
            )
        )
    path = folder / f"synthetic-{repeat}-{rows}.txt"
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


def pages(pdf: Path) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(pdf))


def brief_cmd(source: Path, out: Path, *extra: str) -> list[str]:
    return [PY, "-m", "brief", "render", str(source), "-o", str(out), *extra]


def floor_cmd(source: Path, out: Path) -> list[str]:
    return [PY, str(ROOT / "bench" / "floor.py"), str(source), str(out / f"{source.stem}.pdf")]


def warm(tool: str, runs: int) -> float:
    """Median seconds to render the bundled brief again in a process that has done it once."""
    out = Path(tempfile.mkdtemp())
    if tool == "brief":
        from brief.api import render_brief

        def render() -> None:
            render_brief(SPEC, output_dir=out, project_dir=ROOT)
    else:
        import floor

        floor.register_fonts()

        def render() -> None:
            floor.build(ARTICLE, out / "floor.pdf", register=False)

    render()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        render()
        times.append(time.perf_counter() - started)
    shutil.rmtree(out)
    return statistics.median(times)


class Table:
    def __init__(self) -> None:
        self.rows: list[list[str]] = []

    def add(self, *cells: object) -> None:
        self.rows.append([str(c) for c in cells])
        print(" | ".join(self.rows[-1]), flush=True)

    def markdown(self, header: list[str]) -> str:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join([*lines, *("| " + " | ".join(r) + " |" for r in self.rows)])


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--cases",
        nargs="+",
        choices=CASES,
        default=list(CASES),
        help="Which cases to run (default: all).",
    )
    parser.add_argument("--warm", choices=["brief", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm:
        print(json.dumps(warm(args.warm, args.runs * 3)))
        return
    runs = args.runs

    def want(case: str) -> bool:
        return case in args.cases and not (args.quick and case == "batch")

    print(
        f"# {platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    header = ["case", "brief", "floor", "ratio", "brief peak", "floor peak"]
    table = Table()
    print(" | ".join(header))
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        out = work / "out"
        out.mkdir()
        env_cache = work / "cache"
        os.environ["BRIEF_CACHE_DIR"] = str(env_cache)

        # 1. The bundled brief, whole process and warm in-process.
        if want("bundled"):
            b, bm = measure(brief_cmd(SPEC, out), ROOT, runs)
            f, fm = measure(floor_cmd(ARTICLE, out), ROOT, runs)
            table.add(
                "bundled brief, whole process",
                ms(b),
                ms(f),
                f"{b / f:.2f}",
                f"{bm:.0f} MB",
                f"{fm:.0f} MB",
            )
            bench = Path(__file__).resolve()
            warm_b = json.loads(subprocess.check_output([PY, str(bench), "--warm", "brief"]))
            warm_f = json.loads(subprocess.check_output([PY, str(bench), "--warm", "floor"]))
            table.add(
                "bundled brief, warm in-process",
                ms(warm_b),
                ms(warm_f),
                f"{warm_b / warm_f:.2f}",
                "",
                "",
            )

        # 2. Start-up: the floor is the bare interpreter.
        if want("startup"):
            bare, _ = measure([PY, "-c", "pass"], ROOT, runs)
            for flag in ("--help", "--version"):
                t, m = measure([PY, "-m", "brief", flag], ROOT, runs)
                table.add(f"brief {flag}", ms(t), ms(bare), f"{t / bare:.2f}", f"{m:.0f} MB", "")

        # 3. Scale: pages (the article repeated), then table rows.
        if want("scale"):
            repeats = [4, 42] + ([] if args.quick else [425])
            totals: dict[int, tuple[float, float]] = {}
            for repeat in repeats:
                source = synthetic_article(work, repeat, 0)
                n = pages(Path(_render_for_pages(source, out)))
                scale_runs = runs if repeat < 100 else 1
                b, bm = measure(brief_cmd(source, out), ROOT, scale_runs)
                f, fm = measure(floor_cmd(source, out), ROOT, scale_runs)
                totals[n] = (b, f)
                table.add(
                    f"{n} pages, per page",
                    ms(b / n),
                    ms(f / n),
                    f"{b / f:.2f}",
                    f"{bm:.0f} MB",
                    f"{fm:.0f} MB",
                )
            # Start-up costs the same at every size: the cost of a page is the slope.
            sizes = sorted(totals)
            slopes = [
                tuple((totals[hi][i] - totals[lo][i]) / (hi - lo) for i in (0, 1))
                for lo, hi in itertools.pairwise(sizes)
            ]
            for (lo, hi), (b, f) in zip(itertools.pairwise(sizes), slopes, strict=True):
                table.add(
                    f"each page from {lo} to {hi} pages", ms(b), ms(f), f"{b / f:.2f}", "", ""
                )
            if len(slopes) > 1:
                table.add(
                    "page cost, last step over first",
                    f"{slopes[-1][0] / slopes[0][0]:.2f}",
                    f"{slopes[-1][1] / slopes[0][1]:.2f}",
                    "",
                    "",
                    "",
                )
            row_sizes = [1000, 5000] + ([] if args.quick else [20000])
            per_row = {}
            for rows in row_sizes:
                source = synthetic_article(work, 1, rows)
                b, bm = measure(brief_cmd(source, out), ROOT, 1)
                floor_time = floor_peak = None
                if rows <= 5000:  # a plain ReportLab table re-measures the rest at each page break
                    floor_time, floor_peak = measure(floor_cmd(source, out), ROOT, 1)
                per_row[rows] = b / rows
                table.add(
                    f"{rows:,}-row table, per row",
                    f"{b / rows * 1000:.2f} ms",
                    f"{floor_time / rows * 1000:.2f} ms" if floor_time else "not run",
                    f"{b / floor_time:.2f}" if floor_time else "",
                    f"{bm:.0f} MB",
                    f"{floor_peak:.0f} MB" if floor_peak else "",
                )
            table.add(
                f"time per row, {max(per_row):,} over {min(per_row):,} rows",
                f"{per_row[max(per_row)] / per_row[min(per_row)]:.2f}",
                "",
                "",
                "",
                "",
            )

        # 4. The large brief: about 220 pages of text and a 5,000-row table.
        if want("large"):
            source = synthetic_article(work, 94, 5000)
            n = pages(Path(_render_for_pages(source, out)))
            b, bm = measure(brief_cmd(source, out), ROOT, 1)
            f, fm = measure(floor_cmd(source, out), ROOT, 1)
            table.add(
                f"large brief ({n} pages, 5,000-row table)",
                ms(b),
                ms(f),
                f"{b / f:.2f}",
                f"{bm:.0f} MB",
                f"{fm:.0f} MB",
            )

        # 5. Batch: 100 briefs with one and two worker processes.
        if want("batch"):
            project = work / "batch"
            (project / "briefs").mkdir(parents=True)
            shutil.copytree(ROOT / "sources", project / "sources")
            for i in range(100):
                shutil.copy(SPEC, project / "briefs" / f"brief-{i:03}.toml")
            times = {}
            for jobs in (1, 2):
                times[jobs], peak = measure(
                    [PY, "-m", "brief", "render", "--jobs", str(jobs)], project, min(runs, 3)
                )
                table.add(
                    f"100 briefs, --jobs {jobs}", ms(times[jobs]), "", "", f"{peak:.0f} MB", ""
                )
            table.add(
                "throughput, --jobs 2 over --jobs 1",
                f"{times[1] / times[2]:.2f}",
                "",
                "",
                "",
                "",
            )
        # 6. Tagging (PDF/UA) and PDF/A, against the same brief untagged.
        if want("tags"):
            sources = [
                ("bundled brief", SPEC),
                ("100 pages", synthetic_article(work, 42, 0)),
                ("5,000-row table", synthetic_article(work, 1, 5000)),
            ]
            for label, source in sources:
                scale_runs = runs if source == SPEC else 1
                plain_out, tagged_out, archive_out = (work / n for n in ("plain", "tagged", "pdfa"))
                u, um = measure(brief_cmd(source, plain_out, "--no-tags"), ROOT, scale_runs)
                t, tm = measure(brief_cmd(source, tagged_out), ROOT, scale_runs)
                a, am = measure(brief_cmd(source, archive_out, "--pdf-a"), ROOT, scale_runs)
                sizes = [d / f"{source.stem}.pdf" for d in (plain_out, tagged_out, archive_out)]
                plain_size, tagged_size, archive_size = (p.stat().st_size for p in sizes)
                table.add(
                    f"{label}: tagged / --no-tags",
                    ms(t),
                    ms(u),
                    f"{t / u:.2f}",
                    f"{tm:.0f} MB",
                    f"{um:.0f} MB",
                )
                table.add(
                    f"{label}: --pdf-a / --no-tags",
                    ms(a),
                    ms(u),
                    f"{a / u:.2f}",
                    f"{am:.0f} MB",
                    f"{um:.0f} MB",
                )
                table.add(
                    f"{label}: bytes tagged, --pdf-a / --no-tags",
                    f"{tagged_size / 1024:.0f} KB, {archive_size / 1024:.0f} KB",
                    f"{plain_size / 1024:.0f} KB",
                    f"{tagged_size / plain_size:.2f}, {archive_size / plain_size:.2f}",
                    "",
                    "",
                )
    print()
    print(table.markdown(header))


def _render_for_pages(source: Path, out: Path) -> str:
    subprocess.run(brief_cmd(source, out), check=True, capture_output=True)
    return str(out / f"{source.stem}.pdf")


if __name__ == "__main__":
    main()
