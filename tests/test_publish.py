"""``brief publish``: the site's files, read as a crawler and a feed reader would (its HTML,
links, metadata, feed and sitemap against their schemas); what publishing again renders;
what it never touches. The site in a real browser is tested in test_browser.py."""

from __future__ import annotations

import itertools
import json
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import pikepdf
import pytest
import rnc2rng
from lxml import etree, html
from PIL import Image

from .conftest import (
    CORPUS_DATE,
    REPO,
    SITE_URL,
    citeproc_reference,
    make_site_project,
    publish_site,
)

SCHEMAS = Path(__file__).parent / "schemas"
SITEMAP_XSD = REPO / "tools" / "browser" / "node_modules" / "sitemap" / "schema" / "sitemap.xsd"
BRIEFS = ("belarus-sco-tianjin", "trade-tables", "russian")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_site_project(tmp_path_factory.mktemp("publish"))
    code, _, err = publish_site(project, "-o", "site", "--base-url", SITE_URL)
    assert code == 0, err
    return project / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def published_page(project: Path, name: str, article: str) -> Path:
    """The page of the Markdown *article*, published alone from *project*'s sources."""
    (project / "sources").mkdir(exist_ok=True)
    (project / "sources" / f"{name}.md").write_text(article, encoding="utf-8")
    code, _, err = publish_site(project, f"sources/{name}.md", "-o", "site")
    assert code == 0, err
    return project / "site" / "briefs" / name / "index.html"


def parse(page: Path):
    return html.fromstring(page.read_bytes())


def test_the_site_has_an_index_and_a_folder_per_brief(site) -> None:
    assert (site / "index.html").is_file()
    for name in BRIEFS:
        folder = site / "briefs" / name
        expected = {"index.html", "cover.png", "card.png", f"{name}.pdf", f"{name}.bib",
                    f"{name}.ris", f"{name}.csl.json"}  # fmt: skip
        assert expected <= {p.name for p in folder.iterdir()}
    assert len(pages(site)) == 4


def test_every_link_and_picture_leads_to_a_file_of_the_site(site) -> None:
    for page in pages(site):
        tree = parse(page)
        targets = tree.xpath("//a/@href | //img/@src | //link/@href | //script/@src")
        assert targets
        for target in targets:
            if target.startswith(("http://", "https://")):
                assert target.startswith(SITE_URL), target  # nothing fetched from elsewhere
                target = target[len(SITE_URL) :]
                resolved = site / unquote(urlparse(target).path)
            elif target.startswith("data:"):
                continue
            elif target.startswith("#"):
                assert tree.xpath(f"//*[@id='{target[1:]}']"), (page, target)
                continue
            else:
                resolved = page.parent / unquote(urlparse(target).path)
            if resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), (page, target)


def test_every_page_has_its_language_and_headings_in_order(site) -> None:
    languages = {"belarus-sco-tianjin": "en-GB", "trade-tables": "en", "russian": "ru"}
    for page in pages(site):
        tree = parse(page)
        lang = tree.get("lang")
        if page.parent.name in languages:
            assert lang == languages[page.parent.name]
        else:
            assert lang == "en"  # the index: most briefs are English
        levels = [int(h.tag[1]) for h in tree.iter("h1", "h2", "h3", "h4")]
        assert levels[0] == 1 and levels.count(1) == 1
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (page, levels)
        assert all(img.get("alt") is not None for img in tree.iter("img"))


def test_a_russian_page_speaks_russian(site) -> None:
    text = " ".join(parse(site / "briefs" / "russian" / "index.html").text_content().split())
    for russian in ("Скачать PDF", "Как цитировать", "Копировать", "Все публикации"):
        assert russian in text
    for english in ("Download", "How to cite", "Copy", "All publications", "Pages", "Summary"):
        assert english not in text, english


