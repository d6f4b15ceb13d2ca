"""The files a PDF was made from, each with its SHA-256, so anyone holding a PDF can tell
which spec, article, layout, images and fonts made it (the PDF's XMP and
``output/manifest.json`` both carry the list).

Files are named so that the names mean the same on every machine and give nothing of it
away: relative to the project, ``brief:…`` for what ships with brief, and the bare file
name for anything else (a system font).
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_kinds
from pathlib import Path

from brief.core.cache import StampedMemo, file_stamp
from brief.core.confined import listed_file
from brief.core.limits import check_deadline


def sha256_file(path: Path) -> str:
    """The file's SHA-256, kept while its size and modification time stay the same (the
    fonts are the same megabytes render after render, in a batch or a watch)."""
    stamp = file_stamp(path)
    if stamp is None:
        raise OSError(f"{path} cannot be read")
    return _DIGESTS.get(stamp, lambda: _hash(path))


_DIGESTS: StampedMemo[str] = StampedMemo(most=4096)


def _hash(path: Path) -> str:
    """The SHA-256 of a regular file, read from one handle (a FIFO or device is refused
    when opened, not waited on), within the brief's deadline."""
    digest = hashlib.sha256()
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(handle, "rb") as file:
        if not stat_kinds.S_ISREG(os.fstat(handle).st_mode):
            raise OSError(f"{path} is not a regular file")
        for chunk in iter(lambda: file.read(1 << 20), b""):
            digest.update(chunk)
            check_deadline("reading the input files")
    return digest.hexdigest()


class Inputs:
    """The input files of one render, recorded as each stage reads them."""

    def __init__(self, roots: dict[Path, str]):
        """*roots*: folders and the prefix their files are named with ("" for the project);
        the most specific folder that holds a file names it."""
        self._roots = sorted(
            ((folder.resolve(), prefix) for folder, prefix in roots.items()),
            key=lambda item: len(item[0].parts),
            reverse=True,
        )
        self._files: dict[str, str] = {}
        self._seen: set[Path] = set()

    def name(self, path: Path) -> str:
        resolved = path.resolve()
        for folder, prefix in self._roots:
            if resolved.is_relative_to(folder):
                return prefix + resolved.relative_to(folder).as_posix()
        return resolved.name

    def path_of(self, name: str) -> Path | None:
        """The file an entry *name* stands for; None for a bare name of a file outside every
        root that is not in the project either (a system font: it cannot be found again),
        and for a name that would lead out of its root (a manifest is a file anyone can
        edit: ``../../proc/self/pagemap`` names nothing)."""
        for folder, prefix in self._roots:
            if prefix and name.startswith(prefix):
                return listed_file(folder, name[len(prefix) :])
        project = next((folder for folder, prefix in self._roots if prefix == ""), None)
        if project is None or ":" in name:
            return None
        return listed_file(project, name)

    def outside(self, path: Path) -> bool:
        """Does *path*, links followed, lie outside every root (the project, brief's own
        layouts and fonts)?"""
        resolved = path.resolve()
        return not any(resolved.is_relative_to(folder) for folder, _ in self._roots)

    def add(self, path: Path) -> None:
        """Record *path* (once); a file that cannot be read is not an input."""
        resolved = path.resolve()
        if resolved in self._seen or not resolved.is_file():
            return
        self._seen.add(resolved)
        try:
            self._files[self.name(resolved)] = sha256_file(resolved)
        except OSError:
            return

    def entries(self) -> dict[str, str]:
        """Each input's name and SHA-256, sorted by name."""
        return dict(sorted(self._files.items()))

    def files(self) -> tuple[Path, ...]:
        """Each input file's real path, sorted: what a watcher watches."""
        return tuple(sorted(self._seen))
