"""What a rendered brief carries and leaves beside it for its readers: each table's cells as
an attached CSV (found by pikepdf, PDFium and pdf.js), its citations, a linearised file, and
the manifest and XMP that say which inputs made it."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from brief.api import load, render_brief
from brief.core.provenance import sha256_file
from brief.export.citations import bibtex, csl_json, ris, split_name
from brief.export.tabledata import table_csv, table_rows
from brief.pdf import document
from brief.pdf.document import LINEARIZE_ABOVE

from .conftest import BUNDLED_SPEC, CORPUS, REPO, output_files
from .readers import read_with_pdfjs

TABLES = CORPUS / "tables.md"


def attached_tables(pdf: Path) -> dict[str, list[list[str]]]:
    with pikepdf.open(pdf) as document:
        return {
            name: list(csv.reader(io.StringIO(spec.get_file().read_bytes().decode("utf-8-sig"))))
            for name, spec in document.attachments.items()
        }


@pytest.mark.parametrize(("source", "project"), [(BUNDLED_SPEC, REPO), (TABLES, CORPUS)])
def test_every_table_is_attached_as_csv_equal_to_its_cells(tmp_path, source, project) -> None:
    result = render_brief(source, output_dir=tmp_path, project_dir=project)
    brief, _ = load(source, project_dir=project)
    assert brief.tables, "the article has tables"
    attached = attached_tables(result.output)
    expected = {
        f"{source.stem}-table-{t.number}.csv": [list(t.header), *map(list, t.rows)]
        for t in brief.tables
    }
    assert set(attached) == set(expected)
    for name, rows in attached.items():
        width = max(len(r) for r in expected[name])
        assert rows == [r + [""] * (width - len(r)) for r in expected[name]]
    assert result.attachments == tuple(sorted(expected))


def test_numbers_keep_the_article_s_spelling(tmp_path) -> None:
    result = render_brief(TABLES, output_dir=tmp_path, project_dir=CORPUS)
    rows = attached_tables(result.output)["tables-table-1.csv"]
    assert rows[1][:3] == ["China", "12,400", "9,800"]  # not 12400.0
    assert ["Turkey", "2,000", "1,500", "extra", "cell"] in rows  # the ragged row, whole
    assert rows[-1][:2] == ["Iran", "600"]


def test_each_csv_is_an_associated_file_of_its_table_and_of_the_document(tmp_path) -> None:
    result = render_brief(BUNDLED_SPEC, output_dir=tmp_path, project_dir=REPO)
    with pikepdf.open(result.output) as pdf:
        root = pdf.Root.StructTreeRoot
        ids = pikepdf.NameTree(root.IDTree)
        document_files = [spec.UF for spec in pdf.Root.AF]
        assert len(document_files) == 3
        for number in (1, 2, 3):
            element = ids[f"table-{number}"]
            assert element.S == "/Table"
            (spec,) = element.AF
            assert spec.AFRelationship == "/Data"
            assert str(spec.UF) == f"belarus-sco-tianjin-table-{number}.csv"
            assert str(spec.Desc).startswith(f"Table {number}: ")
            assert spec.EF.F.Subtype == "/text/csv"
            assert spec.UF in document_files
            caption = next(k for k in element.K if isinstance(k, pikepdf.Dictionary)
                           and k.get("/S") == "/Caption")  # fmt: skip
            assert caption is not None


def test_readers_list_the_attachments(tmp_path) -> None:
    """PDFium (Chrome) and pdf.js (Firefox) list every attachment with the bytes pikepdf
    reads."""
    result = render_brief(BUNDLED_SPEC, output_dir=tmp_path, project_dir=REPO)
    with pikepdf.open(result.output) as pdf:
        expected = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    document = pdfium.PdfDocument(str(result.output))
    found = {}
    for index in range(document.count_attachments()):
        attachment = document.get_attachment(index)
        found[attachment.get_name()] = bytes(attachment.get_data())
        del attachment  # before its document
    del document
    assert found == expected
    assert read_with_pdfjs(result.output).attachments == expected


def test_no_data_leaves_the_tables_out(tmp_path, project, run) -> None:
    assert run("render", "--no-data").exit_code == 0
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    with pikepdf.open(pdf) as document:
        assert len(document.attachments) == 0 and "/AF" not in document.Root
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text("data = false\n" + spec.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("render").exit_code == 0
    assert attached_tables(pdf) == {}
    assert run("render", "--data").exit_code == 0  # the command line wins
    assert len(attached_tables(pdf)) == 3


def test_a_csv_is_utf8_with_a_mark_and_crlf_lines(tmp_path) -> None:
    """What spreadsheet programs open as Unicode: a byte-order mark, CRLF line ends, every
    row as wide as the header (a ragged row padded)."""
    article = tmp_path / "a.md"
    article.write_text(
        "# Торговля\n\nТекст.\n\n## Данные\n\n| Страна | Доля |\n|---|---|\n"
        "| Беларусь | 12 |\n| Китай |\n",
        encoding="utf-8",
    )
    brief, _ = load(article, project_dir=tmp_path)
    (table,) = brief.tables
    data = table_csv(table)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].split(b"\r\n")
    assert lines[-1] == b"" and all(b"\n" not in line for line in lines)
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["Страна", "Доля"], ["Беларусь", "12"], ["Китай", ""]]
    assert table_rows(table) == rows


def test_the_pdf_is_byte_identical_between_renders_and_sound(tmp_path) -> None:
    """A small brief is written by ReportLab alone, its data attached as it is written:
    qpdf finds no fault in it, and it is not linearised (no reader gains below 256 KiB)."""
    first = render_brief(BUNDLED_SPEC, output_dir=tmp_path / "a", project_dir=REPO)
    second = render_brief(BUNDLED_SPEC, output_dir=tmp_path / "b", project_dir=REPO)
    assert first.output.read_bytes() == second.output.read_bytes()
    assert first.output.stat().st_size < LINEARIZE_ABOVE
    with pikepdf.open(first.output) as pdf:
        assert not pdf.is_linearized
        assert pdf.check_pdf_syntax() == []  # qpdf reads every object and stream


@pytest.mark.parametrize("how", ["asked", "large"])
def test_a_large_pdf_or_one_asked_for_is_linearised(tmp_path, monkeypatch, how) -> None:
    if how == "large":
        monkeypatch.setattr(document, "LINEARIZE_ABOVE", 1000)
    linearize = True if how == "asked" else None
    first = render_brief(BUNDLED_SPEC, tmp_path / "a", project_dir=REPO, linearize=linearize)
    second = render_brief(BUNDLED_SPEC, tmp_path / "b", project_dir=REPO, linearize=linearize)
    assert first.output.read_bytes() == second.output.read_bytes()
    with pikepdf.open(first.output) as pdf:
        assert pdf.is_linearized
        assert pdf.check_linearization(stream=io.StringIO())  # qpdf finds no fault
        assert len(pdf.attachments) == 3  # the data survive the rewrite
    assert attached_tables(first.output) == attached_tables(
        render_brief(BUNDLED_SPEC, tmp_path / "c", project_dir=REPO, linearize=False).output
    )


def test_manifest_and_xmp_name_every_input_with_its_hash(tmp_path, project, run) -> None:
    assert run("render").exit_code == 0
    output = project / "output"
    assert sorted(p.name for p in output.iterdir()) == output_files("belarus-sco-tianjin")
    manifest = json.loads((output / "manifest.json").read_text(encoding="utf-8"))
    entry = manifest["pdfs"]["belarus-sco-tianjin.pdf"]
    pdf = output / "belarus-sco-tianjin.pdf"
    assert entry["sha256"] == sha256_file(pdf) and entry["bytes"] == pdf.stat().st_size
    assert entry["pages"] == 4 and entry["layout"] == "default" and entry["tagged"] is True
    assert entry["input"] == "briefs/belarus-sco-tianjin.toml"
    assert entry["article"] == "sources/belarus-sco-tianjin.txt"
    inputs = entry["inputs"]
    assert inputs["briefs/belarus-sco-tianjin.toml"] == sha256_file(
        project / "briefs" / "belarus-sco-tianjin.toml"
    )
    assert inputs["sources/belarus-sco-tianjin.txt"] == sha256_file(
        project / "sources" / "belarus-sco-tianjin.txt"
    )
    assert "brief:layouts/default/style.toml" in inputs
    assert "brief:layouts/default/brief.xml.j2" in inputs
    assert not any(name.startswith("brief:layouts/default/site/") for name in inputs)
    fonts = {name for name in inputs if name.startswith("brief:fonts/")}
    embedded = set()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.Font.values():
                embedded.add(re.sub(r"^/[A-Z]{6}\+", "", str(font.BaseFont)))
        xmp = str(document.Root.Metadata.read_bytes().decode("utf-8"))
    assert fonts and len(fonts) == len(embedded)  # each embedded face's file, no other
    listed = dict(
        (name, digest)
        for digest, name in re.findall(r"<rdf:li>([0-9a-f]{64})  ([^<]+)</rdf:li>", xmp)
    )
    assert listed == inputs
    assert re.search(r"<brief:version>[^<]+</brief:version>", xmp)


def test_the_manifest_follows_the_files_it_lists(project, run) -> None:
    """A changed article changes its hash in the manifest; a PDF removed from the folder
    leaves it; two briefs share one manifest."""
    assert run("render").exit_code == 0
    article = project / "sources" / "belarus-sco-tianjin.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")  # fmt: skip
    other = project / "briefs" / "second.toml"
    other.write_text('source = "../sources/belarus-sco-tianjin.txt"\n', encoding="utf-8")
    assert run("render").exit_code == 0
    manifest = json.loads((project / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["pdfs"]) == {"belarus-sco-tianjin.pdf", "second.pdf"}
    digest = manifest["pdfs"]["second.pdf"]["inputs"]["sources/belarus-sco-tianjin.txt"]
    assert digest == hashlib.sha256(article.read_bytes()).hexdigest()
    (project / "output" / "second.pdf").unlink()
    assert run("render", "briefs/belarus-sco-tianjin.toml").exit_code == 0
    manifest = json.loads((project / "output" / "manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["pdfs"]) == {"belarus-sco-tianjin.pdf"}


def test_a_pdf_over_its_size_budget_is_a_warning_or_with_strict_an_error(project, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text('size_budget = "50 kB"\n' + spec.read_text(encoding="utf-8"),
                    encoding="utf-8")  # fmt: skip
    result = run("render")
    assert result.exit_code == 0
    assert re.search(
        r"belarus-sco-tianjin\.toml:size_budget: warning: the PDF is \d+ kB, above the size "
        r"budget of 50 kB", result.stderr
    ), result.stderr  # fmt: skip
    pdf = project / "output" / "belarus-sco-tianjin.pdf"
    before = pdf.read_bytes()
    spec.write_text(spec.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    strict = run("render", "--strict")
    assert strict.exit_code == 1 and "size budget" in strict.stderr
    assert pdf.read_bytes() == before  # nothing written
    assert run("render", "--size-budget", "5MB", "--strict").exit_code == 0
    bad = run("render", "--size-budget", "five")
    assert bad.exit_code == 2 and "--size-budget" in bad.stderr
    spec.write_text(spec.read_text(encoding="utf-8").replace('"50 kB"', '"lots"'),
                    encoding="utf-8")  # fmt: skip
    wrong = run("check")
    assert wrong.exit_code == 1 and "size_budget" in wrong.stderr


# --- citations -----------------------------------------------------------------------------


def test_citations_are_written_beside_the_pdf(project, run) -> None:
    spec = project / "briefs" / "belarus-sco-tianjin.toml"
    spec.write_text('url = "https://example.org/briefs/7"\n' + spec.read_text(encoding="utf-8"),
                    encoding="utf-8")  # fmt: skip
    assert run("render").exit_code == 0
    output = project / "output"
    bib = (output / "belarus-sco-tianjin.bib").read_text(encoding="utf-8")
    assert bib.startswith("@techreport{")
    assert "title = {{Belarus at the SCO Summit in Tianjin}}" in bib
    assert "institution = {{Institute for Regional Policy Studies}}" in bib
    assert "number = {No. 7/2025}" in bib and "url = {https://example.org/briefs/7}" in bib
    assert bib.count("{") == bib.count("}")
    ris_text = (output / "belarus-sco-tianjin.ris").read_bytes().decode("utf-8")
    lines = ris_text.split("\r\n")
    assert lines[0] == "TY  - RPRT" and lines[-2] == "ER  - " and lines[-1] == ""
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1])
    assert "UR  - https://example.org/briefs/7" in lines and "PY  - 2025" in lines
    (item,) = json.loads((output / "belarus-sco-tianjin.csl.json").read_text(encoding="utf-8"))
    assert item["type"] == "report" and item["URL"] == "https://example.org/briefs/7"
    assert item["issued"] == {"date-parts": [[2025, 9, 1]]}
    assert item["publisher"] == "Institute for Regional Policy Studies"
    assert item["collection-title"] == "Eurasia Policy Briefs" and item["number"] == "No. 7/2025"
    assert item["author"] == [{"literal": "Eurasia Programme Analysis Team"}]


@pytest.mark.parametrize(
    ("name", "family", "given", "literal"),
    [
        ("Anna Kowalska", "Kowalska", "Anna", None),
        ("Kowalska, Anna", "Kowalska", "Anna", None),
        ("Jean-Paul de Lattre", "Lattre", "Jean-Paul de", None),
        ("王小明", None, None, "王小明"),
        ("Eurasia Programme Analysis Team", None, None, "Eurasia Programme Analysis Team"),
    ],
)
def test_names_split_as_reference_managers_import_them(name, family, given, literal) -> None:
    split = split_name(name)
    assert (split.family, split.given, split.literal) == (family, given, literal)


def test_citation_text_is_escaped_for_each_format() -> None:
    brief, _ = load(BUNDLED_SPEC, project_dir=REPO)
    odd = replace(
        brief, title="Costs {50%} & $tariffs_#1\\", authors=["Ана Ковальска", "李雷"], url=None
    )
    bib = bibtex(odd)
    assert r"Costs \{50\%\} \& \$tariffs\_\#1\textbackslash{}" in bib
    assert "author = {Ковальска, Ана and {李雷}}" in bib
    assert "url" not in bib
    assert "TI  - Costs {50%} & $tariffs_#1\\" in ris(odd)
    (item,) = json.loads(csl_json(odd))
    assert item["title"].startswith("Costs {50%} & $tariffs_#1\\")
    assert item["author"] == [{"family": "Ковальска", "given": "Ана"}, {"literal": "李雷"}]


@pytest.mark.parametrize("budget", ["9" * 400, "0.1B", "-1MB", "1e9 GB"])
def test_an_impossible_size_budget_is_refused_without_a_traceback(project, run, budget) -> None:
    result = run("render", "--size-budget", budget)
    assert result.exit_code == 2 and "--size-budget" in result.stderr
    assert "Traceback" not in result.stderr


def test_files_of_a_brief_named_in_cyrillic_are_found_by_name(tmp_path) -> None:
    """The embedded files' name tree holds its keys in the order of their bytes (a reader
    may search it), a UTF-16 name among them; every reader finds each file by its name."""
    article = tmp_path / "доклад.md"
    tables = "".join(
        f"\n\n## Раздел {n}\n\nТекст.\n\n| Страна | Доля |\n|---|---|\n| Беларусь | {n} |\n"
        for n in range(1, 12)
    )
    article.write_text("# Торговля" + tables, encoding="utf-8")
    result = render_brief(article, output_dir=tmp_path / "out", project_dir=tmp_path)
    with pikepdf.open(result.output) as pdf:
        keys = [bytes(k) for k in pdf.Root.Names.EmbeddedFiles.Names[::2]]
        assert keys == sorted(keys) and len(keys) == 11  # "-table-10" before "-table-2"
        expected = {name: spec.get_file().read_bytes() for name, spec in pdf.attachments.items()}
    assert all(name.startswith("доклад-table-") for name in expected)
    document = pdfium.PdfDocument(str(result.output))
    found = {}
    for index in range(document.count_attachments()):
        attachment = document.get_attachment(index)
        found[attachment.get_name()] = bytes(attachment.get_data())
        del attachment
    del document
    assert found == expected
