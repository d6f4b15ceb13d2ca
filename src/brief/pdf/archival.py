"""Document metadata (XMP) and PDF/A: identification, the sRGB output intent, and the final
write through qpdf (pikepdf), which also checks the file it writes against PDF/A-2.

Every tagged brief carries XMP with its title and the PDF/UA identification; a PDF/A brief
adds the PDF/A identification, the extension schema PDF/A requires for the PDF/UA property,
and an output intent. The XMP repeats the document information dictionary exactly, as PDF/A
requires.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfbase.pdfdoc import format as pdf_format

from brief.core.errors import OutputError
from brief.typeset.reportlab_internals import written_keys

PDF_A_PART = 2

_UA_SCHEMA = """
   <rdf:Description rdf:about=""
     xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
     xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
     xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
    <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
     <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
     <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
     <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
     <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>part</pdfaProperty:name>
      <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
      <pdfaProperty:category>internal</pdfaProperty:category>
      <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
     </rdf:li></rdf:Seq></pdfaSchema:property>
    </rdf:li></rdf:Bag></pdfaExtension:schemas>
   </rdf:Description>"""


def xmp_packet(
    info: dict[str, str], language: str, when: dt.datetime, tagged: bool, pdf_a: str | None
) -> str:
    """The XMP packet for the document information *info* (Title, Author, Subject, Keywords,
    Creator, Producer), dated *when*; *pdf_a* is the conformance level ("A" or "B") or None."""

    def text(value: str) -> str:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    def alt(value: str) -> str:
        return f'<rdf:Alt><rdf:li xml:lang="x-default">{text(value)}</rdf:li></rdf:Alt>'

    stamp = when.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    dc = [
        "<dc:format>application/pdf</dc:format>",
        f"<dc:title>{alt(info['Title'])}</dc:title>",
        f"<dc:language><rdf:Bag><rdf:li>{text(language)}</rdf:li></rdf:Bag></dc:language>",
    ]
    if info.get("Author"):
        dc.append(
            f"<dc:creator><rdf:Seq><rdf:li>{text(info['Author'])}</rdf:li></rdf:Seq></dc:creator>"
        )
    if info.get("Subject"):
        dc.append(f"<dc:description>{alt(info['Subject'])}</dc:description>")
    pdf = [
        f"<pdf:Producer>{text(info['Producer'])}</pdf:Producer>",
    ]
    if info.get("Keywords"):
        pdf.append(f"<pdf:Keywords>{text(info['Keywords'])}</pdf:Keywords>")
    parts = [
        _description('xmlns:dc="http://purl.org/dc/elements/1.1/"', dc),
        _description(
            'xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
            [
                f"<xmp:CreatorTool>{text(info['Creator'])}</xmp:CreatorTool>",
                f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
                f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
                f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
            ],
        ),
        _description('xmlns:pdf="http://ns.adobe.com/pdf/1.3/"', pdf),
    ]
    if tagged:
        parts.append(
            _description(
                'xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"',
                ["<pdfuaid:part>1</pdfuaid:part>"],
            )
        )
    if pdf_a:
        parts.append(
            _description(
                'xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"',
                [
                    f"<pdfaid:part>{PDF_A_PART}</pdfaid:part>",
                    f"<pdfaid:conformance>{pdf_a}</pdfaid:conformance>",
                ],
            )
        )
        if tagged:
            parts.append(_UA_SCHEMA)
    body = "\n".join(parts)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f"{body}\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        + (" " * 99 + "\n") * 20  # padding, so the packet can be edited in place
        + '<?xpacket end="w"?>'
    )


def _description(namespace: str, properties: list[str]) -> str:
    inner = "\n    ".join(properties)
    return f'  <rdf:Description rdf:about="" {namespace}>\n    {inner}\n  </rdf:Description>'


class _PlainStream(PDFStream):
    """An unfiltered stream (PDF/A forbids filters on the metadata stream)."""

    def format(self, document) -> bytes:
        content = self.content.encode("utf-8") if isinstance(self.content, str) else self.content
        dictionary = PDFDictionary(dict(self.dictionary.dict))
        dictionary["Length"] = len(content)
        return pdf_format(dictionary, document) + b"\nstream\n" + content + b"\nendstream\n"


def add_metadata(document, packet: str) -> None:
    """Attach *packet* as the catalog's XMP metadata stream."""
    stream = _PlainStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet
    )
    document.Catalog.Metadata = document.Reference(stream)


def add_output_intent(document) -> None:
    """The sRGB output intent PDF/A requires for colour that is not device independent."""
    from importlib import resources

    profile = resources.files("brief.pdf").joinpath("data/sRGB.icc").read_bytes()
    icc = PDFStream(PDFDictionary({"N": 3}), profile)
    intent = PDFDictionary(
        {
            "Type": PDFName("OutputIntent"),
            "S": PDFName("GTS_PDFA1"),
            "OutputConditionIdentifier": PDFString("sRGB IEC61966-2.1"),
            "Info": PDFString("sRGB IEC61966-2.1"),
            "RegistryName": PDFString("http://www.color.org"),
            "DestOutputProfile": document.Reference(icc),
        }
    )
    catalog = document.Catalog
    catalog.OutputIntents = PDFArray([document.Reference(intent)])
    written_keys(catalog, ["OutputIntents"])


def finish_pdf_a(data: bytes, source: Path | None) -> bytes:
    """Write *data* again through qpdf, which puts every stream in the form PDF/A asks, and
    check the result with pikepdf's PDF/A-2b validator.

    That validator approves only what it knows, and it knows neither the A level (which is
    the B level plus tagging) nor the XMP extension schema that declares the PDF/UA
    identification; findings about those alone are its limits, not faults of the file, so
    they are set aside. Any other finding fails the render."""
    from pikepdf.pdfa import resolve_save_kwargs, validate_written

    flavour = f"{PDF_A_PART}b"
    options = resolve_save_kwargs(flavour, compress_streams=True, deterministic_id=True)
    out = _rewritten(data, options)
    report = validate_written(out, flavour, options)
    findings = [
        f for f in (*report.violations, *report.unsupported) if not _validator_limit(f.message)
    ]
    if findings:
        listed = "; ".join(f"{f.rule} at {f.where}: {f.message}" for f in findings[:3])
        raise OutputError.at(source, f"the PDF does not conform to PDF/A-{PDF_A_PART} ({listed})")
    return out.getvalue()


def compact(data: bytes) -> bytes:
    """*data* written again by qpdf with its objects packed into compressed object streams:
    a tagged long table has an object per cell, and this makes its file about a quarter of
    the size."""
    import pikepdf

    options = {
        "object_stream_mode": pikepdf.ObjectStreamMode.generate,
        "recompress_flate": False,
        "deterministic_id": True,  # the same bytes on every render
    }
    return _rewritten(data, options).getvalue()


def _rewritten(data: bytes, options: dict) -> io.BytesIO:
    """*data* written again by qpdf with pikepdf's save *options*, ready to be read."""
    import pikepdf

    out = io.BytesIO()
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf.save(out, **options)
    out.seek(0)
    return out


# What pikepdf's validator reports about valid PDF/A-2a with PDF/UA identification.
_LIMITS = (
    "XMP namespace pdfaExtension=",
    "XMP namespace pdfaSchema=",
    "XMP namespace pdfaProperty=",
    "XMP property pdfaExtension:schemas is not permitted",
    "XMP property pdfuaid:part is not permitted",
    "pdfaid:conformance is 'A', expected 'B'",
)


def _validator_limit(message: str) -> bool:
    return message.startswith(_LIMITS)
