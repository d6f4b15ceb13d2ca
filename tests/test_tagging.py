"""Tagged PDF (PDF/UA-1) and PDF/A-2, read back from the files brief writes: the structure
tree, the marked content of every page, the catalog, the metadata, and the checkers."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pikepdf
import pytest
from pikepdf.pdfa import validate_written

from brief.api import render_brief
from brief.layout.loader import builtin_layouts_dir

from .conftest import BUNDLED_SPEC, REPO, child_layout, pdf_pages_text
from .corpus.regenerate import articles
from .structure import TEXT, Tagged, read

LAYOUTS = ("default", "summary", "report")
TITLE = "Belarus at the SCO Summit in Tianjin"


BUILTIN = builtin_layouts_dir()


def _rich_article() -> str:
    rows = "".join(f"| Region {r} | {1000 + r * 37:,} | Note for row {r} |\n" for r in range(90))
    long_paragraph = " ".join(
        f"Sentence {n} of the long paragraph discusses transit corridors and border trade."
        for n in range(70)
    )
    return (
        "# Corridors and Ports\n\n"
        "A lede that introduces the brief in one paragraph.\n\n"
        "## Routes\n\n"
        f"{long_paragraph}\n\n"
        "See [the port authority](https://example.org/port) for schedules.\n\n"
        "Timetables for every berth and season are kept by "
        "[the regional transit corridor coordination office and its partners in the ports of "
        "the Caspian Sea](https://example.org/office)\n\n"
        "![Grain exports by route, 2017 to 2024](img/chart.png)\n\n"
        "- First level item\n  - Nested item under the first\n"
        "- Second level item, see [the schedule](https://example.org/schedule)\n\n"
        "The long list:\n\n"
        + "".join(f"- Item {n} of the long list, about a corridor.\n" for n in range(70))
        + "\n"
        "```\ncode line one\ncode line two\n```\n\n"
        "## Volumes\n\n"
        "| Region | Tonnes | Remark |\n|---|---:|---|\n"
        f"{rows}"
        "| Port | 1 | See [the port register](https://example.org/register) |\n\n"
        "Source: Port statistics.\n\n"
        "## Arabic\n\n"
        "| المنطقة | الكمية |\n|---|---|\n| الشمال | ١٢ |\n| الجنوب | ٣٤ |\n\n"
        "## Conclusion\n\nThe end of the brief.\n"
    )


@pytest.fixture(scope="module")
def tagged_pdfs(rendered, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bundled brief in every layout, and a rich article, all tagged."""
    out = tmp_path_factory.mktemp("tagged")
    pdfs = {layout: rendered("bundled", layout) for layout in LAYOUTS}
    folder = out / "rich"
    (folder / "img").mkdir(parents=True)
    shutil.copy(REPO / "tests" / "corpus" / "img" / "chart.png", folder / "img" / "chart.png")
    article = folder / "rich.md"
    article.write_text(_rich_article(), encoding="utf-8")
    pdfs["rich"] = render_brief(article, output_dir=folder, project_dir=folder).output
    return pdfs


@pytest.fixture(scope="module")
def trees(tagged_pdfs: dict[str, Path]) -> dict[str, Tagged]:
    return {name: read(path) for name, path in tagged_pdfs.items()}


NAMES = (*LAYOUTS, "rich")


@pytest.mark.parametrize("name", NAMES)
def test_every_mark_on_every_page_is_content_or_an_artifact(trees, name) -> None:
    tagged = trees[name]
    assert tagged.marks
    assert [m for m in tagged.marks if m.context == "none"] == []
    # Text is content, or a declared artifact (running header and footer, dot leaders, a
    # repeated table header); never left in the untyped artifact that holds decoration.
    stray = [m for m in tagged.marks if m.operator in TEXT and m.context == "artifact"]
    assert {m.artifact_kind for m in stray} <= {"/Header", "/Footer", "/Layout", "/Pagination"}
    kinds = {m.artifact_kind for m in stray}
    assert {"/Header", "/Footer"} <= kinds  # the running header and footer are artifacts


