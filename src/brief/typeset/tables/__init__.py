"""Tables that never break: measured columns, linear paging, captions kept with their rows.

ReportLab's own table splitting re-measures the whole remaining table at every page break,
which is quadratic in the number of rows, and it cannot split a row taller than a page. Here a
table is one flowable, :class:`PagedTable`, that measures every row once, keeps prefix sums of
the row heights, and at each page break builds a ReportLab ``Table`` for just the rows that fit
on that page. Cells taller than a page are cut into several physical rows beforehand.
"""

from brief.typeset.tables.content import TableContent, is_numeric, plain
from brief.typeset.tables.paged import PagedTable, build_table

__all__ = ["PagedTable", "TableContent", "build_table", "is_numeric", "plain"]
