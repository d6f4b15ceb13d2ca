"""The adapters to Jinja2's code generator and markdown-it's rules (as
tests/test_reportlab_internals.py is ReportLab's): every name they rely on still exists, so
an upgrade that moves one fails here, in one clear place; and no other module reads a
private attribute of another library's object."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import jinja2.compiler
import pytest
from markdown_it import MarkdownIt
from markdown_it.rules_block.state_block import StateBlock
from markdown_it.rules_core.state_core import StateCore

from brief.layout import jinja_internals
from brief.source import table_tokens
from brief.typeset import hyphenation

from .conftest import REPO

PACKAGE = REPO / "src" / "brief"


def _instances() -> dict[str, object]:
    parser = MarkdownIt()
    return {
        "CodeGenerator": jinja2.compiler.CodeGenerator,
        "StateBlock": StateBlock("| a |\n|---|\n", parser, {}, []),
        "StateCore": StateCore("", parser, {}),
    }


def test_a_kept_hyphenation_dictionary_is_pyphen_s_own() -> None:
    """The dictionary brief keeps is made with the attributes pyphen's parser gives it,
    and hyphenates every word as the parsed one does."""
    import pyphen

    path = Path(pyphen.LANGUAGES["en_US"])
    parsed = pyphen.HyphDict(path)
    assert set(hyphenation.DICTIONARY_ATTRIBUTES) == set(vars(parsed))
    kept = hyphenation._dictionary_from_state(pyphen, hyphenation._dictionary_state(parsed))
    words = (REPO / "sources" / "belarus-sco-tianjin.txt").read_text(encoding="utf-8").split()
    assert [kept.positions(w) for w in words] == [parsed.positions(w) for w in words]
    nonstandard = pyphen.HyphDict(Path(pyphen.LANGUAGES["hu_HU"]))  # values with data
    again = hyphenation._dictionary_from_state(pyphen, hyphenation._dictionary_state(nonstandard))
    for word in ("asszonnyal", "loccsan", "Tóth", "kassza"):
        expected = nonstandard.positions(word)
        assert again.positions(word) == expected
        assert [p.data for p in again.positions(word)] == [p.data for p in expected]


RELIED_ON = [*jinja_internals.RELIED_ON, *table_tokens.RELIED_ON, *hyphenation.RELIED_ON]


@pytest.mark.parametrize(("where", "name"), RELIED_ON, ids=[f"{w}.{n}" for w, n in RELIED_ON])
def test_what_the_adapters_rely_on_exists(where: str, name: str) -> None:
    if "." in where or where not in _instances():  # a module
        assert hasattr(importlib.import_module(where), name), f"{where}.{name} is gone"
    else:
        assert hasattr(_instances()[where], name), f"{where}.{name} is gone"


# Private names read on objects that are brief's own (a part of a table split over pages,
# a font of brief's class), reviewed; anything else belongs in an adapter module.
OWN = {
    ("typeset/tables/paged.py", "_start"),
    ("typeset/tables/paged.py", "_first_part"),
    ("typeset/tagging.py", "_mark"),
    ("typeset/tagging.py", "_unmark"),
    ("layout/views.py", "_names"),
    ("pdf/document.py", "_when"),
}
NAMEDTUPLE = {"_replace", "_asdict", "_fields", "_make"}
ADAPTERS = {"typeset/reportlab_internals.py", "layout/jinja_internals.py",
            "source/table_tokens.py"}  # fmt: skip


def private_reads(path: Path) -> list[str]:
    """``x._name`` in *path* where ``x`` is not ``self``, ``cls`` or ``super()``, and the
    name is not one brief sets on objects itself (``_brief_…``) or a named tuple's."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_"):
            continue
        name, value = node.attr, node.value
        if name.startswith("__") or name.startswith("_brief") or name in NAMEDTUPLE:
            continue
        if isinstance(value, ast.Name) and value.id in ("self", "cls"):
            continue
        if isinstance(value, ast.Call) and getattr(value.func, "id", "") == "super":
            continue
        found.append(f"{path.relative_to(PACKAGE).as_posix()}:{node.lineno} .{name}")
    return found


def test_no_module_reads_another_librarys_private_names() -> None:
    found = [
        use
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).as_posix() not in ADAPTERS
        for use in private_reads(path)
        if (use.split(":")[0], use.split(".")[-1]) not in OWN
    ]
    assert not found, "read it in an adapter module:\n" + "\n".join(found)


def test_the_private_read_check_can_fail(tmp_path: Path, monkeypatch) -> None:
    module = PACKAGE / "core" / "x.py"
    monkeypatch.setattr(Path, "read_text", lambda self, encoding=None: "canvas._code = 1\n")
    assert private_reads(module) == ["core/x.py:1 ._code"]
