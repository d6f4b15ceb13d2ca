"""Charts from tables: numbers as people write them, the spec's mistakes, and the drawing read
back from the PDF (bar sizes against the table's values, the Figure's description, the data
attached to a chart drawn instead of its table)."""

from __future__ import annotations

import csv
import io
import itertools
import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops

from brief.api import load, render_brief
from brief.compose.numbers import read_number

from .conftest import CORPUS
from .readers import read_with_pdfium
from .references.regenerate import (
    CHART_KINDS,
    REFERENCES,
    SOURCE_DATE_EPOCH,
    page_image,
    render_chart,
)

REVENUE = CORPUS / "tariff-revenue.md"
RATES = CORPUS / "tariff-rates.md"


@pytest.mark.parametrize(
    ("text", "comma", "value"),
    [
        ("$1,234", False, 1234.0),
        ("1.2 bn", False, 1.2e9),
        ("−3.5%", False, -3.5),
        ("(1.2)", False, -1.2),
        ("12,5 %", True, 12.5),
        ("1,234", True, 1.234),  # a German "1,234" is one and a bit
        ("1.234,5", False, 1234.5),  # the cell says its own convention
        ("€ 3.4 m", False, 3.4e6),
        ("12 400", False, 12400.0),
        ("-$2.1B", False, -2.1e9),
        ("3 млрд", False, 3e9),
        ("USD 4", False, 4.0),
    ],
)
def test_numbers_as_people_write_them(text, comma, value) -> None:
    assert read_number(text, comma).value == pytest.approx(value)


@pytest.mark.parametrize("text", ["—", "n/a", "–", "", ".."])
def test_a_dash_or_n_a_is_a_missing_value(text) -> None:
    reading = read_number(text)
    assert reading.value is None and reading.missing and reading.problem is None


@pytest.mark.parametrize("text", ["abc", "12 apples", "12-14"])
def test_what_is_not_a_number_says_so(text) -> None:
    reading = read_number(text)
    assert reading.value is None and not reading.missing and reading.problem


# --- the spec ----------------------------------------------------------------------------


def project_with(tmp_path: Path, spec: str, article: Path = REVENUE) -> Path:
    (tmp_path / "briefs").mkdir()
    (tmp_path / "sources").mkdir()
    shutil.copy(article, tmp_path / "sources" / article.name)
    path = tmp_path / "briefs" / "chart.toml"
    path.write_text(f'source = "../sources/{article.name}"\n{spec}', encoding="utf-8")
    return path


def table_article(folder: Path, title: str, rows: list[tuple[str, ...]], intro: str = "") -> Path:
    """An article of one section holding one table: *rows*, the header first; *intro*, a
    sentence before it (what a chart is then captioned)."""
    lines = [f"| {' | '.join(row)} |" for row in rows]
    lines.insert(1, "|" + "---|" * len(rows[0]))
    lead = f"{intro}\n\n" if intro else ""
    path = folder / f"{title.lower()}.md"
    path.write_text(f"# {title}\n\nIntro.\n\n## Part\n\n{lead}" + "\n".join(lines) + "\n",
                    encoding="utf-8")  # fmt: skip
    return path


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ('[[charts]]\ntable = 1\nx = "Yeer"\n',
         "chart.toml:charts[1].x: the table has no column 'Yeer' (did you mean 'Year'?); "
         "its columns: 'Year', 'Revenue'"),
        ('[[charts]]\ntable = 2\nx = "Decile"\ny = ["Decile", "Share"]\n',
         "chart.toml:charts[1].y[2]: the table has no column 'Share' (did you mean 'Share of "
         "households affected'?)"),
        ('[[charts]]\ntable = 9\n',
         "chart.toml:charts[1].table: the article has 2 table(s), not 9"),
        ('[[charts]]\ntable = "Revenue impact"\n',
         "chart.toml:charts[1].table: no table has the caption 'Revenue impact'"),
        ('[[charts]]\ntable = 1\nhighlight = "2040"\n',
         "chart.toml:charts[1].highlight: '2040' is not a category of the chart"),
        ('[[charts]]\ntable = 1\nkind = "pie"\n', "chart.toml:charts[1].kind: input should be"),
        ('[[charts]]\ntable = 1\nplace = "cover"\n[[charts]]\ntable = 2\nplace = "cover"\n',
         "chart.toml:charts[2].place: only one chart can be on the cover"),
        ('[[charts]]\ntable = 1\ncolour = "red"\n',
         "chart.toml:charts[1].colour: unknown key 'colour'"),
    ],
)  # fmt: skip
def test_a_bad_chart_is_a_one_line_error_at_its_key(tmp_path, run, spec, expected) -> None:
    path = project_with(tmp_path, spec)
    result = run("check", str(path))
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_a_column_without_numbers_is_refused(tmp_path, run) -> None:
    article = table_article(tmp_path, "Words", [("Name", "Colour"), ("A", "red"), ("B", "blue")])
    path = project_with(tmp_path, '[[charts]]\ntable = 1\ny = ["Colour"]\n', article)
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "charts[1].y[1]: the column 'Colour' has no numbers ('red', 'blue'" in result.stderr


