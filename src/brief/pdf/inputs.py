"""The files a render reads, named and hashed for the PDF's XMP and the output folder's
manifest (see :mod:`brief.core.provenance`)."""

from __future__ import annotations

from pathlib import Path

from brief.compose import SPEC_SUFFIX
from brief.compose.model import Brief, BriefImage
from brief.core.errors import LayoutError
from brief.core.provenance import Inputs
from brief.layout.loader import Layout, builtin_layouts_dir
from brief.typeset.fonts import bundled_fonts_dir


def render_inputs(path: Path, brief: Brief, layout: Layout, project_dir: Path) -> Inputs:
    """The files a render reads, hashed (:class:`brief.core.provenance.Inputs`): the spec,
    the article, the images it shows and every file of its layout's folders; typesetting
    adds the fonts it embeds."""
    inputs = Inputs(
        {
            project_dir: "",
            builtin_layouts_dir(): "brief:layouts/",
            bundled_fonts_dir(): "brief:fonts/",
        }
    )
    inputs.add(path)
    if path.suffix.lower() == SPEC_SUFFIX:
        inputs.add(path.parent / brief.source.path)
    for image_path in image_paths(brief):
        inputs.add(image_path)
    for folder in layout.folders:
        for file in sorted(folder.rglob("*")):
            relative = file.relative_to(folder).parts
            if (
                file.is_file()
                and not file.name.startswith(".")
                and "__pycache__" not in relative
                and relative[0] != "site"  # the web pages' templates: not the PDF's
            ):
                if inputs.outside(file):  # a shared layout's link to a file of this machine
                    raise LayoutError.at(
                        file,
                        "is a link that leads outside the project folder: brief reads no file "
                        "of a layout from outside it",
                    )
                inputs.add(file)
    return inputs


def image_paths(brief: Brief) -> list[Path]:
    """The files of the brief's images that are shown (a remote one has no file)."""
    groups = [brief.summary, *(s.blocks for s in (*brief.sections, *brief.appendices))]
    if brief.conclusion is not None:
        groups.append(brief.conclusion.blocks)
    return [
        Path(block.path)
        for blocks in groups
        for block in blocks
        if isinstance(block, BriefImage) and block.path
    ]
