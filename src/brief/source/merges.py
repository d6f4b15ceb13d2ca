"""Merged table cells (HTML's ``colspan`` and ``rowspan``, Word's merged cells) through the
Markdown an HTML page or a Word document is turned into.

A pipe table has no merged cells, so before the HTML becomes Markdown every table is laid
out on its grid: a merged cell is marked at its start with how many rows and columns it
covers, and each cell it covers is written as a marked empty cell. When the Markdown's
table is read, the marks become the table's :class:`~brief.source.article.Merge` list and
leave the text. The marks are characters of the private use area, which no text of an
author's holds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from brief.source.article import Merge, Span

_START, _END, COVERED = "\ue020", "\ue021", "\ue022"
_MARK = re.compile(f"^{_START}(\\d+)x(\\d+){_END}")
_MOST = 1000  # rows or columns one cell may cover: a rowspan of a billion is a typo


def mark_merged_cells(soup: Any) -> None:
    """Lay out each table of *soup* on its grid (see the module's notes)."""
    for table in soup.find_all("table"):
        rows = [row for row in table.find_all("tr") if row.find_parent("table") is table]
        waiting: dict[int, int] = {}  # column -> rows still covered by a cell above
        for row in rows:
            cells = row.find_all(["td", "th"], recursive=False)
            if not cells and not waiting:
                continue
            kind = cells[0].name if cells else "td"
            laid: list[Any] = []
            column = 0
            queue = list(cells)
            while queue or any(count > 0 and at >= column for at, count in waiting.items()):
                if waiting.get(column, 0) > 0:
                    waiting[column] -= 1
                    laid.append(_covered(soup, kind))
                    column += 1
                    continue
                if not queue:
                    column += 1
                    continue
                cell = queue.pop(0)
                down, across = _count(cell.get("rowspan")), _count(cell.get("colspan"))
                for name in ("rowspan", "colspan"):
                    cell.attrs.pop(name, None)
                if down > 1 or across > 1:
                    cell.insert(0, f"{_START}{down}x{across}{_END}")
                laid.append(cell)
                laid.extend(_covered(soup, cell.name) for _ in range(across - 1))
                if down > 1:
                    for offset in range(across):
                        waiting[column + offset] = down - 1
                column += across
            for cell in cells:
                cell.extract()
            for cell in laid:
                row.append(cell)


def _count(value: Any) -> int:
    text = str(value or "1").strip()
    return min(max(int(text), 1), _MOST) if text.isdigit() else 1


def _covered(soup: Any, name: str) -> Any:
    cell = soup.new_tag(name)
    cell.string = COVERED
    return cell


def take_merges(
    rows: list[list[tuple[str, list[Span]]]],
) -> tuple[list[list[tuple[str, list[Span]]]], list[Merge]]:
    """The cells of a read table (header row first) without their marks, and the merges
    the marks stood for, each within the table."""
    merges = []
    width = max((len(row) for row in rows), default=0)
    out = []
    for r, row in enumerate(rows):
        cells: list[tuple[str, list[Span]]] = []
        for c, (text, spans) in enumerate(row):
            if text.strip() == COVERED:
                cells.append(("", []))
                continue
            found = _MARK.match(text.lstrip())
            if found is not None:
                text = text.lstrip()[found.end() :].lstrip()
                spans = _without_mark(spans)
                down = min(int(found.group(1)), len(rows) - r)
                across = min(int(found.group(2)), width - c)
                if down > 1 or across > 1:
                    merges.append(Merge(row=r, column=c, rows=down, columns=across))
            cells.append((text, spans))
        out.append(cells)
    return out, merges


def _without_mark(spans: list[Span]) -> list[Span]:
    if not spans:
        return spans
    first = spans[0]
    text = _MARK.sub("", first.text.lstrip()).lstrip()
    rest = spans[1:]
    return ([replace(first, text=text)] if text else []) + rest


def has_marks(text: str) -> bool:
    return _START in text or COVERED in text
