"""Reading a tagged PDF back: its structure tree, the text of each element, and where every
painting operator of each page stands (tagged content, artifact, or neither)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pypdf import PdfReader

# Operators that put marks on the page.
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}
TEXT = {"Tj", "TJ", "'", '"'}


@dataclass
class Element:
    role: str
    attributes: dict = field(default_factory=dict)
    kids: list[Element | tuple[int, int] | str] = field(default_factory=list)
    marks: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID) of its content

    def walk(self):
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()

    def all_text(self) -> str:
        parts = []
        for kid in self.kids:
            if isinstance(kid, Element):
                parts.append(kid.all_text())
            elif isinstance(kid, str):
                parts.append(kid)
        return "".join(parts)


@dataclass
class Mark:
    """One painting operator and the marked content it stands in."""

    page: int
    operator: str
    context: str  # "tagged", "artifact" or "none"
    artifact_kind: str | None = None


@dataclass
class Tagged:
    root: Element | None
    marks: list[Mark]
    mcid_text: dict[tuple[int, int], str]
    parent_tree: dict[int, object]
    struct_parents: list[int | None]
    mcids: dict[tuple[int, int], str]  # (page, MCID) found in content streams -> its tag
    catalog: dict


def read(path: Path) -> Tagged:
    mcid_text = _texts(path)
    with pikepdf.open(path) as pdf:
        marks, mcids = _marks(pdf)
        page_numbers = {p.objgen: index for index, p in enumerate(pdf.pages)}
        root_dict = pdf.Root.get("/StructTreeRoot")
        root = None
        parent_tree: dict[int, object] = {}
        if root_dict is not None:
            kids = root_dict.K
            root = _element(kids, page_numbers, mcid_text, None)
            nums = root_dict.ParentTree.get("/Nums", [])
            for index in range(0, len(nums), 2):
                value = nums[index + 1]
                if isinstance(value, pikepdf.Array):
                    parent_tree[int(nums[index])] = [str(v.S) for v in value]
                else:
                    parent_tree[int(nums[index])] = str(value.S)
        struct_parents = [
            int(p.obj.StructParents) if "/StructParents" in p.obj else None for p in pdf.pages
        ]
        catalog = {
            "MarkInfo": bool(pdf.Root.get("/MarkInfo", {}).get("/Marked", False)),
            "Lang": str(pdf.Root.get("/Lang", "")),
            "DisplayDocTitle": bool(
                pdf.Root.get("/ViewerPreferences", {}).get("/DisplayDocTitle", False)
            ),
            "Tabs": [str(p.obj.get("/Tabs", "")) for p in pdf.pages],
            "Metadata": bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8")
            if "/Metadata" in pdf.Root
            else "",
            "OutputIntents": len(pdf.Root.get("/OutputIntents", [])),
        }
    return Tagged(root, marks, mcid_text, parent_tree, struct_parents, mcids, catalog)


def _element(obj, pages, texts, page) -> Element:
    page = pages.get(obj.Pg.objgen, page) if "/Pg" in obj else page
    attributes = {}
    if "/Alt" in obj:
        attributes["Alt"] = str(obj.Alt)
    if "/A" in obj and "/Scope" in obj.A:
        attributes["Scope"] = str(obj.A.Scope)[1:]
    if "/ID" in obj:
        attributes["ID"] = str(obj.ID)
    element = Element(str(obj.S)[1:], attributes)
    kids = obj.get("/K")
    if kids is None:
        return element
    if not isinstance(kids, pikepdf.Array):
        kids = [kids]
    for kid in kids:
        if isinstance(kid, int):
            element.kids.append(texts.get((page, int(kid)), ""))
            element.marks.append((page, int(kid)))
        elif kid.get("/Type") == "/MCR":
            kid_page = pages[kid.Pg.objgen]
            element.kids.append(texts.get((kid_page, int(kid.MCID)), ""))
            element.marks.append((kid_page, int(kid.MCID)))
        elif kid.get("/Type") == "/OBJR":
            element.kids.append(Element("OBJR", {"Subtype": str(kid.Obj.Subtype)}))
        else:
            element.kids.append(_element(kid, pages, texts, page))
    return element


def _marks(pdf: pikepdf.Pdf) -> tuple[list[Mark], dict[tuple[int, int], str]]:
    marks: list[Mark] = []
    mcids: dict[tuple[int, int], str] = {}
    for index, page in enumerate(pdf.pages):
        stack: list[tuple[str, str | None]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "BMC":
                stack.append(("artifact" if str(operands[0]) == "/Artifact" else "other", None))
            elif op == "BDC":
                tag, properties = str(operands[0]), operands[1]
                if tag == "/Artifact":
                    kind = ""
                    if hasattr(properties, "get"):
                        kind = str(properties.get("/Subtype", properties.get("/Type", "")))
                    stack.append(("artifact", kind or None))
                elif hasattr(properties, "get") and "/MCID" in properties:
                    mcids[(index, int(properties.MCID))] = tag[1:]
                    stack.append(("tagged", None))
                else:
                    stack.append(("other", None))
            elif op == "EMC":
                stack.pop()
            elif op in PAINTING:
                context, kind = next(
                    ((c, k) for c, k in reversed(stack) if c in ("tagged", "artifact")),
                    ("none", None),
                )
                marks.append(Mark(index, op, context, kind))
    return marks, mcids


def _texts(path: Path) -> dict[tuple[int, int], str]:
    """The text drawn in each marked-content sequence, by (page, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    reader = PdfReader(path)
    for index, page in enumerate(reader.pages):
        stack: list[int | None] = []

        def before(operator, operands, cm, tm, stack=stack):
            if operator == b"BDC":
                properties = operands[1] if len(operands) > 1 else None
                mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                stack.append(int(mcid) if mcid is not None else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, index=index):
            current = next((m for m in reversed(stack) if m is not None), None)
            if current is not None and value:
                texts[(index, current)] = texts.get((index, current), "") + value

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    return texts