def test_front_matter_charts_are_checked_at_the_article(tmp_path, run) -> None:
    text = REVENUE.read_text(encoding="utf-8").replace("x: Decile", "x: Decil")
    article = tmp_path / "revenue.md"
    article.write_text(text, encoding="utf-8")
    result = run("check", str(article))
    assert result.exit_code == 1
    assert "revenue.md:charts[2].x: the table has no column 'Decil' (did you mean 'Decile'?)" in (
        result.stderr
    )


def test_inspect_lists_each_chart_s_values_and_the_cells_it_could_not_read(tmp_path, run) -> None:
    rows = [("Year", "Value"), ("2024", "1.5"), ("2025", "about 2"), ("2026", "n/a"),
            ("2027", "3")]  # fmt: skip
    article = table_article(tmp_path, "Mixed", rows)
    path = project_with(tmp_path, "[[charts]]\ntable = 1\n", article)
    result = run("inspect", str(path))
    assert result.exit_code == 0
    assert "figure 1: bar chart from table 1 (before-table): Mixed" not in result.stdout
    assert "Value: 2024=1.5, 2025=—, 2026=—, 2027=3" in result.stdout
    assert "not read: 'about 2' is not a number" in result.stdout


# --- the drawing, read back ----------------------------------------------------------------


def first_series_colour() -> tuple[float, ...]:
    """The default layout's first series colour: its primary colour, toned for the page."""
    from brief.layout.palette import RGB, chart_palette

    first = RGB.parse(chart_palette("#14365d", "#b34a2b", "#ffffff", 1)[0])
    return tuple(round(v, 3) for v in first)


def figure_shapes(pdf: Path) -> list[list[tuple[tuple[float, ...], tuple[float, ...]]]]:
    """Per page, the filled rectangles drawn inside Figure marked content: (fill, x y w h)."""
    found = []
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            shapes, depth, inside, fill = [], 0, [], (0.0, 0.0, 0.0)
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    inside.append(str(operands[0]) == "/Figure")
                elif name == "EMC" and inside:
                    inside.pop()
                elif name == "rg":
                    fill = tuple(round(float(v), 3) for v in operands)
                elif name == "re" and any(inside):
                    shapes.append((fill, tuple(float(v) for v in operands)))
            found.append(shapes)
            del depth
    return found


def test_bar_heights_and_order_follow_the_table(tmp_path) -> None:
    result = render_brief(REVENUE, output_dir=tmp_path, project_dir=CORPUS)
    brief, _ = load(REVENUE, project_dir=CORPUS)
    chart = brief.charts[0]
    values = chart.series[0].values
    muted, accent = (0.541, 0.588, 0.639), (0.702, 0.29, 0.169)
    bars = [box for fill, box in figure_shapes(result.output)[0] if fill in (muted, accent)]
    assert len(bars) == len(values) == 10
    xs = [x for x, _, _, _ in bars]
    assert xs == sorted(xs)  # the table's order, left to right
    scale = bars[0][3] / values[0]
    for (_, _, _, height), value in zip(bars, values, strict=True):
        assert height == pytest.approx(value * scale, rel=0.002)
    highlighted = [box for fill, box in figure_shapes(result.output)[0] if fill == accent]
    assert len(highlighted) == 1 and highlighted[0][0] == xs[chart.categories.index("2030")]


