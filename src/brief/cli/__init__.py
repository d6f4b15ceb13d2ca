"""The ``brief`` command line: a thin layer over :mod:`brief.api` that formats errors.

Heavy libraries (ReportLab, Pydantic models, Jinja2) are imported inside commands only, so
``brief --help`` and ``brief --version`` stay fast.
"""

from brief.cli import authoring, commands  # noqa: F401 (each registers its commands)
from brief.cli.common import app


def main() -> None:
    app()


__all__ = ["app", "main"]
