"""Re-rendering briefs as their files are saved, in one warm process.

Each brief is rendered once, then again whenever a file it uses changes: its spec, its
article, the images the article shows, and every file of its layout's folders (style,
templates, fonts, logos). The files a brief uses are worked out again after each render, so a
spec that switches article or layout is followed. A render that fails leaves the last good
PDF where it was (PDFs are written through a temporary file and renamed). File events come
from watchfiles (the operating system's notifications, not polling).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event
from typing import Any

from brief.batch import Outcome, render_one
from brief.core.errors import BriefError

# Editors write through temporary files and swap them in: events are gathered for this long
# after the first, so one save is one render.
DEBOUNCE_MS = 30


@dataclass
class Watched:
    """One brief being watched: its input and the files its last render used."""

    path: Path
    uses: set[Path] = field(default_factory=set)
    folders: set[Path] = field(default_factory=set)  # any file in these counts (a layout)
    stamps: dict[Path, int] = field(default_factory=dict)  # when each used file last changed

    def saved_since(self) -> set[Path]:
        """Used files saved since the last render: a save between a render and the moment
        the watcher starts has no event of its own."""
        return {path for path, stamp in self.stamps.items() if _stamp(path) != stamp}

    def affected_by(self, changed: Iterable[Path]) -> bool:
        return any(
            path in self.uses or any(path.is_relative_to(f) for f in self.folders)
            for path in changed
        )


def files_used(path: Path, options: dict[str, Any]) -> tuple[set[Path], set[Path]]:
    """The files and folders a brief's render reads: its input, the article a spec names,
    the article's images, and its layout's folders."""
    from brief.api import find_project, load, resolve_layout
    from brief.core.limits import Limits

    uses = {path.resolve()}
    folders: set[Path] = set()
    project = options.get("project_dir") or find_project(path)
    try:
        brief, layout_name = load(
            path, options.get("limits") or Limits(), project, options.get("allow_outside", False)
        )
        layout = resolve_layout(path, layout_name, options.get("layout"), project)
    except BriefError:
        return uses, folders  # the render reports it; the input is watched until it is fixed
    if path.suffix.lower() == ".toml":  # the article it names
        from brief.compose.spec import load_spec

        with contextlib.suppress(BriefError):
            uses.add((path.parent / load_spec(path).source).resolve())
    from brief.pdf.inputs import image_paths

    uses.update(path.resolve() for path in image_paths(brief))
    folders.update(folder.resolve() for folder in layout.folders)
    return uses, folders


def watch(
    paths: list[Path],
    output_dir: Path | None,
    options: dict[str, Any],
    stop: Event | None = None,
    on_change: Callable[[], None] | None = None,
) -> Iterator[Outcome]:
    """Outcomes of rendering *paths* once, then of re-rendering each brief whose files
    change, until *stop* is set (or the process is interrupted)."""
    import watchfiles

    watched = [Watched(path) for path in paths]
    for brief in watched:
        yield _render(brief, output_dir, options)
    while not (stop is not None and stop.is_set()):
        roots = _roots(watched)
        for changes in watchfiles.watch(
            *roots,
            recursive=False,  # each folder is listed: links out of a layout are not followed
            ignore_permission_denied=True,
            debounce=DEBOUNCE_MS,
            step=10,
            stop_event=stop,
            rust_timeout=500,
            yield_on_timeout=True,
        ):
            changed = {Path(name).resolve() for _, name in changes}
            changed |= {path for brief in watched for path in brief.saved_since()}
            if not changed:
                if stop is not None and stop.is_set():
                    return
                continue
            if on_change is not None:
                on_change()
            for brief in watched:
                if brief.affected_by(changed):
                    yield _render(brief, output_dir, options)
            if _roots(watched) != roots:
                break  # a brief now uses files elsewhere: watch those folders too


def _render(brief: Watched, output_dir: Path | None, options: dict[str, Any]) -> Outcome:
    # The files the last render used, stamped before this one reads them: a save during the
    # render is then seen as a change. A file this render uses for the first time is
    # stamped after it.
    stamps = {path: _stamp(path) for path in brief.uses | {brief.path.resolve()}}
    outcome = render_one(brief.path, output_dir, options)
    if outcome.result is not None:  # what the render read, as it read it
        brief.uses = {brief.path.resolve(), *outcome.result.files}
        brief.folders = set(outcome.result.folders)
    else:  # a render that failed: what can still be found of its files
        brief.uses, brief.folders = files_used(brief.path, options)
    brief.stamps = {path: stamps.get(path, _stamp(path)) for path in brief.uses}
    return outcome


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _roots(watched: list[Watched]) -> list[Path]:
    """The folders to watch, each on its own: the folder of every file used, and every
    folder inside a layout folder. A link to a folder is not followed (a shared layout
    with a link to ``/`` would have the whole machine watched), and at most
    :data:`MOST_FOLDERS` folders of a layout are watched."""
    folders = {p.parent for brief in watched for p in brief.uses}
    for layout in {f for brief in watched for f in brief.folders}:
        folders.update(_real_folders(layout))
    return sorted(f for f in folders if f.is_dir())


MOST_FOLDERS = 500


def _real_folders(top: Path) -> list[Path]:
    found: list[Path] = []
    for folder, subfolders, _ in os.walk(top, followlinks=False):
        found.append(Path(folder))
        subfolders[:] = sorted(
            name
            for name in subfolders
            if not name.startswith(".")
            and name != "__pycache__"
            and not os.path.islink(os.path.join(folder, name))
        )
        if len(found) >= MOST_FOLDERS:
            break
    return found
