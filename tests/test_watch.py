"""brief watch: a warm process that renders again on every save, keeps the last good PDF
when a save breaks the brief, and stops cleanly. Driven through a real process; every wait
is for the state it needs (a line printed), never for a fixed time."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import REPO, pdf_pages_text

pytestmark = pytest.mark.slow
ENV = {**os.environ, "PYTHONPATH": str(REPO / "src")}


class Lines:
    """The lines a process prints on stdout and stderr, waited for one at a time (read
    from the pipes unbuffered, so no line waits in a buffer select cannot see)."""

    def __init__(self, process: subprocess.Popen):
        self.selector = selectors.DefaultSelector()
        self.pending = {"out": b"", "err": b""}
        self.selector.register(process.stdout, selectors.EVENT_READ, "out")
        self.selector.register(process.stderr, selectors.EVENT_READ, "err")

    def next(self, stream: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending[stream]:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"nothing on {stream} within {timeout} s: {self.pending}")
            for key, _ in self.selector.select(timeout=left):
                self.pending[key.data] += os.read(key.fileobj.fileno(), 65536)
        line, _, self.pending[stream] = self.pending[stream].partition(b"\n")
        return line.decode("utf-8")


def _interruptible() -> None:
    """Ctrl-C as in a terminal: a test suite started in the background by a script inherits
    SIGINT ignored, and Python then leaves it ignored in the watcher (it never stopped)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_watch_renders_each_save_and_keeps_the_last_good_pdf(project: Path) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    article = project / "sources" / "belarus-sco-tianjin.txt"
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    process = subprocess.Popen(
        [sys.executable, "-m", "brief", "watch", "briefs/belarus-sco-tianjin.toml"],
        cwd=project,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_interruptible,
    )
    try:
        lines = Lines(process)
        assert lines.next("err") == "watching 1 brief; Ctrl-C stops"
        assert " output/belarus-sco-tianjin.pdf: 4 pages, " in lines.next("out")
        first = pdf.read_bytes()
        article.write_text(
            article.read_text(encoding="utf-8") + "\nA closing thought written while watching.\n",
            encoding="utf-8",
        )
        assert "output/belarus-sco-tianjin.pdf" in lines.next("out")
        assert "written while watching" in " ".join(" ".join(pdf_pages_text(pdf)).split())
        good = pdf.read_bytes()
        assert good != first
        spec.write_text(spec.read_text(encoding="utf-8").replace("title =", "titel =", 1))
        assert lines.next("err").endswith("briefs/belarus-sco-tianjin.toml: not rendered")
        assert "unknown key 'titel' (did you mean 'title'?)" in lines.next("err")
        assert pdf.read_bytes() == good  # the last good PDF stays
        spec.write_text(spec.read_text(encoding="utf-8").replace("titel =", "title =", 1))
        assert "output/belarus-sco-tianjin.pdf" in lines.next("out")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert lines.next("err") == "stopped"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
