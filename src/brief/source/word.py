"""Word documents (.docx) as articles.

A .docx is read by mammoth (python-mammoth), which turns a document's meaning, not its
looks, into HTML: headings from heading styles, lists from Word's numbering with their
levels, tables with merged cells, footnotes and endnotes, hyperlinks, images with their
alternative text (``descr``), tracked changes as accepted (insertions kept, deletions
dropped), comments left out. It was chosen over python-docx, which reads neither notes,
numbering nor images' text, and docx2python, which flattens structure into nested lists of
strings. What mammoth does not read is done here, around it:

- before it, on the package's XML: equations (OMML) become TeX (:mod:`brief.source.omml`),
  paragraphs that are headings by their outline level get a heading style, fields whose
  result is no text of the author's (a table of contents, page numbers) are dropped, and
  tracked changes, comments and text boxes are counted, for one warning each;
- after it, on its HTML: notes become the article's notes, the document's Title and Subtitle
  paragraphs and its properties (author, date, language) become front matter, and a document
  with no heading styles at all has its short bold paragraphs read as headings, as in plain
  text.

The HTML is then read as any HTML article (:mod:`brief.source.html`), so a .docx and the
Markdown it was made from give the same article.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from brief.core.errors import ArticleError
from brief.core.limits import Limits
from brief.source.word_markdown import formula_marker, word_markdown

WORD_SUFFIXES = {".docx"}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a Compound File: .doc, or an encrypted .docx
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAX_PARTS = 10_000
# fields whose result is Word's, not the author's: contents, page numbers, indexes
_DROPPED_FIELDS = {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "INDEX", "TOA", "PAGEREF"}

_STYLE_MAP = """
p[style-name='Title'] => p.brief-title:fresh
p[style-name='Subtitle'] => p.brief-subtitle:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
p[style-name='Block Text'] => blockquote > p:fresh
p[style-name='TOC Heading'] => !
p[style-name='Caption'] => p.brief-caption:fresh
p[style-name='caption'] => p.brief-caption:fresh
p[style-name='Table Caption'] => p.brief-caption:fresh
p[style-name='Image Caption'] => p.brief-caption:fresh
p[style-name='Author'] => p.brief-author:fresh
p[style-name='Date'] => p.brief-date:fresh
u => em
"""
# Word's built-in heading styles (named "heading 1" in the file, "Heading 1" by some tools),
# and brief's own for a paragraph made a heading by its outline level
_HEADING_STYLES = "".join(
    f"{match} => h{min(level, 6)}:fresh\n"
    for level in range(1, 7)
    for match in (
        f"p[style-name='heading {level}']",
        f"p[style-name='Heading {level}']",
        f"p.BriefOutline{level}",
    )
)
_TOC_STYLES = "".join(f"p[style-name='toc {n}'] => !\np[style-name='TOC {n}'] => !\n"
                      for n in range(1, 10))  # fmt: skip


@dataclass
class WordDocument:
    """A .docx as the Markdown article it holds, and what the author should be told."""

    markdown: str
    notes: list[str] = field(default_factory=list)


@dataclass
class _Counts:
    insertions: int = 0
    deletions: int = 0
    comments: int = 0
    text_boxes: int = 0
    fields: int = 0
    formulas: list[tuple[str, bool]] = field(default_factory=list)  # (TeX, displayed)


def read_word(data: bytes, path: Path, limits: Limits) -> WordDocument:
    """The .docx *data* (read from *path*) as a Markdown article with front matter; a file
    that is no .docx, is damaged or locked, or unpacks past the limits is an ArticleError."""
    import mammoth

    package = _open(data, path)
    _check_sizes(package, path, limits)
    counts = _Counts()
    styles = _heading_styles(package)
    rewritten = _rewritten(package, path, counts)
    media = _Media(path, limits)
    result = mammoth.convert_to_html(
        io.BytesIO(rewritten),
        style_map=_STYLE_MAP + _HEADING_STYLES + _TOC_STYLES + styles,
        convert_image=mammoth.images.img_element(media.save),
        ignore_empty_paragraphs=True,
    )
    if media.problems:
        raise ArticleError.at(path, media.problems[0])
    notes = _warnings(counts)
    if media.skipped:
        kinds = ", ".join(sorted({kind.removeprefix("image/") for kind in media.skipped}))
        notes.append(
            f"{_many(len(media.skipped), 'picture')} left out ({kinds}: a kind of picture "
            "PDF readers and browsers do not draw; save it as PNG or SVG in the document)"
        )
    markdown = word_markdown(result.value, _properties(package), counts.formulas)
    return WordDocument(markdown, notes)


def _open(data: bytes, path: Path) -> zipfile.ZipFile:
    if data.startswith(_OLE):
        if _ENCRYPTED in data:
            raise ArticleError.at(
                path, "the document is password-protected: save a copy without a password"
            )
        raise ArticleError.at(
            path, "a Word 97-2003 document (.doc), not a .docx: save it as a Word Document (.docx)"
        )
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ArticleError.at(path, "not a Word document (.docx), or a damaged one") from None
    if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
        raise ArticleError.at(path, "not a Word document (.docx): no Word package parts in it")
    return package


def _check_sizes(package: zipfile.ZipFile, path: Path, limits: Limits) -> None:
    """A zip bomb stops here, before anything is unpacked: the text parts may unpack to
    twice the article limit, each image to the image limit."""
    infos = package.infolist()
    if len(infos) > _MAX_PARTS:
        raise ArticleError.at(path, f"the package has {len(infos):,} parts, over {_MAX_PARTS:,}")
    text = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    most = limits.article_mb * 2_000_000
    if text > most:
        raise ArticleError.at(
            path,
            f"its text unpacks to {text / 1e6:,.0f} MB, over the limit of {most / 1e6:,.0f} MB "
            f"({limits.hint('article-mb')})",
        )
    for info in infos:
        if info.file_size > limits.image_mb * 1_000_000 and not info.filename.endswith(".xml"):
            raise ArticleError.at(
                path,
                f"'{info.filename}' unpacks to {info.file_size / 1e6:,.0f} MB, over the limit "
                f"of {limits.image_mb:g} MB ({limits.hint('image-mb')})",
            )


def _parse(data: bytes, path: Path) -> Any:
    from lxml import etree

    if b"<!DOCTYPE" in data[:4096] or b"<!ENTITY" in data:
        raise ArticleError.at(path, "the document's XML declares entities, which Word never does")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_blank_text=False)  # fmt: skip
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise ArticleError.at(path, f"a damaged document: {error.msg}") from None


def _main_part(package: zipfile.ZipFile, path: Path) -> str:
    relations = _parse(package.read("_rels/.rels"), path)
    for relation in relations.iter(_RELATIONSHIPS + "Relationship"):
        if relation.get("Type", "").endswith("/officeDocument"):
            return str(PurePosixPath(relation.get("Target", "").lstrip("/")))
    raise ArticleError.at(path, "not a Word document (.docx): it names no main document")


def _rewritten(package: zipfile.ZipFile, path: Path, counts: _Counts) -> bytes:
    """The package with its equations, outline-level headings and Word's own fields
    rewritten for mammoth (see the module's notes)."""
    from lxml import etree

    main = _main_part(package, path)
    folder = str(PurePosixPath(main).parent)
    parts = {main, f"{folder}/footnotes.xml", f"{folder}/endnotes.xml"}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as copy:
        for info in package.infolist():
            data = package.read(info)
            if info.filename in parts:
                root = _parse(data, path)
                _equations(root, counts)
                _outline_headings(root)
                _drop_fields(root, counts)
                counts.insertions += len(root.findall(f".//{W}ins"))
                counts.deletions += len(root.findall(f".//{W}del"))
                counts.text_boxes += len(root.findall(f".//{W}txbxContent"))
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
            elif info.filename == f"{folder}/comments.xml":
                counts.comments += len(_parse(data, path).findall(f"{W}comment"))
            copy.writestr(info.filename, data)
    return out.getvalue()


def _equations(root: Any, counts: _Counts) -> None:
    """Each equation becomes a run holding a marker of its TeX, read back from the HTML."""
    from lxml import etree

    from brief.source.omml import omml_tex

    for equation in list(root.iter(M + "oMathPara", M + "oMath")):
        parent = equation.getparent()
        if parent is None or (equation.tag == M + "oMath" and parent.tag == M + "oMathPara"):
            continue
        displayed = equation.tag == M + "oMathPara"
        counts.formulas.append((omml_tex(equation), displayed))
        run = etree.Element(W + "r")
        etree.SubElement(run, W + "t").text = formula_marker(len(counts.formulas) - 1)
        run.tail = equation.tail
        parent.replace(equation, run)


def _outline_headings(root: Any) -> None:
    """A paragraph made a heading by its outline level (not its style) gets a style of
    brief's that the style map makes a heading of the same level."""
    for properties in root.iter(W + "pPr"):
        level = properties.find(W + "outlineLvl")
        if level is None or not (level.get(W + "val") or "").isdigit():
            continue
        number = int(level.get(W + "val"))
        if number > 5:
            continue
        style = properties.find(W + "pStyle")
        if style is None:
            from lxml import etree

            style = etree.Element(W + "pStyle")
            properties.insert(0, style)
        style.set(W + "val", f"BriefOutline{number + 1}")


def _drop_fields(root: Any, counts: _Counts) -> None:
    """Word's tables of contents and page numbers: their results are not the article's."""
    for gallery in root.iter(W + "docPartGallery"):
        if "Table of Contents" in (gallery.get(W + "val") or ""):
            block = next((a for a in gallery.iterancestors(W + "sdt")), None)
            if block is not None and block.getparent() is not None:
                block.getparent().remove(block)
                counts.fields += 1
    for simple in list(root.iter(W + "fldSimple")):
        if _field_name(simple.get(W + "instr") or "") in _DROPPED_FIELDS:
            simple.getparent().remove(simple)
            counts.fields += 1
    depth, dropping, instruction = 0, 0, ""
    for run in list(root.iter(W + "r")):
        mark = run.find(W + "fldChar")
        kind = mark.get(W + "fldCharType") if mark is not None else None
        if kind == "begin":
            depth += 1
            instruction = ""
        elif kind == "separate" and depth and not dropping:
            if _field_name(instruction) in _DROPPED_FIELDS:
                dropping = depth
                counts.fields += 1
        elif kind == "end" and depth:
            if dropping == depth:
                dropping = 0
            depth -= 1
        elif depth:
            instruction += "".join(t.text or "" for t in run.iter(W + "instrText"))
        if dropping and kind != "end" and run.getparent() is not None:
            run.getparent().remove(run)


def _field_name(instruction: str) -> str:
    words = instruction.split()
    return words[0].upper() if words else ""


def _heading_styles(package: zipfile.ZipFile) -> str:
    """Style map lines for the document's own heading styles: a style with an outline
    level ("Titre 1", "Überschrift Bericht") is a heading of that level."""
    lines = []
    for name in package.namelist():
        if not name.endswith("styles.xml") or "stylesWithEffects" in name:
            continue
        try:
            root = _parse(package.read(name), Path(name))
        except ArticleError:
            continue
        for style in root.iter(W + "style"):
            level = style.find(f"{W}pPr/{W}outlineLvl")
            named = style.find(W + "name")
            value = (level.get(W + "val") or "") if level is not None else ""
            if named is None or not value.isdigit() or int(value) > 5:
                continue
            label = (named.get(W + "val") or "").replace("'", "")
            if label.lower().startswith("heading") or not label:
                continue
            lines.append(f"p[style-name='{label}'] => h{min(int(value) + 1, 6)}:fresh")
    return "\n".join(lines)


def _properties(package: zipfile.ZipFile) -> dict[str, Any]:
    """Front matter from the document's properties: title, authors, date, language."""
    found: dict[str, Any] = {}
    try:
        root = _parse(package.read("docProps/core.xml"), Path("docProps/core.xml"))
    except (KeyError, ArticleError):
        return found

    def value(tag: str) -> str:
        element = root.find(tag)
        return " ".join((element.text or "").split()) if element is not None else ""

    dc, terms = "{http://purl.org/dc/elements/1.1/}", "{http://purl.org/dc/terms/}"
    if (title := value(dc + "title")) and not _NOT_A_TITLE.match(title):
        found["title"] = title
    if creator := value(dc + "creator"):
        found["authors"] = [a.strip() for a in re.split(r"[;\n]", creator) if a.strip()]
    created = value(terms + "created")
    if re.match(r"\d{4}-\d\d-\d\d", created) and not created.startswith(("1601", "1899")):
        found["date"] = created[:10]
    if language := value(dc + "language"):
        found["lang"] = language
    return found


# What Word and its templates leave in the title property when the author set none.
_NOT_A_TITLE = re.compile(
    r"(?i)^(microsoft word - .*|.*\.(docx?|dotx?|dotm|rtf)|dot\.normal|normal|document\d*|"
    r"untitled.*|title|\W*)$"
)


def _warnings(counts: _Counts) -> list[str]:
    notes = []
    if counts.insertions or counts.deletions:
        notes.append(
            f"tracked changes: {_many(counts.insertions, 'insertion')} kept, "
            f"{_many(counts.deletions, 'deletion')} dropped (as if all were accepted)"
        )
    if counts.comments:
        notes.append(f"{_many(counts.comments, 'comment')} left out")
    if counts.text_boxes:
        notes.append(
            f"{_many(counts.text_boxes, 'text box', 'text boxes')} read in the text's order, "
            "where each is anchored"
        )
    return notes


def _many(count: int, one: str, several: str | None = None) -> str:
    return f"{count:,} {one if count == 1 else several or one + 's'}"


class _Media:
    """The document's images, written where the brief can read them: the cache folder (by
    their content, so the same image is one file), else a folder of the temporary folder."""

    def __init__(self, path: Path, limits: Limits):
        self.path, self.limits = path, limits
        self.problems: list[str] = []
        self.skipped: list[str] = []  # the kinds of the pictures left out

    def save(self, image: Any) -> dict[str, str]:
        with image.open() as stream:
            data = stream.read(int(self.limits.image_mb * 1_000_000) + 1)
        if len(data) > self.limits.image_mb * 1_000_000:
            self.problems.append(f"an image is over the limit of {self.limits.image_mb:g} MB")
            return {"src": ""}
        extension = _EXTENSIONS.get((image.content_type or "").lower())
        if extension is None:  # EMF, WMF, TIFF: not a picture a PDF or a browser draws
            self.skipped.append(image.content_type or "of an unknown kind")
            return {"src": "", "class": "brief-skipped"}
        folder = media_folder()
        target = folder / (hashlib.sha256(data).hexdigest()[:32] + extension)
        if not target.exists():
            partial = target.with_suffix(f".{os.getpid()}.part")
            partial.write_bytes(data)
            partial.replace(target)
        return {"src": str(target)}


_EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif",
               "image/svg+xml": ".svg", "image/bmp": ".bmp", "image/webp": ".webp"}  # fmt: skip


def media_folder() -> Path:
    """Where images taken out of documents are kept: brief's cache, else a folder of the
    system's temporary folder (files named by their content, so safe to share)."""
    from brief.core.cache import cache_folder

    folder = cache_folder("media")
    if folder is None:
        user = os.getuid() if hasattr(os, "getuid") else 0
        folder = Path(tempfile.gettempdir()) / f"brief-media-{user}"
        folder.mkdir(mode=0o700, exist_ok=True)
    return folder
