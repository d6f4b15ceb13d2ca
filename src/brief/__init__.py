"""brief: turn an analysis article into a publication-quality PDF policy brief.

The library API lives in :mod:`brief.api` (``render_brief``, ``check_brief``); this package
module stays import-light so that ``brief --help`` starts fast.
"""

__version__ = "0.1.0"
