"""The search page of the Slovak and Czech sites in headless Chromium (Debian's
/usr/bin/chromium, driven by Playwright): a query with or without diacritics, in any
case, lists the Košice case among the first three results, and no request leaves the
site. The book itself is built (sk and cs HTML) into a build folder of the test's own."""
from __future__ import annotations

import functools
import gzip
import http.server
import json
import threading
import unicodedata
from urllib.parse import quote, urlsplit

import pytest

from conftest import REPO, run_build

KOSICE_CASE = "cases/kosice-wuppertal-1980"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """_build/html of the book's sk and cs editions, served on 127.0.0.1."""
    build = tmp_path_factory.mktemp("search") / "_build"
    result = run_build(REPO, "html", "--lang", "sk", "cs", "--build-dir", str(build))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    handler = functools.partial(_QuietHandler, directory=str(build / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield build / "html", f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def search(browser, base: str, lang: str, query: str) -> tuple[list[str], list[str], dict]:
    """The result links in order, every request the page made elsewhere (refused), and
    the words marked in each result's snippet (link -> words)."""
    page = browser.new_page()
    elsewhere = []

    def guard(route):
        if urlsplit(route.request.url).netloc == urlsplit(base).netloc:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    try:
        page.goto(f"{base}/{lang}/search.html?q={quote(query)}")
        # searchtools.js stops its progress pulse when every result is listed (its
        # summary line is no signal: Sphinx's sk and cs catalogs leave it empty)
        page.wait_for_function(
            "() => typeof Search !== 'undefined' && Search.title !== undefined"
            " && Search._pulse_status === -1", timeout=30000)
        links = page.eval_on_selector_all(
            "#search-results ul.search li > a", "els => els.map(e => e.getAttribute('href'))")
        # snippets are fetched one by one after the list; wait for the last
        page.wait_for_function(
            f"() => document.querySelectorAll('#search-results li p.context').length"
            f" >= {len(links)}", timeout=30000)
        marked = page.eval_on_selector_all(
            "#search-results ul.search li",
            "els => Object.fromEntries(els.map(e => [e.querySelector('a').getAttribute('href'),"
            " [...e.querySelectorAll('p.context .highlighted')].map(s => s.textContent)]))")
    finally:
        page.close()
    return links, elsewhere, marked


@pytest.mark.parametrize("lang, query", [
    ("sk", "Kosice"), ("sk", "košice"), ("sk", "Košiciach"),
    ("cs", "Kosice"), ("cs", "Košicích"),
])
def test_kosice_is_found_in_any_form(site, browser, lang, query):
    html, base = site
    links, elsewhere, marked = search(browser, base, lang, query)
    assert not elsewhere, elsewhere
    first = [link.split("#")[0] for link in links[:3]]
    assert f"{KOSICE_CASE}.html" in first, (query, links[:10])
    # each snippet shows and marks the town's name as the page writes it
    for link in links:
        assert marked[link] and all(w.startswith(("Košic", "Košíc")) for w in marked[link]), \
            (link, marked[link])


def test_a_word_not_in_the_book_finds_nothing(site, browser):
    """The search can fail: a made-up word lists no page."""
    links, _, _ = search(browser, site[1], "sk", "Zxqwvbnm")
    assert links == []


@pytest.mark.parametrize("lang", ["sk", "cs"])
def test_the_search_index_is_at_most_1_mb_gzipped(site, lang):
    index = (site[0] / lang / "searchindex.js").read_bytes()
    assert 0 < len(gzip.compress(index, 9)) <= 1_000_000


@pytest.mark.parametrize("lang", ["sk", "cs"])
def test_the_index_holds_folded_stems(site, lang):
    text = (site[0] / lang / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[len("Search.setIndex("):-1])
    terms = set(index["terms"]) | set(index["titleterms"])
    assert len(terms) > 1000
    marked = {t for t in terms if unicodedata.normalize("NFD", t) != t or t != t.lower()}
    assert marked <= {"sokołowsk"}, sorted(marked)[:20]  # ł has no decomposition
    # stop words are not indexed (a content word's stem may still look like one)
    assert not terms & {"a", "ze", "ale", "ktor", "ktr"}  # že; který, ktorý in any case
    assert "kosik" in index["titleterms"]