def test_horizontal_bars_below_zero_grow_leftwards_in_table_order(tmp_path) -> None:
    result = render_brief(REVENUE, output_dir=tmp_path, project_dir=CORPUS)
    brief, _ = load(REVENUE, project_dir=CORPUS)
    values = brief.charts[1].series[0].values
    blue = first_series_colour()
    bars = [box for page in figure_shapes(result.output) for fill, box in page if fill == blue]
    assert len(bars) == 10
    top_down = sorted(bars, key=lambda box: -box[1])  # decile 1, the table's first row, on top
    scale = abs(top_down[0][2]) / abs(values[0])
    for (_, _, width, _), value in zip(top_down, values, strict=True):
        assert abs(width) == pytest.approx(abs(value) * scale, rel=0.002)
    ends = [x + min(width, 0) for x, _, width, _ in top_down]
    starts = [x + max(width, 0) for x, _, width, _ in top_down]
    assert len({round(s, 2) for s in starts}) == 1  # every bar starts at zero, on the right
    assert ends == sorted(ends)  # and grows leftwards, the longest first


def figure_descriptions(pdf: Path) -> list[str]:
    with pikepdf.open(pdf) as document:
        found = []
        stack = [document.Root.StructTreeRoot]
        while stack:
            element = stack.pop()
            if element.get("/S") == "/Figure" and "/Alt" in element:
                found.append(str(element.Alt))
            kids = element.get("/K")
            if isinstance(kids, pikepdf.Array):
                stack.extend(k for k in reversed(list(kids)) if isinstance(k, pikepdf.Dictionary))
            elif isinstance(kids, pikepdf.Dictionary):
                stack.append(kids)
        return found


def test_the_description_states_the_extremes_and_the_trend(tmp_path) -> None:
    path = project_with(
        tmp_path,
        '[[charts]]\ntable = 1\nkind = "line"\nunits = "USD bn"\n'
        '[[charts]]\ntable = 2\nkind = "horizontal-bar"\ny = ["Change in net income"]\n',
    )
    result = render_brief(path, output_dir=tmp_path / "out")
    line, bars = figure_descriptions(result.output)
    assert line.startswith("Line chart of Revenue by Year.")
    assert "Revenue: highest 2035 (205.7 USD bn), lowest 2026 (112.4 USD bn)." in line
    assert "Revenue rises from 112.4 USD bn in 2026 to 205.7 USD bn in 2035." in line
    assert bars.startswith("Horizontal bar chart of Change in net income by Decile.")
    assert "highest 10 (−0.8%), lowest 1 (−3.5%)" in bars


def test_a_german_chart_is_described_and_labelled_in_german(tmp_path) -> None:
    path = project_with(tmp_path, "[[charts]]\ntable = 1\n", RATES)
    result = render_brief(path, output_dir=tmp_path / "out")
    (description,) = figure_descriptions(result.output)
    assert description.startswith("Gruppiertes Balkendiagramm: Vorher und Nachher nach Partner.")
    assert "Nachher: am höchsten China (54 %), am niedrigsten EU (15 %)." in description
    for english in ("chart", "highest", "lowest", " by "):
        assert english not in description


def test_a_chart_instead_of_its_table_carries_the_table_s_data(tmp_path) -> None:
    path = project_with(tmp_path, '[[charts]]\ntable = 2\nplace = "instead-of-table"\n')
    result = render_brief(path, output_dir=tmp_path / "out")
    brief, _ = load(path)
    assert [t.number for t in brief.tables] == [1]  # the other table is not printed
    with pikepdf.open(result.output) as document:
        ids = pikepdf.NameTree(document.Root.StructTreeRoot.IDTree)
        figure = ids["figure-1"]
        assert figure.S == "/Figure"
        (spec,) = figure.AF
        assert str(spec.UF) == "chart-figure-1.csv" and spec.AFRelationship == "/Data"
        data = document.attachments["chart-figure-1.csv"].get_file().read_bytes()
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Decile", "Change in net income", "Share of households affected"]
    assert rows[1] == ["1", "−3.5%", "92%"]


