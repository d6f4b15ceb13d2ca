"""brief's cache folder: compiled templates, parsed fonts and hyphenation dictionaries, the
specs and style files that validated, and a Word document's pictures, kept between runs.

``$BRIEF_CACHE_DIR`` if set, else the system's cache folder as platformdirs finds it
(``$XDG_CACHE_HOME/brief`` or ``~/.cache/brief`` on Linux, ``~/Library/Caches/brief`` on
macOS, ``%LOCALAPPDATA%\\brief\\Cache`` on Windows). Setting
``BRIEF_CACHE_DIR`` to an empty value turns the cache off. Everything in it is derived from
files it names and checks, so deleting it is always safe; a folder that cannot be created
means running without a cache, never an error.
"""

from __future__ import annotations

import functools
import hashlib
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


def validated(model: Any, data: dict[str, Any]) -> Any:
    """``model.model_validate(data)`` for a Pydantic model of what users write (the spec,
    the style file), kept in the cache by a digest of *data* and of the source files that
    define the model. Building a model's validators is the longest step of a first render
    (17 ms the spec's, 12 ms the style file's, each deferred to its first use): data that
    validated once is valid the same way again, so a spec or layout rendered before is
    loaded as it was validated. Data that does not validate is never kept: its errors are
    found and reported each time."""
    definition = _definition(model.__module__)
    if definition is None:
        return model.model_validate(data)
    digest = hashlib.sha256(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))  # typed
    digest.update(f"{model.__module__}.{model.__qualname__}:{definition}".encode())
    key = f"{model.__name__}-{digest.hexdigest()[:40]}"
    return remembered("validated", key, lambda: model.model_validate(data))


@functools.cache
def _definition(module: str) -> str | None:
    """What says the models of *module* (``brief.compose.spec``) and their validators are
    as they were: the size and time of each source file of its package and of
    ``brief.core``, and Pydantic's version; None when they cannot be looked at."""
    from pydantic import VERSION

    package = Path(__file__).parent.parent
    folders = {package / "core", package / module.split(".")[1]}
    try:
        stamps = sorted(
            f"{entry.path}:{entry.stat().st_size}:{entry.stat().st_mtime_ns}"
            for folder in folders
            for entry in os.scandir(folder)
            if entry.name.endswith(".py")
        )
    except OSError:
        return None
    return hashlib.sha256("\n".join([VERSION, *stamps]).encode()).hexdigest()
