"""Pictures from files brief did not make: raster images and SVG drawings, read safely.

Every check happens before the expensive step: a raster image's pixel count is read from its
header before it is decoded, and an SVG's element count and size before it is parsed. An SVG
is drawn with the layout's own fonts (never a system font looked up by name), from bytes, so
it can reference no other file.
"""

from __future__ import annotations

import io
import math
import re
import warnings as python_warnings
from dataclasses import dataclass
from typing import Any

INCLUDED_FORMATS = {"PNG", "JPEG", "GIF"}


class PictureProblem(Exception):
    """Why a picture cannot be used; the caller names the file and place."""


@dataclass(frozen=True)
class RasterInfo:
    width: int
    height: int
    kind: str


def header_size(data: bytes) -> tuple[int, int] | None:
    """Width and height read from a PNG, GIF or JPEG header, before any library sees the
    file (Pillow refuses very large images with an error of its own, and warns for others)."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(data[6:8], "little"), int.from_bytes(data[8:10], "little")
    if data[:2] == b"\xff\xd8":
        at = 2
        while at + 9 < len(data):
            if data[at] != 0xFF:
                return None
            marker = data[at + 1]
            if marker in _JPEG_FRAMES:
                return int.from_bytes(data[at + 7 : at + 9], "big"), int.from_bytes(
                    data[at + 5 : at + 7], "big"
                )
            if marker == 0xFF:  # fill byte
                at += 1
                continue
            at += 2 + int.from_bytes(data[at + 2 : at + 4], "big")
    return None


# Start-of-frame markers, which carry a JPEG's size (not DHT, JPG or DAC).
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def _check_pixels(width: int, height: int, max_megapixels: float) -> None:
    if width * height > max_megapixels * 1_000_000:
        raise PictureProblem(
            f"is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels), over the "
            f"{max_megapixels:g} megapixel limit (raise it with --limit image-megapixels=N)"
        )


def raster_info(data: bytes, max_megapixels: float) -> RasterInfo:
    """Format and size from the header (nothing is decoded); refuses more pixels than
    *max_megapixels*, and anything but PNG, JPEG or GIF."""
    from PIL import Image as Picture
    from PIL import UnidentifiedImageError

    early = header_size(data)
    if early is not None:
        _check_pixels(*early, max_megapixels)

    with python_warnings.catch_warnings():
        python_warnings.simplefilter("ignore")  # PIL's DecompressionBombWarning: checked here
        try:
            with Picture.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                kind = picture.format or ""
        except Picture.DecompressionBombError:
            raise PictureProblem(
                f"has too many pixels to decode safely (over {max_megapixels:g} megapixels; "
                "raise it with --limit image-megapixels=N)"
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            kind = ""
            width = height = 0
    if kind not in INCLUDED_FORMATS:
        raise PictureProblem("is not a PNG, JPEG or GIF image")
    _check_pixels(width, height, max_megapixels)
    if width <= 0 or height <= 0:
        raise PictureProblem("has no pixels")
    return RasterInfo(width, height, kind)


def check_raster(data: bytes, max_megapixels: float) -> RasterInfo:
    """:func:`raster_info`, then a full check of the file's structure."""
    from PIL import Image as Picture

    info = raster_info(data, max_megapixels)
    try:
        with python_warnings.catch_warnings():
            python_warnings.simplefilter("ignore")
            with Picture.open(io.BytesIO(data)) as picture:
                picture.verify()
    except Exception:  # PIL reports a damaged file in many ways
        raise PictureProblem(f"is a damaged {info.kind} image") from None
    return info


def check_svg(data: bytes, max_elements: int, max_megapixels: float | None = None) -> None:
    """An upper bound of the element count before any parsing; then the XML must be well
    formed, with an ``<svg>`` root of a usable size. Once parsed, what drawing it would
    make is counted: every ``<use>`` draws its target again (a group of 20,000 shapes used
    5,000 times is a hundred million shapes), and the pictures it embeds as ``data:``
    addresses are read to their header and held to *max_megapixels* together, as a raster
    image is. (Python's expat refuses entity expansion bombs and never loads external
    entities; svglib follows no link to a file when it is given bytes.)"""
    from xml.etree import ElementTree

    elements = data.count(b"<")
    if elements > max_elements:
        raise PictureProblem(
            f"has about {elements:,} elements, over the {max_elements:,} limit "
            "(raise it with --limit svg-elements=N)"
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise PictureProblem("is not an SVG image (not well-formed XML)") from None
    if root.tag.rpartition("}")[2] != "svg":
        raise PictureProblem("is not an SVG image (its root is not <svg>)")
    for name in ("width", "height"):
        value = root.get(name)
        number = _LENGTH.match(value or "")
        if value is not None and number is not None:
            size = float(number.group(0))
            if not (math.isfinite(size) and 0 < size < 1e6):
                raise PictureProblem(f"is not an SVG image brief can draw ({name} {value!r})")
    drawn = _drawn_elements(root, max_elements)
    if drawn > max_elements:
        raise PictureProblem(
            f"draws over {max_elements:,} elements once its <use> references are followed "
            "(raise it with --limit svg-elements=N)"
        )
    if max_megapixels is not None:
        _check_embedded_pictures(root, max_megapixels)


_HREFS = ("{http://www.w3.org/1999/xlink}href", "href")
# A picture inside its address, in any of the forms a drawing library might decode.
_EMBEDDED = re.compile(r"data:image/[\w.+-]+(?:;[\w.+-]+=[^;,]*)*;base64", re.IGNORECASE)


def _href(element: Any) -> str:
    return next((element.get(name) for name in _HREFS if element.get(name)), "") or ""


def _drawn_elements(root: Any, cap: int) -> int:
    """The elements an SVG draws, each ``<use>`` counted as a copy of its target; counting
    stops past *cap*. A ``<use>`` that leads back to itself draws nothing (svglib skips
    it), and is counted once."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    sizes: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        element, expanded = stack.pop()
        key = id(element)
        if key in sizes:
            continue
        parts = list(element)
        if element.tag.rpartition("}")[2] == "use":
            target = by_id.get(_href(element).partition("#")[2]) if "#" in _href(element) else None
            parts = [target] if target is not None else []
        if not expanded:
            visiting.add(key)
            stack.append((element, True))
            stack.extend((part, False) for part in parts if id(part) not in visiting)
            continue
        visiting.discard(key)
        sizes[key] = min(cap + 1, 1 + sum(sizes.get(id(part), 1) for part in parts))
    return sizes[id(root)]


def _check_embedded_pictures(root: Any, max_megapixels: float) -> None:
    import base64
    import binascii

    total = 0.0
    for element in root.iter():
        if element.tag.rpartition("}")[2] != "image":
            continue
        address = _href(element)
        embedded = _EMBEDDED.match(address.strip())
        if embedded is None:
            continue
        # What svglib decodes: everything one character after ";base64" (a comma, or any
        # other character: "data:image/png;base64 AAAA" is decoded too).
        payload = address.strip()[embedded.end() + 1 :]
        try:
            picture = base64.b64decode(payload, validate=False)
        except (binascii.Error, ValueError):
            raise PictureProblem("has an embedded picture that is not valid base64") from None
        info = raster_info(picture, max_megapixels)
        total += info.width * info.height / 1_000_000
        if total > max_megapixels:
            raise PictureProblem(
                f"embeds pictures of more than {max_megapixels:g} megapixels together "
                "(raise it with --limit image-megapixels=N)"
            )


_LENGTH = re.compile(r"\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")
