"""Word documents (.docx) as articles: the corpus's Markdown written as .docx by pandoc reads
as its original does, real documents from public repositories render in every layout with
their words, headings, tables, notes and pictures, and what Word keeps besides the text
(tracked changes, comments, fields, equations, text boxes, outline levels, merged cells) is
read as the module says. Files and their origins: tests/docx/SOURCES.md."""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from brief.source.reader import read_article

from .conftest import CORPUS, REPO, brief_process, squash

DOCX = REPO / "tests" / "docx"
FROM_MARKDOWN = sorted((DOCX / "from-markdown").glob("*.docx"))
REAL = sorted(DOCX.glob("*.docx"))


def fold(text: str) -> str:
    """Text to compare as a reader sees it: no spaces or hyphens, any case."""
    return squash(text).casefold()


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    """``brief ARGS`` in a process of its own, in *cwd*: (exit code, out, err)."""
    return brief_process(cwd, *args, timeout=600)


def words(article) -> list[str]:
    """The article's words in reading order: headings, paragraphs, items, table cells."""
    out: list[str] = []
    for section in [None, *article.all_sections()]:
        blocks = article.lede if section is None else section.blocks
        if section is not None:
            out += section.heading.split()
        for block in blocks:
            if block.kind == "table":
                out += [w for row in [block.header, *block.rows] for c in row for w in c.split()]
            elif block.kind == "list":
                out += [w for i in block.items for w in f"{i.label or ''} {i.text}".split()]
            elif hasattr(block, "text"):
                out += block.text.split()
    notes = [w for note in article.notes for w in note.text.split()]
    return [w.replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
            for w in out + notes]  # fmt: skip


@pytest.mark.parametrize("docx", FROM_MARKDOWN, ids=lambda p: p.stem)
def test_a_markdown_article_written_as_docx_reads_as_the_original(docx: Path) -> None:
    original = read_article(CORPUS / f"{docx.stem}.md")
    warnings: list = []
    read = read_article(docx, warnings=warnings)
    wanted, got = words(original), words(read)
    matcher = difflib.SequenceMatcher(None, wanted, got, autojunk=False)
    same = sum(block.size for block in matcher.get_matching_blocks())
    assert same >= 0.98 * len(wanted), [op for op in matcher.get_opcodes() if op[0] != "equal"]
    assert [s.heading for s in read.all_sections()] == [s.heading for s in original.all_sections()]
    assert (read.title or read.meta.title) == (original.title or original.meta.title)
    assert [n.text.replace("\u2019", "'") for n in read.notes] == [
        n.text.replace("\u2019", "'") for n in original.notes
    ]
    tables = [(t.header, t.rows) for t in original.tables()]
    assert [(t.header, t.rows) for t in read.tables()] == tables


def test_the_fixtures_hold_what_the_test_above_compares() -> None:
    """Notes, several sections and tables are among the documents compared."""
    read = [read_article(docx) for docx in FROM_MARKDOWN]
    assert sum(len(a.notes) for a in read) >= 2
    assert sum(len(a.tables()) for a in read) >= 4
    assert all(len(a.all_sections()) >= 1 for a in read)


