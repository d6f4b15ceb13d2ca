"""The document's language, detected when no spec or front matter gives it, and the language
of passages in another script, as screen readers see them (/Lang in the catalog and the
structure tree, dc:language in the metadata)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from brief.source.language import detect_language, passage_language

CORPUS = Path(__file__).resolve().parent / "corpus"


def structure_languages(pdf: Path) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    with pikepdf.open(pdf) as document:

        def walk(element) -> None:
            if isinstance(element, pikepdf.Dictionary):
                if "/S" in element and "/Lang" in element:
                    found.add((str(element.S), str(element.Lang)))
                kids = element.get("/K")
                for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                    walk(kid)

        walk(document.Root.StructTreeRoot)
    return found


@pytest.mark.parametrize(
    ("name", "language"),
    [("russian.txt", "ru"), ("chinese.txt", "zh-Hans"), ("german.md", "de")],
)
def test_an_article_without_a_language_is_tagged_in_its_own(
    rendered, name: str, language: str
) -> None:
    with pikepdf.open(rendered(name)) as pdf:
        assert str(pdf.Root.Lang) == language
        assert f"<rdf:li>{language}</rdf:li>" in str(pdf.open_metadata())


def test_passages_in_another_script_carry_their_language(rendered) -> None:
    pdf_path = rendered("multilingual.md")
    with pikepdf.open(pdf_path) as pdf:
        assert str(pdf.Root.Lang) == "en"
    assert {("/P", "ar"), ("/P", "he"), ("/P", "ru")} <= structure_languages(pdf_path)


def test_detection_is_sure_or_silent() -> None:
    assert detect_language("Short") is None
    assert detect_language(
        "白俄羅斯總統盧卡申科抵達天津出席上海合作組織峰會。雙方討論了貿易。"
    ) == ("zh-Hant")
    assert passage_language("The summit was attended by many leaders.", "en") is None
    assert passage_language("Саммит посетили многие лидеры региона и гости.", "en") == "ru"
