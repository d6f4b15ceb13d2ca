"""Pages set as a publisher sets them, measured from the PDF as a designer would: the word
boxes MuPDF finds (tests/wordboxes.py), not what brief meant to draw.

For the bundled brief and real articles in five languages (tests/web, with their origins in
SOURCES.md), in every layout: no more than two lines in a row end in a hyphen, no justified
line has a gap between words wider than twice the median, and a full line of body text holds
55 to 80 characters. Then the line breaker itself (brief.typeset.totalfit), on paragraphs whose
best breaking is known.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brief.api import render_brief
from brief.typeset.totalfit import Break, Settings, Word, total_fit

from .conftest import BUNDLED_SPEC, REPO
from .wordboxes import measure

WEB = REPO / "tests" / "web"
ARTICLES = (
    "bundled",
    "18-afd-unterschaetzt.de.md",  # German: long compounds
    "05-pandoc-depannage.fr.md",  # French: code spans and addresses that cannot break
    "03-censo2017-historia.es.md",  # Spanish
    "28-government-statisticians-marazzi.md",  # English, a long essay
    "37-web-almanac-privacy-2020.it.md",  # Italian
)
LAYOUTS = ("default", "report", "summary")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory):
    made: dict[tuple[str, str], Path] = {}

    def render(name: str, layout: str) -> Path:
        if (name, layout) not in made:
            folder = tmp_path_factory.mktemp(f"{layout}-{name[:12]}")
            if name == "bundled":
                result = render_brief(BUNDLED_SPEC, output_file=folder / "b.pdf", layout=layout)
            else:
                (folder / "sources").mkdir()
                article = shutil.copy(WEB / name, folder / "sources" / name)
                result = render_brief(Path(article), project_dir=folder, layout=layout)
            made[name, layout] = result.output
        return made[name, layout]

    return render


@pytest.mark.slow
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("name", ARTICLES)
def test_lines_are_set_as_a_publisher_sets_them(rendered, name: str, layout: str) -> None:
    found = measure(rendered(name, layout))
    assert len(found.lines) > 20, "the test needs body text to measure"
    assert found.longest_hyphen_run <= 2, found.worst_run()
    assert found.widest_gap <= 2.0, [line.text for line in found.lines if line.full and line.gaps][
        :3
    ]
    assert 55 <= found.median_full_line <= 80


def test_the_measure_finds_a_hyphen_ladder(monkeypatch, tmp_path: Path) -> None:
    """The measurement can fail: ReportLab's own breaking of German compounds, with brief's
    line breaker and its guard turned off, leaves a ladder it reports."""
    from brief.typeset import breaking
    from brief.typeset import paragraph as paragraphs

    text = (
        "Die Bundesregierung veröffentlichte Energieeffizienzmaßnahmen, "
        "Wärmepumpenförderrichtlinien, Fernwärmeversorgungsunternehmen, "
        "Gebäudeenergiegesetzänderungen, Strompreisbremsenverordnungen, "
        "Netzentgeltbefreiungsregelungen, Versorgungssicherheitsberichte. "
    ) * 6
    (tmp_path / "sources").mkdir()
    article = tmp_path / "sources" / "de.md"
    article.write_text(f"---\nlang: de\n---\n# Leiter\n\n## Text\n\n{text}\n", encoding="utf-8")
    kept = render_brief(article, output_file=tmp_path / "kept.pdf", project_dir=tmp_path)
    assert measure(kept.output).longest_hyphen_run <= 2
    monkeypatch.setattr(paragraphs, "total_fit_lines", lambda *args: None)
    monkeypatch.setattr(breaking, "_LADDER_TRIES", 0)
    greedy = render_brief(article, output_file=tmp_path / "greedy.pdf", project_dir=tmp_path)
    assert measure(greedy.output).longest_hyphen_run >= 3


# -- the line breaker on its own ----------------------------------------------------------


def _words(*widths: float, space: float = 3.0) -> list[Word]:
    return [Word(w, space, space / 2, space / 3) for w in widths]


def test_total_fit_weighs_every_line_together() -> None:
    """Filling each line in turn ends the second line before a word that fits only if its
    spaces shrink, and leaves that line's gaps four and a half times the stretch they may
    take; total fit shrinks them a little instead."""
    words = _words(10, 40, 25, 15, 25, 15, 10, 20, 20, 30)
    lines = total_fit(words, [100.0], Settings(), hyphenate=False)
    assert lines is not None
    assert [line.end for line in lines] == [Break(3), Break(8), Break(9)]
    assert -1 <= lines[1].ratio < 0


def test_a_word_wider_than_the_line_leaves_it_to_the_fallback() -> None:
    assert total_fit(_words(50, 150, 20), [100.0], Settings(), hyphenate=False) is None


def test_never_three_hyphenated_lines_in_a_row() -> None:
    """Every word breaks well only at its hyphen; the breaker still ends no third line in a
    row with one."""
    words = _words(*([45.0] * 12))
    for word in words:
        word.hyphens = [(24.0, 22.0, 50.0)]
    lines = total_fit(words, [70.0], Settings(tolerance=float("inf")), hyphenate=True)
    assert lines is not None
    run = longest = 0
    for line in lines:
        run = run + 1 if line.end.hyphen >= 0 else 0
        longest = max(longest, run)
    assert longest <= 2


def test_a_forced_break_ends_a_line_and_is_not_stretched() -> None:
    words = _words(20, 20, 20, 20)
    words[1].forced = True
    lines = total_fit(words, [200.0], Settings(), hyphenate=False)
    assert lines is not None
    assert [line.end for line in lines] == [Break(1), Break(3)]
    assert lines[0].ratio == 0  # a line a <br/> ends keeps its spaces


def test_lines_of_one_style_are_those_reportlab_builds(monkeypatch) -> None:
    """A paragraph of one style has its lines built by brief, not broken again by ReportLab:
    they must be the very lines ReportLab builds for the same breaks (words, hyphenated
    heads and tails, room left on each line)."""
    from brief.layout.loader import load_layout
    from brief.typeset import breaking
    from brief.typeset.scripts import paragraph
    from brief.typeset.styles import resolve_styles

    style = resolve_styles(load_layout("default", REPO), "en").paragraph("body")
    text = " ".join((REPO / "sources" / "belarus-sco-tianjin.txt").read_text().split()[:400])

    def lines() -> list:
        para = paragraph(text, style)
        para.wrap(300, 1e6)
        return [
            (room, [(type(w).__name__, str(w)) for w in words]) for room, words in para.blPara.lines
        ]

    built_here = lines()
    assert any(kind == "_SplitWordHY" for _, words in built_here for kind, _ in words)
    measured = breaking.measured_words
    monkeypatch.setattr(breaking, "measured_words", lambda *a: (measured(*a)[0], False))
    by_reportlab = lines()  # ReportLab building the same plan
    assert [words for _, words in by_reportlab] == [words for _, words in built_here]
    assert all(abs(a - b) < 0.02 for (a, _), (b, _) in zip(by_reportlab, built_here, strict=True))