def test_open_graph_twitter_and_json_ld(site) -> None:
    page = site / "briefs" / "belarus-sco-tianjin" / "index.html"
    tree = parse(page)

    def meta(name: str) -> str:
        (value,) = tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")
        return value

    url = SITE_URL + "briefs/belarus-sco-tianjin/"
    assert meta("og:title") == "Belarus at the SCO Summit in Tianjin"
    assert meta("og:url") == url and tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert meta("og:image") == url + "card.png" and meta("twitter:card") == "summary_large_image"
    assert meta("og:description").startswith("Belarusian President")
    with Image.open(site / "briefs" / "belarus-sco-tianjin" / "card.png") as card:
        assert card.size == (1200, 630) and card.format == "PNG"
    (script,) = tree.xpath("//script[@type='application/ld+json']/text()")
    data = json.loads(script)
    assert data["@type"] == "Report" and data["inLanguage"] == "en-GB"
    assert data["datePublished"] == "2025-09-01"
    assert data["publisher"] == {"@type": "Organization",
                                 "name": "Institute for Regional Policy Studies"}  # fmt: skip
    assert data["author"] == [{"@type": "Person", "name": "Eurasia Programme Analysis Team"}]
    assert data["encoding"]["contentUrl"] == url + "belarus-sco-tianjin.pdf"


def test_tables_are_html_tables_with_their_csv(site) -> None:
    folder = site / "briefs" / "trade-tables"
    tree = parse(folder / "index.html")
    tables = tree.xpath("//table")
    with pikepdf.open(folder / "trade-tables.pdf") as pdf:
        attached = {n: s.get_file().read_bytes() for n, s in pdf.attachments.items()}
    assert len(tables) == len(attached) == 2
    for table in tables:
        rows = [[c.text_content() for c in tr.xpath("th|td")] for tr in table.xpath(".//tr")]
        link = table.xpath("ancestor::figure[@class='table']//a[@download]/@href")[0]
        data = (folder / link).read_bytes()
        assert data == attached[link]  # the CSV on the site is the PDF's attachment
        lines = data.decode("utf-8-sig").splitlines()
        assert len(lines) == len(rows)
        caption = table.xpath("ancestor::figure[@class='table']/figcaption")[0]  # not scrolled
        assert caption.text_content().startswith("Table ")
        assert all(th.get("scope") == "col" for th in table.xpath("thead//th"))
        assert all(th.get("scope") == "row" for th in table.xpath("tbody//th"))


def test_citations_on_the_site_carry_the_page_address(site) -> None:
    folder = site / "briefs" / "trade-tables"
    (item,) = json.loads((folder / "trade-tables.csl.json").read_text(encoding="utf-8"))
    assert item["URL"] == SITE_URL + "briefs/trade-tables/"
    assert item["author"] == [{"family": "Kowalska", "given": "Anna"},
                              {"family": "Wei", "given": "Li"}]  # fmt: skip
    tree = parse(folder / "index.html")
    shown = tree.xpath("//pre[@id='cite-csl-text']/text()")[0]
    assert json.loads(shown) == json.loads(csl_json_from(folder))


def csl_json_from(folder: Path) -> str:
    return (folder / "trade-tables.csl.json").read_text(encoding="utf-8")


def test_the_index_lists_the_briefs_newest_first_with_their_filters(site) -> None:
    tree = parse(site / "index.html")
    items = tree.xpath("//ol[@class='briefs']/li")
    assert [i.xpath(".//h2/a/@href")[0] for i in items] == [
        "briefs/russian/index.html",  # 2 November 2025
        "briefs/trade-tables/index.html",  # 15 October
        "briefs/belarus-sco-tianjin/index.html",  # 1 September
    ]
    assert [i.xpath(".//h2/@lang")[0] for i in items] == ["ru", "en", "en-GB"]
    assert items[0].xpath(".//time")[0].text_content() == "2 November 2025"  # the index's
    assert tree.xpath("//select[@data-filter='series']/option/@value") == [
        "", "Eurasia Policy Briefs", "Trade Notes"]  # fmt: skip
    assert tree.xpath("//select[@data-filter='language']/option/@value") == [
        "", "en", "en-GB", "ru"]  # fmt: skip
    assert (
        tree.xpath("//form[@class='filters']")[0].get("hidden") is not None
    )  # the script shows it
    for item in items:
        assert re.search(r"PDF, [\d,.]+\s\S+, \S+ ?\d+", item.text_content())


