"""LaTeX math in an article, read for what it means.

Posts from Quarto, R Markdown, MkDocs and Jekyll write formulas as ``$…$``, ``$$…$$``,
``\\(…\\)`` and ``\\[…\\]``. A display formula becomes a :class:`~brief.source.article.Formula`
block, typeset later as vectors (:mod:`brief.typeset.formulas`). An inline formula is set in
the line as text, the way a typesetter sets short math in running prose: letters in italic,
scripts raised or lowered, fractions with a slash (``a/b``), operators spaced. That keeps it
searchable and lets it break with the line. latex2mathml parses the TeX (a well-kept parser
of the LaTeX math language); this module only walks its MathML.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import dataclass

# Longer formulas are not parsed: no formula in prose is that long, and the parser recurses.
LONGEST = 4_000
_NS = "{http://www.w3.org/1998/Math/MathML}"
# Operators set with a space either side, as TeX sets relations and binary operators.
_SPACED = set("=<>+−±∓×÷·≤≥≈≠≡∼≃≅∝∈∉⊂⊆∪∩→←↔⇒⇐⇔∧∨") | {"≪", "≫", ":="}
# Accents over a letter, as the combining mark that sets them in text.
_ACCENTS = {
    "^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "¯": "\u0304",
    "‾": "\u0305", "˙": "\u0307", "¨": "\u0308", "→": "\u20d7", "ˇ": "\u030c", "˘": "\u0306",
    "´": "\u0301", "`": "\u0300", "_": "\u0332",
}  # fmt: skip
_LARGE = set("∑∏∐∫∬∭∮⋃⋂⋁⋀") | {"lim", "max", "min", "sup", "inf", "arg max", "arg min"}
# Characters with a superscript or subscript form in Unicode, for plain text.
_SUPER = str.maketrans("0123456789+−-=()ni", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿⁱ")
_SUB = str.maketrans("0123456789+−-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ")
# A "$…$" that holds prose, not math: "$5 million to $" in a text about money.
_PROSE = re.compile(r"(?:\b[^\W\d_]{3,}\b\s+){3,}", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    """A run of a formula set as text: italic for variables, a script level."""

    text: str
    italic: bool = False
    script: str | None = None  # "super" or "sub"


class MathProblem(ValueError):
    """The TeX could not be read; the message says why, for a warning."""


def looks_like_prose(tex: str) -> bool:
    """Whether a ``$…$`` pair holds words of prose rather than a formula."""
    return "\\" not in tex and bool(_PROSE.search(tex))


_EQNARRAY = re.compile(r"\\(begin|end)\{eqnarray\*?\}")
# Environments latex2mathml cannot read (it writes a bare "&"), as ones it can that look alike.
_INNER = re.compile(r"\\(begin|end)\{(aligned|alignedat|gathered)\}(\{\d+\})?")
_OUTER = {"aligned": "align*", "alignedat": "align*", "gathered": "gather*"}
_EQNARRAY_CELL = re.compile(r"&\s*(=|<|>|\\[A-Za-z]+)\s*&")
_NUMBERING = re.compile(r"\\(?:label|tag\*?)\s*\{[^{}]*\}|\\(?:nonumber|notag)\b")


def normalised(tex: str) -> str:
    """*tex* in the LaTeX latex2mathml and ziamath read: ``eqnarray`` (``a &=& b``) as
    ``align*``, ``aligned`` and ``gathered`` as their outer forms; labels and numbering
    commands, which brief does not number by, left out."""
    if "eqnarray" in tex:
        tex = _EQNARRAY.sub(lambda m: f"\\{m.group(1)}{{align*}}", _EQNARRAY_CELL.sub(r"&\1", tex))
    if "ed" in tex:
        tex = _INNER.sub(lambda m: f"\\{m.group(1)}{{{_OUTER[m.group(2)]}}}", tex)
    return _NUMBERING.sub("", tex)


def mathml(tex: str, display: bool = False) -> ET.Element:
    """The formula's MathML tree, from latex2mathml."""
    from latex2mathml.converter import convert

    tex = normalised(tex)
    if len(tex) > LONGEST:
        raise MathProblem(f"the formula is longer than {LONGEST:,} characters")
    try:
        markup = convert(tex, display="block" if display else "inline")
        return ET.fromstring(markup)
    except RecursionError:
        raise MathProblem("the formula is nested too deeply") from None
    except Exception as error:  # latex2mathml reports bad TeX with many exception types
        raise MathProblem(f"the formula cannot be read ({type(error).__name__})") from None


