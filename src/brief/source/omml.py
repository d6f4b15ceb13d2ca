"""Word's equations (Office Math Markup, OMML) as TeX, the math brief reads in every article
format (see :mod:`brief.source.math`).

No maintained Python library reads OMML (Microsoft's own converter is an XSLT sheet to
MathML under a licence that does not allow it to be shipped here, and pandoc is a program,
not a library), so this walks the elements Word writes: fractions, scripts, radicals,
n-ary operators, delimiters, functions, accents, bars, limits, matrices and equation arrays.
An element it does not know is read for its text, never dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

_NARY = {"∑": r"\sum", "∏": r"\prod", "∐": r"\coprod", "∫": r"\int", "∬": r"\iint",
         "∭": r"\iiint", "∮": r"\oint", "⋃": r"\bigcup", "⋂": r"\bigcap", "⋁": r"\bigvee",
         "⋀": r"\bigwedge", "⨁": r"\bigoplus", "⨂": r"\bigotimes"}  # fmt: skip
_ACCENTS = {"\u0302": r"\hat", "\u0303": r"\tilde", "\u0304": r"\bar", "\u0305": r"\overline",
            "\u0307": r"\dot", "\u0308": r"\ddot", "\u030c": r"\check", "\u0306": r"\breve",
            "\u20d7": r"\vec", "\u0301": r"\acute", "\u0300": r"\grave"}  # fmt: skip
_FUNCTIONS = {"sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh",
              "cosh", "tanh", "log", "ln", "lg", "exp", "lim", "max", "min", "sup", "inf",
              "det", "dim", "ker", "gcd", "deg", "arg", "Pr"}  # fmt: skip
_FENCES = {"(": "(", ")": ")", "[": "[", "]": "]", "{": r"\{", "}": r"\}", "|": "|",
           "‖": r"\|", "⟨": r"\langle", "⟩": r"\rangle", "⌊": r"\lfloor", "⌋": r"\rfloor",
           "⌈": r"\lceil", "⌉": r"\rceil", "": "."}  # fmt: skip
_SPECIAL = {"\\": r"\backslash ", "{": r"\{", "}": r"\}", "#": r"\#", "$": r"\$", "%": r"\%",
            "&": r"\&", "_": r"\_", "^": r"\^{}", "~": r"\sim "}  # fmt: skip


def omml_tex(element: Any) -> str:
    """The TeX of an ``m:oMath`` element (or any OMML element)."""
    return " ".join(_children(element).split())


def _children(element: Any) -> str:
    return "".join(_tex(child) for child in element)


def _part(element: Any, name: str) -> str:
    found = element.find(M + name)
    return "" if found is None else _children(found)


def _property(element: Any, path: str, default: str) -> str:
    """A property's ``m:val`` (``fPr/type``), or *default* where it is not given."""
    found = element.find("/".join(M + part for part in path.split("/")))
    if found is None:
        return default
    return str(found.get(M + "val", default))


def _text(element: Any) -> str:
    """A run: its characters as TeX (a plain-style run of letters as upright text)."""
    text = "".join(t.text or "" for t in element.iter(M + "t"))
    plain = _property(element, "rPr/sty", "") == "p" or element.find(f"{M}rPr/{M}nor") is not None
    escaped = "".join(_SPECIAL.get(char, char) for char in text)
    if plain and text.strip() and any(char.isalpha() for char in text):
        if text in _FUNCTIONS:
            return f"\\{text} "
        return f"\\mathrm{{{escaped}}}"
    return escaped


def _fraction(e: Any) -> str:
    num, den = _part(e, "num"), _part(e, "den")
    kind = _property(e, "fPr/type", "bar")
    if kind == "lin":
        return f"{{{num}}}/{{{den}}}"
    if kind == "noBar":
        return f"\\genfrac{{}}{{}}{{0pt}}{{}}{{{num}}}{{{den}}}"
    return f"\\frac{{{num}}}{{{den}}}"


def _radical(e: Any) -> str:
    degree = _part(e, "deg")
    hidden = _property(e, "radPr/degHide", "0") in ("1", "on", "true")
    if degree.strip() and not hidden:
        return f"\\sqrt[{degree}]{{{_part(e, 'e')}}}"
    return f"\\sqrt{{{_part(e, 'e')}}}"


def _nary(e: Any) -> str:
    char = _property(e, "naryPr/chr", "∫")
    operator = _NARY.get(char, char)
    sub, sup = _part(e, "sub"), _part(e, "sup")
    limits = (f"_{{{sub}}}" if sub.strip() else "") + (f"^{{{sup}}}" if sup.strip() else "")
    return f"{operator}{limits}{{{_part(e, 'e')}}}"


