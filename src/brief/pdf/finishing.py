"""The last pass over a written PDF, through qpdf (pikepdf): the tables' data attached as
associated files, and the file linearised for fast web view ("Optimized: yes"), with its
objects packed when it is large, and for PDF/A checked as it is written.

Every brief goes through this pass: a linearised file shows its first page while the rest
downloads. qpdf writes the same bytes for the same input (``deterministic_id``), so renders
stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
import io
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from brief.export.tabledata import CSV_MEDIA_TYPE, DataFile
from brief.pdf.archival import check_pdf_a, pdf_a_flavour


def finish(
    data: bytes,
    files: Sequence[DataFile],
    when: dt.datetime,
    pdf_a: bool,
    pack: bool,
    source: Path | None,
) -> bytes:
    """*data* with *files* attached, linearised; packed into object streams when *pack*;
    with *pdf_a* it is checked against PDF/A-3 when files are attached, else PDF/A-2 (a
    finding is reported against *source*, the brief's file)."""
    import pikepdf

    flavour = pdf_a_flavour(bool(files))
    options = {
        "linearize": True,
        "deterministic_id": True,  # the same bytes on every render
        "compress_streams": True,
        "recompress_flate": False,
        # Our XMP states no PDF version for pikepdf to fix; looking costs an lxml import and
        # a parse of the XMP (30 ms on a cold start) and changes no byte.
        "fix_metadata_version": False,
        "object_stream_mode": (
            pikepdf.ObjectStreamMode.generate if pack else pikepdf.ObjectStreamMode.disable
        ),
    }
    if pdf_a:
        from pikepdf.pdfa import resolve_save_kwargs

        options = resolve_save_kwargs(flavour, **options)
    elif not pack:
        # ReportLab compresses every stream but the XMP (which stays readable) and the data
        # files come compressed (attach): asking qpdf to compress streams made it take 14 ms
        # instead of 3 on the bundled brief, for 74 bytes. Object streams need it; PDF/A's
        # settings are pikepdf's to choose.
        options.update(compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none)
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if files:
            attach(pdf, files, when)
        pdf.save(out, **options)
    out.seek(0)
    if pdf_a:
        check_pdf_a(out, flavour, options, source)
    return out.getvalue()


def attach(pdf: Any, files: Sequence[DataFile], when: dt.datetime) -> None:
    """Embed each data file and make it an associated file (``/AF``, relationship Data) of
    its table's structure element and of the document, and list it among the document's
    embedded files, where every reader's attachments panel finds it."""
    import pikepdf
    from pikepdf import AttachedFileSpec, Name

    stamp = when.strftime("D:%Y%m%d%H%M%SZ")
    elements = _identified_elements(pdf)
    associated = pikepdf.Array()
    for file in files:
        pdf.attachments[file.name] = AttachedFileSpec(
            pdf,
            file.data,
            description=file.description,
            filename=file.name,
            mime_type=CSV_MEDIA_TYPE,
            creation_date=stamp,
            mod_date=stamp,
            relationship=Name.Data,
        )
        spec = pdf.attachments[file.name].obj
        # Compressed here, so that qpdf need not be asked to compress every stream.
        spec.EF.F.write(zlib.compress(file.data, 9), filter=Name.FlateDecode)
        associated.append(spec)
        element = elements.get(file.element)
        if element is not None:
            if Name.AF in element:
                element.AF.append(spec)
            else:
                element.AF = pikepdf.Array([spec])
    pdf.Root.AF = associated


def _identified_elements(pdf: Any) -> dict[str, Any]:
    """Structure elements by their ID, from the structure tree's IDTree."""
    import pikepdf

    root = pdf.Root.get("/StructTreeRoot")
    if root is None or "/IDTree" not in root:
        return {}
    tree = pikepdf.NameTree(root.IDTree)
    return {str(key): value for key, value in tree.items()}
