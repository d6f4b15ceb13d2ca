"""Display formulas as MathML for the web page, which browsers draw natively.

The MathML is latex2mathml's, as the PDF reads it (:func:`brief.source.math.mathml`), kept
only when every element is one of MathML's presentation elements and every attribute a
presentational one, then written out again, its text escaped. latex2mathml passes what a
``\\text{}`` holds through as markup, so ``\\text{<script>…</script>}`` would otherwise be an
element of the page; such a formula is shown as its TeX instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import escape

from brief.source.math import MathProblem, mathml, unknown_commands

MATHML = "http://www.w3.org/1998/Math/MathML"
_ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot",
    "mstyle", "merror", "mpadded", "mphantom", "mfenced", "menclose", "msub", "msup",
    "msubsup", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none",
    "mtable", "mtr", "mlabeledtr", "mtd", "semantics", "annotation",
})  # fmt: skip
_ATTRIBUTES = frozenset({
    "display", "mathvariant", "mathsize", "stretchy", "fence", "separator", "form", "lspace",
    "rspace", "accent", "accentunder", "columnalign", "columnlines", "columnspacing",
    "rowalign", "rowlines", "rowspacing", "frame", "framespacing", "equalrows",
    "equalcolumns", "width", "height", "depth", "linethickness", "minsize", "maxsize",
    "movablelimits", "symmetric", "largeop", "displaystyle", "scriptlevel", "notation",
    "open", "close", "separators", "bevelled", "numalign", "denomalign", "encoding",
})  # fmt: skip


def formula_markup(tex: str) -> str | None:
    """The display formula *tex* as a ``<math>`` element, or None when it cannot be read,
    uses commands brief does not know, or holds anything but MathML."""
    try:
        tree = mathml(tex, display=True)
    except MathProblem:
        return None
    if unknown_commands(tree):
        return None
    prefix = f"{{{MATHML}}}"
    for element in tree.iter():
        tag = element.tag if isinstance(element.tag, str) else ""
        if not tag.startswith(prefix) or tag[len(prefix) :] not in _ELEMENTS:
            return None
        if any(name not in _ATTRIBUTES for name in element.attrib):
            return None
    return _written(tree, top=True)


def _written(element: ET.Element, top: bool = False) -> str:
    """*element* as markup: its name without the namespace (the root declares it), its
    attributes and text escaped."""
    name = element.tag.split("}", 1)[1]
    attributes = "".join(f' {k}="{escape(v)}"' for k, v in sorted(element.attrib.items()))
    if top:
        attributes = f' xmlns="{MATHML}"' + attributes
    inner = escape(element.text or "", quote=False) + "".join(
        _written(child) + escape(child.tail or "", quote=False) for child in element
    )
    return f"<{name}{attributes}>{inner}</{name}>"
