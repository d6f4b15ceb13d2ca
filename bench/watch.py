"""Save-to-PDF time of ``brief watch``: ``python bench/watch.py [RUNS]``.

A copy of the bundled project is watched by a real ``brief watch`` process; the article is
saved RUNS times (a line added, then taken away) and each time the clock runs from the save
to the line the watcher prints once the new PDF is in place. The floor, measured in the same
run, is a warm re-render of the same brief by the minimal ReportLab script (bench/floor.py)
in a process that has rendered it once: what re-rendering costs at the least.
"""

from __future__ import annotations

import os
import selectors
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, warm


def save_to_pdf(runs: int) -> list[float]:
    project = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "briefs", project / "briefs")
    shutil.copytree(ROOT / "sources", project / "sources")
    article = project / "sources" / "belarus-sco-tianjin.txt"
    original = article.read_text(encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "brief", "watch"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)

    def next_line() -> None:
        buffer = b""
        while b"\n" not in buffer:
            selector.select(timeout=60)
            buffer += os.read(process.stdout.fileno(), 65536)

    try:
        next_line()  # the first render
        times = []
        for run in range(runs):
            text = original + ("\nA line saved while watching.\n" if run % 2 == 0 else "")
            started = time.perf_counter()
            article.write_text(text, encoding="utf-8")
            next_line()
            times.append(time.perf_counter() - started)
        return times
    finally:
        process.terminate()
        process.wait()
        shutil.rmtree(project)


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    times = save_to_pdf(runs)
    floor = warm("floor", 10)
    median = statistics.median(times)
    print(
        f"save to new PDF, bundled brief: median {median * 1000:.0f} ms "
        f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {runs} saves)"
    )
    print(f"floor (warm re-render, minimal ReportLab script): {floor * 1000:.0f} ms")
    print(f"ratio: {median / floor:.2f}")


if __name__ == "__main__":
    main()
