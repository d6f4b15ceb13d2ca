"""The last pass over a written PDF, through qpdf (pikepdf), for the files that need one:
linearised for fast web view ("Optimized: yes") when large or asked for, packed into object
streams when it has many structure elements, and for PDF/A checked as it is written.

A small brief skips the pass (see :data:`brief.pdf.document.LINEARIZE_ABOVE`): its data files
are attached as it is written (:mod:`brief.pdf.attachments`). qpdf writes the same bytes for
the same input (``deterministic_id``), so renders stay byte-identical either way.
"""

from __future__ import annotations

import io
from pathlib import Path

from brief.pdf.archival import check_pdf_a, pdf_a_flavour


def finish(data: bytes, pdf_a: bool, pack: bool, linearize: bool, source: Path | None) -> bytes:
    """*data* rewritten by qpdf: linearised when *linearize*; packed into object streams
    when *pack*; with *pdf_a* checked against PDF/A-3 when it has attached files, else
    PDF/A-2 (a finding is reported against *source*, the brief's file)."""
    import pikepdf

    options = {
        "linearize": linearize,
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
    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        flavour = pdf_a_flavour("/AF" in pdf.Root)
        if pdf_a:
            from pikepdf.pdfa import resolve_save_kwargs

            options = resolve_save_kwargs(flavour, **options)
        elif not pack:
            # ReportLab compresses every stream but the XMP (which stays readable), and the
            # data files come compressed: asking qpdf to compress streams made it take 14 ms
            # instead of 3 on the bundled brief, for 74 bytes. Object streams need it;
            # PDF/A's settings are pikepdf's to choose.
            options.update(
                compress_streams=False, stream_decode_level=pikepdf.StreamDecodeLevel.none
            )
        pdf.save(out, **options)
    out.seek(0)
    if pdf_a:
        check_pdf_a(out, flavour, options, source)
    return out.getvalue()