LAYOUTS = ("default", "report", "summary")


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(REAL)), ids=lambda i: REAL[i].stem)
def test_a_real_word_document_renders_whole(tmp_path: Path, index: int) -> None:
    """Each real document, in one of the layouts in turn (all three over the corpus): its
    words are in the PDF in order, its sections are bookmarks leading to their pages, its
    notes are there, its merged cells are tagged as such and its pictures keep their text."""
    import pikepdf

    from brief.api import load
    from brief.audit import audit_pdf
    from brief.typeset.bidi import has_rtl

    from .readers import read_with_pdfium

    source = REAL[index]
    layout = LAYOUTS[index % len(LAYOUTS)]
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / source.name).write_bytes(source.read_bytes())
    (tmp_path / "briefs").mkdir()
    spec = tmp_path / "briefs" / f"{source.stem}.toml"
    spec.write_text(f'source = "../sources/{source.name}"\nlayout = "{layout}"\n', "utf-8")
    code, _, err = run("render", str(spec), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert code == 0, err
    pdf = tmp_path / "out" / f"{source.stem}.pdf"
    result = audit_pdf(spec, pdf)
    assert result.checked > 0
    lost = sum(len(p.text.split()) for p in result.missing)
    total = len(words(read_article(source)))
    assert lost <= 0.01 * total, [p.text[:60] for p in result.missing[:3]]

    article = read_article(source)
    reading = read_with_pdfium(pdf)
    titles = [fold(b.title) for b in reading.bookmarks]
    brief, _ = load(spec)
    for section in [*brief.sections, *brief.appendices]:
        assert any(fold(section.heading)[:30] in title for title in titles), section.heading
    for bookmark in reading.bookmarks:  # each leads to the page its heading is on
        assert bookmark.target.page is not None, bookmark
        page = reading.pages[bookmark.target.page]
        heading = re.sub(r"^[\d.]+\s+", "", bookmark.title)
        if has_rtl(page):  # read back in visual order: the same letters, in any order
            wanted = Counter(c for c in heading.casefold() if c.isalnum())
            assert not wanted - Counter(c for c in page.casefold() if c.isalnum()), bookmark
        else:
            assert fold(heading)[:20] in fold(page), bookmark
    pages = reading.pages
    with pikepdf.open(pdf) as opened:
        tree = _roles(opened.Root.StructTreeRoot)
    if any(t.merges for t in article.tables()):
        assert "/RowSpan" in tree or "/ColSpan" in tree
    if article.notes:
        text = " ".join(" ".join(page.split()) for page in pages)
        assert " ".join(article.notes[0].text.split()[:4]) in text


def _roles(root) -> str:
    """The structure tree's roles and table attributes, as one string to search."""
    import pikepdf

    out, stack, seen = [], [root], 0
    while stack and seen < 200_000:
        element = stack.pop()
        seen += 1
        if not isinstance(element, pikepdf.Dictionary):
            continue
        out.append(str(element.get("/S", "")))
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary):
            out.extend(str(key) for key in attributes)
        kids = element.get("/K")
        if isinstance(kids, pikepdf.Array):
            stack.extend(kids)
        elif isinstance(kids, pikepdf.Dictionary):
            stack.append(kids)
    return " ".join(out)


def test_the_real_corpus_holds_what_the_renders_check() -> None:
    """Among the real documents: languages written right to left and in CJK, notes, merged
    cells, tracked changes, equations, pictures with and without alternative text."""
    read = {p.stem: read_article(p) for p in REAL}
    assert len(read) >= 10
    assert sum(1 for a in read.values() if a.notes) >= 3
    assert sum(1 for a in read.values() if any(t.merges for t in a.tables())) >= 3
    kinds = {b.kind for a in read.values() for s in a.all_sections() for b in s.blocks}
    kinds |= {b.kind for a in read.values() for b in a.lede}
    assert {"formula", "image", "table", "list"} <= kinds


# -- documents made here, each for one thing Word keeps --------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
M = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def docx(body: str, **parts: str) -> bytes:
    """A minimal .docx whose body is *body* (WordprocessingML), with other *parts* by path
    (``word/comments.xml``...)."""
    files = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default '
        'Extension="xml" ContentType="application/xml"/><Override PartName="/word/document'
        '.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
        'document.main+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="word/document.xml"/></Relationships>',
        "word/document.xml": f'<?xml version="1.0"?><w:document {W} {M}><w:body>{body}'
        "</w:body></w:document>",
        **parts,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, text in files.items():
            package.writestr(name, text)
    return out.getvalue()


def para(text: str, style: str | None = None, outline: int | None = None) -> str:
    properties = ""
    if style or outline is not None:
        properties = "<w:pPr>"
        properties += f'<w:pStyle w:val="{style}"/>' if style else ""
        properties += f'<w:outlineLvl w:val="{outline}"/>' if outline is not None else ""
        properties += "</w:pPr>"
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def read(tmp_path: Path, data: bytes, name: str = "a.docx") -> tuple:
    path = tmp_path / name
    path.write_bytes(data)
    warnings: list = []
    return read_article(path, warnings=warnings), [w.message for w in warnings]