@pytest.mark.parametrize("name", NAMES)
def test_parent_tree_and_marked_content_agree(trees, name) -> None:
    tagged = trees[name]
    assert tagged.struct_parents == list(range(len(tagged.struct_parents)))
    for page, key in enumerate(tagged.struct_parents):
        roles = tagged.parent_tree[key]
        on_page = {mcid: role for (p, mcid), role in tagged.mcids.items() if p == page}
        assert sorted(on_page) == list(range(len(roles)))  # every MCID, once, from 0
        assert [on_page[i] for i in range(len(roles))] == [r[1:] for r in roles]
    in_tree = [mark for element in tagged.root.walk() for mark in element.marks]
    assert sorted(in_tree) == sorted(tagged.mcids)  # each MCID belongs to one element


@pytest.mark.parametrize("name", NAMES)
def test_catalog_pages_and_metadata_declare_a_tagged_pdf(trees, tagged_pdfs, name) -> None:
    catalog = trees[name].catalog
    assert catalog["MarkInfo"] and catalog["DisplayDocTitle"]
    assert catalog["Lang"] == ("en-GB" if name in LAYOUTS else "en")
    assert set(catalog["Tabs"]) == {"/S"}
    xmp = catalog["Metadata"]
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp and "pdfaid" not in xmp
    if name in LAYOUTS:
        assert f'<rdf:li xml:lang="x-default">{TITLE}</rdf:li>' in xmp
    with pikepdf.open(tagged_pdfs[name]) as pdf:
        assert pdf.open_metadata()["dc:title"] == str(pdf.docinfo["/Title"])
        assert b"/Trans" not in pdf.pages[0].obj.unparse()


@pytest.mark.parametrize("name", NAMES)
def test_pdfua_checker_passes(tagged_pdfs, name) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(tagged_pdfs[name])],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout


def _headings(tagged: Tagged) -> list[tuple[int, str]]:
    return [
        (int(e.role[1]), " ".join(e.all_text().split()))
        for e in tagged.root.walk()
        if re.fullmatch(r"H[1-6]", e.role)
    ]


@pytest.mark.parametrize("name", LAYOUTS)
def test_structure_reads_back_as_the_outline_and_the_article_in_order(
    trees, tagged_pdfs, name
) -> None:
    tagged = trees[name]
    headings = _headings(tagged)
    levels = [level for level, _ in headings]
    assert levels[0] == 1 and all(b <= a + 1 for a, b in itertools.pairwise(levels))
    with pikepdf.open(tagged_pdfs[name]) as pdf, pdf.open_outline() as outline:
        bookmarks = [item.title for item in outline.root]

    def words(text: str) -> str:
        return re.sub(r"[^a-z]+", " ", text.lower()).strip()

    assert [words(t) for _, t in headings if words(t) in map(words, bookmarks)] == [
        words(b) for b in bookmarks if words(b) in {words(t) for _, t in headings}
    ]
    assert len(bookmarks) >= 5 and all(
        words(b) in {words(t) for _, t in headings} for b in bookmarks
    )
    # Every paragraph of the article is in the structure's text, in the article's order,
    # with the words at line ends kept apart and hyphens added at line ends gone.
    text = " ".join(tagged.root.all_text().replace("\u00ad\n", "").split())
    assert "Thisbrief" not in text and "Organ-ization" not in text
    source = (REPO / "sources" / "belarus-sco-tianjin.txt").read_text(encoding="utf-8")
    position = 0
    for line in source.splitlines():
        start = " ".join(line.split()[:6])
        if len(line) > 200 and start in text:
            found = text.index(start, position)
            assert found >= position
            position = found
    assert position > len(text) / 2


def _elements(tagged: Tagged, role: str):
    return [e for e in tagged.root.walk() if e.role == role]


def test_a_paragraph_over_two_pages_is_one_element(trees) -> None:
    long = next(e for e in _elements(trees["rich"], "P") if "Sentence 69" in e.all_text())
    assert "Sentence 0 " in long.all_text()
    assert len({page for page, _ in long.marks}) == 2


