"""Writing the PDF to its file: through a temporary file and a rename, so a failure leaves
the previous PDF whole."""

from __future__ import annotations

import os
import tempfile
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
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name[:64]}.{os.getpid()}.", suffix=TEMPORARY_SUFFIX, dir=folder
        )
    except OSError as exc:
        raise OutputError.at(folder, f"cannot write to the output folder: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o666 & ~_umask())  # as any new file: mkstemp made it private
        os.replace(temporary, target)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError.at(target, f"cannot write {what}: {exc.strerror}") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
