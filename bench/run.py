"""The benchmark suite: every figure against the floor, measured in the same run.

Run: ``python bench/run.py`` (about a quarter of an hour on two cores; ``--quick`` leaves out
the 1,000-page brief, the 20,000-row table and the batch, ``--cases`` picks cases from
bundled, startup, scale, large, batch and tags, ``--runs N`` sets the runs per figure,
``--baseline REV`` measures brief as it was at a git revision too, in the same run).

Each case runs in fresh processes and reports the median of its runs, after one run that is
thrown away, with the peak memory (maximum resident set) of its largest process; the commands
a case compares (brief, the floor, brief before) take turns, run by run. The floor
is ``bench/floor.py``, a minimal hand-written ReportLab script that sets the same article with
the same fonts; ratios are brief's time over the floor's, so they hold on a noisy machine.
The tags case instead compares a tagged PDF (the default) with ``--no-tags`` and ``--pdf-a``,
in time and in bytes. With ``--baseline``, each case but tags also runs the revision's source
(``git archive``, imported through ``PYTHONPATH`` by the same interpreter, with its own cache
folder), so before and after are measured side by side against the same floor; the
environment must have what that revision imports.
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


def as_installed() -> None:
    """Run the measured processes as on a user's machine, where Python keeps the compiled
    form of brief's modules (``__pycache__``): an environment that forbids writing it
    (``PYTHONDONTWRITEBYTECODE``, set on some machines) would make every run compile brief
    from source, about 40 ms that no installed copy pays. The run thrown away writes it."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


