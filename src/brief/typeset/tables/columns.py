"""Column widths: what the spec fixes, then each column's minimum and preferred width."""

from __future__ import annotations

import re

from brief.core.errors import LayoutError
from brief.core.units import points

WIDTH_PERCENT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*%\s*$")


def fixed_width(value: str) -> float:
    try:
        return points(value)
    except ValueError:
        raise LayoutError.at(
            None, f"table width '{value}' must be a length, a percentage or '*'"
        ) from None


def share(
    avail: float, minimum: list[float], preferred: list[float], fixed: list[float | None]
) -> tuple[list[float], bool]:
    """Share *avail* out: fixed columns first, then minimums, then what each still wants.

    Spare room when every column has its preferred width goes in proportion to it. Returns the
    widths and whether every column got at least its minimum.
    """
    free = [i for i, w in enumerate(fixed) if w is None]
    rest = avail - sum(w for w in fixed if w is not None)
    widths = [w or 0.0 for w in fixed]
    fits = all(w is None or w >= m - 0.01 for w, m in zip(fixed, minimum, strict=True))
    if not free:
        return widths, fits
    # Columns that want no more than a fair share get all they want, as in HTML tables;
    # the wide ones then share the rest by how much more than their minimum they want.
    while True:
        fair = rest / len(free) if free else 0.0
        narrow = [i for i in free if preferred[i] <= fair]
        if not narrow or len(narrow) == len(free):
            break
        for i in narrow:
            widths[i] = preferred[i]
            rest -= preferred[i]
        free = [i for i in free if i not in narrow]
    low = sum(minimum[i] for i in free)
    high = sum(preferred[i] for i in free)
    if high <= rest:
        # Everything fits on one line: fill the text width, except that a small table keeps
        # close to its natural size rather than spreading a few words across the page.
        natural = sum(w for w in widths if w) + high
        target = rest if natural >= avail / 2 else min(rest, high * 1.5)
        for i in free:
            widths[i] = preferred[i] * target / high if high else target / len(free)
    elif low >= rest:
        for i in free:
            widths[i] = minimum[i] * rest / low if low else rest / len(free)
        fits = fits and low <= rest + 0.01
    else:
        spare = rest - low
        wants = high - low
        for i in free:
            widths[i] = minimum[i] + spare * (preferred[i] - minimum[i]) / wants
    return widths, fits
