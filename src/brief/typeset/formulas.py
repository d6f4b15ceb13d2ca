"""Displayed formulas as vector drawings: ziamath lays out the TeX (through latex2mathml's
MathML) in its bundled STIX Two Math font and writes glyphs as SVG paths, which svglib turns
into a ReportLab drawing. Paths need no font in the PDF, so a formula is the same in every
reader and in PDF/A; readers' software gets the formula's text from its tag.

This module is the one place that reaches into ziamath and ziafont.
"""

from __future__ import annotations

import io
import math
import re
import warnings as python_warnings
from typing import Any

from brief.compose.pictures import PictureProblem, check_svg
from brief.source.math import normalised

# ziamath sets 1 pt of font size as 1 SVG unit; the drawing is made at this size and scaled.
_DRAWN_SIZE = 12.0
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


class FormulaProblem(ValueError):
    """ziamath could not set the formula; the message says why."""


def formula_drawing(tex: str, size: float, colour: str, font: str, max_elements: int) -> Any:
    """The displayed formula *tex* as a drawing whose text is *size* points, in *colour*
    (``#rrggbb``); raises :class:`FormulaProblem` when it cannot be set. *font* is an
    embedded font: ReportLab starts every drawing by selecting one, and its own default is
    a PDF base font, which is never embedded (and not allowed in PDF/A)."""
    from svglib.svglib import svg2rlg

    if not _COLOUR.fullmatch(colour):
        raise FormulaProblem(f"'{colour}' is not a colour of the form #rrggbb")
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")  # ziamath finds its font the old way
            import ziafont
            import ziamath

            # Plain <path>s: svglib does not place <symbol>/<use> (SVG 2) glyphs correctly.
            ziafont.config.svg2 = False  # type: ignore[attr-defined]
            latex = ziamath.Latex  # type: ignore[attr-defined]
            svg = latex(normalised(tex), size=_DRAWN_SIZE, color=colour, inline=False).svg()
    except RecursionError:
        raise FormulaProblem("the formula is nested too deeply") from None
    except Exception as error:  # ziamath and latex2mathml fail in many ways on bad TeX
        raise FormulaProblem(f"the formula cannot be set ({type(error).__name__})") from None
    data = svg.encode("utf-8")
    try:
        check_svg(data, max_elements)
    except PictureProblem as problem:
        raise FormulaProblem(f"the formula {problem}") from None
    drawing = svg2rlg(io.BytesIO(data))
    if drawing is None or not all(
        math.isfinite(v) and 0 < v < 1e5 for v in (drawing.width, drawing.height)
    ):
        raise FormulaProblem("the formula has no size")
    # svglib reads SVG units as CSS pixels (3/4 of a point); ziamath's are points.
    drawing.initialFontName = font
    scale = size / _DRAWN_SIZE * 4 / 3
    drawing.scale(scale, scale)
    drawing.width, drawing.height = drawing.width * scale, drawing.height * scale
    return drawing
