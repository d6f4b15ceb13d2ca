"""LaTeX math as the posts of Quarto, R Markdown, MkDocs and Jekyll write it: inline formulas
set in the line as text (italic letters, real scripts), displayed ones drawn as vectors and
tagged as Formula with their text, money left alone, nothing of the TeX on the page."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from brief.core.errors import Problem
from brief.source.article import Formula, Paragraph
from brief.source.html import html_to_markdown
from brief.source.math import plain_text
from brief.source.reader import parse_article
from tests.structure import read

ARTICLE = r"""---
title: Measuring the effect of a policy
---

# Measuring the effect of a policy

## Method

We estimate $\tau = E[Y^1 - Y^0]$ where $y_{jt}$ is the outcome of unit $j$; it cost
$5 and $10 per unit, H~2~O and 2^10^.

$$
\Delta y_t = \sum_{j=1}^J \beta_j x_{jt} + \frac{\alpha}{\sqrt{n}}
$$

The estimator:

\begin{equation}
\hat{\beta} = (X^\top X)^{-1} X^\top y
\end{equation}

## Results

The 95<sup>th</sup> percentile of `$X_5$` and \(p < 0.05\) hold.
"""


def parse(text: str, warnings: list[Problem] | None = None):
    return parse_article(text, path="a.md", markdown=True, warnings=warnings)


def spans_of(text: str) -> list[tuple[str, bool, str | None]]:
    block = parse(f"# T\n\n## S\n\n{text}\n").sections[0].blocks[0]
    assert isinstance(block, Paragraph)
    return [(s.text, s.italic, s.script) for s in block.spans]


def test_an_inline_formula_is_set_as_text_with_italic_letters_and_scripts() -> None:
    assert spans_of("Outcome $y_{jt}$ here.") == [
        ("Outcome ", False, None),
        ("y", True, None),
        ("jt", True, "sub"),
        (" here.", False, None),
    ]
    assert spans_of(r"A $\frac{a+b}{c}$ b") == [
        ("A (", False, None),
        ("a", True, None),
        (" + ", False, None),
        ("b", True, None),
        (")/", False, None),
        ("c", True, None),
        (" b", False, None),
    ]


@pytest.mark.parametrize(
    "text",
    ["It costs $5 and $10.", "Between $5m and $10m, or $3 bn.", "US$ 5 and US$ 6.", "a $ b $ c"],
)
def test_dollars_of_money_are_not_math(text: str) -> None:
    block = parse(f"# T\n\n## S\n\n{text}\n").sections[0].blocks[0]
    assert block.text == text and not block.spans


def test_display_math_becomes_a_formula_block_with_its_text() -> None:
    article = parse(ARTICLE)
    formulas = [b for b in article.sections[0].blocks if isinstance(b, Formula)]
    assert [f.tex for f in formulas] == [
        r"\Delta y_t = \sum_{j=1}^J \beta_j x_{jt} + \frac{\alpha}{\sqrt{n}}",
        r"\hat{\beta} = (X^\top X)^{-1} X^\top y",
    ]
    assert formulas[0].text == "Δyₜ = ∑ⱼ₌₁^J βⱼxⱼₜ + α/√n"
    assert [f.line for f in formulas] == [12, 18]


def test_pandoc_and_html_scripts_and_ticked_math() -> None:
    article = parse(ARTICLE)
    first = article.sections[0].blocks[0]
    assert ("2", False, "sub") in [(s.text, s.italic, s.script) for s in first.spans]
    assert ("10", False, "super") in [(s.text, s.italic, s.script) for s in first.spans]
    last = article.sections[1].blocks[0]
    assert last.text == "The 95th percentile of X5 and p < 0.05 hold."
    assert ("th", False, "super") in [(s.text, s.italic, s.script) for s in last.spans]
    assert ("5", False, "sub") in [(s.text, s.italic, s.script) for s in last.spans]


def test_pandoc_html_math_is_read_as_math() -> None:
    converted = html_to_markdown(
        r'<p>Effect <span class="math inline">\(y_{jt}\)</span> is</p>'
        r'<p><span class="math display">\[\Delta = \frac{a}{b}\]</span></p>'
        r'<script type="math/tex">x^2</script>'
    )
    assert converted.markdown == "Effect $y_{jt}$ is\n\n$$\n\\Delta = \\frac{a}{b}\n$$\n\n$x^2$\n"
    assert converted.dropped == []


def test_a_formula_brief_cannot_read_is_a_warning_at_its_line() -> None:
    warnings: list[Problem] = []
    article = parse("# T\n\n## S\n\nText $\\foo{y} + 1$ here.\n", warnings)
    assert [(w.line, w.message) for w in warnings] == [
        (5, "the formula uses \\foo, which brief does not know: left out")
    ]
    assert article.sections[0].blocks[0].text == "Text y + 1 here."


def test_plain_text_uses_unicode_scripts() -> None:
    assert plain_text(r"\beta_1 + x^2") == "β₁ + x²"
    assert plain_text(r"\frac{a}{b}") == "a/b"


@pytest.mark.parametrize("layout", ["default", "report", "summary"])
def test_formulas_are_drawn_tagged_and_archival(tmp_path: Path, layout: str) -> None:
    from brief.api import render_brief

    (tmp_path / "sources").mkdir()
    article = tmp_path / "sources" / "math.md"
    article.write_text(ARTICLE, encoding="utf-8")
    result = render_brief(article, project_dir=tmp_path, warnings=[], pdf_a=True, layout=layout)
    document = pdfium.PdfDocument(result.output)
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    for source in ("$", "\\frac", "\\begin", "\\(", "^10^", "~2~", "<sup>"):
        assert source not in text.replace("$5", "").replace("$10", ""), source
    assert "outcome of unit" in text
    tagged = read(result.output)
    formulas = [e for e in tagged.root.walk() if e.role == "Formula"]
    assert [f.attributes.get("Alt") for f in formulas] == [
        "Δyₜ = ∑ⱼ₌₁^J βⱼxⱼₜ + α/√n",
        "β̂ = (X^⊤X)⁻¹X^⊤y (1)",  # \begin{equation}: numbered, as LaTeX numbers it
    ]
    assert all(f.marks for f in formulas)  # the drawing is marked content of its element
    with pikepdf.open(result.output) as pdf:
        fonts = {
            str(font.get("/BaseFont"))
            for page in pdf.pages
            for font in page.Resources.get("/Font", {}).values()
        }
    assert not any("Helvetica" in name or "Times" in name for name in fonts), fonts


def test_equations_are_numbered_as_latex_numbers_them(tmp_path: Path) -> None:
    source = (
        "# T\n\n## S\n\nAs \\eqref{eq:a} shows, and $\\eqref{eq:b}$ too.\n\n"
        "\\begin{equation}\n\\label{eq:a}\nx = 1\n\\end{equation}\n\n"
        "$$\ny = 2 \\tag{7} \\label{eq:b}\n$$\n\n$$\nz = 3\n$$\n"
    )
    article = parse(source)
    blocks = article.sections[0].blocks
    assert blocks[0].text == "As (1) shows, and (7) too."
    assert [(b.text, b.number) for b in blocks[1:]] == [
        ("x = 1", "1"),
        ("y = 2", "7"),
        ("z = 3", None),
    ]
    from brief.api import render_brief

    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "eq.md").write_text(source, encoding="utf-8")
    result = render_brief(tmp_path / "sources" / "eq.md", project_dir=tmp_path, warnings=[])
    tagged = read(result.output)
    alts = [e.attributes.get("Alt") for e in tagged.root.walk() if e.role == "Formula"]
    assert alts == ["x = 1 (1)", "y = 2 (7)", "z = 3"]
