"""The ``brief`` command line: a thin layer over :mod:`brief.api` that formats errors.

Heavy libraries (ReportLab, Pydantic models, Jinja2) are imported inside commands only, so
``brief --help`` and ``brief --version`` stay fast.
"""

from brief.cli.common import app

# isort: off
# Each module registers its commands, and --help lists them in this order.
from brief.cli import commands  # noqa: F401
from brief.cli import authoring  # noqa: F401
from brief.cli import publishing  # noqa: F401

# isort: on


def main() -> None:
    app(prog_name="brief")  # also as python -m brief: its help and shell completion say brief


__all__ = ["app", "main"]
