"""Render every bundled layout × corpus article (tagged, untagged and PDF/A) and print a
SHA-256 per PDF: ``python tools/render_matrix.py OUT > hashes.txt``.

Run before and after a change that must not alter the output, then ``diff`` the two lists.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from brief.api import render_brief

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ("default", "report", "summary")
MODES = {"tagged": {}, "untagged": {"tagged": False}, "pdfa": {"pdf_a": True}}


def inputs() -> list[Path]:
    corpus = ROOT / "tests" / "corpus"
    articles = sorted(p for p in corpus.iterdir() if p.suffix in {".md", ".txt"})
    return [ROOT / "briefs" / "belarus-sco-tianjin.toml", *articles]


def main(out: Path) -> None:
    for path in inputs():
        for layout in LAYOUTS:
            for mode, options in MODES.items():
                folder = out / layout / mode
                result = render_brief(
                    path, folder, layout=layout, project_dir=ROOT, allow_outside=True, **options
                )
                digest = hashlib.sha256(result.output.read_bytes()).hexdigest()
                print(f"{digest[:16]}  {layout}/{mode}/{path.name}", flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
