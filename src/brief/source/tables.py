"""A pre-pass over article lines that makes every table one the Markdown parser reads whole.

markdown-it-py reads GitHub pipe tables only with a ``|---|`` separator row and silently drops
cells beyond the header's count. This pass, run before parsing, adds a missing separator row,
widens a header that is shorter than its rows (with a warning naming the line), warns about
short rows it pads, and rewrites pandoc grid tables (``+---+---+``) as pipe tables. It returns
the new lines with a map to the article's own line numbers.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

_PIPE_ROW = re.compile(r"^\s{0,3}\|")
# Possessive repeats (*+, ++): the regular expression engine otherwise keeps a backtracking
# entry for every cell, about 400 bytes a cell (1 GB for a 5 MB separator row).
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*+\|?\s*$")
_GRID_BORDER = re.compile(r"^\s{0,3}\+(?:[-=:]+\+)++\s*$")
_FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


@dataclass
class Normalised:
    lines: list[str] = field(default_factory=list)
    line_map: list[int] = field(default_factory=list)  # 1-based source line of each line
    warnings: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: str, source: int) -> None:
        self.lines.append(line)
        self.line_map.append(source)


class TooManyCells(Exception):
    """A table with more cells than the limit, found before any cell list is built."""

    def __init__(self, line: int, count: int):
        super().__init__(line, count)
        self.line, self.count = line, count


def cell_count(line: str) -> int:
    """How many cells :func:`cells` finds in *line*, counted without building them: an
    unescaped pipe is one that no backslash comes right before, as in ``_UNESCAPED_PIPE``."""
    text = line.strip()
    pipes = text.count("|") - text.count("\\|")
    count = pipes + 1
    if text.startswith("|"):
        count -= 1
    if pipes and text.endswith("|") and not text.endswith("\\|"):
        count -= 1
    return max(count, 0)


def cells(line: str) -> list[str]:
    """The cells of a pipe-table row; escaped pipes stay inside their cell."""
    parts = _UNESCAPED_PIPE.split(line.strip())
    if parts and parts[0].strip() == "" and line.strip().startswith("|"):
        parts = parts[1:]
    if (
        parts
        and parts[-1].strip() == ""
        and line.strip().endswith("|")
        and not line.strip().endswith("\\|")
    ):
        parts = parts[:-1]
    return [p.strip() for p in parts]


def row(values: list[str]) -> str:
    return "| " + " | ".join(values) + " |"


def normalise_tables(lines: list[str], max_cells: int | None = None) -> Normalised:
    """Rewrite the tables in *lines*; everything else passes through unchanged. A table of
    more than *max_cells* cells raises :class:`TooManyCells` before its cells are built (the
    parser would hold several objects for each cell of the widened table)."""
    out = Normalised()
    index = 0
    fence: str | None = None
    continued: dict[int, bool] = {}  # rows found to continue a table above them
    while index < len(lines):
        line = lines[index]
        opener = _FENCE.match(line)
        if fence is not None:
            if line.lstrip().startswith(fence):
                fence = None
            out.add(line, index + 1)
            index += 1
        elif opener:
            fence = opener.group(1)
            out.add(line, index + 1)
            index += 1
        elif _GRID_BORDER.match(line):
            end = index
            while end < len(lines) and (
                _GRID_BORDER.match(lines[end]) or lines[end].lstrip().startswith("|")
            ):
                end += 1
            _grid_table(lines, index, end, out, max_cells)
            index = end
        elif _PIPE_ROW.match(line) and _continues_table(lines, index, continued):
            out.add(line, index + 1)  # a row of a table written without outer pipes
            continued[index] = True
            index += 1
        elif _PIPE_ROW.match(line):
            end = index
            while end < len(lines) and _PIPE_ROW.match(lines[end]):
                end += 1
            _pipe_table(lines, index, end, out, max_cells)
            if end - index > 1 and end < len(lines) and _ends_table(lines[end]):
                # A line without a cell right under a table (its caption or source, as
                # "*Tabelle 1: …*" or "Source: …"): GFM would read it as one more row.
                out.add("", end)
            index = end
        else:
            out.add(line, index + 1)
            index += 1
    return out


def _ends_table(line: str) -> bool:
    return bool(line.strip()) and _UNESCAPED_PIPE.search(line) is None


def _continues_table(lines: list[str], index: int, known: dict[int, bool]) -> bool:
    """Is line *index* (a row starting with ``|``) a further row of a table that began
    above it without outer pipes (``A | B`` / ``---|---`` / ``1 | 2`` / ``| x | 3``)? Its
    rows run on without a blank line from a separator row; markdown-it reads them as one
    table, and a separator added here made a spurious ``| --- |`` row. *known* holds the
    answers for rows above, so a long table is looked over once."""
    above = index - 1
    while above >= 0 and lines[above].strip() and "|" in lines[above]:
        if above in known:
            return known[above]
        if _SEPARATOR.match(lines[above]) and above >= 1 and "|" in lines[above - 1]:
            known[index] = not _PIPE_ROW.match(lines[above - 1])
            return known[index]
        above -= 1
    known[index] = False
    return False


def _pipe_table(
    lines: list[str], start: int, end: int, out: Normalised, max_cells: int | None = None
) -> None:
    block = lines[start:end]
    has_separator = len(block) > 1 and bool(_SEPARATOR.match(block[1]))
    if len(block) < 2 and not has_separator:
        out.add(block[0], start + 1)  # a lone line starting with '|' is not a table
        return
    if max_cells is not None:  # the widened table: every row as wide as the widest
        rows = [text for offset, text in enumerate(block) if offset != 1 or not has_separator]
        count = max(map(cell_count, rows)) * len(rows)
        if count > max_cells:
            raise TooManyCells(start + 1, count)
    header = cells(block[0])
    separator = cells(block[1]) if has_separator else ["---"] * len(header)
    body = [
        (start + offset + 1, cells(text))
        for offset, text in enumerate(block)
        if offset > (1 if has_separator else 0)
    ]
    width = max([len(header), *(len(values) for _, values in body)])
    for number, values in body:
        if len(values) > len(header):
            out.warnings.append(
                (
                    number,
                    f"table row has {len(values)} cells, header has {len(header)} (header widened)",
                )
            )
        elif len(values) < len(header):
            out.warnings.append(
                (number, f"table row has {len(values)} cells, header has {len(header)} (padded)")
            )
    pad = width - len(header)
    out.add(row(header + [""] * pad), start + 1)
    out.add(row((separator + ["---"] * width)[:width]), start + (2 if has_separator else 1))
    for number, values in body:
        out.add(row(values + [""] * (width - len(values))), number)


def _grid_table(
    lines: list[str], start: int, end: int, out: Normalised, max_cells: int | None = None
) -> None:
    """A pandoc grid table as a pipe table: rows between borders, cell lines joined."""
    border = lines[start]
    columns = [i for i, char in enumerate(border) if char == "+"]
    if max_cells is not None:  # rows are the runs of lines between borders
        kinds = [bool(_GRID_BORDER.match(lines[offset])) for offset in range(start, end)]
        bodies = sum(1 for a, b in itertools.pairwise([True, *kinds]) if a and not b)
        count = (len(columns) - 1) * bodies
        if count > max_cells:
            raise TooManyCells(start + 1, count)
    rows: list[tuple[int, list[str]]] = []
    header_rows = 0
    current: list[list[str]] | None = None
    current_line = start + 1
    for offset in range(start, end):
        text = lines[offset]
        if _GRID_BORDER.match(text):
            if current is not None:
                rows.append((current_line, [" ".join(p for p in cell if p) for cell in current]))
            current = None
            if "=" in text:
                header_rows = len(rows)
            continue
        if current is None:
            current = [[] for _ in columns[:-1]]
            current_line = offset + 1
        for column, (left, right) in enumerate(itertools.pairwise(columns)):
            piece = text[left + 1 : right].strip() if len(text) > left else ""
            current[column].append(piece.replace("|", "\\|"))
    if current is not None:
        rows.append((current_line, [" ".join(p for p in cell if p) for cell in current]))
    if not rows:
        for offset in range(start, end):
            out.add(lines[offset], offset + 1)
        return
    head_count = max(header_rows, 1)
    header = [
        " ".join(values[c] for _, values in rows[:head_count] if values[c])
        for c in range(len(columns) - 1)
    ]
    out.add(row(header), rows[0][0])
    out.add(row(["---"] * len(header)), rows[0][0])
    for number, values in rows[head_count:]:
        out.add(row(values), number)
    out.add("", end)
