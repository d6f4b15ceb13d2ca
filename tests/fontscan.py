"""Fonts a PDF uses without carrying them: a base-14 font ReportLab names but never embeds
(Helvetica, Times, Courier…) or any font whose program is not in the file. Readers then
draw the text in whatever their machine has, and PDF/A forbids it."""

from __future__ import annotations

from pathlib import Path

import pikepdf

_PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")


def unembedded_fonts(path: Path, made_by: str | None = None) -> set[str]:
    """The fonts *path* uses without embedding them; with *made_by*, only when its producer
    names that program (else nothing)."""
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    with pikepdf.open(path) as pdf:
        if made_by and made_by not in str(pdf.docinfo.get("/Producer", "")):
            return found
        for page in pdf.pages:
            _scan(page.obj.get("/Resources"), found, seen)
    return found


def _scan(resources, found: set[str], seen: set[tuple[int, int]]) -> None:
    if resources is None:
        return
    for font in (resources.get("/Font") or {}).values():
        if not _first_visit(font, seen):
            continue
        if font.get("/Subtype") == "/Type3":
            _scan(font.get("/Resources"), found, seen)
            continue
        fonts = list(font.get("/DescendantFonts") or []) or [font]
        for face in fonts:
            descriptor = face.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor for key in _PROGRAMS):
                found.add(str(face.get("/BaseFont", font.get("/BaseFont"))))
    for xobject in (resources.get("/XObject") or {}).values():
        if _first_visit(xobject, seen) and xobject.get("/Subtype") == "/Form":
            _scan(xobject.get("/Resources"), found, seen)


def _first_visit(obj, seen: set[tuple[int, int]]) -> bool:
    """Whether *obj* is met for the first time (a shared font or form is read once)."""
    if not obj.is_indirect:
        return True
    if obj.objgen in seen:
        return False
    seen.add(obj.objgen)
    return True