def test_a_list_over_pages_is_one_list(trees) -> None:
    lists = [e for e in _elements(trees["rich"], "L") if "Item 69 of" in e.all_text()]
    assert len(lists) == 1
    items = [k for k in lists[0].kids if k.role == "LI"]
    assert len(items) == 70 and "Item 0 of" in items[0].all_text()
    assert len({page for item in items for part in item.walk() for page, _ in part.marks}) >= 2


def test_a_table_over_pages_is_one_table_with_its_header_once(trees) -> None:
    tagged = trees["rich"]
    table = next(e for e in _elements(tagged, "Table") if "Region 89" in e.all_text())
    assert len({page for part in table.walk() for page, _ in part.marks}) >= 2
    kinds = [k.role for k in table.kids]
    assert kinds[:3] == ["Caption", "THead", "TBody"] or kinds[:2] == ["THead", "TBody"]
    head = next(k for k in table.kids if k.role == "THead")
    cells = [c for row in head.kids for c in row.kids]
    assert [c.role for c in cells] == ["TH"] * 3
    assert all(c.attributes.get("Scope") == "Column" for c in cells)
    body = next(k for k in table.kids if k.role == "TBody")
    assert len(body.kids) == 91 and all(len(row.kids) == 3 for row in body.kids)
    # A cell with a link holds its paragraph, whose Link has the link's text.
    remark = body.kids[90].kids[2]
    assert [k.role for k in remark.kids] == ["P"]
    link = next(k for k in remark.kids[0].kids if getattr(k, "role", None) == "Link")
    assert link.all_text().strip() == "the port register"
    assert [" ".join(c.all_text().split()) for c in body.kids[89].kids] == [
        "Region 89",
        f"{1000 + 89 * 37:,}",
        "Note for row 89",
    ]
    # On later pages the header is drawn again, as an artifact.
    repeated = [m for m in tagged.marks if m.artifact_kind == "/Pagination" and m.operator in TEXT]
    assert repeated
    note = next(e for e in _elements(tagged, "Note") if "Port statistics" in e.all_text())
    assert note.attributes["ID"]


def test_a_right_to_left_table_reads_from_its_first_column(trees) -> None:
    def text(element) -> str:
        """A one-word cell's text, drawn in presentation forms; a word of letters is drawn
        in visual order (from the left), a number in reading order."""
        word = unicodedata.normalize("NFKC", element.all_text()).strip()
        return word[::-1] if unicodedata.bidirectional(word[0]) in ("R", "AL") else word

    table = next(e for e in _elements(trees["rich"], "Table") if "Arabic" in e.all_text())
    head = next(k for k in table.kids if k.role == "THead")
    body = next(k for k in table.kids if k.role == "TBody")
    assert [text(c) for c in head.kids[0].kids] == ["المنطقة", "الكمية"]
    assert [text(c) for c in body.kids[0].kids] == ["الشمال", "١٢"]


def test_figures_lists_links_and_code(trees, tagged_pdfs) -> None:
    tagged = trees["rich"]
    figure = next(iter(_elements(tagged, "Figure")))
    assert figure.attributes["Alt"] == "Grain exports by route, 2017 to 2024"
    assert [k.role for k in figure.kids if hasattr(k, "role")] == ["Caption"]
    outer = next(e for e in _elements(tagged, "L") if "First level item" in e.all_text())
    items = [k for k in outer.kids if k.role == "LI"]
    assert len(items) == 2
    assert [k.role for k in items[0].kids] == ["Lbl", "LBody"]
    nested = [k for k in items[0].kids[1].kids if getattr(k, "role", None) == "L"]
    assert len(nested) == 1 and "Nested item" in nested[0].all_text()
    body = items[1].kids[1]
    assert [k.role for k in body.kids] == ["P"]  # the item's paragraph, with its link
    link = next(k for k in body.kids[0].kids if getattr(k, "role", None) == "Link")
    assert link.all_text().strip() == "the schedule"
    # A link's text is the content of its Link element, with the link annotation, in the
    # paragraph between the text before and after it.
    paragraph = next(e for e in _elements(tagged, "P") if "port authority" in e.all_text())
    kinds = [k.role if isinstance(k, type(paragraph)) else k for k in paragraph.kids]
    assert kinds == ["See ", "Link", " for schedules.\n"]
    link = paragraph.kids[1]
    assert link.all_text() == "the port authority"
    assert [getattr(k, "role", None) for k in link.kids] == [None, "OBJR"]
    assert any("code line one" in e.all_text() for e in _elements(tagged, "P"))
    with pikepdf.open(tagged_pdfs["rich"]) as pdf:
        annotations = [a for page in pdf.pages for a in page.get("/Annots", [])]
        uri = next(a for a in annotations if "/A" in a and "/URI" in a.A)
        assert str(uri.Contents) == "https://example.org/port"
        assert int(uri.F) == 4 and "/StructParent" in uri


