"""The public website (`build.py site`, part of `make html`): one static site over the
editions, read back as files. The browser tests are in test_browser.py."""
from __future__ import annotations

import gzip
import hashlib
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from conftest import KOSICE, REPO, SITE_URL, run_build

LANGS = ("sk", "cs", "en")


def site_of(root: Path) -> Path:
    return root / "_build" / "site"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


class Page(HTMLParser):
    """Tags with their attributes, and the text outside <article> (the interface)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.interface: list[str] = []
        self._article = 0
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "article":
            self._article += 1
        if tag in ("script", "style"):
            self._skip += 1
        for name in ("aria-label", "title", "placeholder", "alt"):
            if a.get(name) and not self._article:
                self.interface.append(a[name].strip())

    def handle_endtag(self, tag):
        if tag == "article":
            self._article -= 1
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._article and not self._skip and data.strip():
            self.interface.append(" ".join(data.split()))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# --- one site ----------------------------------------------------------------------

def test_one_site_with_landing_page_404_robots_and_sitemap(site_project):
    site = site_of(site_project)
    assert site.is_symlink(), "the site is published by swapping a link"
    for lang in LANGS:
        assert (site / lang / "index.html").is_file()
    landing = parse(site / "index.html")
    links = {a["href"] for tag, a in landing.tags if tag == "a" and "href" in a}
    assert {f"{lang}/index.html" for lang in LANGS} <= links, "no JavaScript needed to choose"
    names = " ".join(landing.interface)
    for name in ("Slovenčina", "Čeština", "English"):
        assert name in names
    not_found = (site / "404.html").read_text()
    for lang, words in (("sk", "Stránka sa nenašla"), ("cs", "Stránka nenalezena"),
                        ("en", "Page not found")):
        assert words in not_found
        # served at any address, so its links are absolute paths under the site's URL
        assert f'href="/twinning/{lang}/index.html"' in not_found
    robots = (site / "robots.txt").read_text()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots
    sitemap = (site / "sitemap.xml").read_text()
    case = f"cases/{KOSICE}.html"
    for lang in LANGS:
        assert f"<loc>{SITE_URL}{lang}/{case}</loc>" in sitemap
        assert f'hreflang="{lang}" href="{SITE_URL}{lang}/{case}"' in sitemap
    # every page of every edition is in the sitemap, except search and the index
    expected = {f"{SITE_URL}{p.relative_to(site).as_posix()}" for lang in LANGS
                for p in (site / lang).rglob("*.html")
                if p.name not in ("search.html", "genindex.html")}
    assert set(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == expected | {SITE_URL}


def test_every_page_has_its_alternates_canonical_and_switcher(site_project):
    site = site_of(site_project)
    for lang in LANGS:
        for path in pages(site / lang):
            rel = path.relative_to(site / lang).as_posix()
            tags = parse(path).tags
            alternates = {a["hreflang"]: a["href"] for t, a in tags
                          if t == "link" and a.get("rel") == "alternate"}
            assert alternates == {**{other: f"{SITE_URL}{other}/{rel}" for other in LANGS},
                                  "x-default": SITE_URL}, rel
            canonical = [a["href"] for t, a in tags if t == "link" and a.get("rel") == "canonical"]
            assert canonical == [f"{SITE_URL}{lang}/{rel}"], rel
            switcher = {a["lang"]: a["href"] for t, a in tags
                        if t == "a" and a.get("lang") in LANGS and "href" in a}
            base = f"https://host/{lang}/{rel}"
            for other in LANGS:  # each leads to the same document in the other edition
                assert urljoin(base, switcher[other]) == f"https://host/{other}/{rel}", rel


def test_the_switcher_names_each_language_in_its_own_language(site_project):
    tags = parse(site_of(site_project) / "cs" / "chapters" / "alpha.html").tags
    names = {}
    page = (site_of(site_project) / "cs" / "chapters" / "alpha.html").read_text()
    for lang in LANGS:
        match = re.search(rf'<a [^>]*lang="{lang}"[^>]*>([^<]+)</a>', page)
        names[lang] = match.group(1)
    assert names == {"sk": "Slovenčina", "cs": "Čeština", "en": "English"}
    assert any(t == "a" and a.get("aria-current") and a.get("lang") == "cs" for t, a in tags)


def test_editions_built_apart_assemble_to_the_same_bytes(site_project, tmp_path):
    """Three machines build one edition each (--build-dir); `build.py site --from`
    assembles them; the result is byte for byte the site `make html` made."""
    procs = {lang: subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "html", "--lang", lang, "--jobs", "1",
         "--root", str(site_project), "--build-dir", str(tmp_path / lang)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=site_project)
        for lang in LANGS}
    for proc in procs.values():
        out, _ = proc.communicate(timeout=600)
        assert proc.returncode == 0, out
    result = run_build(site_project, "site", "--build-dir", str(tmp_path / "all"),
                       "--from", *(str(tmp_path / lang) for lang in LANGS))
    assert result.returncode == 0, result.stdout + result.stderr
    apart, together = hashes(tmp_path / "all" / "site"), hashes(site_of(site_project))
    assert apart.keys() == together.keys()
    assert [k for k in apart if apart[k] != together[k]] == []


# --- interface language ------------------------------------------------------------

def theme_words() -> set[str]:
    """The English interface strings of the theme: every translatable string of Furo's
    and our templates and of the Sphinx templates Furo inherits (plain ones, no markup)."""
    import furo
    import sphinx

    folders = [Path(furo.__file__).parent / "theme", REPO / "press" / "templates",
               Path(sphinx.__file__).parent / "themes" / "basic"]
    words = set()
    for folder in folders:
        for path in folder.rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            words.update(re.findall(r"""_\(\s*["']([^"'{}<>%]+)["']\s*\)""", text))
            words.update(" ".join(w.split()) for w in
                         re.findall(r"{%-?\s*trans\s*-?%}([^{}<>%]+?){%-?\s*endtrans", text))
    # Furo's hard-coded aria-labels (our page.html translates them) stay in the list.
    words |= {"Toggle site navigation sidebar", "Toggle table of contents sidebar",
              "Toggle Light / Dark / Auto color theme", "Made with", "Search", "Next",
              "Previous", "Back to top", "Skip to content", "On this page", "Download"}
    return {w.strip() for w in words if w.strip()}


def english_interface(path: Path, words: set[str]) -> set[str]:
    return {text for text in parse(path).interface if text in words}


def test_the_sk_and_cs_sites_have_no_english_interface_text(site_project):
    site = site_of(site_project)
    words = theme_words()
    assert {"Skip to content", "Search", "Next", "Back to top"} <= words
    # The scan can fail: the English edition shows these very words.
    assert english_interface(site / "en" / "chapters" / "alpha.html", words)
    found = {}
    for lang in ("sk", "cs"):
        for path in pages(site / lang):
            english = english_interface(path, words)
            if english:
                found[path.relative_to(site).as_posix()] = sorted(english)
        script = (site / lang / "_static" / "translations.js").read_text()
        assert f'"locale": "{lang}"' in script, "search messages in the edition's language"
    assert found == {}
    footer = (site / "cs" / "index.html").read_text()
    assert "© 2026, ZMOS a SMO ČR" in footer and "ZMOS and SMO" not in footer


# --- downloads ---------------------------------------------------------------------

def test_every_page_links_the_pdf_with_its_size_and_page_count(built_project):
    import pdfplumber

    site = site_of(built_project)
    for lang, pages_word in (("sk", "počet strán"), ("cs", "počet stran"), ("en", "pages")):
        pdf = built_project / "_build" / "pdf" / f"twinning-{lang}.pdf"
        copy = site / lang / "downloads" / pdf.name
        assert copy.read_bytes() == pdf.read_bytes()
        with pdfplumber.open(pdf) as doc:
            count = len(doc.pages)
        kb = round(pdf.stat().st_size / 1000)
        for path in pages(site / lang):
            text = path.read_text()
            up = "../" * (len(path.relative_to(site / lang).parts) - 1)
            assert f'href="{up}downloads/{pdf.name}"' in text, path
            facts = re.search(r'downloads/twinning-[a-z]+\.pdf"[^>]*>PDF</a> \(([^)]*)\)', text)
            assert facts, path
            assert f"{pages_word}: {count}" in facts.group(1)
            assert f"{kb} kB" in facts.group(1) or "MB" in facts.group(1)


def test_a_missing_pdf_is_left_out_and_said(site_project):
    site = site_of(site_project)
    assert not (site / "sk" / "downloads").exists()
    assert "downloads/" not in (site / "sk" / "index.html").read_text()
    result = run_build(site_project, "site")
    assert result.returncode == 0
    assert "sk: no PDF" in result.stdout
    assert "up to date" in result.stdout, "nothing changed, nothing assembled again"


# --- no request leaves the site ----------------------------------------------------

URL_ATTRS = {"src", "href", "srcset", "poster", "data", "action", "formaction", "content"}


def referenced_urls(path: Path) -> list[tuple[str, str, str]]:
    """(tag, attribute, URL) of every reference in an HTML page, and url(...)/@import in
    its inline styles."""
    out = []
    for tag, attrs in parse(path).tags:
        for name, value in attrs.items():
            if name in URL_ATTRS and value:
                if name == "content" and "://" not in value:
                    continue
                for part in value.split(",") if name == "srcset" else [value]:
                    out.append((tag, name, part.strip().split(" ")[0]))
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", path.read_text(encoding="utf-8")):
        out.append(("style", "url", url))
    return out


def external(url: str) -> bool:
    parsed = urlparse(url)
    return bool(parsed.netloc) or parsed.scheme not in ("", "data", "mailto", "tel")


def test_no_page_or_style_loads_anything_from_elsewhere(site_project):
    site = site_of(site_project)
    bad = []
    for path in pages(site):
        for tag, attr, url in referenced_urls(path):
            plain_link = (tag == "a" and attr == "href") or (
                tag == "link" and attr == "href")  # canonical/alternate: not fetched
            if external(url) and not plain_link:
                bad.append(f"{path.relative_to(site)}: <{tag} {attr}={url}>")
        for tag, attrs in parse(path).tags:
            if tag == "link" and external(attrs.get("href", "")):
                assert attrs.get("rel") in ("canonical", "alternate"), (path, attrs)
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)|@import\s+['\"]([^'\"]+)",
                              css.read_text(encoding="utf-8")):
            url = url[0] or url[1]
            if external(url):
                bad.append(f"{css.relative_to(site)}: {url}")
    assert bad == []
    assert not list(site.rglob("*mathjax*")), "no page needs MathJax"


# --- page weight -------------------------------------------------------------------

def local_assets(path: Path) -> set[Path]:
    found = set()
    for tag, attr, url in referenced_urls(path):
        if (tag, attr) in (("script", "src"), ("link", "href")) and not external(url):
            target = (path.parent / urlparse(url).path).resolve()
            if target.suffix in (".css", ".js") and target.is_file():
                found.add(target)
    return found


# Issue 14: a page of the website, with the CSS and JavaScript it loads, uncompressed.
# Images (the charts and maps are SVG files behind <img>) and fonts are not counted.
PAGE_BUDGET = 250_000


def page_weights(site: Path) -> dict[Path, int]:
    return {path: path.stat().st_size + sum(a.stat().st_size for a in local_assets(path))
            for path in pages(site)}


def test_page_weight_search_index_and_fonts(site_project):
    site = site_of(site_project)
    for path, weight in page_weights(site).items():
        assert weight <= PAGE_BUDGET, f"{path.relative_to(site)}: {weight} bytes of HTML+CSS+JS"
    for lang in LANGS:
        index = (site / lang / "searchindex.js").read_bytes()
        assert len(gzip.compress(index)) <= 1_000_000
        fonts = list((site / lang / "_static" / "fonts").glob("*.woff2"))
        assert len(fonts) == 4
        assert sum(f.stat().st_size for f in fonts) <= 600_000



def test_every_page_of_the_real_book_is_within_the_weight_budget(released_book):
    """The book itself, not the fixture: its statistics chapter is the heaviest page
    (tables, charts, two maps). The maps are SVG files behind <img> with alt text on the
    website; inline they were over the budget on their own."""
    result, build_dir = released_book
    # The site is assembled before the EPUB and PDF gates: measure it whatever they say
    # (test_publication.py asserts that the release build as a whole passes).
    site = build_dir / "site"
    assert site.is_dir(), result.stdout[-3000:] + result.stderr[-5000:]
    weights = page_weights(site)
    for lang in LANGS:
        statistics = site / lang / "chapters" / "statistics.html"
        assert statistics in weights
        # the count includes the page's stylesheets and scripts, not the HTML alone
        assert {a.suffix for a in local_assets(statistics)} == {".css", ".js"}
        maps = [attrs for tag, attrs in parse(statistics).tags
                if tag == "img" and "stat-map" in attrs.get("class", "").split()]
        assert len(maps) == 2, f"{lang}: the two maps of the statistics chapter"
        for attrs in maps:
            assert attrs["src"].endswith(".svg") and attrs.get("alt", "").strip()
            assert (statistics.parent / attrs["src"]).is_file()
    over = {str(path.relative_to(site)): weight for path, weight in weights.items()
            if weight > PAGE_BUDGET}
    assert over == {}, f"pages over {PAGE_BUDGET} bytes of HTML+CSS+JS: {over}"

def test_the_web_font_is_charis_renamed(site_project):
    from fontTools.ttLib import TTFont

    site = site_of(site_project)
    for font in (site / "sk" / "_static" / "fonts").glob("*.woff2"):
        names = TTFont(str(font))["name"]
        for record in names.names:
            if record.nameID in (1, 3, 4, 6, 16, 17, 18, 21, 22):
                text = record.toUnicode()
                assert "Charis" not in text and "SIL" not in text, (font.name, text)
        assert names.getDebugName(1) == "Twinning Text"
        assert "SIL Open Font License" in (names.getDebugName(13) or "") or \
            "OFL" in (names.getDebugName(14) or "")
        # Every letter of the Czech and Slovak alphabets is in the subset.
        cmap = TTFont(str(font)).getBestCmap()
        for letter in "áäčďéěíĺľňóôŕřšťúůýžÁÄČĎÉĚÍĹĽŇÓÔŔŘŠŤÚŮÝŽ„“–…":
            assert ord(letter) in cmap, (font.name, letter)


@pytest.mark.parametrize("lang", LANGS)
def test_the_edition_outputs_are_unchanged_by_the_site(site_project, lang):
    """The editions under _build/html/ stay what Sphinx wrote (the site has copies)."""
    page = (site_project / "_build" / "html" / lang / "index.html").read_text()
    assert "<!--press:downloads-->" in page
    assert "<!--press:downloads-->" not in (site_of(site_project) / lang / "index.html").read_text()


def test_the_kept_web_fonts_are_what_webfonts_makes_now(tmp_path):
    """press/static/fonts/ is made by press/site/webfonts.py from fonts/ and kept (it
    costs more CPU than a website build): a change to either must remake it."""
    from press.site.webfonts import KEPT, webfonts

    fresh = webfonts(REPO / "fonts", tmp_path)
    assert hashes(fresh) == hashes(KEPT), \
        "press/static/fonts/ is stale: run .venv/bin/python -m press.site.webfonts"


def test_an_epub_built_elsewhere_is_linked_with_its_size(site_project, tmp_path):
    """EPUBs come from their own build (_build/epub/<publication>-<lang>.epub); the site
    links one where it exists, like the PDF, with the size read from the file."""
    other = tmp_path / "epub-build"
    (other / "epub").mkdir(parents=True)
    epub = other / "epub" / "twinning-cs.epub"
    epub.write_bytes(b"PK\x03\x04" + bytes(12_345))
    result = run_build(site_project, "site", "--build-dir", str(tmp_path / "out"),
                       "--from", str(site_project / "_build"), str(other))
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "out" / "site"
    assert (site / "cs" / "downloads" / epub.name).read_bytes() == epub.read_bytes()
    page = (site / "cs" / "chapters" / "alpha.html").read_text()
    assert 'href="../downloads/twinning-cs.epub"' in page
    assert re.search(r">EPUB</a> \(12 kB\)", page)
    assert "epub" not in (site / "sk" / "chapters" / "alpha.html").read_text()
