"""Spec validation and merging: every problem is reported as the user sees it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from brief.compose.merge import load_brief

SPEC = "briefs/belarus-sco-tianjin.toml"


def edit(project: Path, old: str, new: str) -> None:
    path = project / SPEC
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors_of(run, *args: str) -> list[str]:
    result = run("check", *args)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return result.stderr.splitlines()


def test_bundled_spec_is_valid(project: Path, run) -> None:
    result = run("check")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"{SPEC}: ok"


def test_wrong_type(project: Path, run) -> None:
    edit(project, "date = 2025-09-01", 'date = "first of September"')
    assert errors_of(run) == [
        f"{SPEC}:date: must be a date such as 2025-09-01, got string 'first of September'"
    ]


def test_wrong_type_in_a_list_entry(project: Path, run) -> None:
    edit(project, 'caption = "Sectors for', 'caption = 12\nx = "Sectors for')
    assert errors_of(run) == [
        f"{SPEC}:tables[2].caption: input should be a valid string, got number 12",
        f"{SPEC}:tables[2].x: unknown key 'x'",
    ]


def test_unknown_key_with_suggestion(project: Path, run) -> None:
    edit(project, "subtitle =", "subtitel =")
    assert errors_of(run) == [f"{SPEC}:subtitel: unknown key 'subtitel' (did you mean 'subtitle'?)"]


def test_unknown_nested_key(project: Path, run) -> None:
    edit(project, "from_sections =", "from_section =")
    assert errors_of(run) == [
        f"{SPEC}:recommendations.from_section: unknown key "
        "'from_section' (did you mean 'from_sections'?)"
    ]


def test_missing_source(project: Path, run) -> None:
    edit(project, "sources/belarus-sco-tianjin.txt", "sources/nowhere.txt")
    assert errors_of(run) == [f"{SPEC}:source: article not found: ../sources/nowhere.txt"]


def test_source_key_missing(project: Path, run) -> None:
    edit(project, 'source = "../sources/belarus-sco-tianjin.txt"', "")
    assert errors_of(run) == [f"{SPEC}:source: required key is missing"]


def test_correction_text_absent(project: Path, run) -> None:
    edit(project, 'find = "Facts Technology"', 'find = "Fax Technology"')
    assert errors_of(run) == [
        f"{SPEC}:corrections[1].find: text 'Fax Technology' not found in the article"
    ]


def test_all_problems_are_reported_together(project: Path, run) -> None:
    edit(project, 'find = "Facts Technology"', 'find = "Fax Technology"')
    edit(project, "number = 3\n", "number = 9\n")
    edit(project, 'from_sections = ["Strengthening Ties"]', 'from_sections = ["Advice"]')
    lines = errors_of(run)
    assert lines[0] == f"{SPEC}:corrections[1].find: text 'Fax Technology' not found in the article"
    assert lines[1] == f"{SPEC}:tables[3].number: the article has 3 table(s), not 9"
    assert lines[2].startswith(
        f"{SPEC}:recommendations.from_sections[1]: no section heading "
        "starts with 'Advice' (headings: 'Belarusian Leadership"
    )


def test_invalid_toml_names_the_line(project: Path, run) -> None:
    edit(project, "[recommendations]", "[recommendations")
    lines = (project / SPEC).read_text(encoding="utf-8").splitlines()
    number = lines.index("[recommendations") + 1
    assert errors_of(run) == [
        f"{SPEC}:{number}: invalid TOML: Expected ']' at the end of a table declaration"
    ]


def test_unknown_layout_in_spec(project: Path, run) -> None:
    edit(project, 'layout = "default"', 'layout = "fancy"')
    assert errors_of(run) == [
        f"{SPEC}:layout: unknown layout 'fancy'; available layouts: default, report, summary"
    ]


def test_bad_language_tag(project: Path, run) -> None:
    edit(project, 'language = "en-GB"', 'language = "English (UK)"')
    assert errors_of(run) == [
        f"{SPEC}:language: must be a language tag such as 'en' or 'en-GB', "
        "got string 'English (UK)'"
    ]


def test_debug_shows_the_traceback(project: Path, run) -> None:
    edit(project, "subtitle =", "subtitel =")
    result = run("--debug", "check")
    assert result.exit_code == 1
    assert "Traceback (most recent call last)" in result.stderr


def test_merge_spec_wins_article_fills_in(project: Path) -> None:
    _, brief = load_brief(project / SPEC)
    assert brief.title == "Belarus at the SCO Summit in Tianjin"
    assert brief.date == dt.date(2025, 9, 1)
    assert [t.caption for t in brief.tables] == [
        "Strategic outcomes of Belarus's participation in the SCO",
        "Sectors for Belarus–China economic collaboration",
        "Initiatives to solidify a strategic partnership",
    ]
    assert brief.tables[1].rows[2][0] == "Information Technology"  # the correction applied
    assert [r.label for r in brief.recommendations] == [
        "Economic Cooperation",
        "Technology Transfer",
        "Cultural Initiatives",
    ]
    # The list moved to Recommendations leaves a cross-reference where it stood.
    third = brief.sections[2].blocks
    assert [b.kind for b in third] == ["paragraph", "moved-list", "paragraph", "table"]
    assert brief.conclusion.heading is None  # the layout's word, in the brief's language
    assert brief.summary[0].text.startswith("Belarusian President Alexander Lukashenko")


def test_article_defaults_without_a_spec(project: Path, monkeypatch) -> None:
    from brief.compose.merge import brief_from_article

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    _, brief = brief_from_article(project / "sources" / "belarus-sco-tianjin.txt")
    assert brief.title.startswith("Belarusian Leadership at the SCO Summit")
    assert brief.date == dt.date(2026, 1, 1)
    assert len(brief.key_points) == 3
    assert [t.caption for t in brief.tables] == [
        "Moreover, the participation of Belarus in the SCO could lead to",
        "Opportunities may include",
        "A strategic partnership could be further solidified through initiatives such as",
    ]
    assert [r.label for r in brief.recommendations] == [
        "Economic Cooperation",
        "Technology Transfer",
        "Cultural Initiatives",
    ]


def test_spec_summary_keeps_the_lede_as_introduction(project: Path) -> None:
    edit(project, "key_points = [", 'summary = """First.\n\nSecond."""\nkey_points = [')
    _, brief = load_brief(project / SPEC)
    assert [b.text for b in brief.summary] == ["First.", "Second."]
    assert brief.sections[0].heading == ""  # printed as the layout's word, "Introduction"
    assert brief.sections[0].blocks[0].text.startswith("Belarusian President")


def test_table_left_out_and_renumbered(project: Path) -> None:
    edit(project, 'number = 1\ncaption = "Strategic', 'number = 1\nkeep = false\ncaption = "S')
    _, brief = load_brief(project / SPEC)
    assert [(t.number, t.header[0]) for t in brief.tables] == [(1, "Sector"), (2, "Initiative")]


@pytest.mark.parametrize("value", ["abc", "99999999999999999999"])
def test_bad_source_date_epoch(project: Path, monkeypatch, run, value: str) -> None:
    edit(project, "date = 2025-09-01", "")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert errors_of(run) == [f"SOURCE_DATE_EPOCH is not a Unix time: '{value}'"]


def test_corrections_change_words_never_languages_addresses_or_code_languages(
    project: Path, run
) -> None:
    (project / "sources" / "fix.md").write_text(
        "---\nlang: en\n---\n\n# Energy en route\n\nThe plan en bloc, see "
        "[the en page](https://example.org/en/).\n\n```en\ncode en\n```\n",
        encoding="utf-8",
    )
    (project / "briefs" / "fix.toml").write_text(
        'source = "../sources/fix.md"\n[[corrections]]\nfind = "en"\nreplace = "EN"\n',
        encoding="utf-8",
    )
    from brief.api import load

    brief, _ = load(project / "briefs" / "fix.toml", project_dir=project)
    assert brief.language == "en"
    paragraph = brief.summary[0]
    assert "EN bloc" in paragraph.text
    assert any(s.href == "https://example.org/en/" for s in paragraph.spans)
    code = (
        next(b for s in brief.sections for b in s.blocks if b.kind == "code")
        if any(b.kind == "code" for s in brief.sections for b in s.blocks)
        else next(b for b in brief.summary if b.kind == "code")
    )
    assert code.info == "en" and "code EN" in code.text


def test_a_key_point_leaves_its_footnote_mark_behind() -> None:
    from brief.compose.key_points import key_points
    from brief.compose.model import BriefSection
    from brief.source.article import Paragraph, Span

    text = "Capacity grew by a third in two years, led by new cables to Finland and Poland.1"
    spans = [Span(text=text[:-1]), Span(text="1", note=1)]
    section = BriefSection(heading="Grid", blocks=[Paragraph(text=text, spans=spans, line=3)])
    assert key_points([section]) == [text[:-1]]


def test_key_points_stand_on_their_own() -> None:
    """A reader of the key points alone has not seen "the table below" or what "as shown
    above" showed, and a reference list's entry states no finding: the next sentence that
    stands on its own is the point."""
    from brief.compose.key_points import key_points
    from brief.compose.model import BriefSection
    from brief.source.article import Paragraph

    leaning = [
        "As shown above, exports rose by 12 per cent in 2024 across the region.",
        "Given those caveats, the estimate of 3.4 billion is a lower bound for now.",
        "Exports rose by 12 per cent in 2024, as the data in the table below shows.",
        "Smith, J. (2020). Grain routes and prices. Journal of Trade, 4(2), 1-9.",
        "So we restrict the analysis to the 42 ports that reported every month of 2024.",
        "where I_t is the number of infected people on day t in the 12 regions studied.",
    ]
    standing = "The corridor carried 4.2 million tonnes of grain to Baku in 2024."
    sections = [
        BriefSection(heading=f"S{n}", blocks=[Paragraph(text=f"{text} {standing}", line=3)])
        for n, text in enumerate(leaning)
    ]
    assert key_points(sections) == [standing] * min(len(leaning), 5)


def test_a_post_without_headings_has_key_points_from_its_opening_text() -> None:
    from brief.compose.key_points import key_points
    from brief.source.article import Paragraph

    lede = [
        Paragraph(text=f"The agency counted {n} million visitors to its 40 sites in 2024.", line=n)
        for n in range(1, 8)
    ]
    assert len(key_points([], lede=lede)) == 5


def test_an_empty_author_name_is_refused(project: Path, run) -> None:
    edit(project, "authors = [", 'authors = ["", ')
    assert errors_of(run) == [f"{SPEC}:authors[1]: string should have at least 1 character"]


def test_a_sentence_does_not_end_at_an_ordinal_date() -> None:
    """ "am 24. September" is a German date, not the end of a sentence: a key point is not
    cut there."""
    from brief.compose.tables import SENTENCE_END

    text = "Die Wahl fand am 24. September 2023 statt. Danach begannen die Gespräche."
    assert SENTENCE_END.split(text) == [
        "Die Wahl fand am 24. September 2023 statt.",
        "Danach begannen die Gespräche.",
    ]
    assert SENTENCE_END.split("Exports rose in 2024. Then they fell.") == [
        "Exports rose in 2024.",
        "Then they fell.",
    ]