def unknown_commands(tree: ET.Element) -> list[str]:
    """TeX commands the parser did not know (it keeps them as ``\\name``)."""
    return sorted({el.text for el in tree.iter() if el.text and el.text.startswith("\\")})


def problem(tex: str, display: bool = False) -> str | None:
    """What a reader of the brief will miss in this formula, for a warning; None if nothing."""
    try:
        tree = mathml(tex, display)
    except MathProblem as error:
        return f"{error}; it is printed as plain text"
    unknown = unknown_commands(tree)
    if unknown:
        return f"the formula uses {', '.join(unknown)}, which brief does not know: left out"
    return None


def inline_pieces(tex: str) -> list[Piece]:
    """An inline formula as runs of text; raises :class:`MathProblem` when unreadable."""
    tree = mathml(tex)
    pieces: list[Piece] = []
    _walk(tree, None, pieces)
    return _merged(pieces)


def plain_text(tex: str) -> str:
    """The formula as one line of plain text (bookmarks, key points, alternative text)."""
    try:
        pieces = inline_pieces(tex)
    except MathProblem:
        return " ".join(re.sub(r"\\[A-Za-z]+|[{}$\\]", " ", tex).split())
    runs: list[Piece] = []
    for piece in pieces:  # scripts in one run, whatever their letters' style
        if runs and runs[-1].script == piece.script:
            runs[-1] = Piece(runs[-1].text + piece.text, False, piece.script)
        else:
            runs.append(piece)
    return " ".join("".join(_scripted(p) for p in runs).split())


def _scripted(piece: Piece) -> str:
    """A piece in plain text: a script in Unicode's script characters where they all exist."""
    if piece.script is None:
        return piece.text
    table = _SUPER if piece.script == "super" else _SUB
    shown = piece.text.translate(table)
    if all(a != b or a == " " for a, b in zip(piece.text, shown, strict=True)):
        return shown
    return ("^" if piece.script == "super" else "_") + piece.text


def _merged(pieces: list[Piece]) -> list[Piece]:
    out: list[Piece] = []
    for piece in pieces:
        if out and (out[-1].italic, out[-1].script) == (piece.italic, piece.script):
            out[-1] = Piece(out[-1].text + piece.text, piece.italic, piece.script)
        elif piece.text:
            out.append(piece)
    if out:
        out[0] = Piece(out[0].text.lstrip(), out[0].italic, out[0].script)
        out[-1] = Piece(out[-1].text.rstrip(), out[-1].italic, out[-1].script)
    return [p for p in out if p.text]


def _tag(el: ET.Element) -> str:
    return el.tag.removeprefix(_NS)


def _text(el: ET.Element) -> str:
    return " ".join((el.text or "").split())


def _atoms(el: ET.Element) -> int:
    """How many parts a group has: ``a+b`` needs brackets as a numerator, ``ab`` too."""
    while _tag(el) == "mrow" and len(el) == 1:
        el = el[0]
    if _tag(el) == "mrow":
        return len(el)
    if _tag(el) in ("mi", "mn", "mo", "mtext"):
        return 1 if len(_text(el)) <= 1 or _tag(el) == "mn" else 2
    return 1


