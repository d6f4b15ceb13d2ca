"""The published site in a real browser: Debian's Chromium driven through Selenium and its
ChromeDriver (the README's test command installs both). Every page loads with no console
error and follows its links; a PDF and a CSV downloaded through their links are the files
on disk; the Open Graph tags are what a sharing service reads; axe-core finds no serious
accessibility violation; the filters and copy buttons work; nothing is wider than a phone;
each brief page shows its whole article, in its own language's labels, its charts as
pictures with words, its scripts in the fonts the page serves."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from .conftest import REPO, SITE_URL, make_site_project, publish_site

pytestmark = pytest.mark.slow

AXE = REPO / "tools" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The site, served over HTTP on a free local port; (base address, site folder)."""
    project = make_site_project(tmp_path_factory.mktemp("browser"), arabic=True)
    code, _, err = publish_site(project, "-o", "site", "--base-url", SITE_URL)
    assert code == 0, err
    site = project / "site"
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site
    server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    for program in (CHROMIUM, CHROMEDRIVER):
        assert Path(program).exists(), (
            f"{program} is missing: install Debian's chromium and chromium-driver "
            "(see the README's test command)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic",
                 f"--user-data-dir={tmp_path_factory.mktemp('profile')}",
                 "--window-size=1280,900"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": str(downloads),
            "download.prompt_for_download": False,
            "profile.default_content_settings.popups": 0,
        },
    )
    # Chromium needs the machine's fontconfig (the suite hides it from brief, see conftest);
    # the pages load the layout's own web fonts.
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=options)
    driver.downloads = downloads
    yield driver
    driver.quit()


def pages_of(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("index.html"))


def console_errors(browser) -> list[dict]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def test_every_page_loads_without_a_console_error_and_every_link_answers(served, browser):
    base, site = served
    for page in pages_of(site):
        browser.get(base + page)
        wait_until_loaded(browser)
        assert console_errors(browser) == [], page
        links = browser.execute_script(
            "return [...document.querySelectorAll('a[href], img[src], link[href], script[src]')]"
            ".map(e => e.href || e.src)"
        )
        assert links
        for link in links:
            if link.startswith(SITE_URL):  # the public address: the same file here
                link = base + link[len(SITE_URL) :]
            if not link.startswith(base):
                continue
            status = browser.execute_async_script(
                "const done = arguments[arguments.length - 1];"
                "fetch(arguments[0]).then(r => done(r.status), e => done(String(e)));",
                link,
            )
            assert status == 200, (page, link, status)
        for image in browser.find_elements("css selector", "img"):
            assert browser.execute_script("return arguments[0].naturalWidth", image) > 0
        title = browser.execute_script("return getComputedStyle(document.body).fontFamily")
        assert "brief-" in title  # the layout's web font
        loaded = browser.execute_script(
            "return document.fonts.ready.then(() => [...document.fonts]"
            ".filter(f => f.status === 'loaded').map(f => f.family))"
        )
        assert any("brief-" in family for family in loaded), page


