"""Writing the PDF to its file: through a temporary file and a rename, so a failure leaves
the previous PDF whole."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

from brief.core.confined import check_write_path
from brief.core.errors import OutputError


def write_atomically(
    data: bytes,
    target: Path,
    what: str = "the PDF",
    sweep: bool = True,
    within: Path | None = None,
) -> None:
    """Write *data* to *target* through a temporary file in the same folder, then rename.

    With *within* (the project folder), a target inside it that a link would carry out of
    it is refused (:func:`brief.core.confined.check_write_path`).

    A failure at any point leaves the previous file at *target* untouched. Temporary files
    carry the writer's process id, so a later run removes those a killed render left behind
    without touching one that a render running at the same time is still writing; *sweep*
    false skips that look, for a file written right after another in the same folder (each
    look reads the whole folder: five a render made a batch's folder a cost per brief).
    """
    if within is not None:
        check_write_path(target, within, OutputError, what.removeprefix("the "))
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if sweep:
            remove_stale_temporaries(folder)
        # Everything from here on is done in the folder as opened, by its handle: a link
        # swapped in for it after the check above cannot carry the file elsewhere.
        directory = open_folder(folder, within)
    except OSError as exc:
        raise OutputError.at(folder, f"cannot write to the output folder: {exc.strerror}") from None
    try:
        try:
            temporary = _create(directory, f".{target.name[:64]}.{os.getpid()}.")
        except OSError as exc:
            raise OutputError.at(
                folder, f"cannot write to the output folder: {exc.strerror}"
            ) from None
        try:
            handle = os.open(temporary, os.O_WRONLY | _CLOEXEC, dir_fd=directory)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, 0o666 & ~_umask(), dir_fd=directory)
            os.replace(temporary, target.name, src_dir_fd=directory, dst_dir_fd=directory)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=directory)
            raise OutputError.at(target, f"cannot write {what}: {exc.strerror}") from None
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary, dir_fd=directory)
            raise
    finally:
        os.close(directory)


_CLOEXEC = getattr(os, "O_CLOEXEC", 0)


def open_folder(folder: Path, within: Path | None) -> int:
    """A handle on *folder*; with *within*, checked to be the folder inside it that the path
    names now (the same device and inode as its real location, which lies inside)."""
    directory = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _CLOEXEC)
    if within is None:
        return directory
    real = Path(os.path.realpath(folder))
    opened = os.fstat(directory)
    try:  # the entry itself, not what a link swapped in for it would lead to
        now = os.stat(real, follow_symlinks=False)
    except OSError:
        now = None
    inside = real.is_relative_to(Path(os.path.realpath(within))) or not Path(
        os.path.abspath(folder)
    ).is_relative_to(os.path.abspath(within))
    if not inside or now is None or (now.st_dev, now.st_ino) != (opened.st_dev, opened.st_ino):
        os.close(directory)
        raise OutputError.at(folder, "changed while it was being written to; try again")
    return directory


def _create(directory: int, prefix: str) -> str:
    """A new, empty temporary file's name in *directory*, made by this process alone."""
    for _ in range(100):
        name = f"{prefix}{secrets.token_hex(4)}{TEMPORARY_SUFFIX}"
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _CLOEXEC
        try:
            os.close(os.open(name, flags, 0o600, dir_fd=directory))
        except FileExistsError:
            continue
        return name
    raise OSError(17, "no free name for a temporary file")


TEMPORARY_SUFFIX = ".brief-tmp"


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)  # elsewhere: the classic read-and-restore
    os.umask(current)
    return current


def remove_stale_temporaries(folder: Path) -> None:
    """Remove temporary PDFs whose writing process no longer runs."""
    for leftover in folder.glob(f".*{TEMPORARY_SUFFIX}"):
        parts = leftover.name.split(".")
        pid = int(parts[-3]) if len(parts) >= 4 and parts[-3].isdigit() else None
        if pid is None or _alive(pid):
            continue
        leftover.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