def _walk(el: ET.Element, script: str | None, out: list[Piece]) -> None:
    tag = _tag(el)
    children = list(el)
    if tag == "mi":
        text = _text(el)
        if text.startswith("\\"):
            return  # an unknown command: reported by unknown_commands, never printed
        upright = el.get("mathvariant") == "normal" or len(text) > 1 or not text.isalpha()
        greek_capital = len(text) == 1 and "GREEK CAPITAL" in unicodedata.name(text, "")
        out.append(Piece(text, not (upright or greek_capital), script))
    elif tag in ("mn", "mtext", "ms"):
        out.append(Piece(_text(el) if tag == "mn" else el.text or "", False, script))
    elif tag == "mo":
        text = _text(el)
        if el.get("fence") == "true" and not text:
            return
        spaced = text in _SPACED and script is None
        out.append(Piece(f" {text} " if spaced else text, False, script))
    elif tag == "mspace":
        out.append(Piece(" ", False, script))
    elif tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover"):
        if tag == "mover" and el.get("accent") == "true" and len(children) == 2:
            mark = _ACCENTS.get(_text(children[1]))
            if mark is not None:
                before = len(out)
                _walk(children[0], script, out)
                if len(out) > before:
                    last = out[-1]
                    out[-1] = Piece(last.text + mark, last.italic, last.script)
                return
        _walk(children[0], script, out)
        lower, upper = _scripts(tag, children)
        for part, kind in ((lower, "sub"), (upper, "super")):
            if part is not None:
                _walk(part, script or kind, out)  # a script's script stays at its level
        if _text(children[0]) in _LARGE and script is None:
            out.append(Piece(" "))  # "∑ⱼ xⱼ": the operand stands apart from the limits
    elif tag == "mfrac" and len(children) == 2:
        for index, part in enumerate(children):
            if index:
                out.append(Piece("/", False, script))
            _bracketed(part, script, out)
    elif tag == "msqrt":
        out.append(Piece("√", False, script))
        _bracketed(el if len(children) != 1 else children[0], script, out, inner=True)
    elif tag == "mroot" and len(children) == 2:
        _walk(children[1], "super", out)
        out.append(Piece("√", False, script))
        _bracketed(children[0], script, out)
    elif tag == "mtable":
        for index, row in enumerate(children):
            if index:
                out.append(Piece("; ", False, script))
            for cell_index, cell in enumerate(row):
                if cell_index:
                    out.append(Piece(" ", False, script))
                _walk(cell, script, out)
    else:  # math, mrow, mstyle, mpadded, semantics, mtd…: their parts in order
        for child in children:
            if _tag(child) not in ("annotation", "annotation-xml"):
                _walk(child, script, out)


def _scripts(tag: str, children: list[ET.Element]) -> tuple[ET.Element | None, ET.Element | None]:
    second = children[1] if len(children) > 1 else None
    third = children[2] if len(children) > 2 else None
    if tag in ("msub", "munder"):
        return second, None
    if tag in ("msup", "mover"):
        return None, second
    return second, third


def _bracketed(el: ET.Element, script: str | None, out: list[Piece], inner: bool = False) -> None:
    """A fraction's part or a root's argument, in brackets when it has several parts."""
    needs = _atoms(el) > 1
    if needs:
        out.append(Piece("(", False, script))
    if inner and _tag(el) == "msqrt":
        for child in el:
            _walk(child, script, out)
    else:
        _walk(el, script, out)
    if needs:
        out.append(Piece(")", False, script))


_DEFINITION = re.compile(
    r"\s*\\(?:(?:g|e|x)?def\s*\\(?P<a>[A-Za-z]+)|(?:re|provide)?newcommand\s*\{?\s*\\(?P<b>[A-Za-z]+)\s*\}?"
    r"\s*(?:\[(?P<args>\d)\])?|DeclareMathOperator\*?\s*\{?\s*\\(?P<c>[A-Za-z]+)\s*\}?)\s*"
)


def _group(text: str, start: int) -> tuple[str, int] | None:
    """The brace group opening at *start* (its inside) and the index after it."""
    if start >= len(text) or text[start] != "{":
        return None
    depth = 0
    for index in range(start, len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start + 1 : index], index + 1
    return None


