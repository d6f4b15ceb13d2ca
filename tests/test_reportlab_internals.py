"""ReportLab's private API is used in one module only, and everything it relies on exists in
the installed ReportLab: an upgrade that removes one fails here, by name."""

from __future__ import annotations

import ast
import importlib
import inspect
import io
from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, KeepTogether, ListFlowable, Paragraph, Table
from reportlab.platypus.flowables import LIIndenter
from reportlab.platypus.tableofcontents import TableOfContents

from brief.typeset import reportlab_internals
from brief.typeset.fonts import BriefTTFont, bundled_fonts_dir
from brief.typeset.reportlab_internals import RELIED_ON

PACKAGE = Path(reportlab_internals.__file__).resolve().parents[1]
ADAPTER = Path(reportlab_internals.__file__).resolve()
FONT = str(next(iter(sorted(bundled_fonts_dir().rglob("*.ttf")))))


def instances() -> dict[str, object]:
    """One live instance of each ReportLab class the adapter reaches into."""
    canvas = Canvas(io.BytesIO())
    contents = TableOfContents()
    contents.wrapOn(canvas, 400, 400)
    frame = Frame(0, 0, 100, 100)
    paragraph = Paragraph("x", ParagraphStyle("x"))
    paragraph.wrap(100, 100)
    return {
        "Paragraph": paragraph,
        "Canvas": canvas,
        "PDFTextObject": canvas.beginText(),
        "PDFDocument": canvas._doc,
        "PDFPage": pdfdoc.PDFPage(),
        "PDFCatalog": pdfdoc.PDFCatalog(),
        "PDFStream": pdfdoc.PDFStream(),
        "Frame": frame,
        "KeepTogether": KeepTogether([]),
        "ListFlowable": ListFlowable([]),
        "LIIndenter": LIIndenter(Paragraph("x", ParagraphStyle("x")), bullet=None),
        "TableOfContents": contents,
        "Table": Table([["x"]]),
        "TTFont": TTFont("internals-test", FONT),
        "TTFontFace": TTFontFace(FONT),
    }


@pytest.mark.parametrize(("where", "name"), RELIED_ON, ids=[f"{w}.{n}" for w, n in RELIED_ON])
def test_what_the_adapter_relies_on_exists(where: str, name: str) -> None:
    if where.startswith("reportlab."):
        module = importlib.import_module(where)
        assert hasattr(module, name) or name in inspect.getsource(module), (
            f"ReportLab's {where} no longer has or reads {name}: update "
            "brief/typeset/reportlab_internals.py"
        )
    else:
        assert hasattr(instances()[where], name), (
            f"ReportLab's {where} has no attribute {name}: update "
            "brief/typeset/reportlab_internals.py"
        )


def test_a_lazy_font_is_set_up_as_truetype_would_set_it_up() -> None:
    """The font that reads its file on first use has what TTFont.__init__ gives a font."""
    ours = BriefTTFont("internals-lazy", FONT)
    theirs = TTFont("internals-eager", FONT)
    assert set(vars(theirs)) <= set(vars(ours))
    assert set(vars(ours)) - set(vars(theirs)) == {"code_texts", "_text_codes", "source_file"}
    assert ours.shapable == theirs.shapable


def private_names() -> set[str]:
    return {name for _, name in RELIED_ON if name.startswith("_")}


COMMON = {"_content", "_table", "_y"}  # names our own classes use too: only on other objects


def private_uses(path: Path) -> list[str]:
    """Where *path* reads a private name the adapter covers, imports a private name from
    ReportLab, or overrides a private ReportLab method."""
    private = private_names()
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Attribute) and node.attr in private:
            mine = isinstance(node.value, ast.Name) and node.value.id == "self"
            if not (mine and node.attr in COMMON):
                found.append(f"{where} .{node.attr}")
        if isinstance(node, ast.Name) and node.id in private - COMMON:
            found.append(f"{where} {node.id}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
            found += [f"{where} import {a.name}" for a in node.names if a.name[0] == "_"]
        if isinstance(node, ast.FunctionDef) and node.name in private - COMMON:
            found.append(f"{where} def {node.name}")
    return found


def test_no_other_module_touches_reportlab_privately() -> None:
    found = [
        use
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.resolve() != ADAPTER
        for use in private_uses(path)
    ]
    assert not found, "use brief.typeset.reportlab_internals instead:\n" + "\n".join(found)


def test_the_private_use_check_can_fail(tmp_path: Path) -> None:
    module = tmp_path / "drawing.py"
    module.write_text(
        "from reportlab.platypus.paragraph import _getFragWords\n"
        "class Mine(Canvas):\n"
        "    def _setAnnotations(self, page):\n"
        "        self._content = page._content\n"
        "        return self._code\n",
        encoding="utf-8",
    )
    assert private_uses(module) == [
        "drawing.py:1 import _getFragWords",
        "drawing.py:3 def _setAnnotations",
        "drawing.py:4 ._content",
        "drawing.py:5 ._code",
    ]
