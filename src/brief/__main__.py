"""The ``brief`` command: ``python -m brief`` and the installed script both start here.

``brief --version`` is answered before the command line (and Typer) is even imported.
"""

import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from brief import __version__

        print(f"brief {__version__}")
        return
    from brief.cli import main as run

    run()


if __name__ == "__main__":
    main()