@dataclass
class Macros:
    """TeX macros an article defines for MathJax (``\\def\\ind{…}``, ``\\newcommand``), to
    be expanded in the formulas that use them: latex2mathml knows only LaTeX's own."""

    bodies: dict[str, tuple[int, str]]

    def define(self, tex: str) -> bool:
        """Read *tex* as definitions only; False (and nothing kept) when it is anything else."""
        found: dict[str, tuple[int, str]] = {}
        position = 0
        tex = tex.strip()
        while position < len(tex):
            match = _DEFINITION.match(tex, position)
            if match is None:
                return False
            group = _group(tex, match.end())
            if group is None:
                return False
            name = match.group("a") or match.group("b") or match.group("c")
            body = group[0] if not match.group("c") else f"\\operatorname{{{group[0]}}}"
            found[name] = (int(match.group("args") or 0), body)
            position = group[1]
            while position < len(tex) and tex[position].isspace():
                position += 1
        self.bodies.update(found)
        return bool(found)

    def expand(self, text: str) -> str:
        """*text* with the defined macros replaced by their bodies, arguments filled in."""
        if not self.bodies or "\\" not in text:
            return text
        pattern = re.compile(
            r"\\("
            + "|".join(sorted(map(re.escape, self.bodies), key=len, reverse=True))
            + r")(?![A-Za-z])"
        )
        for _ in range(5):  # macros that use macros, a few levels deep
            out, position, changed = [], 0, False
            for match in pattern.finditer(text):
                if match.start() < position:
                    continue
                count, body = self.bodies[match.group(1)]
                end = match.end()
                for number in range(1, count + 1):
                    while end < len(text) and text[end] == " ":
                        end += 1
                    group = _group(text, end)
                    argument, end = group if group else (text[end : end + 1], end + 1)
                    body = body.replace(f"#{number}", argument)
                out.append(text[position : match.start()] + body)
                position, changed = end, True
            text = "".join(out) + text[position:]
            if not changed:
                break
        return text


def unnumbered(tex: str) -> str:
    """An equation environment as a formula: ``equation``/``align`` are numbered environments
    brief does not number, so their starred, display-only forms are used."""
    return re.sub(
        r"\\(begin|end)\{(equation|align|gather|multline|flalign|alignat)\}",
        lambda m: f"\\{m.group(1)}{{{m.group(2)}*}}" if m.group(2) != "equation" else "",
        tex,
    ).strip()


_TAG = re.compile(r"\\tag\*?\s*\{([^{}]{1,20})\}")
_LABEL = re.compile(r"\\label\s*\{([^{}]{1,80})\}")
_NUMBERED = re.compile(r"\\begin\{(equation|align|gather|multline|flalign)\}")
_UNNUMBERED = re.compile(r"\\(?:nonumber|notag)\b")
_REFERENCE = re.compile(r"\\(eqref|ref)\s*\{([^{}]{1,80})\}")


def equation_tag(tex: str) -> str | None:
    """The number a displayed formula carries (``\\tag{3}``), if any."""
    found = _TAG.search(tex)
    return found.group(1).strip() if found else None


def without_tag(tex: str) -> str:
    """*tex* without its ``\\tag``: the number is set apart from the formula."""
    return _TAG.sub("", tex).strip()


def number_equations(blocks: list[str]) -> tuple[list[str], dict[str, str]]:
    """Displayed formulas numbered as LaTeX numbers them: a numbered environment
    (``equation``, ``align``…) without ``\\tag``, ``\\nonumber`` or ``\\notag`` gets the next
    number, as a ``\\tag``; and each ``\\label`` the number of its formula, for the
    ``\\eqref`` and ``\\ref`` that point to it."""
    labels: dict[str, str] = {}
    counter = 0
    out = []
    for tex in blocks:
        tag = equation_tag(tex)
        environment = _NUMBERED.search(tex)
        if tag is None and environment and not _UNNUMBERED.search(tex):
            counter += 1
            tag = str(counter)
            end = f"\\end{{{environment.group(1)}}}"
            tex = tex.replace(end, f"\\tag{{{tag}}}{end}", 1) if end in tex else tex
        if tag is not None:
            for label in _LABEL.findall(tex):
                labels[label.strip()] = tag
        out.append(tex)
    return out, labels


def with_references(text: str, labels: dict[str, str]) -> str:
    """*text* with ``\\eqref{x}`` as "(3)" and ``\\ref{x}`` as "3" where x is a known label."""
    if "ref" not in text or not labels:
        return text

    def shown(found: re.Match[str]) -> str:
        number = labels.get(found.group(2).strip())
        if number is None:
            return found.group(0)
        return f"({number})" if found.group(1) == "eqref" else number

    return _REFERENCE.sub(shown, text)
