"""PDFs read back as readers' software reads them: PDFium (Chrome's viewer, via pypdfium2)
and pdf.js (Firefox's viewer, run by Node from ``tools/pdfjs``).

Each reader gives the same :class:`Reading`: the text of each page, the bookmarks and the links,
every destination resolved to a page index and a height, so tests can follow them.
"""

from __future__ import annotations

import base64
import ctypes
import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw

REPO = Path(__file__).resolve().parents[1]
PDFJS = REPO / "tools" / "pdfjs"


@dataclass(frozen=True)
class Target:
    page: int | None
    top: float | None


@dataclass(frozen=True)
class Bookmark:
    title: str
    target: Target


@dataclass(frozen=True)
class Link:
    page: int
    rect: tuple[float, float, float, float]
    url: str | None
    target: Target | None
    text: str = ""


@dataclass(frozen=True)
class Reading:
    reader: str
    pages: list[str]
    bookmarks: list[Bookmark]
    links: list[Link]
    attachments: dict[str, bytes] = field(default_factory=dict)  # name: bytes (pdf.js only)

    @property
    def text(self) -> str:
        return "\f".join(self.pages)


def read_with_pdfium(pdf: Path) -> Reading:
    document = pdfium.PdfDocument(pdf)
    pages, links = [], []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        pages.append(textpage.get_text_range())
        position, link = ctypes.c_int(0), raw.FPDF_LINK()
        while raw.FPDFLink_Enumerate(page.raw, ctypes.byref(position), ctypes.byref(link)):
            rect = raw.FS_RECTF()
            raw.FPDFLink_GetAnnotRect(link, ctypes.byref(rect))
            box = (rect.left, rect.bottom, rect.right, rect.top)
            destination = raw.FPDFLink_GetDest(document.raw, link)
            url = None
            if not destination:
                action = raw.FPDFLink_GetAction(link)
                destination = raw.FPDFAction_GetDest(document.raw, action) if action else None
                if action and raw.FPDFAction_GetType(action) == raw.PDFACTION_URI:
                    size = raw.FPDFAction_GetURIPath(document.raw, action, None, 0)
                    buffer = ctypes.create_string_buffer(size)
                    raw.FPDFAction_GetURIPath(document.raw, action, buffer, size)
                    url = buffer.value.decode("utf-8", "replace")
            target = _pdfium_target(document, destination) if destination else None
            text = textpage.get_text_bounded(*box)
            links.append(Link(index, box, url, target, " ".join(text.split())))
    bookmarks = []
    for item in document.get_toc():
        destination = item.get_dest()
        page = destination.get_index() if destination is not None else None
        top = destination.get_view()[1][1] if destination is not None else None
        bookmarks.append(Bookmark(item.get_title(), Target(page, top)))
    return Reading("pdfium", pages, bookmarks, links)


def _pdfium_target(document, destination) -> Target:
    page = raw.FPDFDest_GetDestPageIndex(document.raw, destination)
    has_x, has_y, has_zoom = (raw.FPDF_BOOL(), raw.FPDF_BOOL(), raw.FPDF_BOOL())
    x, y, zoom = (raw.FS_FLOAT(), raw.FS_FLOAT(), raw.FS_FLOAT())
    raw.FPDFDest_GetLocationInPage(
        destination, *(ctypes.byref(v) for v in (has_x, has_y, has_zoom, x, y, zoom))
    )
    return Target(page if page >= 0 else None, y.value if has_y.value else None)


class NodeMissing(RuntimeError):
    pass


def read_with_pdfjs(pdf: Path) -> Reading:
    node = shutil.which("node")
    if node is None:
        raise NodeMissing("Node.js is needed for the pdf.js reader checks (apt install nodejs)")
    if not (PDFJS / "node_modules" / "pdfjs-dist").is_dir():
        raise NodeMissing(f"pdf.js is not installed: run npm ci --prefix {PDFJS}")
    result = subprocess.run(
        [node, str(PDFJS / "read.mjs"), str(pdf)], capture_output=True, text=True, timeout=120
    )
    if result.returncode != 0:
        raise RuntimeError(f"pdf.js could not read {pdf.name}: {result.stderr.strip()[:300]}")
    data = json.loads(result.stdout)
    bookmarks = [
        Bookmark(item["title"], Target(item.get("page"), item.get("top")))
        for item in data["outline"]
    ]
    links = [
        Link(
            item["on"],
            tuple(item["rect"]),
            item.get("url"),
            Target(item["target"]["page"], item["target"].get("top")) if item["target"] else None,
        )
        for item in data["links"]
    ]
    attachments = {a["name"]: base64.b64decode(a["data"]) for a in data["attachments"]}
    return Reading("pdf.js", data["pages"], bookmarks, links, attachments)


def rasterise(pdf: Path, page: int = 0, scale: float = 1.0, mode: str = "RGB"):
    """A page of *pdf* as a PIL image, drawn by PDFium."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return document[page].render(scale=scale).to_pil().convert(mode)
    finally:
        document.close()
