"""Rows that sum up a table's other rows: a total, a subtotal, an average, the range of the
years above ("2026-2035" under 2026…2035). Drawn as a bar among the rows they sum, a total
is the tallest bar and the chart's "highest" value; a table sets it apart (a rule above, in
bold). Found by their label in every language brief speaks, by a range label that spans the
other categories, or as a bold last row whose value is the sum or the mean of the others.
"""

from __future__ import annotations

import re
import unicodedata

from brief.compose.numbers import read_number
from brief.source.article import Table

# Labels of rows that sum up the others, matched as whole words at the label's start.
SUMMARY_WORDS = (
    # English
    "total", "totals", "subtotal", "sub-total", "grand total", "sum", "all", "overall",
    "average", "mean", "median", "combined", "net total",
    # German, French, Spanish, Italian, Portuguese, Dutch
    "gesamt", "insgesamt", "summe", "zwischensumme", "durchschnitt", "mittelwert", "alle",
    "ensemble", "moyenne", "sous-total", "somme", "médiane", "tous", "toutes",
    "promedio", "media", "suma", "subtotal", "todos", "todas", "totale", "subtotale",
    "somma", "tutti", "média", "soma", "totaal", "subtotaal", "gemiddelde", "som", "alle",
    # Polish, Russian, Ukrainian, Turkish
    "razem", "ogółem", "suma", "średnia", "łącznie", "итого", "всего", "среднее", "в среднем",
    "сумма", "разом", "усього", "всього", "середнє", "toplam", "ortalama", "genel toplam",
    # Arabic, Hebrew
    "المجموع", "الإجمالي", "إجمالي", "المتوسط", "متوسط", "סה\"כ", "סך הכל", "סה״כ", "ממוצע",
    # Chinese, Japanese, Korean
    "合计", "总计", "合計", "總計", "小计", "小計", "平均", "全体", "全部", "计", "計",
    "합계", "총계", "소계", "평균", "전체",
)  # fmt: skip
_WORD = re.compile(
    r"^(?:" + "|".join(re.escape(w) for w in sorted(SUMMARY_WORDS, key=len, reverse=True)) + r")"
    r"(?![^\W\d_])",
    re.IGNORECASE,
)
_SUBTOTAL = re.compile(
    r"^(?:sub-?total|zwischensumme|sous-total|subtotale|subtotaal|小计|小計|소계)", re.I
)
_RANGE = re.compile(r"^(\d{4})\s*[-–—/]\s*(\d{2}|\d{4})$")
_YEAR = re.compile(r"^\d{4}$")
# How close a bold last row must be to the sum or mean of the others (rounded figures).
_TOLERANCE = 0.005


def summary_rows(
    table: Table, label_column: int, value_columns: list[int], comma: bool
) -> list[int]:
    """Indices of *table*'s rows that sum up the others (see the module's description)."""
    labels = [_label(row[label_column]) if label_column < len(row) else "" for row in table.rows]
    last_row = len(table.rows) - 1
    # A summary's word marks the first or last row, a bold row, or a subtotal anywhere: a
    # sector called "Media" in the middle of a table is no average.
    found = [
        i
        for i, label in enumerate(labels)
        if _WORD.match(label)
        and (i in (0, last_row) or _bold_row(table, i) or _SUBTOTAL.match(label))
    ]
    years = [int(label) for label in labels if _YEAR.match(label)]
    for index, label in enumerate(labels):
        spans = _RANGE.match(label)
        if spans and index not in found and len(years) >= 2:
            first, last = int(spans.group(1)), int(spans.group(2))
            if last < 100:
                last += first // 100 * 100
            if first <= min(years) and max(years) <= last:
                found.append(index)
    if (
        last_row >= 2
        and last_row not in found
        and _bold_row(table, last_row)
        and _sums_the_others(table, last_row, value_columns, comma, found)
    ):
        found.append(last_row)
    return sorted(found)


def _label(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).strip("*_ :").split())


def _bold_row(table: Table, index: int) -> bool:
    """Is every written cell of the row bold (the author's mark of a total)?"""
    if not table.spans or index + 1 >= len(table.spans):
        return False
    cells = [spans for spans in table.spans[index + 1] if any(s.text.strip() for s in spans)]
    return bool(cells) and all(all(s.bold for s in spans if s.text.strip()) for spans in cells)


def _sums_the_others(
    table: Table, index: int, columns: list[int], comma: bool, summaries: list[int]
) -> bool:
    for column in columns:
        values = [read_number(row[column], comma).value if column < len(row) else None
                  for row in table.rows]  # fmt: skip
        total = values[index]
        others = [v for i, v in enumerate(values) if i != index and i not in summaries]
        known = [v for v in others if v is not None]
        if total is None or len(known) < 2:
            return False
        for expected in (sum(known), sum(known) / len(known)):
            if abs(total - expected) <= _TOLERANCE * max(abs(expected), 1e-9):
                break
        else:
            return False
    return bool(columns)


def table_summary_rows(table: Table) -> list[int]:
    """Rows of *table* that sum up the others, its first column holding the labels and its
    columns of numbers the values (read with either decimal mark). Numbers are read only
    when the last row is bold: the other signs are in the labels."""
    if not table.rows or not _bold_row(table, len(table.rows) - 1):
        return summary_rows(table, 0, [], False)
    columns = [
        c
        for c in range(1, len(table.header))
        if sum(read_number(r[c], False).value is not None for r in table.rows if c < len(r))
        >= len(table.rows) / 2
    ]
    return sorted(
        set(summary_rows(table, 0, columns, False)) | set(summary_rows(table, 0, columns, True))
    )
