"""Reading a user's file so that what is read is what was checked.

Checking a path and then opening it are two steps a concurrent change can come between (a
link swapped after the check). Here the file is opened first; then the real location of the
path is worked out and must (1) lie inside one of the allowed folders and (2) be the very file
that was opened (same device and inode). Everything is read from that one handle, so no other
file's bytes can ever be returned. Sizes are bounded while reading, not after.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path

from brief.core.errors import BriefError


def read_confined(
    path: Path,
    roots: Sequence[Path] | None,
    error: type[BriefError],
    what: str = "file",
    max_bytes: int | None = None,
    limit_hint: str = "",
    outside: str | None = None,
) -> tuple[bytes, Path]:
    """The bytes of the regular file at *path* and its real location.

    With *roots*, the file must lie inside one of them (links followed); *outside* is the
    message for one that does not. With *max_bytes*, a larger file is an error naming the
    limit (*limit_hint* says how to raise it)."""
    if "\x00" in str(path):
        raise error.at(None, f"the {what} path {str(path)!r} contains a NUL character")
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | _NONBLOCK)
    except FileNotFoundError:
        raise error.at(path, f"{what} not found") from None
    except IsADirectoryError:
        raise error.at(path, f"is a folder, not {_a(what)}") from None
    except OSError as exc:
        raise error.at(path, f"cannot read the {what}: {exc.strerror}") from None
    try:
        opened = os.fstat(handle)
        if stat.S_ISDIR(opened.st_mode):
            raise error.at(path, f"is a folder, not {_a(what)}")
        if not stat.S_ISREG(opened.st_mode):
            raise error.at(path, f"is not a regular file, so it cannot be {_a(what)}")
        try:
            real = Path(os.path.realpath(path))
        except OSError:  # a folder on the way changing as it is looked at
            raise error.at(path, f"the {what} changed while it was being read; try again") from None
        if roots is not None and not any(_inside(real, root) for root in roots):
            raise error.at(path, outside or f"the {what} lies outside the folders it may come from")
        try:
            now = os.stat(real)
        except OSError:
            now = None
        if now is None or (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
            raise error.at(path, f"the {what} changed while it was being read; try again")
        if max_bytes is not None and opened.st_size > max_bytes:
            raise error.at(path, _too_big(what, opened.st_size, max_bytes, limit_hint))
        data = _read_all(handle, max_bytes)
        if max_bytes is not None and len(data) > max_bytes:
            raise error.at(path, _too_big(what, len(data), max_bytes, limit_hint))
        return data, real
    finally:
        os.close(handle)


_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # a FIFO must not hang the open; it is refused after


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _inside(path: Path, root: Path) -> bool:
    return path.is_relative_to(Path(os.path.realpath(root)))


def _read_all(handle: int, max_bytes: int | None) -> bytes:
    chunks = []
    left = None if max_bytes is None else max_bytes + 1
    while left is None or left > 0:
        chunk = os.read(handle, 1 << 20 if left is None else min(1 << 20, left))
        if not chunk:
            break
        chunks.append(chunk)
        if left is not None:
            left -= len(chunk)
    return b"".join(chunks)


def _too_big(what: str, size: int, max_bytes: int, hint: str) -> str:
    limit = f"{max_bytes / 1_000_000:g} MB"
    return f"the {what} is {size / 1_000_000:.1f} MB, over the {limit} limit" + (
        f" ({hint})" if hint else ""
    )


def read_input(
    path: Path,
    error: type[BriefError],
    what: str = "file",
    max_bytes: int | None = None,
    limit_hint: str = "",
) -> bytes:
    """The bytes of a user's file, or *error* naming it when it cannot be read."""
    return read_confined(path, None, error, what, max_bytes, limit_hint)[0]


def check_write_path(target: Path, project: Path, error: type[BriefError], what: str) -> None:
    """Refuse to write *target* through a link that leads out of *project*.

    A path the user names outside the project (``-o /var/www/site``) is theirs to choose; but
    no link found inside the project may carry a write out of it, wherever the path began
    (``site`` or ``output`` linked elsewhere, ``lnk/../x.pdf`` with ``lnk`` such a link, the
    project reached through a link from outside, a dangling ``briefs/x.json``)."""
    if "\x00" in str(target):
        raise error.at(None, f"the {what} path {str(target)!r} contains a NUL character")
    try:
        link = link_out_of(target, project)
    except OSError:  # the path changed under the look (a folder swapped for a link)
        raise error.at(target, f"changed while the {what} was being written; try again") from None
    if link is not None:
        raise error.at(
            link,
            f"is a link that leads outside the project folder; brief does not write the "
            f"{what} through it (name a folder outside the project directly to write there)",
        )


def link_out_of(path: Path, project: Path) -> Path | None:
    """The first link on *path*'s way that lies inside *project* and leads out of it (or
    nowhere, as the last step), if any. The path is followed step by step as the system
    would: each link resolved where it is met, and ``..`` taken from where that left off,
    not from the text of the path (``lnk/..`` is the parent of the link's target)."""
    top = Path(os.path.realpath(project))
    given = os.fspath(path)
    steps = [part for part in given.split(os.sep) if part not in ("", ".")]
    here = Path(os.sep) if os.path.isabs(given) else Path(os.path.realpath(os.getcwd()))
    for number, step in enumerate(steps):
        if step == "..":
            here = here.parent
            continue
        candidate = here / step
        if os.path.islink(candidate):
            real = Path(os.path.realpath(candidate))
            last = number == len(steps) - 1
            if here.is_relative_to(top) and (
                not real.is_relative_to(top) or (last and not real.exists())
            ):
                return candidate
            here = real
        else:
            here = candidate
    return None


def listed_file(folder: Path, name: object) -> Path | None:
    """The regular file *name* stands for inside *folder*, when it is a plain relative path
    that stays inside it, links followed; else None. For names read from files anyone can
    edit (a manifest, a site's list of files): ``../../proc/self/pagemap``, ``/etc/x`` or a
    link out of the folder name nothing."""
    if not isinstance(name, str) or not name or "\x00" in name or "\\" in name:
        return None
    relative = Path(name)
    if relative.is_absolute() or ".." in relative.parts or name.startswith("~"):
        return None
    path = folder / relative
    try:
        if not path.resolve().is_relative_to(folder.resolve()) or not path.is_file():
            return None
    except (OSError, ValueError):  # a name too long
        return None
    return path
