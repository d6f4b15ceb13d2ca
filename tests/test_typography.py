"""Typographic quotes and apostrophes in the brief's prose, in its language's forms; code
and addresses keep what the author typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from brief.api import render_brief
from brief.layout.typography import Marks, smarten

from .readers import read_with_pdfium

ENGLISH = Marks("“", "”", "‘", "’")
FRENCH = Marks("«\u00a0", "\u00a0»", "“", "”", french=True)
GERMAN = Marks("„", "“", "‚", "‘")


@pytest.mark.parametrize(
    ("typed", "marks", "printed"),
    [
        ("Belarus's \"new\" line", ENGLISH, "Belarus’s “new” line"),
        ("the states' budgets and 'soft' power", ENGLISH, "the states’ budgets and ‘soft’ power"),
        ('He said "yes." Then left.', ENGLISH, "He said “yes.” Then left."),
        ("in the '90s, 5'11\" tall", ENGLISH, "in the ’90s, 5’11\" tall"),
        (
            'l\'Europe " sociale " et "verte"',
            FRENCH,
            "l’Europe «\u00a0sociale\u00a0» et «\u00a0verte\u00a0»",
        ),
        ('die "neue" Linie', GERMAN, "die „neue“ Linie"),
        (
            "des « liens » et voici : utile ; oui ! non ?",
            FRENCH,
            "des «\u00a0liens\u00a0» et voici\u00a0: utile\u202f; oui\u202f! non\u202f?",
        ),
        ("Note : ok ?", ENGLISH, "Note : ok ?"),
        ('<a href="javascript:x">', ENGLISH, '<a href="javascript:x">'),
        ("trending at 5 — not 7 – as said", ENGLISH, "trending at 5\u00a0— not 7\u00a0– as said"),
        ("1990–2000 and a-b", ENGLISH, "1990–2000 and a-b"),
    ],
)  # fmt: skip
def test_straight_quotes_become_the_languages(typed: str, marks: Marks, printed: str) -> None:
    assert smarten(typed, marks) == printed


def test_the_prose_of_a_brief_is_set_with_typographic_quotes_and_code_is_not(
    tmp_path: Path,
) -> None:
    article = tmp_path / "sources" / "quotes.md"
    article.parent.mkdir()
    article.write_text(
        '---\nlang: de\ntitle: Die "neue" Linie\n---\n\n## Lage\n\n'
        'Belarus\' Rolle und die "neue" Linie, so der Minister. Der Befehl `print("x")` '
        'bleibt.\n\n## Fazit\n\nDas ist "gut".\n',
        encoding="utf-8",
    )
    text = read_with_pdfium(render_brief(article, project_dir=tmp_path, warnings=[]).output).text
    assert "die „neue“ Linie" in text and "Belarus’ Rolle" in text
    assert 'print("x")' in text  # code as typed
    assert '"' not in text.replace('print("x")', "")


def test_the_running_header_has_the_titles_typographic_quotes(tmp_path: Path) -> None:
    article = tmp_path / "sources" / "avis.md"
    article.parent.mkdir()
    body = "Texte assez long pour une seconde page. " * 300
    article.write_text(
        f"---\nlang: fr\ntitle: \"L'avis d'un utilisateur\"\n---\n\n## A\n\n{body}\n", "utf-8"
    )
    result = render_brief(article, project_dir=tmp_path, warnings=[])
    second_page = read_with_pdfium(result.output).pages[1]
    assert second_page.splitlines()[0].startswith("L’avis d’un utilisateur")
