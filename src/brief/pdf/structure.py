"""Writing the structure tree into the PDF: an object per element, the parent tree that
leads from marked content back to its element, and the catalog entries of a tagged PDF.

Elements are formatted directly rather than built as ReportLab dictionaries: a long table has
an element per cell, tens of thousands of them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.pdfbase.pdfdoc import (
    PDFDictionary,
    PDFName,
    PDFObject,
    PDFObjectReference,
    PDFString,
    PDFtrue,
)

from brief.typeset.tagging import Element

if TYPE_CHECKING:
    from brief.typeset.tagging import Structure

_ROOT = "StructTreeRoot"


def write_tree(
    structure: Structure, document: Any, associated: Mapping[str, Sequence[str]] = {}
) -> None:
    """Add the structure tree to the PDF *document* (ReportLab's): the elements, the
    parent tree, and /StructParent on link annotations (pages get theirs as they are
    shown). Elements are formatted directly, not as ReportLab dictionaries: a long table
    has tens of thousands of them. *associated* names the objects of the files associated
    with an element (its ``/AF``), by the element's ID."""
    elements = structure.elements()
    for number, element in enumerate(elements):
        element.number = number
    identified: dict[str, str] = {}  # each ID once, on the first element that has it
    for element in elements:
        if element.tag.ident:
            identified.setdefault(element.tag.ident, _name(element))
    owners = set(identified.values())
    for element in elements:
        document.Reference(_ElementObject(element, owners, associated), _name(element))
    keys = len(structure.pages)
    for offset, (annotation, _) in enumerate(structure.annotations):
        annotation["StructParent"] = keys + offset

    def parent_tree(document: Any) -> bytes:
        number = _numbers(document)
        entries = [
            f"{index} [{' '.join(number(_name(e)) for e in marks)}]"
            for index, marks in enumerate(structure.pages)
        ]
        entries.extend(
            f"{keys + offset} {number(_name(link))}"
            for offset, (_, link) in enumerate(structure.annotations)
        )
        return f"<< /Nums [{' '.join(entries)}] >>".encode()

    entries = {
        "Type": PDFName("StructTreeRoot"),
        "K": PDFObjectReference(_name(structure.root)),
        "ParentTree": document.Reference(_Formatted(parent_tree)),
        "ParentTreeNextKey": keys + len(structure.annotations),
    }
    if identified:  # a name tree from each element ID to its element, as the ID requires

        def id_tree(document: Any) -> bytes:
            number = _numbers(document)
            pairs = " ".join(
                f"{_string(ident, document)} {number(name)}"
                for ident, name in sorted(identified.items(), key=lambda i: i[0].encode())
            )
            return f"<< /Names [{pairs}] >>".encode("latin-1")

        entries["IDTree"] = document.Reference(_Formatted(id_tree))
    tree_root = PDFDictionary(entries)
    document.Reference(tree_root, _ROOT)
    catalog = document.Catalog
    catalog.StructTreeRoot = PDFObjectReference(_ROOT)
    catalog.MarkInfo = PDFDictionary({"Marked": PDFtrue})


def _name(element: Element) -> str:
    return f"SE{element.number}"


class _ElementObject(PDFObject):
    """A structure element as a PDF object, formatted when the file is written. One small
    object per element, not a dictionary: a long table has tens of thousands of them."""

    def __init__(self, element: Element, owners: set[str], associated: Mapping[str, Sequence[str]]):
        self.element, self.owners, self.associated = element, owners, associated

    def format(self, document: Any) -> bytes:
        return _element_body(self.element, self.owners, self.associated, document)


class _Formatted(PDFObject):
    """A PDF object whose text a function gives when the file is written, once every object
    has its number."""

    def __init__(self, body: Callable[[object], bytes]):
        self.body = body

    def format(self, document: Any) -> bytes:
        return self.body(document)


def _numbers(document: Any) -> Callable[[str], str]:
    numbers = document.idToObjectNumberAndVersion
    return lambda name: f"{numbers[name][0]} 0 R"


def _element_body(
    element: Element, owners: set[str], associated: Mapping[str, Sequence[str]], document: Any
) -> bytes:
    number = _numbers(document)
    tag = element.tag
    parent = number(_name(element.parent) if element.parent else _ROOT)
    parts = [f"<< /S /{tag.role} /P {parent}"]  # /Type /StructElem is optional
    if tag.alt:
        parts.append(f" /Alt {_string(tag.alt, document)}")
    if tag.ident and _name(element) in owners:
        parts.append(f" /ID {_string(tag.ident, document)}")
        files = associated.get(tag.ident)
        if files:
            parts.append(f" /AF [{' '.join(number(name) for name in files)}]")
    if tag.lang:
        parts.append(f" /Lang {_string(tag.lang, document)}")
    table = []
    if tag.scope:
        table.append(f"/Scope /{tag.scope}")
    if tag.rows > 1:
        table.append(f"/RowSpan {tag.rows}")
    if tag.columns > 1:
        table.append(f"/ColSpan {tag.columns}")
    if table:
        parts.append(f" /A << /O /Table {' '.join(table)} >>")
    page = next(  # the page of its first content or annotation
        (k[2] if k[0] == "annot" else k[0] for k in element.kids if isinstance(k, tuple)), None
    )
    if page is not None:
        parts.append(f" /Pg {number(f'Page{page}')}")
    kids = []
    for kid in element.kids:
        if isinstance(kid, Element):
            kids.append(number(_name(kid)))
        elif kid[0] == "annot":
            annotation = document.Reference(kid[1]).name
            kids.append(
                f"<< /Type /OBJR /Obj {number(annotation)} /Pg {number(f'Page{kid[2]}')} >>"
            )
        elif kid[0] == page:
            kids.append(str(kid[1]))
        else:
            kids.append(f"<< /Type /MCR /Pg {number(f'Page{kid[0]}')} /MCID {kid[1]} >>")
    if len(kids) == 1:
        parts.append(f" /K {kids[0]}")
    elif kids:
        parts.append(f" /K [{' '.join(kids)}]")
    parts.append(" >>")
    return "".join(parts).encode("latin-1")


def _string(text: str, document: Any) -> str:
    return PDFString(text).format(document).decode("latin-1")
