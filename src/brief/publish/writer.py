"""Writing a published site: every file collected first, then all written at once, inside
the site folder and never through a link out of the project; files copied into it are read
confined to the folders they may come from."""

from __future__ import annotations

import builtins
import json
import os
from pathlib import Path
from typing import Any

from brief.core.confined import check_write_path, listed_file, read_confined
from brief.core.errors import BriefError, OutputError
from brief.pdf.output import write_atomically
from brief.publish.images import Pictures, picture_size

MARKER = ".brief-site.json"  # the files brief wrote last time: only those are ever removed


class SiteWriter:
    """Collects the site's files, then writes them all at once, each through a temporary
    file, and removes the files the previous run wrote that this one did not (never a file
    brief did not write). Nothing is written until every page is made: a template that fails
    leaves the previous site whole. Every file is written inside *site*, never through a
    link that leads out of the project, and every file copied is read confined to the
    folders it may come from."""

    def __init__(self, site: Path, project: Path):
        self.site = site
        self.project = project
        self._files: dict[str, bytes | tuple[Path, tuple[Path, ...], str]] = {}
        self.pictures: dict[str, str] = {}  # what each brief's pictures were drawn from

    def _marker(self) -> dict[Any, Any]:
        try:
            text, _ = read_confined(
                self.site / MARKER, [self.site], OutputError, "site's list", 100_000_000
            )
            data = json.loads(text.decode("utf-8"))
        except (BriefError, ValueError, RecursionError):  # edited by hand: trusted for nothing
            return {}
        return data if isinstance(data, dict) else {}

    def previous_pictures(self) -> dict[str, str]:
        """What the pictures the last run wrote were drawn from, by brief folder."""
        found = self._marker().get("pictures")
        if not isinstance(found, dict):
            return {}
        return {k: v for k, v in found.items() if isinstance(k, str) and isinstance(v, str)}

    def kept_pictures(self, folder: str) -> Pictures | None:
        """The cover and card the site has for the brief in *folder*, if both are there."""
        try:
            cover, card = (
                read_confined(
                    self.site / folder / name, [self.site], OutputError, "picture", 50_000_000
                )[0]
                for name in ("cover.png", "card.png")
            )
        except BriefError:
            return None
        size = picture_size(cover)
        return None if size is None else Pictures(cover, card, *size)

    @property
    def written(self) -> list[str]:
        return list(self._files)

    def bytes(self, name: str, data: bytes) -> None:
        self._files[name] = data

    def text(self, name: str, text: str) -> None:
        self.bytes(name, text.encode("utf-8"))

    def copy(self, name: str, source: Path, roots: tuple[Path, ...], what: str) -> None:
        """Copy *source*, which must lie inside one of *roots* (links followed)."""
        self._files[name] = (source, roots, what)

    def _data(self, item: builtins.bytes | tuple[Path, tuple[Path, ...], str]) -> builtins.bytes:
        if isinstance(item, bytes):
            return item
        source, roots, what = item
        return read_confined(
            source,
            roots,
            OutputError,
            what,
            outside=f"the {what} is a link that leads outside its folder; brief does not "
            "publish it",
        )[0]

    def _write_all(self) -> None:
        for name in self._files:
            check_write_path(self.site / name, self.project, OutputError, "site")
        real_site = Path(os.path.realpath(self.site))
        for name, item in self._files.items():
            target = self.site / name
            existing = target.parent
            while not existing.exists() and existing != self.site:
                existing = existing.parent
            if not Path(os.path.realpath(existing)).is_relative_to(real_site):
                raise OutputError.at(existing, "is a link that leads outside the site folder")
            data = self._data(item)
            same = _holds(target, data)
            if not same:  # an unchanged file keeps its time: uploads that compare times skip it
                write_atomically(data, target, f"the site's {name}", within=self.project)

    def finish(self) -> list[str]:
        try:
            self._write_all()
        except OSError as exc:  # a folder of the site changing as it is written
            raise OutputError.at(self.site, f"cannot write the site: {exc.strerror}") from None
        marker = self.site / MARKER
        before = self._marker().get("files", [])
        if not isinstance(before, list):  # a hand-edited list: trusted for nothing
            before = []
        current = set(self.written)
        stale = [listed_file(self.site, name) for name in before if name not in current]
        gone = [path for path in stale if path is not None]
        for path in gone:
            path.unlink(missing_ok=True)
        for folder in sorted({p.parent for p in gone}, key=lambda p: len(p.parts), reverse=True):
            while folder != self.site and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        record = {"files": sorted(current), "pictures": dict(sorted(self.pictures.items()))}
        text = json.dumps(record, indent=1) + "\n"
        write_atomically(
            text.encode("utf-8"), marker, "the site's list of files", within=self.project
        )
        return sorted(current)


def _holds(target: Path, data: bytes) -> bool:
    """Does the regular file *target* (no link) hold *data* already? Its size is compared
    first, and it is read only when that matches."""
    try:
        if target.is_symlink() or not target.is_file() or target.stat().st_size != len(data):
            return False
        return read_confined(target, None, OutputError, "file", len(data))[0] == data
    except (BriefError, OSError):
        return False