def test_a_link_over_a_line_end_is_one_link_with_an_annotation_per_line(trees, tagged_pdfs):
    paragraph = next(e for e in _elements(trees["rich"], "P") if "every berth" in e.all_text())
    links = [k for k in paragraph.kids if getattr(k, "role", None) == "Link"]
    assert len(links) == 1
    assert " ".join(links[0].all_text().replace("\u00ad\n", "").split()) == (
        "the regional transit corridor coordination office and its partners in the ports of "
        "the Caspian Sea"
    )
    assert [getattr(k, "role", None) for k in links[0].kids].count("OBJR") == 2
    assert paragraph.kids[-1] is links[0]  # the paragraph ends with the link: no empty mark
    with pikepdf.open(tagged_pdfs["rich"]) as pdf:
        for page in pdf.pages:
            assert not re.search(rb"(BDC|BMC)\s*EMC", page.Contents.read_bytes())


def test_contents_are_toc_entries_with_page_numbers(trees) -> None:
    toc = _elements(trees["report"], "TOC")
    assert len(toc) == 2  # contents and the list of tables
    entries = [k for k in toc[0].kids if k.role == "TOCI"]
    assert len(entries) >= 5
    first = " ".join(entries[0].all_text().split())
    assert re.fullmatch(r"Key points \d+", first)  # the entry, then its page: no dot leaders
    # The title is the text of its link, the page number a Reference whose text is its link.
    kids = [k for k in entries[0].kids if hasattr(k, "role")]
    assert [(k.role, k.all_text().strip()) for k in kids] == [
        ("Link", "Key points"),
        ("Reference", kids[1].all_text().strip()),
    ]
    links = [k for k in kids[1].kids if getattr(k, "role", "") == "Link"]
    assert len(links) == 1 and links[0].all_text().strip().isdigit()


def test_no_empty_marked_content_is_left_behind(tagged_pdfs) -> None:
    with pikepdf.open(tagged_pdfs["report"]) as pdf:
        for page in pdf.pages:
            stream = page.Contents.read_bytes()
            assert not re.search(rb"(BDC|BMC)\s*EMC", stream)


def test_without_tags_the_pdf_has_no_structure(tmp_path: Path) -> None:
    result = render_brief(BUNDLED_SPEC, output_dir=tmp_path, project_dir=REPO, tagged=False)
    tagged = read(result.output)
    assert tagged.root is None and not tagged.catalog["MarkInfo"] and not tagged.mcids
    assert {m.context for m in tagged.marks} == {"none"}
    assert "pdfuaid" not in tagged.catalog["Metadata"]
    assert f'<rdf:li xml:lang="x-default">{TITLE}</rdf:li>' in tagged.catalog["Metadata"]


def test_cli_no_tags_and_pdf_a(project: Path, run) -> None:
    assert run("render", "--no-tags").exit_code == 0
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    assert read(pdf).root is None
    assert run("render", "--pdf-a").exit_code == 0
    catalog = read(pdf).catalog
    assert catalog["OutputIntents"] == 1 and "<pdfaid:conformance>A" in catalog["Metadata"]


