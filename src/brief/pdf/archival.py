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
from typing import Any

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFStream, PDFString
from reportlab.pdfbase.pdfdoc import format as pdf_format

from brief.core.errors import OutputError
from brief.typeset.reportlab_internals import written_keys

_EXTENSION_OPEN = """
   <rdf:Description rdf:about=""
     xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
     xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
     xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
    <pdfaExtension:schemas><rdf:Bag>"""
_EXTENSION_CLOSE = """
    </rdf:Bag></pdfaExtension:schemas>
   </rdf:Description>"""

# The extension schemas PDF/A asks for each XMP property it does not define.
_UA_SCHEMA = """
     <rdf:li rdf:parseType="Resource">
     <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
     <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
     <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
     <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
      <pdfaProperty:name>part</pdfaProperty:name>
      <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
      <pdfaProperty:category>internal</pdfaProperty:category>
      <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
     </rdf:li></rdf:Seq></pdfaSchema:property>
     </rdf:li>"""


# brief's own XMP properties: which files made the PDF. Each input is "SHA-256, two spaces,
# name", the format of sha256sum, so a list copied out of the XMP can be checked with it.
PROVENANCE_NAMESPACE = "https://brief.invalid/ns/provenance/1.0/"

_PROVENANCE_SCHEMA = f"""
     <rdf:li rdf:parseType="Resource">
     <pdfaSchema:schema>brief provenance: the files a PDF was made from</pdfaSchema:schema>
     <pdfaSchema:namespaceURI>{PROVENANCE_NAMESPACE}</pdfaSchema:namespaceURI>
     <pdfaSchema:prefix>brief</pdfaSchema:prefix>
     <pdfaSchema:property><rdf:Seq>
      <rdf:li rdf:parseType="Resource">
       <pdfaProperty:name>version</pdfaProperty:name>
       <pdfaProperty:valueType>Text</pdfaProperty:valueType>
       <pdfaProperty:category>internal</pdfaProperty:category>
       <pdfaProperty:description>Version of brief that wrote the file</pdfaProperty:description>
      </rdf:li>
      <rdf:li rdf:parseType="Resource">
       <pdfaProperty:name>inputs</pdfaProperty:name>
       <pdfaProperty:valueType>Seq Text</pdfaProperty:valueType>
       <pdfaProperty:category>internal</pdfaProperty:category>
       <pdfaProperty:description>SHA-256 and name of each input file</pdfaProperty:description>
      </rdf:li>
     </rdf:Seq></pdfaSchema:property>
     </rdf:li>"""


def xmp_packet(
    info: dict[str, str],
    language: str,
    when: dt.datetime,
    tagged: bool,
    pdf_a: str | None,
    part: int = 2,
    inputs: dict[str, str] | None = None,
    version: str = "",
) -> str:
    """The XMP packet for the document information *info* (Title, Author, Subject, Keywords,
    Creator, Producer), dated *when*; *pdf_a* is the conformance level ("A" or "B") or None,
    of PDF/A *part*; *inputs* are the files the PDF was made from, by name, with their
    SHA-256 (see :mod:`brief.core.provenance`), and *version* brief's."""

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
                    f"<pdfaid:part>{part}</pdfaid:part>",
                    f"<pdfaid:conformance>{pdf_a}</pdfaid:conformance>",
                ],
            )
        )
        schemas = [_UA_SCHEMA] if tagged else []
        if inputs:
            schemas.append(_PROVENANCE_SCHEMA)
        if schemas:
            parts.append(_EXTENSION_OPEN + "".join(schemas) + _EXTENSION_CLOSE)
    if inputs:
        listed = "".join(
            f"<rdf:li>{digest}  {text(name)}</rdf:li>" for name, digest in inputs.items()
        )
        parts.append(
            _description(
                f'xmlns:brief="{PROVENANCE_NAMESPACE}"',
                [
                    f"<brief:version>{text(version)}</brief:version>",
                    f"<brief:inputs><rdf:Seq>{listed}</rdf:Seq></brief:inputs>",
                ],
            )
        )
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

    def format(self, document: Any) -> bytes:
        content = self.content.encode("utf-8") if isinstance(self.content, str) else self.content
        dictionary = PDFDictionary(dict(self.dictionary.dict))
        dictionary["Length"] = len(content)
        return pdf_format(dictionary, document) + b"\nstream\n" + content + b"\nendstream\n"


def add_metadata(document: Any, packet: str) -> None:
    """Attach *packet* as the catalog's XMP metadata stream."""
    stream = _PlainStream(
        PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), packet
    )
    document.Catalog.Metadata = document.Reference(stream)


def add_output_intent(document: Any) -> None:
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


def pdf_a_flavour(attachments: bool) -> str:
    """The PDF/A part and level pikepdf's validator checks: PDF/A-3 allows embedded files
    of any kind (the tables' CSV), PDF/A-2 only PDF/A files, so a brief with attachments is
    PDF/A-3. The level is B: the validator knows no A (see :func:`check_pdf_a`)."""
    return f"{pdf_a_part(attachments)}b"


def pdf_a_part(attachments: bool) -> int:
    return 3 if attachments else 2


def check_pdf_a(
    written: io.BytesIO, flavour: str, options: dict[Any, Any], source: Path | None
) -> None:
    """Check the file qpdf *written* with pikepdf's PDF/A validator.

    That validator approves only what it knows, and it knows neither the A level (which is
    the B level plus tagging) nor the XMP extension schemas that declare the PDF/UA
    identification and brief's provenance; findings about those alone are its limits, not
    faults of the file, so they are set aside. Any other finding fails the render."""
    from pikepdf.pdfa import validate_written

    report = validate_written(written, flavour, options)
    written.seek(0)
    findings = [
        f for f in (*report.violations, *report.unsupported) if not _validator_limit(f.message)
    ]
    if any(f.message == _AF_UNSUPPORTED for f in findings):
        elements = _structure_elements(written)
        findings = [
            f for f in findings if not (f.message == _AF_UNSUPPORTED and f.where in elements)
        ]
    if findings:
        listed = "; ".join(f"{f.rule} at {f.where}: {f.message}" for f in findings[:3])
        raise OutputError.at(source, f"the PDF does not conform to PDF/A-{flavour[0]} ({listed})")


# What pikepdf's validator reports about valid PDF/A-2a with PDF/UA identification.
_LIMITS = (
    "XMP namespace pdfaExtension=",
    "XMP namespace pdfaSchema=",
    "XMP namespace pdfaProperty=",
    "XMP property pdfaExtension:schemas is not permitted",
    "XMP property pdfuaid:part is not permitted",
    "pdfaid:conformance is 'A', expected 'B'",
    f"XMP namespace brief={PROVENANCE_NAMESPACE}",
    "XMP property brief:version is not permitted",
    "XMP property brief:inputs is not permitted",
)


# pikepdf's validator knows associated files on the document only; ISO 19005-3 (6.8) allows
# them on structure elements too, where brief puts each table's data.
_AF_UNSUPPORTED = "associated files (/AF) are not supported"


def _structure_elements(written: io.BytesIO) -> set[str]:
    """How the validator names each structure element of the file ("obj 51 0")."""
    import pikepdf

    found = set()
    with pikepdf.open(written) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and "/S" in obj and "/P" in obj:
                found.add(f"obj {obj.objgen[0]} {obj.objgen[1]}")
    written.seek(0)
    return found


def _validator_limit(message: str) -> bool:
    return message.startswith(_LIMITS)
