"""brief's cache folder: compiled templates and parsed fonts kept between runs.

``$BRIEF_CACHE_DIR`` if set, else the system's cache folder as platformdirs finds it
(``$XDG_CACHE_HOME/brief`` or ``~/.cache/brief`` on Linux, ``~/Library/Caches/brief`` on
macOS, ``%LOCALAPPDATA%\\brief\\Cache`` on Windows). Setting
``BRIEF_CACHE_DIR`` to an empty value turns the cache off. Everything in it is derived from
files it names and checks, so deleting it is always safe; a folder that cannot be created
means running without a cache, never an error.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from brief import __version__

T = TypeVar("T")


def cache_folder(kind: str) -> Path | None:
    """The cache subfolder for *kind* (created), or None when caching is off or impossible."""
    setting = os.environ.get("BRIEF_CACHE_DIR")
    if setting is not None:
        if not setting:
            return None
        base = Path(setting)
    else:  # the system's place: $XDG_CACHE_HOME or ~/.cache, ~/Library/Caches, %LOCALAPPDATA%
        import platformdirs

        base = Path(platformdirs.user_cache_dir("brief", appauthor=False))
    folder = base / __version__ / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder


def file_stamp(path: Path) -> tuple[str, int, int] | None:
    """What says a file is unchanged: its path, modification time and size; None when it
    cannot be looked at."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_mtime_ns, stat.st_size)


class StampedMemo(Generic[T]):
    """Values worked out from files, kept in this process while the files stay the same (the
    key holds their :func:`file_stamp`): a batch or a watch reads the same layout files,
    fonts and templates render after render. At most *most* values are kept; past that the
    memo starts again. The one place such a memo is made: each use names its own."""

    def __init__(self, most: int):
        self._values: dict[Any, T] = {}
        self._most = most

    def get(self, key: Any, make: Callable[[], T]) -> T:
        if key in self._values:
            return self._values[key]
        value = make()
        if len(self._values) >= self._most:
            self._values.clear()
        self._values[key] = value
        return value


def remembered(
    kind: str,
    key: str,
    make: Callable[[], T],
    to_state: Callable[[T], Any] = lambda value: value,
    from_state: Callable[[Any], T] = lambda state: state,
) -> T:
    """*make()*, or what it gave last time for *key*: kept pickled in the *kind* subfolder.

    *key* must name everything the value derives from (file, size, modification time,
    versions). A copy that cannot be read is made again and replaced; one that cannot be
    written is simply not kept.
    """
    folder = cache_folder(kind)
    if folder is None:
        return make()
    kept = folder / f"{key}.pickle"
    try:
        return from_state(pickle.loads(kept.read_bytes()))
    except Exception:  # missing, damaged or from another version: make it again
        pass
    value = make()
    try:
        partial = kept.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(to_state(value), protocol=pickle.HIGHEST_PROTOCOL))
        partial.replace(kept)  # whole or not at all, even with parallel renders
    except OSError:
        pass
    return value
