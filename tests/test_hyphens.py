"""An author's own hyphens: a compound breaks only at its hyphens, which stay real hyphens
in the text readers' software takes from the page ("well-known", never "wellknown"), and a
line never ends "out-" before "-of-view"."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from brief.typeset.hyphenation import Hyphenator

from .conftest import child_layout

COMPOUNDS = (
    "The anti-immigrant stance and out-of-view policies made error-free reporting hard; "
    "state-of-the-art well-known cost-benefit self-reported long-term decision-making "
    "under a hard-won, evidence-based, twenty-five-year plan. "
)


def test_short_words_short_names_and_brands_are_not_hyphenated() -> None:
    hyphenate = Hyphenator("en_US")
    assert list(hyphenate("focus")) == []  # under six letters
    assert list(hyphenate.points("Russia")) == []  # a name under eight letters
    assert list(hyphenate.points("rOpenSci")) == [] and list(hyphenate.points("NATO")) == []
    names = list(hyphenate.points("Cooperation"))
    assert names and all(kind == "name" and len(h) >= 3 and len(t) >= 3 for h, t, kind in names)
    assert list(hyphenate("Cooperation")) == []  # ReportLab's own breaking leaves names whole
    listed = Hyphenator("en_US", ("Be-la-rus-sian", "Kazakhstan"))
    assert list(listed("belarussian")) == [
        ("belarus", "sian"),
        ("bela", "russian"),
        ("be", "larussian"),
    ]
    assert list(listed("Kazakhstan")) == []  # an exception without hyphens: never broken


def test_a_compound_breaks_only_at_its_own_hyphens() -> None:
    hyphenate = Hyphenator("en_US")
    assert list(hyphenate("out-of-view")) == [("out-of-", "view"), ("out-", "of-view")]
    assert list(hyphenate("anti-immigrant")) == [("anti-", "immigrant")]
    assert ("re", "porting") in list(hyphenate("reporting"))


@pytest.mark.parametrize("layout", ["default", "report", "summary"])
def test_line_ends_keep_the_authors_hyphens(tmp_path: Path, layout: str) -> None:
    from brief.api import render_brief

    (tmp_path / "sources").mkdir()
    article = tmp_path / "sources" / "hyphens.md"
    article.write_text(f"# Hyphens\n\n## Text\n\n{COMPOUNDS * 8}\n", encoding="utf-8")
    # large type: few words a line, so that lines must end in hyphens (total fit avoids them)
    child_layout(tmp_path, "large", "[paragraphs.body]\nsize = 19\nleading = 26\n", extends=layout)
    result = render_brief(article, project_dir=tmp_path, warnings=[], layout="large")
    words = set(re.findall(r"[\w-]+", COMPOUNDS))
    compounds = {w for w in words if "-" in w}
    text = "\n".join(page.extract_text() for page in PdfReader(result.output).pages)
    breaks = re.findall(r"([\w-]+)([-\u00ad\u2010])\n([\w-]+)", text)
    assert breaks, "the test needs lines that end in a hyphen"
    for head, hyphen, tail in breaks:
        if tail == "Page":
            continue  # the footer under the last line of a page
        assert not tail.startswith("-"), (head, tail)
        if hyphen == "\u2010" and f"{head}-{tail}" in compounds | {
            c.split(",")[0] for c in compounds
        }:
            continue  # the author's own hyphen, kept as a hyphen
        joined = head + tail
        # an added (soft) hyphen: only inside a word that has no hyphen of its own
        assert hyphen == "\u00ad" and joined in words, (head, hyphen, tail)
    # An author's hyphen ending a line is drawn as U+2010, which PDFium keeps (it takes a
    # line-end hyphen-minus for hyphenation and drops it); the compound's letters are all there
    document = pdfium.PdfDocument(result.output)
    pages = " ".join(page.get_textpage().get_text_range() for page in document)
    if any(hyphen == "\u2010" for _, hyphen, _ in breaks):
        assert "\u2010\r\n" in pages
    flat = re.sub(r"[\ufffe\u00ad\u2010-]\s*", "", pages)
    for compound in ("wellknown", "outofview", "antiimmigrant", "errorfree"):
        assert compound in flat


def test_no_more_than_two_lines_in_a_row_end_in_a_hyphen(monkeypatch) -> None:
    from brief.layout.loader import load_layout
    from brief.typeset import breaking
    from brief.typeset import paragraph as paragraphs
    from brief.typeset.scripts import paragraph
    from brief.typeset.styles import resolve_styles

    style = resolve_styles(load_layout("default", Path(".")), "de").paragraph("body")
    text = (
        "Die Bundesregierung veröffentlichte Energieeffizienzmaßnahmen, "
        "Wärmepumpenförderrichtlinien, Fernwärmeversorgungsunternehmen, "
        "Gebäudeenergiegesetzänderungen, Strompreisbremsenverordnungen, "
        "Netzentgeltbefreiungsregelungen, Versorgungssicherheitsberichte, "
        "Infrastrukturbeschleunigungen, Genehmigungsverfahrensvereinfachungen, "
        "Wasserstoffkernnetzplanungen und Energiewendemonitoringberichte. "
    ) * 2

    def longest_run() -> int:
        para = paragraph(text, style)
        para.wrap(300, 10_000)
        return breaking._longest_run(para.blPara, " ".join(text.split()))

    assert longest_run() <= 2  # total fit
    monkeypatch.setattr(paragraphs, "total_fit_lines", lambda *args: None)
    guarded = longest_run()  # ReportLab's greedy breaking, where total fit does not apply
    monkeypatch.setattr(breaking, "_LADDER_TRIES", 0)  # ReportLab's breaking alone
    assert longest_run() >= 4 > guarded  # the ladder total fit avoids and the guard shortens