@pytest.mark.parametrize("count", [3, 40])
def test_three_or_forty_categories_make_a_chart_that_fits(tmp_path, count) -> None:
    rows = [(f"Region {i:02d}", str(i * 7 % 23 + 1)) for i in range(1, count + 1)]
    article = table_article(tmp_path, "Many", [("Region", "Value"), *rows], "By region:")
    for kind in ("bar", "horizontal-bar"):
        (tmp_path / kind).mkdir()
        path = project_with(tmp_path / kind, f'[[charts]]\ntable = 1\nkind = "{kind}"\n', article)
        result = render_brief(path, output_dir=tmp_path / kind / "out")
        bars = [box for page in figure_shapes(result.output) for _, box in page
                if box[2] != 0 and box[3] != 0]  # fmt: skip
        assert len([b for b in bars if b[2] < 100 or b[3] < 100]) >= count
        pages = [i for i, shapes in enumerate(figure_shapes(result.output)) if shapes]
        assert len(pages) == 1  # never split, and never taller than a page
        text = read_with_pdfium(result.output).pages[pages[0]]
        assert "Figure 1: By region" in text  # its caption on its page


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_each_kind_matches_its_reference_image(tmp_path, kind) -> None:
    """Regenerate with ``python tests/references/regenerate.py`` and look at the images."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        pdf = render_chart(kind, tmp_path)
    reference = Image.open(REFERENCES / f"chart-{kind}-1.png")
    image = page_image(pdf, 0)
    assert image.size == reference.size
    pixels = ImageChops.difference(image, reference).histogram()
    changed = sum(pixels[65:]) / sum(pixels)
    assert changed < 0.002, f"{changed:.2%} of the page differs from its reference"


def test_brief_new_proposes_a_chart_for_each_table_with_numbers(tmp_path, run) -> None:
    (tmp_path / "briefs").mkdir()
    article = tmp_path / "revenue.md"
    article.write_text(REVENUE.read_text(encoding="utf-8"), encoding="utf-8")
    words = tmp_path / "words.md"
    words.write_text("# W\n\nIntro.\n\n## P\n\n| A | B |\n|---|---|\n| x | y |\n| z | w |\n",
                     encoding="utf-8")  # fmt: skip
    assert run("new", str(article)).exit_code == 0
    spec = (tmp_path / "briefs" / "revenue.toml").read_text(encoding="utf-8")
    assert 'table = 1\nkind = "line"' in spec  # years: a line
    assert 'x = "Decile"\ny = ["Change in net income", "Share of households affected"]' in spec
    assert run("render", str(tmp_path / "briefs" / "revenue.toml")).exit_code == 0
    brief, _ = load(tmp_path / "briefs" / "revenue.toml")
    assert [c.chart for c in brief.charts] == ["line", "grouped-bar"]
    assert run("new", str(words)).exit_code == 0
    assert "[[charts]]" not in (tmp_path / "briefs" / "words.toml").read_text(encoding="utf-8")


def test_a_chart_fits_its_column_and_shapes_right_to_left_labels(tmp_path) -> None:
    """In the two-column summary layout a chart is as wide as its column; Arabic category
    labels are shaped and read in logical order."""
    from .conftest import REPO

    article = REPO / "tests" / "languages" / "ar.md"
    path = project_with(tmp_path, 'language = "ar"\n[[charts]]\ntable = 1\n', article)
    pdf = render_brief(path, output_dir=tmp_path / "out", layout="summary").output
    with pikepdf.open(pdf) as document:
        width = float(document.pages[0].MediaBox[2])
    shapes = [box for page in figure_shapes(pdf) for _, box in page]
    assert shapes
    for _, _, w, _ in shapes:  # the drawing is placed by a cm: sizes, not places
        assert abs(w) < width / 2  # no bar or gridline wider than a column
    text = read_with_pdfium(pdf).text
    assert "فنلندا" in text and "بولندا" in text


def test_a_line_stops_at_a_missing_value(tmp_path) -> None:
    rows = [("2021", "10"), ("2022", "12"), ("2023", "n/a"), ("2024", "14"), ("2025", "15")]
    article = table_article(tmp_path, "Gap", [("Year", "Value"), *rows])
    path = project_with(tmp_path, '[[charts]]\ntable = 1\nkind = "line"\n', article)
    pdf = render_brief(path, output_dir=tmp_path / "out").output
    with pikepdf.open(pdf) as document:
        operators = [str(op) for _, op in pikepdf.parse_content_stream(document.pages[0])]
    # two runs of line: 2021–2022 and 2024–2025, each a moveto and one lineto
    strokes = "".join("m" if o == "m" else "l" if o == "l" else "|" for o in operators)
    assert strokes.count("ml|") >= 2 and "mlll" not in strokes


def test_highlight_is_for_bars(tmp_path, run) -> None:
    path = project_with(tmp_path, '[[charts]]\ntable = 1\nkind = "dot"\nhighlight = "2030"\n')
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "charts[1].highlight: highlight colours a bar; a dot chart has none" in result.stderr


def test_texts_fill_plain_names_only(tmp_path) -> None:
    """A message from a spec or layout is not Python formatting: no attributes, no padding
    of gigabytes."""
    import time

    path = project_with(
        tmp_path,
        "[[charts]]\ntable = 1\n[texts]\n"
        'figure_caption = "Fig. {number}: {caption} {caption.__class__.__mro__} {x:0150000000}"\n',
    )
    started = time.perf_counter()
    pdf = render_brief(path, output_dir=tmp_path / "out").output
    assert time.perf_counter() - started < 60  # a guard against gigabytes, not a timing
    text = read_with_pdfium(pdf).text
    assert "{caption.__class__.__mro__}" in text and "<class" not in text


@pytest.mark.parametrize(
    ("cell", "spec", "expected"),
    [
        ("1" + "0" * 400, "", "too large to chart"),
        ("5", "y = []\n", "charts[1].y: list should have at least 1 item"),
        ("5", "table = true\n", "charts[1].table"),
    ],
)
def test_hostile_chart_input_is_a_one_line_error(tmp_path, run, cell, spec, expected) -> None:
    article = table_article(tmp_path, "Odd", [("Year", "V"), ("2024", cell), ("2025", "7")])
    chart = "[[charts]]\n" + (spec if spec.startswith("table") else "table = 1\n" + spec)
    path = project_with(tmp_path, chart, article)
    result = run("inspect" if "large" in expected else "check", str(path))
    output = result.stdout + result.stderr
    assert expected in output, output
    assert "Traceback" not in output and "internal error" not in output
    if "large" in expected:
        assert run("render", str(path)).exit_code == 0  # the other values are charted


def test_more_than_a_hundred_categories_is_refused(tmp_path, run) -> None:
    article = table_article(
        tmp_path, "Long", [("R", "V"), *((f"R{i}", str(i)) for i in range(150))]
    )
    path = project_with(tmp_path, "[[charts]]\ntable = 1\n", article)
    result = run("check", str(path))
    assert result.exit_code == 1
    assert "charts[1].table: the table has 150 rows; a chart of more than 100" in result.stderr


def test_front_matter_chart_keys_that_are_not_text_are_an_error(tmp_path, run) -> None:
    article = tmp_path / "fm.md"
    text = "---\ncharts:\n  - {1: 2, table: 1}\n---\n# T\n\nIntro.\n\n## P\n\n"
    text += "| A | B |\n|---|---|\n| x | 1 |\n| y | 2 |\n"
    article.write_text(text, encoding="utf-8")
    result = run("check", str(article))
    assert result.exit_code == 1 and "fm.md:charts[1].1: unknown key '1'" in result.stderr


def test_a_line_over_years_is_spaced_by_the_years(tmp_path) -> None:
    rows = [("2014", "1"), ("2016", "2"), ("2018", "3"), ("2022", "4"), ("2023", "5")]
    article = table_article(tmp_path, "Years", [("Year", "V"), *rows])
    path = project_with(tmp_path, '[[charts]]\ntable = 1\nkind = "line"\n', article)
    pdf = render_brief(path, output_dir=tmp_path / "out").output
    with pikepdf.open(pdf) as document:
        blue = False
        points = []
        for operands, operator in pikepdf.parse_content_stream(document.pages[0]):
            name = str(operator)
            if name == "RG":
                blue = tuple(round(float(v), 3) for v in operands) == first_series_colour()
            elif name in ("m", "l") and blue:
                points.append(float(operands[0]))
    xs = sorted(set(round(x, 2) for x in points))[:5]
    gaps = [b - a for a, b in itertools.pairwise(xs)]
    assert len(gaps) == 4
    assert gaps[0] == pytest.approx(gaps[1], rel=0.01)  # 2014→2016 as 2016→2018
    assert gaps[2] == pytest.approx(2 * gaps[0], rel=0.01)  # 2018→2022: twice as far
    assert gaps[3] == pytest.approx(gaps[0] / 2, rel=0.01)  # 2022→2023: half
