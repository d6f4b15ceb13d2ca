"""WCAG 2 contrast between text and its background, for warnings about unreadable colours."""

from __future__ import annotations

from typing import Protocol


class Colour(Protocol):
    """A colour's channels, 0 to 1 (ReportLab's colours and the palette's have them)."""

    @property
    def red(self) -> float: ...

    @property
    def green(self) -> float: ...

    @property
    def blue(self) -> float: ...


AA_NORMAL = 4.5
AA_LARGE = 3.0


def luminance(colour: Colour) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(colour.red)
        + 0.7152 * channel(colour.green)
        + 0.0722 * channel(colour.blue)
    )


def contrast(text: Colour, background: Colour) -> float:
    lighter, darker = sorted((luminance(text), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def required(size: float, bold: bool) -> float:
    """WCAG AA: 3:1 for large text (18 pt, or 14 pt bold), else 4.5:1."""
    return AA_LARGE if size >= 18 or (bold and size >= 14) else AA_NORMAL
