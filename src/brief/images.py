"""Article images: local files are checked and included; remote ones are never fetched.

A local image must lie inside the project folder or the article's own folder (links followed)
and must really be an image brief can include (PNG, JPEG, GIF, or SVG drawn as vectors). A
remote image is described in the brief by its alt text and address instead.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from brief.article import Article, Image
from brief.errors import ArticleError, Problem, is_inside
from brief.model import BriefImage

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")
INCLUDED_FORMATS = {"PNG", "JPEG", "GIF"}


def resolve_images(
    article: Article,
    project_dir: Path,
    allow_outside: bool = False,
    warnings: list[Problem] | None = None,
) -> dict[int, BriefImage]:
    """Each image of *article* (by line) with its number and what to show for it."""
    article_path = Path(article.path)
    roots = [project_dir, article_path.parent]
    blocks = [*article.lede, *(b for s in article.all_sections() for b in s.blocks)]
    images: dict[int, BriefImage] = {}
    for number, image in enumerate((b for b in blocks if isinstance(b, Image)), start=1):
        fields = {
            "number": number,
            "alt": image.alt,
            "title": image.title,
            "src": image.src,
            "line": image.line,
        }
        if not image.src or _SCHEME.match(image.src):
            images[image.line] = BriefImage(**fields, url=image.src or None)
            continue
        path = article_path.parent / unquote(image.src)
        if not allow_outside and not any(is_inside(path, root) for root in roots):
            raise ArticleError.at(
                article_path,
                f"image '{image.src}' lies outside the project "
                "folder (use --allow-outside to permit it)",
                line=image.line,
            )
        if not path.is_file():
            raise ArticleError.at(article_path, f"image '{image.src}' not found", line=image.line)
        if not (image.alt or "").strip():
            raise ArticleError.at(
                article_path,
                f"image '{image.src}' has no description: write one as its alt text, "
                f"![what it shows]({image.src}), for readers who cannot see it",
                line=image.line,
            )
        if path.suffix.lower() == ".svg":
            _check_svg(path, image, article_path)
        else:
            _check_image(path, image, article_path)
        images[image.line] = BriefImage(**fields, path=str(path.resolve()))
    return images


def _check_svg(path: Path, image: Image, article_path: Path) -> None:
    import io

    from svglib.svglib import svg2rlg

    drawing = svg2rlg(io.BytesIO(path.read_bytes()))  # from bytes: no other file is read
    if drawing is None or not drawing.width or not drawing.height:
        raise ArticleError.at(
            article_path, f"image '{image.src}' is not an SVG image brief can draw", line=image.line
        )


def _check_image(path: Path, image: Image, article_path: Path) -> None:
    from PIL import Image as Picture
    from PIL import UnidentifiedImageError

    try:
        with Picture.open(path) as picture:
            kind = picture.format
            picture.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        kind = None
    if kind not in INCLUDED_FORMATS:
        raise ArticleError.at(
            article_path, f"image '{image.src}' is not a PNG, JPEG or GIF image", line=image.line
        )