def _delimiter(e: Any) -> str:
    begin = _FENCES.get(_property(e, "dPr/begChr", "("), "(")
    end = _FENCES.get(_property(e, "dPr/endChr", ")"), ")")
    separator = _property(e, "dPr/sepChr", "|")
    inner = f" {_FENCES.get(separator, separator)} ".join(
        _children(part) for part in e.findall(M + "e")
    )
    return f"\\left{begin} {inner} \\right{end}"


def _function(e: Any) -> str:
    name = _part(e, "fName").strip()
    if name.startswith("\\mathrm{") and name[8:-1] in _FUNCTIONS:
        name = f"\\{name[8:-1]}"
    return f"{name}{{{_part(e, 'e')}}}"


def _accent(e: Any) -> str:
    command = _ACCENTS.get(_property(e, "accPr/chr", "\u0302"), "\\hat")
    return f"{command}{{{_part(e, 'e')}}}"


def _bar(e: Any) -> str:
    below = _property(e, "barPr/pos", "bot") == "bot"
    command = "\\underline" if below else "\\overline"
    return f"{command}{{{_part(e, 'e')}}}"


def _group(e: Any) -> str:
    char = _property(e, "groupChrPr/chr", "\u23df")
    above = _property(e, "groupChrPr/pos", "bot") == "top"
    if char in ("\u23de", "\u23df"):  # braces over and under
        command = "\\overbrace" if above else "\\underbrace"
        return f"{command}{{{_part(e, 'e')}}}"
    return f"\\{'overset' if above else 'underset'}{{{char}}}{{{_part(e, 'e')}}}"


def _limit(e: Any, below: bool) -> str:
    base, limit = _part(e, "e").strip(), _part(e, "lim")
    if base in ("\\lim", "\\max", "\\min", "\\sup", "\\inf"):
        return f"{base}_{{{limit}}}" if below else f"{base}^{{{limit}}}"
    return f"\\{'underset' if below else 'overset'}{{{limit}}}{{{base}}}"


def _matrix(e: Any) -> str:
    rows = [" & ".join(_children(cell) for cell in row.findall(M + "e"))
            for row in e.findall(M + "mr")]  # fmt: skip
    return "\\begin{matrix} " + r" \\ ".join(rows) + " \\end{matrix}"


def _array(e: Any) -> str:
    rows = [_children(row) for row in e.findall(M + "e")]
    return "\\begin{aligned} " + r" \\ ".join(rows) + " \\end{aligned}"


_ELEMENTS: dict[str, Callable[[Any], str]] = {
    "r": _text,
    "f": _fraction,
    "sSup": lambda e: f"{{{_part(e, 'e')}}}^{{{_part(e, 'sup')}}}",
    "sSub": lambda e: f"{{{_part(e, 'e')}}}_{{{_part(e, 'sub')}}}",
    "sSubSup": lambda e: f"{{{_part(e, 'e')}}}_{{{_part(e, 'sub')}}}^{{{_part(e, 'sup')}}}",
    "sPre": lambda e: f"{{}}_{{{_part(e, 'sub')}}}^{{{_part(e, 'sup')}}}{{{_part(e, 'e')}}}",
    "rad": _radical,
    "nary": _nary,
    "d": _delimiter,
    "func": _function,
    "acc": _accent,
    "bar": _bar,
    "groupChr": _group,
    "limLow": lambda e: _limit(e, True),
    "limUpp": lambda e: _limit(e, False),
    "m": _matrix,
    "eqArr": _array,
}
# properties and controls: nothing to print
_SILENT = {"rPr", "fPr", "radPr", "naryPr", "dPr", "funcPr", "accPr", "barPr", "groupChrPr",
           "limLowPr", "limUppPr", "mPr", "eqArrPr", "sSupPr", "sSubPr", "sSubSupPr", "sPrePr",
           "boxPr", "borderBoxPr", "phantPr", "ctrlPr", "oMathParaPr", "argPr"}  # fmt: skip


def _tex(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag.startswith(M):
        name = tag[len(M) :]
        if name in _SILENT:
            return ""
        if name in _ELEMENTS:
            return _ELEMENTS[name](element)
        return _children(element)  # oMath, e, box, borderBox, phant, num...: their content
    if tag == W + "r":  # a Word run inside the formula (text typed as text)
        text = "".join(t.text or "" for t in element.iter(W + "t"))
        return f"\\text{{{''.join(_SPECIAL.get(c, c) for c in text)}}}" if text.strip() else ""
    return _children(element)
