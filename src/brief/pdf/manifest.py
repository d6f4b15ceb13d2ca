"""``manifest.json`` in an output folder: for each PDF there, what it was made from (spec,
article, layout, the SHA-256 of every input file), its own SHA-256, pages and bytes, and the
version of brief that wrote it. It holds no times, so rendering the same inputs again writes
the same manifest.

Renders of several briefs into one folder run in parallel processes; each updates the
manifest under a lock on the folder (see :func:`_locked`), and entries
of PDFs no longer in the folder are dropped.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from brief.core.confined import check_write_path, read_confined
from brief.core.errors import BriefError, OutputError
from brief.pdf.output import open_folder, write_atomically

MANIFEST = "manifest.json"
MOST_BYTES = 100_000_000  # a manifest of ten thousand PDFs is a few megabytes
FORMAT = 1


def record(pdf: Path, project: Path, entry: dict[str, Any]) -> None:
    """Set *pdf*'s entry in the manifest of its folder (in *project*: never written through
    a link that leads out of it)."""
    folder = pdf.parent
    path = folder / MANIFEST
    try:
        with _locked(folder, project):
            entries = read_manifest(folder)
            entries[pdf.name] = entry
            kept = {name: e for name, e in entries.items() if (folder / name).is_file()}
            text = json.dumps(
                {"format": FORMAT, "pdfs": dict(sorted(kept.items()))},
                ensure_ascii=False,
                indent=2,
                sort_keys=False,
            )
            # The PDF was just written to this folder, which swept it of stale temporaries.
            write_atomically(
                (text + "\n").encode("utf-8"), path, "the manifest", sweep=False, within=project
            )
    except OSError as exc:
        raise OutputError.at(path, f"cannot write the manifest: {exc.strerror}") from None


@contextmanager
def _locked(folder: Path, project: Path) -> Iterator[None]:
    """The output folder locked while its manifest is read and written again (renders of
    several briefs into one folder run in parallel processes). Where the system locks a
    folder itself (``flock``: Linux, macOS, the BSDs), the folder is opened as writing opens
    it, checked to be the one inside the project, and locked: no lock file is left beside
    the PDFs (a web server would serve it), and no file is opened by a name that a link
    could lead elsewhere. Elsewhere, a lock file through filelock."""
    try:
        import fcntl
    except ImportError:
        fcntl = None  # type: ignore[assignment]
    if fcntl is None or not hasattr(fcntl, "flock"):
        from filelock import FileLock, Timeout

        lock = folder / f".{MANIFEST}.lock"
        check_write_path(lock, project, OutputError, "manifest's lock")
        try:
            with FileLock(lock, timeout=LOCK_SECONDS):
                yield
        except Timeout:
            raise OutputError.at(folder / MANIFEST, _HELD) from None
        return
    directory = open_folder(folder, project)
    try:
        ends = time.monotonic() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(directory, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > ends:
                    raise OutputError.at(folder / MANIFEST, _HELD) from None
                time.sleep(0.005)
        yield
    finally:
        os.close(directory)  # the lock goes with it


LOCK_SECONDS = 60
_HELD = "another render held the manifest's lock for a minute"


def read_manifest(folder: Path) -> dict[str, dict[str, Any]]:
    """The manifest's entries by PDF name; none when there is no manifest or it is not one
    brief wrote (it is then written afresh)."""
    try:
        text, _ = read_confined(folder / MANIFEST, [folder], OutputError, "manifest", MOST_BYTES)
        data = json.loads(text.decode("utf-8"))
    except (BriefError, ValueError, RecursionError):  # not one brief wrote: written afresh
        return {}
    pdfs = data.get("pdfs") if isinstance(data, dict) else None
    if not isinstance(pdfs, dict):
        return {}
    return {name: e for name, e in pdfs.items() if isinstance(e, dict)}
