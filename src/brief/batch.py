"""Rendering briefs: each within its time, one failure never stopping the rest.

Each brief's outcome comes back as data (its result, warnings, problems, or the description of
a bug) as soon as it is done, so a caller can show progress; only the command line formats it.

Stages check the brief's deadline where stopping is safe (``--limit seconds``), and a
watchdog (:mod:`brief.core.watchdog`) interrupts a step that runs long between two checks.
The first brief is rendered here; the rest in worker processes forked from this one (they
start warm, with the fonts read and the templates compiled), each rendering brief after
brief. A worker still busy well after its brief's deadline, stuck in a C library where no
interruption reaches, is killed, the brief reported with the limit's message, and the
worker replaced. Where processes cannot be forked, every brief is rendered here.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief.api import named_at, render_brief
from brief.core.errors import BriefError, Problem, first_line
from brief.core.limits import Limits
from brief.core.watchdog import ended_when_stuck, grace, overrun_message, watchdog
from brief.pdf.written import RenderResult


@dataclass
class Outcome:
    """What rendering one brief gave: a result, or the problems that stopped it."""

    path: Path
    result: RenderResult | None = None
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the input's errors
    bug: str | None = None  # an error in brief itself: "TypeError: message"
    trace: str | None = None  # its traceback


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def render_one(
    path: Path,
    output_dir: Path | None,
    options: dict[str, Any],
    stuck_message: str | None = None,
) -> Outcome:
    """Render one brief here and report how it went, whatever happens; past its time limit
    it is interrupted (:func:`watchdog`); with *stuck_message*, a process that cannot be
    interrupted is ended with that message (:func:`ended_when_stuck`)."""
    outcome = Outcome(path)
    seconds = (options.get("limits") or Limits()).seconds
    ending = ended_when_stuck(seconds, stuck_message) if stuck_message else nullcontext()
    try:
        # named_at: the watchdog's error may come from outside every stage
        with ending, watchdog(seconds), named_at(path):
            outcome.result = render_brief(
                path, output_dir=output_dir, warnings=outcome.warnings, **options
            )
    except BriefError as error:
        outcome.problems = list(error.problems)
    except Exception as error:  # a bug: reported for this brief, the others go on
        message = first_line(error)
        outcome.bug = f"{type(error).__name__}: {message}"
        outcome.trace = traceback.format_exc()
    return outcome


def render_many(
    paths: list[Path],
    output_dir: Path | None,
    jobs: int,
    options: dict[str, Any],
    stuck_message: Callable[[Path], str] | None = None,
) -> Iterator[Outcome]:
    """Outcomes of rendering *paths*, in the order they finish, the first here and the rest
    with up to *jobs* worker processes, each brief within ``options["limits"].seconds``;
    a brief rendered here that cannot be stopped ends this process with the message
    *stuck_message* gives for its path (for a command line: see :func:`render_one`)."""
    if not paths:
        return
    first, rest = paths[0], paths[1:]
    yield render_one(first, output_dir, options, stuck_message(first) if stuck_message else None)
    if not rest:
        return
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        for path in rest:
            yield render_one(
                path, output_dir, options, stuck_message(path) if stuck_message else None
            )
        return
    # What the workers inherit stays out of their garbage collector's way: it is never
    # scanned, so never copied into each worker's memory.
    gc.freeze()
    seconds = (options.get("limits") or Limits()).seconds
    pool = _Workers(max(1, min(jobs, len(rest))), output_dir, options)
    try:
        yield from pool.run(rest, seconds)
    finally:
        pool.close()
        gc.unfreeze()  # the caller's process as it was: its objects collected again


# Briefs a worker is given ahead: it starts the next as soon as it sends an outcome, without
# waiting for this process to answer (a batch of a hundred briefs on two cores was a fifth
# slower when each worker waited).
AHEAD = 2


class _Worker:
    """A forked process that renders the briefs it is sent, in order, each as soon as it has
    sent the outcome of the one before: a brief's time runs from then."""

    def __init__(self, output_dir: Path | None, options: dict[str, Any]):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve, args=(theirs, output_dir, options), daemon=True
        )
        self.process.start()
        theirs.close()
        self.queue: deque[Path] = deque()  # sent, not finished; the first is being rendered
        self.ends: float | None = None  # when the brief being rendered is out of time

    def send(self, path: Path, allowed: float) -> None:
        if not self.queue:  # started now
            self.ends = time.monotonic() + allowed
        self.queue.append(path)
        self.connection.send(path)

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(connection: Any, output_dir: Path | None, options: dict[str, Any]) -> None:
    """A worker's life: render each path received, sending back its outcome."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            path = connection.recv()
        except EOFError:
            return
        if path is None:
            return
        connection.send(render_one(path, output_dir, options))


class _Workers:
    def __init__(self, size: int, output_dir: Path | None, options: dict[str, Any]):
        self.size, self.output_dir, self.options = size, output_dir, options
        self.workers: list[_Worker] = []

    def run(self, paths: list[Path], seconds: float) -> Iterator[Outcome]:
        from multiprocessing.connection import wait

        # The worker's own watchdog interrupts at seconds + grace; this is for a worker
        # that the interruption cannot reach.
        allowed = seconds + 3 * grace(seconds)
        waiting = deque(paths)
        while waiting or any(worker.queue for worker in self.workers):
            while waiting and len(self.workers) < self.size:
                self.workers.append(_Worker(self.output_dir, self.options))
            for worker in self.workers:
                while waiting and len(worker.queue) < AHEAD:
                    worker.send(waiting.popleft(), allowed)
            busy = [worker for worker in self.workers if worker.queue]
            ends = [worker.ends for worker in busy if worker.ends is not None]
            timeout = max(0.0, min(ends) - time.monotonic()) if ends else None
            wait([w.connection for w in busy] + [w.process.sentinel for w in busy], timeout)
            for worker in busy:
                yield from self._collect(worker, allowed, seconds, waiting)

    def _collect(
        self, worker: _Worker, allowed: float, seconds: float, waiting: deque[Path]
    ) -> Iterator[Outcome]:
        """What *worker* has finished; if it died or ran out of time, the outcome of the
        brief it was rendering, and the briefs it was given ahead back in *waiting*."""
        try:
            while worker.connection.poll():
                outcome = worker.connection.recv()
                worker.queue.popleft()
                worker.ends = time.monotonic() + allowed if worker.queue else None
                yield outcome
        except (EOFError, OSError):
            pass
        if not worker.queue:
            return
        path = worker.queue[0]
        if not worker.process.is_alive():
            code = worker.process.exitcode
            outcome = Outcome(path, bug=f"the process rendering it ended unexpectedly ({code})")
        elif worker.ends is not None and time.monotonic() >= worker.ends:
            outcome = Outcome(path, problems=[Problem(path, overrun_message(seconds))])
        else:
            return
        worker.queue.popleft()
        waiting.extendleft(reversed(worker.queue))
        self.workers.remove(worker)
        worker.stop()
        yield outcome

    def close(self) -> None:
        for worker in self.workers:
            if worker.queue:  # stopped midway (Ctrl-C): nothing it does is wanted
                worker.stop()
                continue
            with contextlib.suppress(OSError):
                worker.connection.send(None)
            worker.process.join(timeout=5)
            worker.stop()
        self.workers = []
