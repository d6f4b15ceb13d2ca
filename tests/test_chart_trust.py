"""Charts and tables a reader can trust, read back from the PDF: a total is no bar, the
palette is the layout's, horizontal bars are sorted, units and titles say what is plotted,
every font is embedded with --pdf-a, a short table is never split, a bold stub column is
measured in bold."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from brief.api import load, render_brief
from brief.compose.totals import table_summary_rows
from brief.source.reader import parse_article

from .fontscan import unembedded_fonts
from .test_charts import figure_descriptions, figure_shapes

REVENUE = """# Revenue outlook

## Revenue

Projected revenue by year.

| Year | Revenue (bn $) |
|---|---:|
| 2026 | 411.1 |
| 2027 | 395.2 |
| 2028 | 380.0 |
| 2029 | 370.4 |
| 2030 | 358.9 |
| 2031 | 362.0 |
| 2032 | 371.5 |
| 2033 | 380.2 |
| 2034 | 377.0 |
| 2035 | 378.7 |
| **2026-2035** | **3,785.0** |

Source: budget office.
"""


def project(tmp_path: Path, article: str, chart: str) -> Path:
    (tmp_path / "sources").mkdir(exist_ok=True)
    (tmp_path / "briefs").mkdir(exist_ok=True)
    (tmp_path / "sources" / "a.md").write_text(article, encoding="utf-8")
    spec = tmp_path / "briefs" / "a.toml"
    spec.write_text(f'source = "../sources/a.md"\n\n[[charts]]\ntable = 1\n{chart}', "utf-8")
    return spec


def colour(hex_value: str) -> tuple[float, ...]:
    from brief.layout.palette import RGB

    return tuple(round(v, 3) for v in RGB.parse(hex_value))


@pytest.mark.parametrize("layout", ["default", "report", "summary"])
def test_a_total_is_no_bar_and_the_bars_are_the_layouts_colour(tmp_path, layout) -> None:
    from brief.layout.palette import chart_palette

    spec = project(tmp_path, REVENUE, 'kind = "bar"\n')
    result = render_brief(spec, project_dir=tmp_path, layout=layout, pdf_a=True, warnings=[])
    brief, _ = load(spec, project_dir=tmp_path)
    chart = brief.charts[0]
    assert chart.categories == [str(y) for y in range(2026, 2036)]
    assert chart.left_out == ["2026-2035"] and chart.units == "bn $"
    (description,) = figure_descriptions(result.output)
    assert "411.1" in description and "2026" in description
    assert "358.9" in description and "2030" in description and "3,785" not in description
    styles_colours = _layout_colours(layout)
    first = colour(chart_palette(*styles_colours, "#ffffff", 1)[0])
    bars = [box for page in figure_shapes(result.output) for fill, box in page if fill == first]
    assert len(bars) == 10
    heights = [box[3] for box in sorted(bars, key=lambda box: box[0])]
    assert heights.index(max(heights)) == 0 and heights.index(min(heights)) == 4
    assert unembedded_fonts(result.output) == set()  # PDF/A with a chart: every font carried
    text = " ".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(result.output))
    assert "3,785.0" in text  # the total stays in the table, and in the chart's data


def _layout_colours(layout: str) -> tuple[str, str]:
    import tomllib

    builtin = Path(__file__).parent.parent / "src" / "brief" / "layout" / "builtin"
    colours: dict = {}
    for name in ("default", layout):
        data = tomllib.loads((builtin / name / "style.toml").read_text(encoding="utf-8"))
        colours.update(data.get("colors", {}))
    return colours["primary"], colours["accent"]


def test_totals_include_keeps_the_total(tmp_path) -> None:
    spec = project(tmp_path, REVENUE, 'kind = "bar"\ntotals = "include"\n')
    brief, _ = load(spec, project_dir=tmp_path)
    assert brief.charts[0].categories[-1] == "2026-2035" and brief.charts[0].left_out == []


@pytest.mark.parametrize(
    ("rows", "summaries"),
    [
        ([("Nord", "10"), ("Süd", "12"), ("Insgesamt", "22")], [2]),
        ([("Москва", "5"), ("Казань", "3"), ("Итого", "8")], [2]),
        ([("北京", "5"), ("上海", "3"), ("合计", "8")], [2]),
        ([("A", "5"), ("B", "3"), ("**C**", "**8**")], [2]),  # a bold last row, their sum
        ([("A", "5"), ("B", "3"), ("**C**", "**9**")], []),  # bold, but not their sum
        ([("Retail", "5"), ("Media", "3"), ("Energy", "4")], []),  # a sector, no average
        ([("Average", "4"), ("A", "5"), ("B", "3")], [0]),
    ],
)
def test_rows_that_sum_up_the_others(rows, summaries) -> None:
    body = "\n".join(f"| {a} | {b} |" for a, b in rows)
    article = parse_article(f"# T\n\n## S\n\n| Name | Value |\n|---|---:|\n{body}\n", markdown=True)
    assert table_summary_rows(article.tables()[0]) == summaries


def test_horizontal_bars_sorted_unless_a_sequence(tmp_path) -> None:
    table = "| Country | Change (%) |\n|---|---:|\n| Poland | -55.2 |\n| Spain | 12.1 |\n"
    table += "| France | 30.4 |\n| Italy | 2.0 |\n"
    spec = project(tmp_path, f"# T\n\n## S\n\n{table}", 'kind = "horizontal-bar"\n')
    brief, _ = load(spec, project_dir=tmp_path)
    assert brief.charts[0].categories == ["France", "Spain", "Italy", "Poland"]
    assert brief.charts[0].units == "%"
    quarters = "| Quarter | Sales |\n|---|---:|\n| Q1 | 5 |\n| Q2 | 9 |\n| Q3 | 7 |\n"
    spec = project(tmp_path, f"# T\n\n## S\n\n{quarters}", 'kind = "horizontal-bar"\n')
    brief, _ = load(spec, project_dir=tmp_path)
    assert brief.charts[0].categories == ["Q1", "Q2", "Q3"]


def test_the_title_says_what_is_plotted_when_the_caption_names_more(tmp_path) -> None:
    table = "Table 1: Prices and the electricity-to-gas ratio\n\n"
    table += "| Year | Electricity | Gas | Ratio |\n|---|---:|---:|---:|\n"
    table += "| 2023 | 30 | 10 | 3.0 |\n| 2024 | 28 | 14 | 2.0 |\n"
    spec = project(
        tmp_path, f"# T\n\n## S\n\n{table}", 'kind = "bar"\ny = ["Electricity", "Gas"]\n'
    )
    result = render_brief(spec, project_dir=tmp_path, warnings=[])
    text = " ".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(result.output))
    assert "Figure 1: Electricity and Gas by Year" in text
    assert "Table 1: Prices and the electricity-to-gas ratio" in text  # shown in part: kept


@pytest.mark.parametrize("filler", range(0, 44, 3))
def test_a_short_table_is_never_split(tmp_path, filler) -> None:
    words = "The committee reviewed the figures in detail and found them consistent. " * 6
    paragraphs = "\n\n".join(words for _ in range(filler))
    table = (
        "| Region | Value |\n|---|---:|\n| North | 1 |\n| South | 2 |\n| East | 3 |\n| West | 4 |\n"
    )
    article = tmp_path / "sources" / "t.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(f"# T\n\n## S\n\n{paragraphs}\n\n{table}\nAfter.\n", encoding="utf-8")
    result = render_brief(article, project_dir=tmp_path, warnings=[])
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(result.output)]
    holding = [i for i, page in enumerate(pages) if re.search(r"\bNorth\b|\bWest\b", page)]
    assert len(set(holding)) == 1, holding
    assert not any("continued" in page for page in pages)


def test_a_bold_stub_column_is_measured_in_bold(tmp_path) -> None:
    words = ["Philosophy", "Pre-Market", "Innovation", "Coordination", "Accountability"]
    rows = "\n".join(
        f"| **{w}** | {w.lower()} review | short | 12.5 | another longer comment here |"
        for w in words
    )
    table = f"| Area | Stage | Kind | Score | Comment |\n|---|---|---|---:|---|\n{rows}\n"
    article = tmp_path / "sources" / "w.md"
    article.parent.mkdir(parents=True, exist_ok=True)
    article.write_text(f"# T\n\n## S\n\n{table}", encoding="utf-8")
    for layout in ("default", "report", "summary"):
        result = render_brief(article, project_dir=tmp_path, layout=layout, warnings=[])
        text = " ".join(
            p.get_textpage().get_text_range() for p in pdfium.PdfDocument(result.output)
        )
        for word in words:
            assert word in text.replace("\r\n", " "), (layout, word)


def _overlaps(a, b, slack: float = 0.3) -> bool:
    (al, ab, ar, at), (bl, bb, br, bt) = a, b
    return min(ar, br) - max(al, bl) > slack and min(at, bt) - max(ab, bb) > slack


@pytest.mark.parametrize("layout", ["default", "report", "summary"])
@pytest.mark.parametrize(
    ("kind", "rows"),
    [
        ("horizontal-bar", [("Poland", "-55.2"), ("Spain", "12.1"), ("France", "30.4")]),
        ("bar", [("北京", "38.1"), ("上海", "-36.4"), ("广州", "37.9"), ("深圳", "35.2")]),
        ("grouped-bar", [(f"Region {n}", f"{30 + n}.5", f"{28 + n}.25") for n in range(6)]),
    ],
)
def test_no_label_overlaps_a_label_or_a_bar(tmp_path, layout, kind, rows) -> None:
    from brief.layout.palette import chart_palette

    header = (
        "| Name | A | B |\n|---|---:|---:|\n" if len(rows[0]) == 3 else "| Name | A |\n|---|---:|\n"
    )
    body = "\n".join("| " + " | ".join(r) + " |" for r in rows)
    spec = project(tmp_path, f"# T\n\n## S\n\n{header}{body}\n", f'kind = "{kind}"\n')
    result = render_brief(spec, project_dir=tmp_path, layout=layout, warnings=[])
    document = pdfium.PdfDocument(result.output)
    series = {_rgb(c) for c in chart_palette(*_layout_colours(layout), "#ffffff", 3)}
    checked = 0
    for page in document:
        text = page.get_textpage()
        boxes = [text.get_rect(i) for i in range(text.count_rects())]
        bars = [box for fill, box in _paths(page) if fill in series]
        if not bars:
            continue
        bottom = min(b[1] for b in bars) - 24  # the chart's band: its axes' labels too
        top = max(b[3] for b in bars) + 14
        labels = [box for box in boxes if bottom <= box[1] and box[3] <= top]
        checked += len(labels)
        for first, second in itertools.combinations(labels, 2):
            assert not _overlaps(first, second, 1.0), (first, second)
        for box in labels:
            assert not any(_overlaps(box, bar, 0.5) for bar in bars), box
    assert checked >= len(rows)  # the labels were there to check


def _rgb(hex_value: str) -> tuple[int, int, int]:
    return tuple(int(hex_value[i : i + 2], 16) for i in (1, 3, 5))


def _paths(page) -> list[tuple[tuple[int, int, int], tuple[float, float, float, float]]]:
    """Filled paths of a page as PDFium sees them: (fill colour, page box)."""
    import ctypes

    import pypdfium2.raw as raw

    found = []
    for obj in page.get_objects(max_depth=8):
        if obj.type != raw.FPDF_PAGEOBJ_PATH:
            continue
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        if not raw.FPDFPageObj_GetFillColor(obj.raw, r, g, b, a):
            continue
        left, bottom, right, top = obj.get_bounds()
        if right - left > 1 and top - bottom > 1:
            found.append(((r.value, g.value, b.value), (left, bottom, right, top)))
    return found


@pytest.mark.parametrize("kind", ["horizontal-bar", "bar", "line"])
def test_negative_numbers_carry_a_true_minus(tmp_path, kind) -> None:
    table = "| Year | Change |\n|---|---:|\n| 2021 | -55.2 |\n| 2022 | 12.1 |\n| 2023 | -2.5 |\n"
    spec = project(tmp_path, f"# T\n\n## S\n\n{table}", f'kind = "{kind}"\n')
    result = render_brief(spec, project_dir=tmp_path, pdf_a=True, warnings=[])
    text = " ".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(result.output))
    figure = text[text.index("Figure 1") :]
    assert re.search(r"−\d", figure) and not re.search(r"(?<![\w-])-\d", figure), figure
    assert unembedded_fonts(result.output) == set()


@pytest.mark.parametrize("kind", ["bar", "horizontal-bar"])
def test_a_right_to_left_chart_is_mirrored(tmp_path, kind) -> None:
    table = "| المنطقة | القيمة |\n|---|---:|\n| الشمال | 12 |\n| الجنوب | 7 |\n| الشرق | 30 |\n"
    article = f"---\nlang: ar\n---\n# الصادرات\n\n## المناطق\n\n{table}"
    spec = project(tmp_path, article, f'kind = "{kind}"\nsort = "table"\n')
    result = render_brief(spec, project_dir=tmp_path, warnings=[])
    page = pdfium.PdfDocument(result.output)[0]
    text = page.get_textpage()
    full = text.get_text_range()
    lefts = {}
    for word in ("الشمال", "الشرق"):
        at = full.rfind(word)  # the chart's label (the table comes after it)
        lefts[word] = text.get_charbox(at)[0]
    bars = [box for fill, box in _paths(page) if fill == _rgb(_first_colour())]
    if kind == "bar":  # the first category on the right
        assert lefts["الشمال"] > lefts["الشرق"]
    else:  # the labels on the right of the bars
        assert bars and min(lefts.values()) > max(box[2] for box in bars)


def _first_colour() -> str:
    from brief.layout.palette import chart_palette

    return chart_palette(*_layout_colours("default"), "#ffffff", 1)[0]
