"""Charts from the article's tables: each ``[[charts]]`` entry of the spec (or ``charts`` of
the article's front matter) checked against its table, and the table's cells read as numbers
(see :mod:`brief.compose.numbers`). Every mistake is reported at its key, with the table's
columns and a "did you mean" where one fits."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from brief.compose.model import Brief, BriefChart, BriefImage, ChartSeries
from brief.compose.numbers import read_number, uses_decimal_comma
from brief.compose.spec import ChartChoice, Spec, validation_problems
from brief.compose.tables import table_captions
from brief.compose.totals import summary_rows
from brief.core.errors import Problem
from brief.core.text import padded
from brief.source.article import Article, Table

MOST_CATEGORIES = 100  # labels, even upright, need a few points each
MOST_SERIES = 12  # as many as the spec's y may name


@dataclass
class PlannedCharts:
    """The charts of each article table (by its line), and the tables they replace."""

    by_table: dict[int, list[BriefChart]] = field(default_factory=dict)
    replaced: set[int] = field(default_factory=set)  # lines of tables drawn instead
    cover: BriefChart | None = None

    def all(self) -> list[BriefChart]:
        drawn = [c for charts in self.by_table.values() for c in charts]
        return drawn + ([self.cover] if self.cover is not None else [])


def plan_charts(
    choices: list[ChartChoice],
    article: Article,
    language: str,
    where: Path,
    problems: list[Problem],
    key: str = "charts",
    captions: dict[int, str] | None = None,
) -> PlannedCharts:
    """Check each chart choice against the article's tables and read its numbers.
    *captions* gives each table's caption (by line) for the default title."""
    planned = PlannedCharts()
    tables = article.tables()
    # Only a chart reads numbers: Babel's locale data costs 15 ms to load in a new process.
    comma = uses_decimal_comma(language) if choices else False
    for index, choice in enumerate(choices, start=1):
        at = f"{key}[{index}]"
        table = _find_table(choice.table, tables, where, f"{at}.table", problems, captions)
        if table is None:
            continue
        chart = _chart(choice, table, comma, where, at, problems, captions or {})
        if chart is None:
            continue
        if chart.place == "cover":
            if planned.cover is not None:
                problems.append(Problem(where, "only one chart can be on the cover",
                                        key=f"{at}.place"))  # fmt: skip
                continue
            planned.cover = chart
            continue
        planned.by_table.setdefault(table.line, []).append(chart)
        if chart.place == "instead-of-table":
            planned.replaced.add(table.line)
    return planned