def test_the_feed_and_sitemap_validate_against_their_schemas(site) -> None:
    text = rnc2rng.dumps(rnc2rng.load(str(SCHEMAS / "atom.rnc")))
    atom = etree.RelaxNG(etree.fromstring(text.replace(' xmlns:local=""', "").encode()))
    feed = etree.parse(str(site / "feed.xml"))
    assert atom.validate(feed), atom.error_log
    sitemap_schema = etree.XMLSchema(etree.parse(str(SITEMAP_XSD)))
    sitemap = etree.parse(str(site / "sitemap.xml"))
    assert sitemap_schema.validate(sitemap), sitemap_schema.error_log
    pages_listed = {
        e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }
    assert pages_listed == {SITE_URL, *(urljoin(SITE_URL, f"briefs/{n}/") for n in BRIEFS)}
    # when each page's files last changed (clamped to SOURCE_DATE_EPOCH in the tests), not
    # the brief's own date (2025-09-01 for the bundled one)
    modified = {
        e.text for e in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}lastmod")
    }
    assert modified == {"2026-01-01"}
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = feed.xpath("//a:entry/a:id/text()", namespaces=ns)
    assert entries == [urljoin(SITE_URL, f"briefs/{n}/") for n in
                       ("russian", "trade-tables", "belarus-sco-tianjin")]  # fmt: skip
    for enclosure in feed.xpath("//a:link[@rel='enclosure']", namespaces=ns):
        local = site / unquote(enclosure.get("href")[len(SITE_URL) :])
        assert int(enclosure.get("length")) == local.stat().st_size
    # the schemas can fail: a date that is not one is refused
    broken = etree.fromstring(etree.tostring(feed).replace(b"2025-11-02T", b"2 Nov T", 1))
    assert not atom.validate(broken)
    broken = etree.fromstring(etree.tostring(sitemap).replace(b"<lastmod>2026", b"<lastmod>x", 1))
    assert not sitemap_schema.validate(broken)


