"""The article corpus: each article parses to its expected structure, renders, and its PDF
holds every sentence (``brief audit``). Regenerate expectations with
``python tests/corpus/regenerate.py`` and review the diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from brief.audit import audit_pdf

from .conftest import child_layout
from .corpus.regenerate import CORPUS, articles, parsed

NOT_RENDERED: set[str] = set()


@pytest.mark.parametrize("article", articles(), ids=lambda p: p.name)
def test_parses_to_the_expected_structure(article: Path) -> None:
    expected = json.loads((CORPUS / "expected" / f"{article.stem}.json").read_text("utf-8"))
    assert parsed(article) == expected


@pytest.mark.parametrize(
    "article", [a for a in articles() if a.name not in NOT_RENDERED], ids=lambda p: p.name
)
def test_renders_and_the_audit_passes(article: Path, rendered) -> None:
    result = audit_pdf(article, rendered(article.name))
    assert result.checked >= 4
    assert result.missing == []


def test_every_corpus_article_has_expectations() -> None:
    expected = {p.stem for p in (CORPUS / "expected").glob("*.json")}
    assert expected == {a.stem for a in articles()}


def test_audit_reports_what_a_layout_leaves_out(project: Path, run) -> None:
    folder = child_layout(project, "forgetful")
    (folder / "brief.xml.j2").write_text(
        '{% extends "default/brief.xml.j2" %}{% block conclusion %}{% endblock %}'
    )
    result = run("audit", "--layout", "forgetful")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0] == (
        "sources/belarus-sco-tianjin.txt:40: missing from the PDF: President "
        "Alexander Lukashenko’s arrival in Tianjin for the SCO Summit marks a "
        "significant moment in regional diplomacy, emphasizing Belarus’s "
        "commitment to strengthening ties with fellow member states."
    )
    assert len(lines) == 4
    assert result.stdout.strip() == (
        "briefs/belarus-sco-tianjin.toml: 71 of 75 pieces of the article found"
    )


def test_audit_does_not_look_for_what_the_spec_leaves_out(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text(
        spec.read_text()
        .replace("number = 1\ncaption", "number = 1\nkeep = false\ncaption")
        .replace(
            "[recommendations]",
            '[conclusion]\ntext = "Our own closing words."\n\n[recommendations]',
        )
    )
    result = run("audit")
    assert result.exit_code == 0, result.output
    assert "pieces of the article found" in result.stdout