def run_once(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time in seconds and peak memory in MB of one process."""
    started = time.perf_counter()
    process = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


Command = tuple[list[str], Path, "dict[str, str] | None"]  # arguments, folder, environment


def side_by_side(commands: list[Command | None], runs: int) -> list[tuple[float, float] | None]:
    """Median time and peak memory of each command (None stays None), run in turn: one
    round thrown away, then *runs* rounds of each command once, so that a change in the
    machine's speed during the case falls on every command alike."""
    present = [c for c in commands if c is not None]
    for cmd, cwd, env in present:
        run_once(cmd, cwd, env)
    results: list[list[tuple[float, float]]] = [[] for _ in present]
    for _ in range(runs):
        for index, (cmd, cwd, env) in enumerate(present):
            results[index].append(run_once(cmd, cwd, env))
    medians = iter(
        (statistics.median(t for t, _ in found), max(m for _, m in found)) for found in results
    )
    return [next(medians) if c is not None else None for c in commands]


def baseline_env(revision: str, folder: Path) -> dict[str, str]:
    """The environment that runs brief as it was at *revision*: its source unpacked into
    *folder* and put first on the import path, with a cache folder of its own."""
    folder.mkdir(parents=True)
    archive = folder.with_suffix(".tar")  # on disk, not in this process (see pages)
    subprocess.run(["git", "archive", "-o", str(archive), revision], cwd=ROOT, check=True)
    subprocess.run(["tar", "-x", "-f", str(archive), "-C", str(folder)], check=True)
    archive.unlink()
    return {
        **os.environ,
        "PYTHONPATH": str(folder / "src"),
        "BRIEF_CACHE_DIR": str(folder / ".cache"),
    }


class Before:
    """brief at the baseline revision, measured beside the current code (or nothing)."""

    def __init__(self, env: dict[str, str] | None) -> None:
        self.env = env

    def command(self, cmd: list[str], cwd: Path) -> Command | None:
        return (cmd, cwd, self.env) if self.env else None

    def trio(
        self, brief: list[str], floor: list[str] | None, cwd: Path, runs: int
    ) -> tuple[tuple[float, float], tuple[float, float] | None, tuple[float, float] | None]:
        """brief, the floor and brief before, side by side (see :func:`side_by_side`)."""
        now, base, was = side_by_side(
            [(brief, cwd, None), (floor, cwd, None) if floor else None, self.command(brief, cwd)],
            runs,
        )
        assert now is not None
        return now, base, was

    def warm(self) -> float | None:
        if not self.env:
            return None
        script = str(Path(__file__).resolve())
        return json.loads(subprocess.check_output([PY, script, "--warm", "brief"], env=self.env))


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
    """Counted in a child process: the peak memory of a process this one starts counts this
    one's size when it started (the kernel copies the high-water mark at fork and keeps it
    through exec), so this process stays small."""
    count = "import sys, pypdfium2; print(len(pypdfium2.PdfDocument(sys.argv[1])))"
    return int(subprocess.check_output([PY, "-c", count, str(pdf)]))


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
    """The results, printed as they come and as a Markdown table at the end. With a
    baseline, each row also has brief before (time and ratio to the same floor) and its
    peak."""

    def __init__(self, before: bool) -> None:
        self.before = before
        self.rows: list[list[str]] = []
        self.header = ["case", "brief", "floor", "ratio"]
        if before:
            self.header += ["before", "ratio before"]
        self.header += ["brief peak", "floor peak"] + (["before peak"] if before else [])
        print(" | ".join(self.header), flush=True)

    def add(self, case: str, *cells: object, before: tuple[str, str, str] = ("", "", "")) -> None:
        """*cells*: brief, floor, ratio, brief peak, floor peak; *before*: time, ratio, peak."""
        brief, floor, ratio, brief_peak, floor_peak = (str(c) for c in cells)
        row = [case, brief, floor, ratio]
        if self.before:
            row += [before[0], before[1]]
        row += [brief_peak, floor_peak] + ([before[2]] if self.before else [])
        self.rows.append(row)
        print(" | ".join(row), flush=True)

    def timed(
        self,
        case: str,
        brief: tuple[float, float],
        floor: tuple[float, float] | None,
        before: tuple[float, float] | None = None,
        per: float = 1.0,
        unit: str = "",
    ) -> None:
        """A row of times: (seconds, peak MB) for brief, the floor and brief before; each
        time divided by *per* (pages, rows) and shown in *unit* ("ms" for per-item)."""

        def show(seconds: float) -> str:
            return f"{seconds / per * 1000:.2f} ms" if unit == "ms" else ms(seconds / per)

        ratio = f"{brief[0] / floor[0]:.2f}" if floor else ""
        was = ("", "", "")
        if before:
            was = (
                show(before[0]),
                f"{before[0] / floor[0]:.2f}" if floor else "",
                f"{before[1]:.0f} MB" if before[1] else "",
            )
        self.add(
            case,
            show(brief[0]),
            show(floor[0]) if floor else "not run",
            ratio,
            f"{brief[1]:.0f} MB" if brief[1] else "",
            f"{floor[1]:.0f} MB" if floor and floor[1] else "",
            before=was,
        )

    def markdown(self) -> str:
        lines = ["| " + " | ".join(self.header) + " |", "|" + "---|" * len(self.header)]
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
    parser.add_argument(
        "--baseline", metavar="REV", help="Also measure brief as it was at this git revision."
    )
    parser.add_argument("--warm", choices=["brief", "floor"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.warm:
        print(json.dumps(warm(args.warm, args.runs * 3)))
        return
    runs = args.runs
    as_installed()

    def want(case: str) -> bool:
        return case in args.cases and not (args.quick and case == "batch")

    print(
        f"# {platform.node()}: {platform.processor() or platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
        + (f"; before = {args.baseline}" if args.baseline else "")
    )
    table = Table(bool(args.baseline))
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        out = work / "out"
        out.mkdir()
        os.environ["BRIEF_CACHE_DIR"] = str(work / "cache")
        before = Before(baseline_env(args.baseline, work / "baseline") if args.baseline else None)

        # 1. The bundled brief, whole process and warm in-process.
        if want("bundled"):
            brief, floor, was = before.trio(
                brief_cmd(SPEC, out), floor_cmd(ARTICLE, out), ROOT, runs
            )
            table.timed("bundled brief, whole process", brief, floor, was)
            bench = str(Path(__file__).resolve())
            warm_b = json.loads(subprocess.check_output([PY, bench, "--warm", "brief"]))
            warm_f = json.loads(subprocess.check_output([PY, bench, "--warm", "floor"]))
            warm_was = before.warm()
            table.timed(
                "bundled brief, warm in-process",
                (warm_b, 0),
                (warm_f, 0),
                (warm_was, 0) if warm_was is not None else None,
            )

        # 2. Start-up: the floor is the bare interpreter.
        if want("startup"):
            for flag in ("--help", "--version"):
                now, bare, was = before.trio(
                    [PY, "-m", "brief", flag], [PY, "-c", "pass"], ROOT, runs
                )
                assert bare is not None
                table.timed(f"brief {flag}", now, (bare[0], 0), was)

        # 3. Scale: pages (the article repeated), then table rows.
        if want("scale"):
            repeats = [4, 42] + ([] if args.quick else [425])
            totals: dict[int, tuple[float, float, float | None]] = {}
            for repeat in repeats:
                source = synthetic_article(work, repeat, 0)
                n = pages(Path(_render_for_pages(source, out)))
                scale_runs = runs if repeat < 100 else 1
                brief, floor, was = before.trio(
                    brief_cmd(source, out), floor_cmd(source, out), ROOT, scale_runs
                )
                assert floor is not None
                totals[n] = (brief[0], floor[0], was[0] if was else None)
                table.timed(f"{n} pages, per page", brief, floor, was, per=n)
            # Start-up costs the same at every size: the cost of a page is the slope.
            sizes = sorted(totals)
            slopes = {
                (lo, hi): [
                    (totals[hi][i] - totals[lo][i]) / (hi - lo)  # type: ignore[operator]
                    if totals[lo][i] is not None
                    else None
                    for i in range(3)
                ]
                for lo, hi in itertools.pairwise(sizes)
            }
            for (lo, hi), (b, f, w) in slopes.items():
                table.timed(
                    f"each page from {lo} to {hi} pages",
                    (b, 0),
                    (f, 0),
                    (w, 0) if w is not None else None,
                )
            if len(slopes) > 1:
                steps = list(slopes.values())
                first, last = steps[0], steps[-1]
                change = [
                    f"{last[i] / first[i]:.2f}" if first[i] is not None else "" for i in range(3)
                ]
                table.add(
                    "page cost, last step over first",
                    change[0],
                    change[1],
                    "",
                    "",
                    "",
                    before=(change[2], "", ""),
                )
            row_sizes = [1000, 5000] + ([] if args.quick else [20000])
            per_row: dict[int, tuple[float, float | None]] = {}
            for rows in row_sizes:
                source = synthetic_article(work, 1, rows)
                # A plain ReportLab table re-measures the rest at each page break.
                floor_command = floor_cmd(source, out) if rows <= 5000 else None
                brief, floor, was = before.trio(brief_cmd(source, out), floor_command, ROOT, 1)
                per_row[rows] = (brief[0] / rows, was[0] / rows if was else None)
                table.timed(f"{rows:,}-row table, per row", brief, floor, was, rows, "ms")
            most, least = per_row[max(per_row)], per_row[min(per_row)]
            table.add(
                f"time per row, {max(per_row):,} over {min(per_row):,} rows",
                f"{most[0] / least[0]:.2f}",
                "",
                "",
                "",
                "",
                before=(f"{most[1] / least[1]:.2f}" if most[1] and least[1] else "", "", ""),
            )

        # 4. The large brief: about 220 pages of text and a 5,000-row table.
        if want("large"):
            source = synthetic_article(work, 94, 5000)
            n = pages(Path(_render_for_pages(source, out)))
            brief, floor, was = before.trio(brief_cmd(source, out), floor_cmd(source, out), ROOT, 1)
            table.timed(f"large brief ({n} pages, 5,000-row table)", brief, floor, was)

        # 5. Batch: 100 briefs with one and two worker processes.
        if want("batch"):
            project = work / "batch"
            (project / "briefs").mkdir(parents=True)
            shutil.copytree(ROOT / "sources", project / "sources")
            for i in range(100):
                shutil.copy(SPEC, project / "briefs" / f"brief-{i:03}.toml")
            times: dict[int, tuple[float, float | None]] = {}
            for jobs in (1, 2):
                command = [PY, "-m", "brief", "render", "--jobs", str(jobs)]
                brief, _, was = before.trio(command, None, project, min(runs, 3))
                times[jobs] = (brief[0], was[0] if was else None)
                table.timed(f"100 briefs, --jobs {jobs}", brief, None, was)
            gain = [times[1][i] / times[2][i] if times[2][i] else None for i in range(2)]
            table.add(
                "throughput, --jobs 2 over --jobs 1",
                f"{gain[0]:.2f}",
                "",
                "",
                "",
                "",
                before=(f"{gain[1]:.2f}" if gain[1] else "", "", ""),
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
                untagged, tagged, archive = side_by_side(
                    [
                        (brief_cmd(source, plain_out, "--no-tags"), ROOT, None),
                        (brief_cmd(source, tagged_out), ROOT, None),
                        (brief_cmd(source, archive_out, "--pdf-a"), ROOT, None),
                    ],
                    scale_runs,
                )
                assert untagged and tagged and archive
                sizes = [d / f"{source.stem}.pdf" for d in (plain_out, tagged_out, archive_out)]
                plain_size, tagged_size, archive_size = (p.stat().st_size for p in sizes)
                table.timed(f"{label}: tagged / --no-tags", tagged, untagged)
                table.timed(f"{label}: --pdf-a / --no-tags", archive, untagged)
                table.add(
                    f"{label}: bytes tagged, --pdf-a / --no-tags",
                    f"{tagged_size / 1024:.0f} KB, {archive_size / 1024:.0f} KB",
                    f"{plain_size / 1024:.0f} KB",
                    f"{tagged_size / plain_size:.2f}, {archive_size / plain_size:.2f}",
                    "",
                    "",
                )
    print()
    print(table.markdown())


def _render_for_pages(source: Path, out: Path) -> str:
    subprocess.run(brief_cmd(source, out), check=True, capture_output=True)
    return str(out / f"{source.stem}.pdf")


if __name__ == "__main__":
    main()