def test_article_text_cannot_inject_markup(tmp_path) -> None:
    project = make_site_project(tmp_path)
    shutil.rmtree(project / "briefs")
    (project / "briefs").mkdir()
    hostile = '</script><script>alert(1)</script> & <b>"bold"</b>'
    (project / "sources" / "x.txt").write_text(  # plain text keeps the angle brackets
        f"Title {hostile}\n\nA paragraph {hostile}.\n\nPart\n\nText.\n", encoding="utf-8"
    )
    (project / "briefs" / "x.toml").write_text('source = "../sources/x.txt"\n', encoding="utf-8")
    code, _, err = publish_site(project, "-o", "site", "--base-url", SITE_URL)
    assert code == 0, err
    for page in pages(project / "site"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>" not in text
        tree = parse(page)
        assert len(tree.xpath("//script[not(@src)]")) <= 1  # the JSON-LD alone
    (script,) = parse(project / "site" / "briefs" / "x" / "index.html").xpath(
        "//script[@type='application/ld+json']/text()"
    )
    assert json.loads(script)["name"] == f"Title {hostile}"


def test_publishing_again_renders_only_what_changed(tmp_path) -> None:
    project = make_site_project(tmp_path)
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0 and "3 rendered" in err, err
    assert "no base_url" in err and not (project / "site" / "feed.xml").exists()
    tree = parse(project / "site" / "briefs" / "russian" / "index.html")
    assert not tree.xpath("//meta[@property='og:image']")  # needs an absolute address
    (project / "site" / "notes.txt").write_text("mine", encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0 and "0 rendered, 3 up to date" in err, err
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before  # byte for byte the same site
    article = project / "sources" / "tables.md"
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more line.\n",
                       encoding="utf-8")  # fmt: skip
    code, out, err = publish_site(project, "-o", "site")
    assert code == 0 and "1 rendered, 2 up to date" in err, err
    assert "trade-tables.pdf" in out
    (project / "briefs" / "russian.toml").unlink()
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0, err
    assert not (project / "site" / "briefs" / "russian").exists()  # what brief wrote, gone
    assert (project / "site" / "notes.txt").read_text(encoding="utf-8") == "mine"  # kept


def test_the_site_is_not_written_over_the_project(tmp_path) -> None:
    project = make_site_project(tmp_path)
    code, _, err = publish_site(project, "-o", "output")
    assert code == 1 and "output: is the project's output/ folder" in err
    code, _, err = publish_site(project, "--base-url", "example.org")
    assert code == 2 and "--base-url" in err


def test_an_edited_list_of_files_never_removes_anything_outside_the_site(tmp_path) -> None:
    project = make_site_project(tmp_path)
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0, err
    outside = tmp_path / "precious.txt"
    outside.write_text("keep", encoding="utf-8")
    beside = project / "briefs" / "belarus-sco-tianjin.toml"
    (project / "site" / "link").symlink_to(project / "briefs", target_is_directory=True)
    marker = project / "site" / ".brief-site.json"
    listed = [str(outside), "../../precious.txt", "../briefs/belarus-sco-tianjin.toml",
              "link/belarus-sco-tianjin.toml", "~/x", 7, None]  # fmt: skip
    marker.write_text(json.dumps({"files": listed}), encoding="utf-8")
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0, err
    assert outside.read_text(encoding="utf-8") == "keep"
    assert beside.is_file()


def test_odd_names_and_an_edited_marker_are_handled(tmp_path) -> None:
    """From a hostile trial: file names that are not URL-safe, names that make one folder
    name, a marker that is not a list of paths, a folder linked elsewhere."""
    project = make_site_project(tmp_path)
    shutil.rmtree(project / "briefs")
    (project / "briefs").mkdir()
    for stem, output in (("one", "Naïve Résumé.pdf"), ("two", "naïve-résumé.pdf"),
                         ("three", "naïve résumé-2.pdf"), ("four", "a#b?c%20d.pdf")):  # fmt: skip
        (project / "briefs" / f"{stem}.toml").write_text(
            f'source = "../sources/tables.md"\noutput = "{output}"\n', encoding="utf-8"
        )
    code, _, err = publish_site(project, "-o", "site", "--base-url", SITE_URL)
    assert code == 0, err
    site = project / "site"
    folders = sorted(p.name for p in (site / "briefs").iterdir())
    assert len(folders) == 4 == len(set(folders))  # one folder each
    test_every_link_and_picture_leads_to_a_file_of_the_site(site)
    (site / "x").write_text("mine", encoding="utf-8")
    for listed in ('"xyz"', '["briefs"]', '["a\\u0000b"]', '[""]'):
        (site / ".brief-site.json").write_text(f'{{"files": {listed}}}', encoding="utf-8")
        code, _, err = publish_site(project, "-o", "site")
        assert code == 0, (listed, err)
        assert (site / "x").read_text(encoding="utf-8") == "mine"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(site / "briefs")
    (site / "briefs").symlink_to(elsewhere, target_is_directory=True)
    code, _, err = publish_site(project, "-o", "site")
    assert code == 1 and "is a link that leads outside the site folder" in err
    assert not any(elsewhere.iterdir())


@pytest.mark.parametrize("address", ["https://", "example.org", "https://a.org/x?q=1",
                                     'https://a.org/"x"', "javascript:alert(1)"])  # fmt: skip
def test_a_base_url_must_be_a_web_address(tmp_path, address) -> None:
    project = make_site_project(tmp_path)
    code, _, err = publish_site(project, "-o", "site", "--base-url", address)
    assert code == 2 and "--base-url" in err and "Traceback" not in err


def test_publishing_reads_each_brief_once(tmp_path, monkeypatch) -> None:
    """Checking that a brief is up to date and showing it on the site share one reading."""
    import brief.compose.merge as merge
    from brief.publish.site import publish

    project = make_site_project(tmp_path)
    code, _, err = publish_site(project, "-o", "site")
    assert code == 0 and "3 rendered" in err, err
    monkeypatch.chdir(project)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", CORPUS_DATE)
    read: list[Path] = []
    loading = merge.load_brief

    def counted(path, *args, **kwargs):
        read.append(path)
        return loading(path, *args, **kwargs)

    monkeypatch.setattr(merge, "load_brief", counted)
    specs = sorted((project / "briefs").glob("*.toml"))
    published = publish(specs, project / "site", {"project_dir": project})
    assert sorted(published.current) == specs and len(published.entries) == 3
    assert sorted(read) == specs  # each once


@pytest.mark.parametrize("name", ["belarus-sco-tianjin", "trade-tables", "russian"])
def test_each_brief_page_holds_the_whole_brief_in_order(site, name: str) -> None:
    """The page is the brief's HTML edition: every piece of the article the PDF must hold
    (brief.audit's pieces: each paragraph, heading, list item and table cell, the spec's
    corrections applied) is read from the page's visible text, in order, as from the PDF."""
    from brief.audit import expected_pieces, find_missing
    from brief.compose.corrections import apply_corrections
    from brief.compose.spec import load_spec
    from brief.source.reader import read_article

    spec_path = site.parent / "briefs" / f"{name}.toml"
    spec = load_spec(spec_path)
    article = read_article((spec_path.parent / spec.source).resolve())
    article = apply_corrections(spec, article, spec_path, [])
    tree = parse(site / "briefs" / name / "index.html")
    (main,) = tree.xpath("//main")
    for hidden in main.xpath(".//*[contains(@class, 'visually-hidden')]|.//script"):
        hidden.getparent().remove(hidden)
    text = "\n".join(main.itertext())
    pieces = expected_pieces(article, spec)
    missing = find_missing(pieces, text, hyphens_shown=False)
    assert len(pieces) > 5
    assert not missing, [f"{p.line}: {p.text[:80]}" for p in missing[:5]]


def test_the_html_edition_links_notes_both_ways_and_carries_figures_and_nested_lists(
    tmp_path: Path,
) -> None:
    from .conftest import CORPUS

    (tmp_path / "sources" / "img").mkdir(parents=True)
    shutil.copy(CORPUS / "img" / "chart.png", tmp_path / "sources" / "img" / "chart.png")
    page = published_page(
        tmp_path,
        "web",
        "# The web edition\n\nA lede with a note.[^a]\n\n## Findings\n\n"
        "Text before.\n\n### A subheading\n\n- one\n  - one and a half\n- two\n\n"
        "> A quoted line.\n\n![A chart of trade](img/chart.png)\n\n```\ncode()\n```\n\n"
        "## More\n\nSecond reference.[^b]\n\n[^a]: The first note.\n[^b]: The second note.\n",
    )
    folder = page.parent
    tree = parse(page)
    ids = set(tree.xpath("//@id"))
    refs = tree.xpath("//sup[@class='note-ref']/a")
    assert [a.text for a in refs] == ["1", "2"]
    for ref in refs:  # each reference leads to its note, and the note back to it
        target = ref.get("href")[1:]
        assert target in ids and ref.get("id") in ids
        (back,) = tree.xpath(f"//li[@id='{target}']/a[@class='note-back']")
        assert back.get("href") == "#" + ref.get("id")
    (image,) = tree.xpath("//figure[@class='image']/img")
    assert image.get("alt") == "A chart of trade"
    assert (folder / image.get("src")).read_bytes() == (CORPUS / "img" / "chart.png").read_bytes()
    (inner,) = tree.xpath("//main//ul/li/ul/li")  # the nested item inside its parent's item
    assert inner.text_content().strip() == "one and a half"
    assert tree.xpath("//main//h3[normalize-space()='A subheading']")
    assert tree.xpath("//main//blockquote") and tree.xpath("//main//pre/code")


def test_the_page_cites_the_brief_as_the_citation_processor_formats_it(site) -> None:
    """The citation a reader copies is the CSL processor's APA reference for the brief's own
    CSL-JSON (the file beside it), not a format for machines."""
    folder = site / "briefs" / "trade-tables"
    items = json.loads((folder / "trade-tables.csl.json").read_text(encoding="utf-8"))
    expected = citeproc_reference(items, "apa")
    (shown,) = parse(folder / "index.html").xpath("//p[@id='cite-text']")
    assert shown.text_content() == expected
    assert shown.text_content().startswith("Kowalska, A., & Wei, L. (2025).")
    assert SITE_URL + "briefs/trade-tables/" in expected


def test_a_formatted_citation_cannot_carry_markup_from_the_brief() -> None:
    from brief.export.formatted import formatted_citation

    title = "</p><script>alert(1)</script> & <i>x</i>"
    csl = json.dumps([{"id": "x", "type": "report", "title": title,
                       "issued": {"date-parts": [[2026]]}}])  # fmt: skip
    marked, plain = formatted_citation(csl)
    assert "<script" not in marked and "<i>x</i>" not in marked and "</p>" not in marked
    assert marked.startswith("<i>&lt;/p&gt;&lt;script&gt;")  # the title in citeproc's italics
    assert plain.startswith(title)


def test_formulas_are_mathml_and_a_hostile_one_is_its_tex(tmp_path: Path) -> None:
    page = published_page(
        tmp_path,
        "math",
        "# Formulas\n\n## Estimates\n\nThe mean effect:\n\n"
        "$$\\tau = \\frac{1}{n} \\sum_{i=1}^n \\tau_i$$\n\nAnd a hostile one:\n\n"
        "$$\\text{<script>alert(1)</script>} + x$$\n",
    )
    text = page.read_text(encoding="utf-8")
    assert "<script>alert" not in text
    tree = parse(page)
    maths = tree.xpath("//main//*[local-name()='math']")
    assert len(maths) == 1 and maths[0].xpath(".//*[local-name()='mfrac']")
    (shown,) = tree.xpath("//main//p[@class='formula']/code")  # the hostile one, as its TeX
    assert "<script>" in shown.text_content()
