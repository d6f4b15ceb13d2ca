"""A chart palette from the layout's own colours.

Series are drawn in the layout's primary and accent colours, then in further hues; each
colour keeps 3:1 contrast with the page (WCAG 1.4.11, for the parts of a graphic) and with
the colour before it, so that bars side by side are told apart without their hue: the
palette alternates a dark and a middle tone of each hue, which is the only way two colours
can each stand 3:1 from a white page and 3:1 from each other.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass
from typing import Any

from brief.layout.contrast import contrast

NEEDED = 3.0  # WCAG 1.4.11
# Hues after the layout's two, far apart on the wheel (Okabe and Ito's, in degrees).
_MORE_HUES = (202, 27, 160, 327, 245, 50)


@dataclass(frozen=True)
class RGB:
    red: float
    green: float
    blue: float

    @classmethod
    def parse(cls, value: str) -> RGB:
        value = value.lstrip("#")
        if len(value) == 3:
            value = "".join(c * 2 for c in value)
        return cls(*(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)))

    def hex(self) -> str:
        return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in self)

    def __iter__(self) -> Any:
        return iter((self.red, self.green, self.blue))


def _with_lightness(colour: RGB, lightness: float) -> RGB:
    hue, _, saturation = colorsys.rgb_to_hls(*colour)
    return RGB(*colorsys.hls_to_rgb(hue, min(max(lightness, 0.0), 1.0), saturation))


def _from_hue(hue: float, saturation: float = 0.6) -> RGB:
    return RGB(*colorsys.hls_to_rgb(hue / 360, 0.4, saturation))


def _toned(colour: RGB, page: RGB, dark: bool, before: RGB | None) -> RGB:
    """*colour*'s hue at a lightness that keeps 3:1 with the page and, when it can, with
    the colour before it: as near its own lightness as that allows for a dark tone, the
    lightest that allows for a middle one."""
    own = colorsys.rgb_to_hls(*colour)[1]
    tones = [(s / 100, _with_lightness(colour, s / 100)) for s in range(5, 96)]
    usable = [(lightness, c) for lightness, c in tones if contrast(c, page) >= NEEDED]
    if not usable:
        return colour
    if dark:
        usable.sort(key=lambda tone: abs(tone[0] - min(own, 0.35)))
    else:
        usable.sort(key=lambda tone: -tone[0])
    for _, candidate in usable:
        if before is None or contrast(candidate, before) >= NEEDED:
            return candidate
    return usable[0][1]


def _hue_distance(first: float, second: float) -> float:
    difference = abs(first - second) % 360
    return min(difference, 360 - difference)


def chart_palette(primary: str, accent: str, page: str, count: int) -> list[str]:
    """*count* colours for a chart's series from the layout's *primary* and *accent*
    colours on a *page* of the given colour (all ``#rrggbb``)."""
    background = RGB.parse(page)
    own = [RGB.parse(primary), RGB.parse(accent)]
    taken = [colorsys.rgb_to_hls(*c)[0] * 360 for c in own]
    more = [h for h in _MORE_HUES if all(_hue_distance(h, t) >= 40 for t in taken)]
    hues = [*own, *(_from_hue(h) for h in more or _MORE_HUES)]
    palette: list[RGB] = []
    for index in range(max(count, 1)):
        base = hues[index % len(hues)]
        before = palette[-1] if palette else None
        palette.append(_toned(base, background, dark=index % 2 == 0, before=before))
    return [c.hex() for c in palette]
