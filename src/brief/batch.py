"""Rendering many briefs at once: in worker processes, one failure never stopping the rest.

Each brief's outcome comes back as data (its result, warnings, problems, or the description of
a bug) as soon as it is done, so a caller can show progress; only the command line formats it.
"""

from __future__ import annotations

import gc
import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brief.api import RenderResult, render_brief
from brief.core.errors import BriefError, Problem


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


def render_one(path: Path, output_dir: Path | None, options: dict[str, Any]) -> Outcome:
    """Render one brief and report how it went, whatever happens."""
    outcome = Outcome(path)
    try:
        outcome.result = render_brief(
            path, output_dir=output_dir, warnings=outcome.warnings, **options
        )
    except BriefError as error:
        outcome.problems = list(error.problems)
    except Exception as error:  # a bug: reported for this brief, the others go on
        message = str(error).strip().splitlines()[0] if str(error).strip() else ""
        outcome.bug = f"{type(error).__name__}: {message}"
        outcome.trace = traceback.format_exc()
    return outcome


def render_many(
    paths: list[Path], output_dir: Path | None, jobs: int, options: dict[str, Any]
) -> Iterator[Outcome]:
    """Outcomes of rendering *paths*, in the order they finish, with up to *jobs* worker
    processes (none for a single brief or one job)."""
    jobs = max(1, min(jobs, len(paths)))
    if jobs == 1:
        for path in paths:
            yield render_one(path, output_dir, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        # The first brief is rendered here: forked workers then start with the libraries
        # imported, the fonts read and the templates compiled, instead of each doing it.
        yield render_one(paths[0], output_dir, options)
        paths = paths[1:]
        # What the workers inherit stays out of their garbage collector's way: it is never
        # scanned, so never copied into each worker's memory.
        gc.freeze()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(render_one, path, output_dir, options) for path in paths]
        for future in as_completed(futures):
            yield future.result()
