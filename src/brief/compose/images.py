"""Article images: local files are checked and included; remote ones are never fetched.

A local image must lie inside the project folder or the article's own folder (links followed)
and must really be an image brief can include (PNG, JPEG, GIF, or SVG drawn as vectors).
Anything else is shown the way a remote image is, by its description and address, with a
warning at its line: an article saved from the web often names images that are not there
(``/images/posts/chart.png``), and that must not stop the brief. ``--strict`` makes each
such warning an error. A file outside the allowed folders is never read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from brief.compose.model import BriefImage
from brief.compose.pictures import PictureProblem, check_raster, check_svg
from brief.core.confined import read_confined
from brief.core.errors import ArticleError, BriefError, Problem
from brief.core.errors import warn as give
from brief.core.limits import Limits
from brief.source.article import Article, Image

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
# a picture taken out of a Word document, kept by its content (see brief.source.word)
_IN_DOCUMENT = re.compile(r"[/\\]media[/\\][0-9a-f]{32}\.\w+$")


def resolve_images(
    article: Article,
    project_dir: Path,
    allow_outside: bool = False,
    limits: Limits = Limits(),  # noqa: B008 (frozen)
) -> dict[int, BriefImage]:
    """Each image of *article* (by line) with its number and what to show for it."""
    article_path = Path(article.path)
    roots = None if allow_outside else [project_dir, article_path.parent]
    blocks = [*article.lede, *(b for s in article.all_sections() for b in s.blocks)]
    images: dict[int, BriefImage] = {}

    def warn(image: Image, message: str) -> None:
        give(Problem(article_path, message, line=image.line))

    for number, image in enumerate((b for b in blocks if isinstance(b, Image)), start=1):
        fields: dict[str, Any] = {
            "number": number,
            "alt": image.alt,
            "title": image.title,
            "caption": image.caption,
            "src": image.src,
            "line": image.line,
        }
        named = _named(image.src)
        if not (image.alt or "").strip() and _IN_DOCUMENT.search(image.src):
            warn(image, f"figure {number}, a picture of the document, has no description: "
                 "give it alternative text in Word (View Alt Text), for readers who cannot "
                 "see it")  # fmt: skip
        elif not (image.alt or "").strip():
            warn(
                image,
                f"image '{named}' has no description: write one as its alt text, "
                f"![what it shows]({named}), for readers who cannot see it",
            )
        if image.src.lower().startswith("data:"):  # a picture inside its address: not read
            warn(image, "an image given as a data: address is not included; the brief shows "
                 "its description instead")  # fmt: skip
            images[image.line] = BriefImage(**{**fields, "src": ""})
            continue
        if not image.src or _SCHEME.match(image.src):
            images[image.line] = BriefImage(**fields, url=image.src or None)
            continue
        local = article_path.parent / unquote(image.src)
        shown = _local_file(local, _roots_of(local, roots), limits)
        if isinstance(shown, str):
            warn(image, f"image '{named}' {shown}; the brief shows its description instead")
            images[image.line] = BriefImage(**fields)
        else:
            images[image.line] = BriefImage(**fields, path=str(shown))
    return images


def _roots_of(path: Path, roots: list[Path] | None) -> list[Path] | None:
    """Where an image may be read from: the project, and for a picture taken out of a Word
    document, the folder brief keeps those in."""
    if roots is None or not path.is_absolute():
        return roots
    from brief.source.word import media_folder

    folder = media_folder()
    return [*roots, folder] if path.parent == folder else roots


def _local_file(path: Path, roots: list[Path] | None, limits: Limits) -> Path | str:
    """The real path of an image brief can include, or why it cannot."""
    try:
        data, real = read_confined(
            path,
            roots,
            ArticleError,
            "image",
            max_bytes=int(limits.image_mb * 1_000_000),
            limit_hint=limits.hint("image-mb"),
            outside="lies outside the project folder (--allow-outside includes it)",
        )
    except BriefError as error:
        message = error.problems[0].message
        return {"image not found": "is not there", "is a folder, not an image": "is a folder"}.get(
            message, message.removeprefix("the image ")
        )
    try:
        if real.suffix.lower() == ".svg":
            check_svg(data, limits.svg_elements, limits.image_megapixels)
        else:
            check_raster(data, limits.image_megapixels)
    except PictureProblem as problem:
        return str(problem)
    return real


def _named(source: str) -> str:
    """An image's address as a message names it: a data: address by its kind alone, a long
    one shortened."""
    if _IN_DOCUMENT.search(source):
        return "a picture of the document"
    if source.lower().startswith("data:"):
        return source.split(",", 1)[0] + ",…"
    return source if len(source) <= 120 else source[:117] + "…"
