"""Regenerate the corpus's expected parses: ``python tests/corpus/regenerate.py``.

Each article in this folder has ``expected/<name>.json``: the parsed article (without its
path) and the warnings the reader gave. Review the diff before committing new expectations.
"""

from __future__ import annotations

import json
from pathlib import Path

from brief.core.records import as_json
from brief.source.reader import ARTICLE_SUFFIXES, read_article

CORPUS = Path(__file__).resolve().parent


def articles() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in ARTICLE_SUFFIXES)


def parsed(path: Path) -> dict:
    warnings: list = []
    article = read_article(path, warnings=warnings)
    return {
        "article": {k: v for k, v in json.loads(as_json(article)).items() if k != "path"},
        "warnings": [[w.line, w.message] for w in warnings],
    }


def main() -> None:
    folder = CORPUS / "expected"
    folder.mkdir(exist_ok=True)
    for path in articles():
        target = folder / f"{path.stem}.json"
        target.write_text(
            json.dumps(parsed(path), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(target.relative_to(CORPUS.parents[1]))


if __name__ == "__main__":
    main()
