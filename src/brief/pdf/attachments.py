"""The tables' data as files attached to the PDF, written with the rest of the document by
ReportLab: each an embedded file, an associated file (``/AF``, relationship Data) of the
document and of its table's structure element, and listed among the document's embedded
files, where every reader's attachments panel finds it.

Written here rather than by a second pass over the finished file (qpdf), which rewrote every
object of the PDF to add a few: the bundled brief's data took 40 ms that way (pikepdf's import
and qpdf's pass), and the objects written here are the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfdoc import (
    PDFArray,
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFStream,
    PDFString,
)

from brief.export.tabledata import CSV_MEDIA_TYPE, DataFile
from brief.typeset.reportlab_internals import written_keys


def attach_files(
    document: Any, files: Sequence[DataFile], when: dt.datetime
) -> dict[str, list[str]]:
    """Add *files* to ReportLab's PDF *document*; returns the names of their file
    specifications by the ID of the structure element each belongs to (the structure tree
    lists them as the element's associated files)."""
    if not files:
        return {}
    stamp = PDFString(when.strftime("D:%Y%m%d%H%M%SZ"))
    by_element: dict[str, list[str]] = {}
    listed: list[tuple[bytes, str, Any]] = []
    specs = []
    for index, file in enumerate(files):
        params = PDFDictionary(
            {
                "Size": len(file.data),
                "CheckSum": _Raw(f"<{hashlib.md5(file.data).hexdigest()}>".encode()),
                "CreationDate": stamp,
                "ModDate": stamp,
            }
        )
        embedded = PDFStream(
            PDFDictionary(
                {
                    "Type": PDFName("EmbeddedFile"),
                    "Subtype": _Raw(_name(CSV_MEDIA_TYPE)),
                    "Params": params,
                    "Filter": PDFName("FlateDecode"),  # compressed here, not by ReportLab
                }
            ),
            zlib.compress(file.data, 9),
        )
        stream = document.Reference(embedded, f"DataFileStream{index}")
        spec_name = f"DataFile{index}"
        spec = document.Reference(
            PDFDictionary(
                {
                    "Type": PDFName("Filespec"),
                    "F": PDFString(file.name),
                    "UF": PDFString(file.name),
                    "Desc": PDFString(file.description),
                    "AFRelationship": PDFName("Data"),
                    "EF": PDFDictionary({"F": stream, "UF": stream}),
                }
            ),
            spec_name,
        )
        specs.append(spec)
        by_element.setdefault(file.element, []).append(spec_name)
        listed.append((_text_bytes(file.name), file.name, spec))
    listed.sort(key=lambda entry: entry[0])  # a name tree's keys in the order of their bytes
    names = PDFArray([item for _, name, spec in listed for item in (PDFString(name), spec)])
    catalog = document.Catalog
    catalog.Names = PDFDictionary({"EmbeddedFiles": PDFDictionary({"Names": names})})
    written_keys(catalog, ["AF"])
    catalog.AF = PDFArray(specs)
    return by_element


class _Raw(PDFObject):
    """A PDF token written as given (a hex string; a name ReportLab would not escape)."""

    def __init__(self, text: bytes):
        self.text = text

    def format(self, document: Any) -> bytes:
        return self.text


def _name(text: str) -> bytes:
    """A PDF name with its delimiters escaped (``text/csv`` is ``/text#2Fcsv``);
    ReportLab's ``PDFName`` writes the slash as it is, which ends the name."""
    escaped = "".join(
        c if "!" <= c <= "~" and c not in "/#()<>[]{}%" else f"#{ord(c):02X}" for c in text
    )
    return f"/{escaped}".encode("ascii")


def _text_bytes(text: str) -> bytes:
    """The bytes a PDF text string of *text* holds, as ReportLab writes it: PDFDocEncoding
    when it can be (the codec ReportLab registers), else UTF-16BE with a byte-order mark."""
    try:
        return text.encode("pdfdoc")
    except UnicodeEncodeError:
        return b"\xfe\xff" + text.encode("utf-16-be")