def _find_table(
    wanted: int | str,
    tables: list[Table],
    where: Path,
    key: str,
    problems: list[Problem],
    captions: dict[int, str] | None,
) -> Table | None:
    if isinstance(wanted, int):
        if 1 <= wanted <= len(tables):
            return tables[wanted - 1]
        problems.append(Problem(where, f"the article has {len(tables)} table(s), not {wanted}",
                                key=key))  # fmt: skip
        return None
    names = {(captions or {}).get(t.line) or t.caption or "": t for t in tables}
    folded = {" ".join(n.casefold().split()): t for n, t in names.items() if n}
    wanted_folded = " ".join(wanted.casefold().split())
    if wanted_folded in folded:
        return folded[wanted_folded]
    starts = [t for n, t in folded.items() if n.startswith(wanted_folded)]
    if len(starts) == 1:
        return starts[0]
    known = [n for n in names if n]
    close = difflib.get_close_matches(wanted, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    listed = "; ".join(f"'{n}'" for n in known[:6]) or "none has a caption"
    problems.append(Problem(where, f"no table has the caption '{wanted}'{hint}; the captions: "
                            f"{listed}", key=key))  # fmt: skip
    return None


def _column(
    name: str, header: list[str], where: Path, key: str, problems: list[Problem]
) -> int | None:
    folded = [" ".join(h.casefold().split()) for h in header]
    wanted = " ".join(name.casefold().split())
    if wanted in folded:
        return folded.index(wanted)
    close = (
        difflib.get_close_matches(name, header, n=1)
        or [h for h, f in zip(header, folded, strict=True) if f.startswith(wanted)][:1]
    )
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    columns = ", ".join(f"'{h}'" for h in header)
    problems.append(Problem(where, f"the table has no column '{name}'{hint}; its columns: "
                            f"{columns}", key=key))  # fmt: skip
    return None


def _chart(
    choice: ChartChoice,
    table: Table,
    comma: bool,
    where: Path,
    at: str,
    problems: list[Problem],
    captions: dict[int, str],
) -> BriefChart | None:
    header = list(table.header)
    rows = [padded(r, len(header)) for r in table.rows]
    before = len(problems)
    x = 0 if choice.x is None else _column(choice.x, header, where, f"{at}.x", problems)
    # the columns of numbers: the default series, and what "the whole table" means below
    numeric = [c for c in range(len(header)) if c != x and _numeric_share(rows, c, comma) >= 0.5]
    if choice.y is None:
        y = numeric[:MOST_SERIES]  # a legend of more cannot be read
        if not y and x is not None:
            problems.append(Problem(where, "the table has no column of numbers to chart; name "
                                    "the columns with y", key=f"{at}.y"))  # fmt: skip
    else:
        found = [_column(n, header, where, f"{at}.y[{i}]", problems)
                 for i, n in enumerate(choice.y, start=1)]  # fmt: skip
        y = [c for c in found if c is not None]
        for position, column in enumerate(found, start=1):
            if column is not None and _numeric_share(rows, column, comma) == 0:
                cells = ", ".join(f"'{r[column]}'" for r in rows[:3])
                problems.append(Problem(where, f"the column '{header[column]}' has no numbers "
                                        f"({cells}...)", key=f"{at}.y[{position}]"))  # fmt: skip
    if len(problems) > before or x is None:
        return None
    categories = [" ".join(r[x].split()) for r in rows]
    summaries = summary_rows(table, x, y, comma)
    left_out = [categories[i] for i in summaries] if choice.totals == "exclude" else []
    table_rows = rows  # the table's data, attached as it is: its totals too
    if left_out:
        rows = [r for i, r in enumerate(rows) if i not in summaries]
        categories = [c for i, c in enumerate(categories) if i not in summaries]
    if len(categories) > MOST_CATEGORIES:
        problems.append(Problem(where, f"the table has {len(categories)} rows; a chart of more "
                                f"than {MOST_CATEGORIES} categories cannot be read (chart a "
                                "shorter table, or keep the table alone)",
                                key=f"{at}.table"))  # fmt: skip
        return None
    highlight = " ".join(choice.highlight.split()) if choice.highlight is not None else None
    if highlight is not None and choice.kind in ("line", "dot"):
        problems.append(Problem(where, f"highlight colours a bar; a {choice.kind} chart has "
                                "none (use a bar kind, or leave highlight out)",
                                key=f"{at}.highlight"))  # fmt: skip
        return None
    if highlight is not None and highlight not in categories:
        close = difflib.get_close_matches(highlight, categories, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        problems.append(Problem(where, f"'{choice.highlight}' is not a category of the chart"
                                f"{hint}", key=f"{at}.highlight"))  # fmt: skip
        return None
    names = [" ".join(header[c].split()) for c in y]
    units = choice.units
    if units is None:  # "Revenue (bn $)", "Share in %": the header's units, one for all
        found_units = {units_of(name)[1] for name in names}
        if len(found_units) == 1 and None not in found_units:
            units = found_units.pop()
            names = [units_of(name)[0] for name in names]
    series, skipped, percents = [], [], []
    for column, name in zip(y, names, strict=True):
        values = []
        for row in rows:
            reading = read_number(row[column], comma)
            values.append(reading.value)
            if reading.problem:
                skipped.append(reading.problem)
            if reading.value is not None:
                percents.append(reading.percent)
        series.append(ChartSeries(name=name, values=values))
    kind = choice.kind
    if kind == "bar" and len(series) > 1:
        kind = "grouped-bar"
    sort = choice.sort or (
        "value" if kind == "horizontal-bar" and not ordered(categories) else "table"
    )
    if sort == "value" and series:
        first = series[0].values
        order = sorted(
            range(len(categories)),
            key=lambda i: -(value if (value := first[i]) is not None else float("-inf")),
        )
        categories = [categories[i] for i in order]
        for one in series:
            one.values = [one.values[i] for i in order]
    # The table's caption names what the table shows: the chart's title only when the chart
    # shows all of it. Else the layout's words say what is plotted ("Revenue by Year").
    whole = sorted(y) == numeric and not left_out
    place = choice.place or ("instead-of-table" if whole and not skipped else "before-table")
    title = choice.title or ((captions.get(table.line) or table.caption) if whole else None)
    return BriefChart(
        chart=kind,
        number=0,  # numbered with the figures once the brief is put together
        title=title,
        category=" ".join(header[x].split()),
        categories=categories,
        series=series,
        units=units,
        percent=bool(percents) and all(percents),
        # the table's note, unless the table follows with its note
        source=choice.source or (table.note if place != "before-table" else None),
        place=place,
        highlight=highlight,
        table=0,
        header=header,
        rows=table_rows,
        skipped=skipped,
        left_out=left_out,
        line=table.line,
    )


_UNITS = (
    re.compile(r"^(?P<name>.+?)\s*[(\[](?P<units>[^()\[\]]{1,24})[)\]]$"),  # "Revenue (bn $)"
    re.compile(r"^(?P<name>.+?),?\s+(?:in|en|in der|em|в)\s+(?P<units>%|[^\s]{1,12})$", re.I),
    re.compile(r"^(?P<name>.+?)\s*(?P<units>%)$"),  # "Share %"
)


_ORDINAL_PART = re.compile(r"\d+")


def ordered(categories: list[str]) -> bool:
    """Are the categories a sequence (years, numbers, "Q1".."Q4", "Decile 1".."Decile 10"),
    whose order is the table's, not the values'?"""
    if not categories:
        return True
    numbered = [c for c in categories if _ORDINAL_PART.search(c)]
    if len(numbered) < len(categories):
        return False
    return len({_ORDINAL_PART.sub("#", c.casefold()) for c in categories}) == 1


def units_of(header: str) -> tuple[str, str | None]:
    """A column header's name and the units it gives: ("Revenue", "bn $") for
    "Revenue (bn $)", ("Share", "%") for "Share in %"; (header, None) without."""
    for pattern in _UNITS:
        found = pattern.match(header.strip())
        if found:
            return found.group("name").strip(), found.group("units").strip()
    return header, None


def _numeric_share(rows: list[list[str]], column: int, comma: bool) -> float:
    readings = [read_number(r[column], comma) for r in rows if column < len(r)]
    counted = [r for r in readings if not r.missing]
    return sum(r.value is not None for r in counted) / len(counted) if counted else 0.0


def charts_of(
    spec: Spec, article: Article, spec_path: Path, language: str, problems: list[Problem]
) -> PlannedCharts:
    """The spec's charts; else those of the article's front matter, checked as the spec's are
    and reported at the article."""
    captions = table_captions(spec, article)
    if spec.charts or not article.meta.charts:
        return plan_charts(spec.charts, article, language, spec_path, problems,
                           captions=captions)  # fmt: skip
    where = Path(article.path)
    choices = []
    for index, raw in enumerate(article.meta.charts, start=1):
        try:
            choices.append(ChartChoice.model_validate(raw))
        except ValidationError as exc:
            for found in validation_problems(exc, where, ChartChoice):
                key = f"charts[{index}]" + (f".{found.key}" if found.key else "")
                problems.append(Problem(where, found.message, key=key))
    return plan_charts(choices, article, language, where, problems, captions=captions)


def number_figures(brief: Brief) -> None:
    """Number images and charts together, in reading order (the cover's chart first)."""
    groups = [brief.summary, *(s.blocks for s in brief.sections)]
    if brief.conclusion is not None:
        groups.append(brief.conclusion.blocks)
    groups.extend(s.blocks for s in brief.appendices)
    figures: list[BriefImage | BriefChart] = (
        [brief.cover_chart] if brief.cover_chart is not None else []
    )
    figures += [b for blocks in groups for b in blocks if isinstance(b, BriefImage | BriefChart)]
    for number, figure in enumerate(figures, start=1):
        figure.number = number
    brief.charts = [f for f in figures if isinstance(f, BriefChart)]