def wait_until_loaded(browser) -> None:
    """Wait for the page's load event (fonts and images included), as a reader would."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(browser, 20).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )


def wait_for_file(folder: Path, name: str) -> Path:
    path = folder / name
    for _ in range(200):
        if path.exists() and not list(folder.glob("*.crdownload")):
            return path
        time.sleep(0.05)
    raise AssertionError(f"{name} was not downloaded: {list(folder.iterdir())}")


def test_a_pdf_and_a_csv_download_as_the_files_on_disk(served, browser):
    base, site = served
    folder = site / "briefs" / "trade-tables"
    browser.get(base + "briefs/trade-tables/index.html")
    browser.find_element("css selector", "a.button[download]").click()
    pdf = wait_for_file(browser.downloads, "trade-tables.pdf")
    assert pdf.read_bytes() == (folder / "trade-tables.pdf").read_bytes()
    project_pdf = site.parent / "output" / "trade-tables.pdf"
    assert pdf.read_bytes() == project_pdf.read_bytes()  # the rendered PDF itself
    browser.find_element("css selector", "figure.table a[download]").click()
    data = wait_for_file(browser.downloads, "trade-tables-table-1.csv")
    assert data.read_bytes() == (folder / "trade-tables-table-1.csv").read_bytes()


def test_open_graph_tags_as_a_sharing_service_reads_them(served, browser):
    base, _ = served
    browser.get(base + "briefs/russian/index.html")
    tags = browser.execute_script(
        "return Object.fromEntries([...document.querySelectorAll('meta[property^=\"og:\"]')]"
        ".map(m => [m.getAttribute('property'), m.content]))"
    )
    assert tags["og:type"] == "article" and tags["og:locale"] == "ru_RU"
    assert tags["og:url"] == SITE_URL + "briefs/russian/"
    assert tags["og:image"] == SITE_URL + "briefs/russian/card.png"
    assert tags["og:image:width"] == "1200" and tags["og:image:height"] == "630"
    assert tags["og:title"] == browser.find_element("tag name", "h1").text


def run_axe(browser) -> list[dict]:
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))), e => done(String(e)));"
    )
    assert isinstance(result, list), result
    return result


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_core_finds_no_serious_violation_at_desktop_and_phone_width(served, browser, width):
    base, site = served
    browser.set_window_size(width, 900)
    try:
        for page in pages_of(site):
            browser.get(base + page)
            serious = [v for v in run_axe(browser) if v["impact"] in ("serious", "critical")]
            assert serious == [], (page, serious)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, (page, width, overflow)  # no sideways scrolling
    finally:
        browser.set_window_size(1280, 900)


def test_axe_core_can_fail(served, browser):
    """The check above sees a fault: an image without alternative text."""
    base, _ = served
    browser.get(base + "index.html")
    browser.execute_script("document.querySelector('img').removeAttribute('alt')")
    assert any(v["id"] == "image-alt" for v in run_axe(browser))


def test_the_filters_show_one_language_or_series(served, browser):
    base, _ = served
    browser.get(base + "index.html")
    from selenium.webdriver.support.ui import Select

    visible = "return [...document.querySelectorAll('.briefs > li')].filter(l => !l.hidden).length"
    assert browser.execute_script(visible) == 6
    Select(browser.find_element("id", "filter-language")).select_by_value("ru")
    assert browser.execute_script(visible) == 1
    Select(browser.find_element("id", "filter-series")).select_by_value("Trade Notes")
    assert browser.execute_script(visible) == 0
    assert browser.find_element("css selector", ".no-match").is_displayed()
    Select(browser.find_element("id", "filter-language")).select_by_value("")
    assert browser.execute_script(visible) == 1


def test_a_copy_button_copies_the_citation(served, browser):
    base, _ = served
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {
            "origin": base.rstrip("/"),
            "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"],
        },
    )
    browser.get(base + "briefs/belarus-sco-tianjin/index.html")
    button = browser.find_element("css selector", "button[data-copy='cite-text']")
    assert button.is_displayed()  # shown by the script
    button.click()
    copied = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done(String(e)));"
    )
    shown = browser.find_element("id", "cite-text").text  # the formatted reference
    assert copied.strip() == shown.strip()
    assert copied.startswith("Eurasia Programme Analysis Team. (2025). Belarus at the SCO Summit")
    assert browser.find_element("id", "copy-status").get_attribute("textContent") == "Copied"


def visible_text(browser) -> str:
    """What a reader sees of the page: the text the browser lays out (a closed <details>,
    a hidden element and a script are not there)."""
    return browser.execute_script("return document.body.innerText")


def brief_pages(site: Path) -> dict[str, str]:
    """Each brief page of the site by its spec's path."""
    return {
        spec: f"briefs/{Path(spec).stem}/index.html"
        for spec in sorted(str(p) for p in (site.parent / "briefs").glob("*.toml"))
    }


def test_every_brief_page_shows_its_whole_article(served, browser):
    """At least 99.5% of the article's words are visible on its page (brief.audit's pieces:
    each paragraph, heading, list item and table cell, in order), for every brief of the
    site: English, Russian, Arabic, Chinese, with tables and charts."""
    from brief.audit import expected_pieces, find_missing
    from brief.compose.corrections import apply_corrections
    from brief.compose.spec import load_spec
    from brief.source.reader import read_article

    base, site = served
    for spec_path, page in brief_pages(site).items():
        spec = load_spec(Path(spec_path))
        article = read_article((Path(spec_path).parent / spec.source).resolve())
        article = apply_corrections(spec, article, Path(spec_path), [])
        browser.get(base + page)
        pieces = expected_pieces(article, spec)
        missing = find_missing(pieces, visible_text(browser), hyphens_shown=False)
        words = sum(len(p.text.split()) for p in pieces)
        lost = sum(len(p.text.split()) for p in missing)
        assert words > 0 and lost <= 0.005 * words, (page, [p.text[:60] for p in missing[:5]])


