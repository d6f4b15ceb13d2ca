"""Reading a tagged PDF back: its structure tree, the text of each element, and where every
painting operator of each page stands (tagged content, artifact, or neither)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf

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
    """The text drawn in each marked-content sequence, by (page, MCID), decoded through the
    fonts' ToUnicode maps; a move to a new line is a line break."""
    texts: dict[tuple[int, int], str] = {}
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            fonts = page.Resources.get("/Font", {})
            maps: dict[str, dict[int, str]] = {}
            stack: list[int | None] = []
            current: dict[int, str] = {}
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "BDC":
                    properties = operands[1]
                    mcid = properties.get("/MCID") if hasattr(properties, "get") else None
                    stack.append(int(mcid) if mcid is not None else None)
                elif op == "BMC":
                    stack.append(None)
                elif op == "EMC":
                    stack.pop()
                elif op == "Tf":
                    name = str(operands[0])
                    if name not in maps:
                        maps[name] = _unicode_map(fonts[name])
                    current = maps[name]
                elif op in TEXT or op in ("T*", "Td", "TD"):
                    mcid = next((m for m in reversed(stack) if m is not None), None)
                    if mcid is None:
                        continue
                    text = "\n" if op in ("T*", "'", '"', "Td", "TD") else ""
                    if op in TEXT:
                        pieces = operands[-1] if op == "TJ" else [operands[-1]]
                        for piece in pieces:
                            if isinstance(piece, pikepdf.String):
                                text += "".join(current.get(b, "") for b in bytes(piece))
                    key = (index, mcid)
                    texts[key] = texts.get(key, "") + text
    return {key: text.lstrip("\n") for key, text in texts.items()}


def _unicode_map(font) -> dict[int, str]:
    """Character code -> text, from a simple font's ToUnicode CMap."""
    if "/ToUnicode" not in font:
        return {}
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping: dict[int, str] = {}

    def text(hex_digits: str) -> str:
        return bytes.fromhex(hex_digits).decode("utf-16-be")

    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = text(value)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, value in re.findall(
            r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            start = int(value, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(start + offset) if start + offset < 0x10000 else ""
    return mapping
