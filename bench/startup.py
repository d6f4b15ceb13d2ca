"""Where the first render in a fresh process goes: stage timers and imports by library.

Run: ``python bench/startup.py [--runs N] [--baseline REV]``. Each run is a fresh process
that renders the bundled brief through the command line (``brief render``) with its stages
timed from the outside (the functions are wrapped, nothing in brief is changed); the figures
are medians. Imports are measured once more with ``python -X importtime`` and summed by
library (``brief`` for brief's own modules; a library's figure is its modules' own time, so
the rows add up to the whole). With ``--baseline`` the same is measured for brief at a git
revision, in the same run (see ``run.py --baseline``).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import statistics
import subprocess
import tempfile
from pathlib import Path

from run import PY, ROOT, as_installed, baseline_env  # bench/ is on the path as a script runs

# The probe: wraps the stages that exist in the code it finds, renders, prints the timings.
PROBE = r"""
import json, sys, time
started = time.perf_counter()
import importlib
import brief.cli
stages = {"import brief.cli": time.perf_counter() - started}
spent = {}
def timed(module, name, label):
    try:
        owner = importlib.import_module(module)
    except ImportError:
        return
    original = getattr(owner, name, None)
    if original is None:
        return
    def wrapper(*args, **kwargs):
        begun = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - begun
    setattr(owner, name, wrapper)
mark = time.perf_counter()
for module, name, label in json.loads(sys.argv[2]):
    timed(module, name, label)
stages["import the render's stages"] = time.perf_counter() - mark
from brief.cli import app
sys.argv = ["brief", "render", "-o", sys.argv[1]]
try:
    app()
except SystemExit as exit:
    if exit.code:
        raise
stages.update(spent)
stages["whole process after start-up"] = time.perf_counter() - started
print(json.dumps(stages))
"""


# The stages timed, by the function that does each (where the revision has it).
STAGES = {
    "prepare (read, merge, template, story)": ("brief.api", "prepare"),
    "typeset and write the PDF": ("brief.pdf.document", "build_pdf"),
    "of which the qpdf pass": ("brief.pdf.finishing", "finish"),
    "manifest": ("brief.pdf.manifest", "record"),
}


def timings(runs: int, env: dict[str, str], out: Path) -> dict[str, float]:
    """Median seconds per stage over *runs* fresh processes, after one thrown away."""
    found: dict[str, list[float]] = collections.defaultdict(list)
    for index in range(runs + 1):
        stages = json.dumps([[*where, label] for label, where in STAGES.items()])
        text = subprocess.check_output([PY, "-c", PROBE, str(out), stages], cwd=ROOT, env=env)
        if index:
            for stage, seconds in json.loads(text.splitlines()[-1]).items():
                found[stage].append(seconds)
    return {stage: statistics.median(values) for stage, values in found.items()}


def imports(runs: int, env: dict[str, str], out: Path) -> dict[str, float]:
    """Median seconds of import per library in a `brief render` (-X importtime, self
    times), over *runs* processes."""
    found: dict[str, list[float]] = collections.defaultdict(list)
    for _ in range(runs):
        done = subprocess.run(
            [PY, "-X", "importtime", "-m", "brief", "render", "-o", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        spent: collections.Counter[str] = collections.Counter()
        for line in done.stderr.splitlines():
            match = re.match(r"import time:\s+(\d+) \|\s+\d+ \|\s*(\S+)", line)
            if match:
                spent[match.group(2).split(".")[0]] += int(match.group(1)) / 1e6
        for library, seconds in spent.items():
            found[library].append(seconds)
    return {library: statistics.median(values) for library, values in found.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--baseline", metavar="REV")
    args = parser.parse_args()
    as_installed()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        versions = {"after": {**os.environ, "BRIEF_CACHE_DIR": str(work / "cache")}}
        if args.baseline:
            versions["before"] = baseline_env(args.baseline, work / "baseline")
        stages = {name: timings(args.runs, env, work / name) for name, env in versions.items()}
        libraries = {name: imports(args.runs, env, work / name) for name, env in versions.items()}
    names = list(versions)
    print("| stage | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    order = [
        "import brief.cli",
        "import the render's stages",
        *STAGES,
        "whole process after start-up",
    ]
    for stage in order:
        cells = [f"{stages[n][stage] * 1000:.0f} ms" if stage in stages[n] else "" for n in names]
        print(f"| {stage} | " + " | ".join(cells) + " |")
    print()
    print("| imports, by library | " + " | ".join(names) + " |\n|---|" + "---|" * len(names))
    total = collections.Counter()
    for counts in libraries.values():
        total.update(counts)
    shown = [
        lib
        for lib, _ in total.most_common()
        if max(libraries[n].get(lib, 0) for n in names) >= 0.004
    ]
    for lib in shown:
        cells = [f"{libraries[n].get(lib, 0) * 1000:.0f} ms" for n in names]
        print(f"| {lib} | " + " | ".join(cells) + " |")
    rest = [sum(v for k, v in libraries[n].items() if k not in shown) for n in names]
    print("| everything else | " + " | ".join(f"{r * 1000:.0f} ms" for r in rest) + " |")
    sums = [sum(libraries[n].values()) for n in names]
    print(
        "| all imports (with -X importtime's own overhead) | "
        + " | ".join(f"{s * 1000:.0f} ms" for s in sums)
        + " |"
    )


if __name__ == "__main__":
    main()
