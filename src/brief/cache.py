"""brief's cache folder: compiled templates and parsed fonts kept between runs.

``$BRIEF_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/brief`` or ``~/.cache/brief``. Setting
``BRIEF_CACHE_DIR`` to an empty value turns the cache off. Everything in it is derived from
files it names and checks, so deleting it is always safe; a folder that cannot be created
means running without a cache, never an error.
"""

from __future__ import annotations

import os
from pathlib import Path

from brief import __version__


def cache_folder(kind: str) -> Path | None:
    """The cache subfolder for *kind* (created), or None when caching is off or impossible."""
    setting = os.environ.get("BRIEF_CACHE_DIR")
    if setting is not None:
        if not setting:
            return None
        base = Path(setting)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "brief"
    folder = base / __version__ / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder
