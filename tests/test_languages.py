"""Briefs in the reader's language: for every language brief ships words for, a short article
rendered in every bundled layout prints every label in that language and no English one."""

from __future__ import annotations

import re
import shutil
import tomllib
import unicodedata
from pathlib import Path

import pytest

from brief.api import render_brief
from brief.audit import Piece, find_missing, pdf_text
from brief.layout.catalogue import shipped
from brief.typeset.bidi import has_rtl

HERE = Path(__file__).resolve().parent / "languages"
LANGUAGES = sorted(shipped())
LAYOUTS = ["default", "report", "summary"]

pytestmark = pytest.mark.slow

# The words each bundled layout prints of its own for this article and spec.
PRINTED = {
    "default": [
        "key_points", "summary", "contents", "tables", "recommendations", "conclusion",
        "notes", "about_brief", "source", "the_article", "published_by", "written_for",
        "views", "how_to_cite", "table_caption", "figure_caption", "image_missing",
        "for_audience", "page_of",
    ],
    "report": [
        "contents", "tables", "key_points", "executive_summary", "chapter",
        "recommendations", "conclusion", "notes", "report_based_on", "report_written_for",
        "how_to_cite", "report_disclaimer", "table_caption", "figure_caption",
        "image_missing", "page_of",
    ],
    "summary": [
        "at_a_glance", "recommendations", "summary", "conclusion", "notes", "based_on",
        "published_by", "views", "table_caption", "figure_caption", "image_missing",
    ],
}  # fmt: skip


def render(language: str, layout: str, tmp_path: Path) -> Path:
    """The language's article as a brief with every part a layout prints of its own."""
    (tmp_path / "sources").mkdir()
    (tmp_path / "briefs").mkdir()
    shutil.copy(HERE / f"{language}.md", tmp_path / "sources" / "article.md")
    name = shipped()[language]["language"]
    (tmp_path / "briefs" / "brief.toml").write_text(
        f'source = "../sources/article.md"\nlanguage = "{language}"\n'
        f'organisation = "{name}"\naudience = "{name}"\nseries = "X"\nnumber = "1"\n'
        'authors = ["Ana Ruiz", "Jan Kowalski", "Lee Min"]\ncontents = true\n'
        "list_of_tables = true\ndate = 2025-09-30\n",
        encoding="utf-8",
    )
    return render_brief(
        tmp_path / "briefs" / "brief.toml", output_dir=tmp_path / "out", layout=layout,
        project_dir=tmp_path,
    ).output  # fmt: skip


def fragments(message: str) -> list[str]:
    """The fixed parts of a message, without its placeholders and bare punctuation."""
    parts = re.split(r"\{\w+\}", message)
    return [p.strip(" \u00a0:：.。，、()（）«»“”„「」〈〉《》–") for p in parts if p.strip()]


def squashed(text: str, language: str = "en") -> str:
    """*text* compared as printed: compatibility forms undone, no spaces, in small letters
    (Turkish capitals İ and I are i and ı)."""
    text = unicodedata.normalize("NFKC", text)
    if language == "tr":
        text = text.replace("İ", "i").replace("I", "ı")
    return re.sub(r"\s+", "", text).casefold()


def words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return set(re.findall(r"[^\W\d_]{3,}", folded))


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_is_in_the_language_of_the_brief(
    language: str, layout: str, tmp_path: Path
) -> None:
    pdf = render(language, layout, tmp_path)
    text = pdf_text(pdf)
    catalogue = shipped()[language]
    found = squashed(text, language)
    rtl = [f for key in PRINTED[layout] for f in fragments(catalogue[key]) if has_rtl(f)]
    others = [f for key in PRINTED[layout] for f in fragments(catalogue[key]) if not has_rtl(f)]
    missing = [f for f in others if squashed(f, language) not in found]
    missing += [p.text for p in find_missing([Piece(0, f) for f in rtl], text)]
    assert missing == [], f"{language} labels missing from the {layout} layout"
    if language != "en":
        own = words(" ".join(catalogue.values()) + (HERE / f"{language}.md").read_text("utf-8"))
        english = words(" ".join(shipped()["en"].values())) - own
        assert words(text) & english == set(), f"English left in a {language} brief"


def test_the_english_check_sees_an_english_label(tmp_path: Path) -> None:
    """The check for English is not blind: a French brief whose layout says "Key points"."""
    pdf = render("fr", "default", tmp_path)
    english = words(" ".join(shipped()["en"].values())) - words(
        " ".join(shipped()["fr"].values()) + (HERE / "fr.md").read_text("utf-8")
    )
    assert "points" not in english  # French has "Points clés"
    assert {"summary", "contents"} <= english
    assert not words(pdf_text(pdf)) & english
    layouts = tmp_path / "layouts" / "mixed"
    layouts.mkdir(parents=True)
    (layouts / "style.toml").write_text('extends = "default"\n[texts.fr]\nsummary = "Summary"\n')
    mixed = render_brief(
        tmp_path / "briefs" / "brief.toml", output_dir=tmp_path / "mixed", layout="mixed",
        project_dir=tmp_path,
    ).output  # fmt: skip
    assert words(pdf_text(mixed)) & english == {"summary"}


def test_every_catalogue_has_every_message_and_its_placeholders() -> None:
    english = shipped()["en"]
    for language, catalogue in shipped().items():
        assert set(catalogue) == set(english), language
        for key, text in catalogue.items():
            names = set(re.findall(r"\{(\w+)\}", text))
            assert names == set(re.findall(r"\{(\w+)\}", english[key])), (language, key)


def test_french_spacing_before_colons() -> None:
    french = shipped()["fr"]
    assert french["table_caption"] == "Tableau {number}\u00a0: {caption}"
    assert french["quote_open"] == "«\u00a0"


def test_every_shipped_language_has_an_article() -> None:
    assert {p.stem for p in HERE.glob("*.md")} == set(LANGUAGES)
    for language in LANGUAGES:
        front = (HERE / f"{language}.md").read_text("utf-8").split("---")[1]
        assert tomllib.loads(front.replace(": ", ' = "').replace("\n", '"\n')[2:])