# What pikepdf's PDF/A validator cannot approve although PDF/A-2 and 3 allow it: the A level,
# and the extension schemas that declare the PDF/UA identification and brief's provenance.
VALIDATOR_LIMITS = (
    "XMP namespace pdfaExtension=",
    "XMP namespace pdfaSchema=",
    "XMP namespace pdfaProperty=",
    "XMP property pdfaExtension:schemas is not permitted",
    "XMP property pdfuaid:part is not permitted",
    "pdfaid:conformance is 'A', expected 'B'",
    "XMP namespace brief=https://brief.invalid/ns/provenance/1.0/ is not permitted",
    "XMP property brief:version is not permitted",
    "XMP property brief:inputs is not permitted",
)


@pytest.mark.parametrize(
    ("layout", "tags", "data"), [("report", True, True), ("default", False, True),
                                 ("default", True, False)]
)  # fmt: skip
def test_pdf_a_passes_the_validator_with_every_font_embedded(tmp_path, layout, tags, data) -> None:
    result = render_brief(
        BUNDLED_SPEC,
        output_dir=tmp_path,
        project_dir=REPO,
        layout=layout,
        tagged=tags,
        pdf_a=True,
        data=data,
    )
    part = "3" if data else "2"  # attachments need PDF/A-3
    report = validate_written(result.output, f"{part}b")
    with pikepdf.open(result.output) as pdf:
        elements = {  # the validator knows /AF on the document only, not on table elements
            f"obj {o.objgen[0]} {o.objgen[1]}"
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/S") == "/Table"
        }
        assert len(pdf.attachments) == (3 if data else 0)
    findings = [
        f
        for f in (*report.violations, *report.unsupported)
        if not f.message.startswith(VALIDATOR_LIMITS)
        and not (f.message == "associated files (/AF) are not supported" and f.where in elements)
    ]
    assert findings == []
    data = result.output.read_bytes()
    assert not re.search(rb"[^\r\n]endstream", data)  # an end of line before every endstream
    with pikepdf.open(result.output) as pdf:
        meta = pdf.open_metadata()
        assert meta["pdfaid:part"] == part
        assert meta["pdfaid:conformance"] == ("A" if tags else "B")
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFA1" and int(intent.DestOutputProfile.N) == 3
        fonts = [f for page in pdf.pages for f in page.Resources.Font.values()]
        for font in fonts:
            assert "Helvetica" not in str(font.BaseFont)
            descriptor = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            assert "/FontFile2" in descriptor.FontDescriptor
            assert "/ToUnicode" in font
    assert "Belarus at the SCO Summit" in " ".join(pdf_pages_text(result.output))


def test_pdf_a_and_packed_files_are_the_same_bytes_every_time(tmp_path: Path) -> None:
    rows = "".join(f"| R{r} | {r} |\n" for r in range(700))  # over 2,000 elements: packed
    article = tmp_path / "rows.md"
    article.write_text(f"# Rows\n\nIntro.\n\n## Data\n\n| Row | Value |\n|---|---|\n{rows}")
    for source, flags in ((BUNDLED_SPEC, ["--pdf-a"]), (article, [])):
        outputs = []
        for name in ("first", "second"):  # separate processes: qpdf seeds file IDs per process
            folder = tmp_path / name
            command = [sys.executable, "-m", "brief", "render", str(source), "-o", str(folder)]
            subprocess.run([*command, *flags], check=True, capture_output=True, cwd=REPO)
            outputs.append(folder / f"{source.stem}.pdf")
        assert outputs[0].read_bytes() == outputs[1].read_bytes()
    with pikepdf.open(outputs[0]) as pdf:
        assert "/ObjStm" in {str(o.get("/Type")) for o in pdf.objects if hasattr(o, "get")}


