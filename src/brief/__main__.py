"""The ``brief`` command: ``python -m brief`` and the installed script both start here.

``brief --version`` is answered before the command line (and Typer) is even imported.
"""

import gc
import sys


def main() -> None:
    if sys.argv[1:] == ["--version"]:
        from brief import __version__

        print(f"brief {__version__}")
        return
    # Importing allocates much and frees next to nothing: the collector, left on, spent
    # about 20 ms of a first render scanning what start-up built.
    gc.disable()
    try:
        from brief.cli import main as run
    finally:
        gc.enable()
    try:
        run()
    finally:
        # Python collects the whole heap once more as it exits, to no purpose here (17 ms
        # after a render): frozen objects are left out of that collection.
        gc.freeze()


if __name__ == "__main__":
    main()
