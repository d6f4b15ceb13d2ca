"""What a layout leaves out of a brief, said rather than silently dropped: charts its
template has no place for, labels its language has no words for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from brief.compose.model import Brief
from brief.core.errors import Problem


def charts_left_out(xml: str, brief: Brief, path: Path, layout: Any) -> list[Problem]:
    """A chart the spec asks for that the layout's template does not print (a layout written
    before charts, or one without a place for the cover's) is said, not silently dropped."""
    drawn = xml.count("<chart ")
    if drawn >= len(brief.charts):
        return []
    where = "the cover chart" if brief.cover_chart is not None else "a chart"
    return [
        Problem(
            path,
            f"the layout '{layout.name}' prints {drawn} of the {len(brief.charts)} charts "
            f"({where} is not printed): its template needs a place for them (see "
            "docs/layouts.md, <chart>)",
            key="charts",
        )
    ]


def untranslated(messages: Any, path: Path, layout: Any) -> list[Problem]:
    """One warning for a language brief has no words for, else one per word it lacks."""
    from brief.layout.catalogue import shipped_languages

    if not messages.missing:
        return []
    if messages.catalogue is None:
        languages = ", ".join(sorted(shipped_languages()))
        return [
            Problem(
                path,
                f"brief has no words for the language '{messages.language}' (it has {languages});"
                " its labels are printed in English: give them in the layout's or the spec's "
                "[texts]",
                key="language",
            )
        ]
    return [
        Problem(
            layout.folder / "style.toml",
            f"no '{key}' for the language '{messages.language}'; printed in English",
            key=f"texts.{key}",
        )
        for key in messages.missing
    ]