def test_tracked_changes_are_accepted_and_comments_left_out(tmp_path: Path) -> None:
    body = (
        para("Intro", outline=0) + '<w:p><w:r><w:t xml:space="preserve">The rate is </w:t></w:r>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>five</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>six</w:t></w:r></w:ins>'
        '<w:commentRangeStart w:id="3"/><w:r><w:t xml:space="preserve"> per cent.</w:t></w:r>'
        '<w:commentRangeEnd w:id="3"/><w:r><w:commentReference w:id="3"/></w:r></w:p>'
    )
    comments = (
        f'<?xml version="1.0"?><w:comments {W}><w:comment w:id="3" w:author="B">'
        "<w:p><w:r><w:t>Check this secret remark</w:t></w:r></w:p></w:comment></w:comments>"
    )
    article, notes = read(tmp_path, docx(body, **{"word/comments.xml": comments}))
    blocks = [*article.lede, *(b for s in article.all_sections() for b in s.blocks)]
    text = " ".join(b.text for b in blocks)
    assert "The rate is six per cent." in text
    assert "five" not in text and "secret" not in text
    assert (
        "tracked changes: 1 insertion kept, 1 deletion dropped (as if all were accepted)" in notes
    )
    assert "1 comment left out" in notes


def test_headings_come_from_outline_levels_and_fields_are_dropped(tmp_path: Path) -> None:
    toc = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> TOC \\o "1-3" '
        '</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>'
        "Findings ........ 2</w:t></w:r></w:p><w:p><w:r><w:t>Page list</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    body = (
        toc
        + para("Findings", outline=0)
        + para("Trade grew.")
        + para("Detail", outline=1)
        + para("More text.")
        + '<w:p><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:fldSimple w:instr="PAGE">'
        "<w:r><w:t>7</w:t></w:r></w:fldSimple></w:p>"
        + para("Outlook", outline=0)
        + para("Growth slows.")
    )
    article, _ = read(tmp_path, docx(body))
    assert [s.heading for s in article.all_sections()] == ["Findings", "Outlook"]
    blocks = article.all_sections()[0].blocks
    assert [b.text for b in blocks if b.kind == "subheading"] == ["Detail"]
    every = " ".join(getattr(b, "text", "") for b in [*article.lede, *blocks])
    assert "........" not in every and "Page list" not in every and "7" not in every


def test_merged_cells_are_kept(tmp_path: Path) -> None:
    def cell(text: str, extra: str = "") -> str:
        return f"<w:tc><w:tcPr>{extra}</w:tcPr>{para(text)}</w:tc>"

    table = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr>" + cell("Region", '<w:vMerge w:val="restart"/>')
        + cell("Revenue", '<w:gridSpan w:val="2"/>') + "</w:tr>"
        "<w:tr>" + cell("", "<w:vMerge/>") + cell("2024") + cell("2025") + "</w:tr>"
        "<w:tr>" + cell("North") + cell("1.5") + cell("2.0") + "</w:tr></w:tbl>"
    )  # fmt: skip
    article, _ = read(tmp_path, docx(para("Data", outline=0) + para("Numbers:") + table
                                     + para("End", outline=0) + para("Done.")))  # fmt: skip
    (found,) = article.tables()
    assert found.header == ["Region", "Revenue", ""]
    assert found.rows[0] == ["", "2024", "2025"]
    merges = {(m.row, m.column, m.rows, m.columns) for m in found.merges}
    assert merges == {(0, 0, 2, 1), (0, 1, 1, 2)}


def test_equations_become_tex(tmp_path: Path) -> None:
    fraction = (
        "<m:oMathPara><m:oMath><m:f><m:num><m:r><m:t>a</m:t></m:r></m:num><m:den><m:r>"
        "<m:t>b</m:t></m:r></m:den></m:f><m:r><m:t>=</m:t></m:r><m:sSup><m:e><m:r><m:t>x"
        "</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath>"
        "</m:oMathPara>"
    )
    inline = (
        '<w:p><w:r><w:t xml:space="preserve">Let </w:t></w:r><m:oMath><m:rad><m:radPr>'
        '<m:degHide m:val="1"/></m:radPr><m:deg/><m:e><m:r><m:t>n</m:t></m:r></m:e></m:rad>'
        '</m:oMath><w:r><w:t xml:space="preserve"> be whole.</w:t></w:r></w:p>'
    )
    body = para("Maths", outline=0) + f"<w:p>{fraction}</w:p>" + inline + para("End", outline=0)
    article, _ = read(tmp_path, docx(body))
    blocks = article.all_sections()[0].blocks
    (formula,) = [b for b in blocks if b.kind == "formula"]
    assert formula.tex.replace(" ", "") == "\\frac{a}{b}={x}^{2}"
    (sentence,) = [b for b in blocks if b.kind == "paragraph"]
    assert "√" in sentence.text or "sqrt" in sentence.text or "n" in sentence.text
    assert sentence.text.startswith("Let ") and sentence.text.endswith(" be whole.")