def test_a_closed_data_table_is_not_counted_as_seen(served, browser):
    """The check above reads what is laid out: a chart's data table in its closed <details>
    is not visible text until it is opened."""
    base, _ = served
    browser.get(base + "briefs/tariff/index.html")
    summary = browser.find_element("css selector", "details.chart-data summary")
    cell = "$205.7"
    assert cell not in visible_text(browser)
    summary.click()
    assert cell in visible_text(browser)


def test_each_brief_page_speaks_its_own_language_and_the_index_the_sites(served, browser):
    """In a site of English, Russian, Arabic and Chinese briefs, every page's labels are its
    own language's and none of another's."""
    from brief.layout.catalogue import Messages

    base, site = served
    keys = ("download_pdf", "cite_heading", "all_publications")
    languages = {"en-GB": "en-GB", "en": "en", "ru": "ru", "ar": "ar", "zh-Hans": "zh-Hans"}
    labels = {tag: {Messages(tag).text(key) for key in keys} for tag in languages}
    for page in ["index.html", *brief_pages(site).values()]:
        browser.get(base + page)
        lang = browser.execute_script("return document.documentElement.lang")
        text = browser.execute_script("return document.body.textContent")
        own = labels[lang] if page != "index.html" else {Messages(lang).text("all_publications")}
        for label in own:
            assert label in text, (page, lang, label)
        for other, words in labels.items():
            if other.split("-")[0] != lang.split("-")[0]:
                assert not [w for w in words if w in text], (page, other)


def test_a_chart_is_a_picture_with_its_title_and_description(served, browser):
    """A chart is drawn (SVG, the wide drawing on a desktop, the narrow one on a phone) as a
    picture a screen reader names by its caption and describes from its data; its labels
    are text, its data table a click away."""
    base, _ = served
    for width, shown in ((1280, "wide"), (390, "narrow")):
        browser.set_window_size(width, 900)
        browser.get(base + "briefs/tariff/index.html")
        pictures = browser.execute_script(
            "return [...document.querySelectorAll('figure.chart svg')]"
            ".filter(s => s.getBoundingClientRect().width > 0).map(s => ({"
            "role: s.getAttribute('role'), width: s.getBoundingClientRect().width,"
            "name: s.getAttribute('aria-labelledby').split(' ')"
            "  .map(i => document.getElementById(i).textContent),"
            "labels: [...s.querySelectorAll('text')].map(t => t.textContent),"
            "caption: s.closest('figure').querySelector('figcaption').textContent,"
            "size: Math.min(...[...s.querySelectorAll('text')]"
            "  .map(t => t.getBoundingClientRect().height))}))"
        )
        assert len(pictures) == 2, (width, pictures)
        first = pictures[0]
        assert first["role"] == "img" and first["name"][0] == first["caption"]
        assert "2030" in first["labels"] and first["name"][1].startswith(
            "Bar chart of Revenue by Year"
        )
        assert first["width"] <= width
        assert first["size"] >= 9, (shown, first["size"])  # labels a reader can read
    browser.set_window_size(1280, 900)


def test_a_chinese_page_is_set_in_the_fonts_it_serves(served, browser):
    """A machine without a Chinese font (as here) shows the Chinese brief in the face the
    PDF uses, cut to the page's characters and served with it, not as boxes."""
    base, site = served
    browser.get(base + "briefs/chinese/index.html")
    faces = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "document.fonts.ready.then(() => done([...document.fonts]"
        ".filter(f => f.status === 'loaded').map(f => f.family)))"
    )
    assert any("brief-scripts" in family for family in faces), faces
    title = browser.find_element("tag name", "h1").text
    drawn = browser.execute_script(
        "return document.fonts.check('16px \"brief-scripts-1\"', arguments[0])", title
    )
    assert drawn and all(len(f.read_bytes()) < 2_000_000 for f in (site / "assets" / "fonts")
                         .iterdir())  # fmt: skip


def test_translations_link_each_other(served, browser):
    base, _ = served
    browser.get(base + "briefs/chinese/index.html")
    links = browser.execute_script(
        "return [...document.querySelectorAll('link[rel=alternate][hreflang]')]"
        ".map(l => [l.hreflang, l.href])"
    )
    assert sorted(lang for lang, _ in links) == ["en-GB", "zh-Hans"]
    switch = browser.find_element("css selector", ".languages a[hreflang='en-GB']")
    switch.click()
    assert browser.execute_script("return document.documentElement.lang") == "en-GB"
    assert browser.find_element("css selector", ".languages [aria-current=page]").text
