"""Pictures as ReportLab draws them: raster images through its image reader, SVG drawings
through svglib with the layout's fonts. The checks come first (:mod:`brief.compose.pictures`)."""

from __future__ import annotations

import io
import math
import warnings as python_warnings
from typing import Any

from brief.compose.pictures import PictureProblem, check_svg, raster_info


def raster_reader(data: bytes, max_megapixels: float) -> Any:
    """A ReportLab image reader for checked raster bytes."""
    from reportlab.lib.utils import ImageReader

    raster_info(data, max_megapixels)
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")
            return ImageReader(io.BytesIO(data))
    except Exception:  # ReportLab and PIL report a damaged file in many ways
        raise PictureProblem("is not an image brief can read") from None


def load_svg(
    data: bytes,
    max_elements: int,
    regular_font: str,
    bold_font: str,
    max_megapixels: float | None = None,
) -> Any:
    """The SVG as a ReportLab drawing whose text is set in the layout's fonts."""
    from svglib.svglib import svg2rlg

    check_svg(data, max_elements, max_megapixels)
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")  # PIL's DecompressionBombWarning: checked
            drawing = svg2rlg(io.BytesIO(data), font_map=_layout_font_map(regular_font, bold_font))
    except Exception:  # svglib and lxml report a broken drawing in many ways
        drawing = None
    if drawing is None:
        raise PictureProblem("is not an SVG image brief can draw")
    width, height = drawing.width, drawing.height
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (width, height)) or not (
        0 < width < 1e6 and 0 < height < 1e6
    ):
        raise PictureProblem("is not an SVG image brief can draw (its size is not usable)")
    drawing.initialFontName = regular_font
    return drawing


def _layout_font_map(regular: str, bold: str) -> Any:
    """An svglib font map that answers every font-family with the layout's body font:
    svglib would otherwise run fc-match and embed whatever the system has."""
    from svglib.fonts import FontMap

    class LayoutFonts(FontMap):
        def find_font(
            self, font_name: str, weight: str = "normal", style: str = "normal"
        ) -> tuple[str, bool]:
            return (
                bold
                if str(weight).lower() in {"bold", "bolder", "600", "700", "800", "900"}
                else regular
            ), True

    return LayoutFonts()
