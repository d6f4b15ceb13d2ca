"""Tables kept as one token while the article is parsed (brief.source.markdown._compact_table):
the article must be exactly what markdown-it's own table tokens give, and a long table must
never be held as per-cell tokens."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it.rules_block import table as gfm_table

import brief.source.reader as reader
from brief.source.parser import markdown_parser
from brief.source.reader import parse_article

CORPUS = Path(__file__).resolve().parent / "corpus"

TABLES = """\
# Tables of every kind

Intro with a [reference link][later] and a note.[^1]

| Name | Value | Note |
|:---|---:|:---:|
| **bold** cell | 1,200 | *it* and `co\\|de` |
| [link](https://example.org) | 3 \\| 4 | &amp; entity &lt;b&gt; |
| ref [here][later] | | <span>html</span> |
| short |
| a | b | c | d |
| escaped \\* star | back\\\\slash | line<br>break |

Text between.

| Plain | Table |
|---|---|
| one | two |

- A list with a table:

  | x | y |
  |---|---|
  | 1 | 2 |

> | q | r |
> |---|---|
> | 5 | 6 |

| With a note | Mark |
|---|---|
| cell[^1] | ok |

[^1]: The note.

[later]: https://example.com/later
"""


def _with_markdown_its_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parse with markdown-it's own table rule, which makes a token per row and cell."""
    made = markdown_parser

    def parser(*args, **kwargs):
        it = made(*args, **kwargs)
        it.block.ruler.at("table", gfm_table, {"alt": ["paragraph", "reference"]})
        return it

    monkeypatch.setattr(reader, "markdown_parser", parser)


def both(text: str, markdown: bool) -> tuple[dict, dict]:
    compact = asdict(parse_article(text, markdown=markdown))
    with pytest.MonkeyPatch.context() as patch:
        _with_markdown_its_tables(patch)
        plain = asdict(parse_article(text, markdown=markdown))
    return compact, plain


@pytest.mark.parametrize(
    "path",
    [pytest.param(p, id=p.name) for p in sorted(CORPUS.glob("*")) if p.suffix in {".md", ".txt"}],
)
def test_corpus_articles_are_read_the_same(path: Path) -> None:
    compact, plain = both(path.read_text(encoding="utf-8"), path.suffix == ".md")
    assert compact == plain


@pytest.mark.parametrize("markdown", [True, False])
def test_tables_with_every_inline_feature_are_read_the_same(markdown: bool) -> None:
    compact, plain = both(TABLES, markdown)
    assert compact == plain
    tables = parse_article(TABLES, markdown=markdown).tables()
    assert len(tables) == 4 and tables[0].spans  # styled cells kept (the quoted one is text)


CELL = st.text(alphabet="ab *_`[]()\\|<>&!^#:-", max_size=12)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=2, max_size=6),
    st.sampled_from(["---", ":---", "---:", ":---:"]),
)
def test_any_table_is_read_the_same(rows: list[list[str]], rule: str) -> None:
    width = len(rows[0])
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    lines.insert(1, "|" + "|".join([rule] * width) + "|")
    text = "# T\n\nBefore.\n\n" + "\n".join(lines) + "\n\nAfter.\n"
    compact, plain = both(text, True)
    assert compact == plain


def test_a_long_table_is_one_token_while_parsed() -> None:
    rows = "\n".join(f"| r{n} | {n} | *x* |" for n in range(3000))
    source = f"# T\n\n| A | B | C |\n|---|---:|---|\n{rows}\n"
    tokens = markdown_parser(True, 30).parse(source)
    assert [t.type for t in tokens].count("brief_table") == 1
    assert not {"tr_open", "td_open", "th_open"} & {t.type for t in tokens}
    (table,) = parse_article(source, markdown=True).tables()
    assert table.header == ["A", "B", "C"] and len(table.rows) == 3000
    assert table.rows[2999] == ["r2999", "2999", "x"] and table.spans[3000][2][0].italic
    assert table.align == [None, "right", None]