def test_a_spec_can_ask_for_pdf_a(project: Path, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text("pdf_a = true\n" + spec.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("render").exit_code == 0
    meta = read(project / "output" / "belarus-sco-tianjin.pdf").catalog["Metadata"]
    assert "<pdfaid:part>3</pdfaid:part>" in meta  # 3: the tables' data is attached


@pytest.mark.parametrize("src", ["img/chart.png", "https://example.org/chart.png"])
def test_an_image_without_a_description_is_a_warning_at_its_line(
    project: Path, run, src: str
) -> None:
    """Local and remote images alike: a warning (an error with --strict); an included one
    is still a Figure with alternative text, its figure number."""
    (project / "sources" / "img").mkdir()
    shutil.copy(REPO / "tests" / "corpus" / "img" / "chart.png", project / "sources" / "img")
    article = project / "sources" / "pictures.md"
    article.write_text(f"# Pictures\n\nIntro.\n\n## Part\n\nText.\n\n![]({src})\n")
    result = run("render", str(article))
    assert result.exit_code == 0
    assert f"sources/pictures.md:9: warning: image '{src}' has no description" in result.stderr
    strict = run("render", "--strict", str(article))
    assert strict.exit_code == 1
    assert f"sources/pictures.md:9: image '{src}' has no description" in strict.stderr
    assert "Traceback" not in result.stderr + strict.stderr


def test_a_layout_image_needs_alt_text_or_to_be_decorative(project: Path, run) -> None:
    layout = child_layout(project, "logo")
    shutil.copy(BUILTIN / "report" / "logo.svg", layout)
    (layout / "brief.xml.j2").write_text(
        '<story><image src="logo.svg" width="20mm"/><p>{{ brief.title }}</p></story>\n'
    )
    result = run("render", "--layout", "logo")
    assert result.exit_code == 1
    assert "brief.xml.j2: <image src='logo.svg'> needs alt text" in result.stderr
    (layout / "brief.xml.j2").write_text(
        '<story><image src="logo.svg" width="20mm" alt="Institute logo"/>'
        "<p>{{ brief.title }}</p></story>\n"
    )
    assert run("render", "--layout", "logo").exit_code == 0
    figure = _elements(read(project / "output" / "belarus-sco-tianjin.pdf"), "Figure")
    assert [f.attributes["Alt"] for f in figure] == ["Institute logo"]


@pytest.mark.parametrize("article", articles(), ids=lambda p: p.name)
def test_every_corpus_article_is_tagged_completely(article: Path, rendered) -> None:
    pdf = rendered(article.name)
    tagged = read(pdf)
    assert [m for m in tagged.marks if m.context == "none"] == []
    assert not [
        m
        for m in tagged.marks
        if m.operator in TEXT and m.context == "artifact" and not m.artifact_kind
    ]
    in_tree = sorted(mark for element in tagged.root.walk() for mark in element.marks)
    assert in_tree == sorted(tagged.mcids)
    headings = [int(level) for level, _ in _headings(tagged)]
    assert all(b <= a + 1 for a, b in itertools.pairwise([0, *headings]))
    assert all(e.attributes.get("Alt") for e in _elements(tagged, "Figure"))
    assert all(e.attributes.get("Scope") for e in _elements(tagged, "TH"))
    # No glyph without its character: no private-use, replacement or NUL character.
    assert not re.search("[\ue000-\uf8ff\ufffd\x00]", tagged.root.all_text())
    checked = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(pdf)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout


def test_text_in_an_svg_figure_is_set_in_an_embedded_font(tmp_path: Path) -> None:
    (tmp_path / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100">'
        '<rect x="10" y="10" width="50" height="50" fill="#336"/>'
        '<text x="70" y="40" font-family="Times" font-size="14">Label</text>'
        '<text x="70" y="70" font-family="Helvetica" font-weight="bold">Bold label</text></svg>',
        encoding="utf-8",
    )
    article = tmp_path / "svg.md"
    article.write_text("# Chart\n\nIntro.\n\n## Part\n\nText.\n\n![A labelled chart](chart.svg)\n")
    pdf = render_brief(article, output_dir=tmp_path / "out", project_dir=tmp_path, pdf_a=True)
    with pikepdf.open(pdf.output) as document:
        fonts = {str(f.BaseFont) for p in document.pages for f in p.Resources.Font.values()}
    assert all("+Noto" in font for font in fonts)
    assert "Bold label" in " ".join(pdf_pages_text(pdf.output))