def test_properties_feed_the_front_matter(tmp_path: Path) -> None:
    core = (
        '<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/'
        'package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/"><dc:title>Ports of the Caspian</dc:title>'
        "<dc:creator>Ana Lima; Li Wei</dc:creator><dc:language>pt-BR</dc:language>"
        "<dcterms:created>2024-05-06T10:00:00Z</dcterms:created></cp:coreProperties>"
    )
    article, _ = read(tmp_path, docx(para("Body", outline=0) + para("Text."),
                                     **{"docProps/core.xml": core}))  # fmt: skip
    assert article.meta.title == "Ports of the Caspian"
    assert article.meta.authors == ["Ana Lima", "Li Wei"]
    assert article.meta.language == "pt-BR"
    assert str(article.meta.date) == "2024-05-06"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bad/fermilab-linac-govdocs.doc",
         "a .doc document is not read: save it as a Word Document (.docx)"),
        ("bad/encrypted-password-tika.docx",
         "the document is password-protected: save a copy without a password"),
    ],
)  # fmt: skip
def test_a_doc_or_a_locked_document_is_one_line(tmp_path: Path, name: str, message: str) -> None:
    source = tmp_path / Path(name).name
    source.write_bytes((DOCX / name).read_bytes())
    code, _, err = run("render", str(source), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert code != 0 and "Traceback" not in err
    assert err.strip().splitlines() == [f"{source.name}: {message}"]


def test_a_damaged_or_foreign_file_is_one_line(tmp_path: Path) -> None:
    whole = (REAL[0]).read_bytes()
    cases = {
        "cut.docx": whole[: len(whole) // 2],
        "text.docx": b"not a document at all",
        "other.docx": _zip({"hello.txt": "hi"}),
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        code, _, err = run("render", name, "-o", "out", cwd=tmp_path)
        assert code != 0 and "Traceback" not in err, err
        assert err.count("\n") == 1 and err.startswith(f"{name}: not a Word document"), err


def test_a_zip_bomb_stops_at_the_limit(tmp_path: Path) -> None:
    filler = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * 200_000  # 7 MB of XML, 40 kB zipped
    (tmp_path / "bomb.docx").write_bytes(docx(filler))
    assert (tmp_path / "bomb.docx").stat().st_size < 200_000
    code, _, err = run("render", "bomb.docx", "--limit", "article-mb=1", cwd=tmp_path)
    assert code != 0 and "Traceback" not in err
    assert "its text unpacks to 7 MB, over the limit of 2 MB" in err
    assert "--limit article-mb=" in err


def _zip(files: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for name, text in files.items():
            package.writestr(name, text)
    return out.getvalue()


def test_a_cover_page_of_headings_makes_the_title_not_sections(tmp_path: Path) -> None:
    """Cover lines given an outline level (an organisation, "Draft", the title, a date) open
    the document with headings and nothing between them: the longest is the title, the
    others its subtitle; the first heading with text after it is the first section."""
    body = "".join(
        para(text, outline=0)
        for text in (
            "Ministry of Planning",
            "DRAFT",
            "Land policies for social integration",
            "December 2014",
        )
    )
    body += para("Towards a fair city", outline=0) + para("Inequality is the weakness.")
    body += para("Proposals", outline=0) + para("Three reforms.")
    article, _ = read(tmp_path, docx(body))
    assert article.meta.title == "Land policies for social integration"
    assert article.meta.subtitle == "Ministry of Planning · DRAFT · December 2014"
    assert [s.heading for s in article.all_sections()] == ["Towards a fair city", "Proposals"]


def test_parts_and_chapters_are_not_a_cover(tmp_path: Path) -> None:
    """Headings of different levels one after the other are structure, kept."""
    body = para("Part one", outline=0) + para("Chapter one", outline=1) + para("Text.")
    body += para("Part two", outline=0) + para("More text.")
    article, _ = read(tmp_path, docx(body))
    assert [s.heading for s in article.all_sections()] == ["Part one", "Part two"]
