"""The EPUB 3 editions: EPUBCheck finds no error and no warning in the three real
editions, and the files are read back independently (zipfile, ElementTree) for what
EPUBCheck does not judge: the edition's language, the accessibility metadata, a
navigation document with every chapter and case, text alternatives, embedded fonts,
the cover, the language of untranslated passages, and reproducible bytes."""
from __future__ import annotations

import re
import struct
import zipfile
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

import polib
import pytest

from conftest import REPO, make_project, run_build
from press.epub.check import findings, run_epubcheck

LANGS = ("sk", "cs", "en")
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
X = "{http://www.w3.org/1999/xhtml}"
SVG = "{http://www.w3.org/2000/svg}"
EPUB = "{http://www.idpf.org/2007/ops}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FONTS = ("CharisSIL-Regular.ttf", "CharisSIL-Italic.ttf", "CharisSIL-Bold.ttf",
         "CharisSIL-BoldItalic.ttf", "DejaVuSansMono.ttf")
# schema.org's accessibility vocabularies (https://www.w3.org/2021/a11y-discov-vocab/)
ACCESS_MODES = {"auditory", "chartOnVisual", "chemOnVisual", "colorDependent",
                "diagramOnVisual", "mathOnVisual", "musicOnVisual", "tactile",
                "textOnVisual", "textual", "visual"}
FEATURES = {"alternativeText", "annotations", "audioDescription", "bookmarks", "braille",
            "captions", "ChemML", "describedMath", "displayTransformability",
            "highContrastAudio", "highContrastDisplay", "index", "largePrint", "latex",
            "longDescription", "MathML", "none", "printPageNumbers", "readingOrder",
            "rubyAnnotations", "signLanguage", "structuralNavigation", "synchronizedAudioText",
            "tableOfContents", "taggedPDF", "tactileGraphic", "tactileObject", "timingControl",
            "transcript", "ttsMarkup", "unlocked", "pageBreakMarkers", "pageNavigation"}
HAZARDS = {"flashing", "noFlashingHazard", "motionSimulation", "noMotionSimulationHazard",
           "sound", "noSoundHazard", "unknown", "none"}


# ------------------------------------------------------------------ reading an EPUB

class Epub:
    """An EPUB read back: its zip, its package document and its pages."""

    def __init__(self, path: Path):
        self.path = path
        self.zip = zipfile.ZipFile(path)
        container = ET.fromstring(self.zip.read("META-INF/container.xml"))
        self.opf_name = container.find(".//{urn:oasis:names:tc:opendocument:xmlns:container}"
                                       "rootfile").get("full-path")
        self.opf = ET.fromstring(self.zip.read(self.opf_name))
        self.items = {i.get("id"): i for i in self.opf.iter(OPF + "item")}

    def href(self, item) -> str:
        """A manifest item's name in the zip (hrefs are relative to the package)."""
        return resolve(self.opf_name, unquote(item.get("href")))

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iter(OPF + "meta") if m.get("property") == prop]

    def with_property(self, prop: str) -> list:
        return [i for i in self.items.values() if prop in (i.get("properties") or "").split()]

    def pages(self) -> dict[str, ET.Element]:
        """Every XHTML document, parsed as XML (a parse error fails the test)."""
        return {self.href(i): ET.fromstring(self.zip.read(self.href(i)))
                for i in self.items.values() if i.get("media-type") == "application/xhtml+xml"}

    def spine(self) -> list[str]:
        return [self.href(self.items[r.get("idref")]) for r in self.opf.iter(OPF + "itemref")]


def resolve(page: str, href: str) -> str:
    """A relative href of a page, as a name in the zip (fragment dropped)."""
    target = href.split("#")[0]
    parts = list(PurePosixPath(page).parent.parts) + target.split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part not in ("", "."):
            out.append(part)
    return "/".join(out)


def text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def press_label(lang: str, msgid: str) -> str:
    """The edition's word for msgid, read from its catalog here, not through press."""
    po = REPO / "locales" / lang / "LC_MESSAGES" / "press.po"
    if not po.exists():
        return msgid
    entry = polib.pofile(str(po)).find(msgid)
    return entry.msgstr if entry and entry.msgstr else msgid


def toctree(index_md: Path) -> list[str]:
    """The documents of the book's table of contents, as book/index.md lists them."""
    block = re.search(r"```\{toctree\}\n(.*?)```", index_md.read_text(encoding="utf-8"), re.S)
    return [line.strip() for line in block.group(1).splitlines()
            if line.strip() and not line.strip().startswith(":")]


# ------------------------------------------------------------------ the real editions

@pytest.fixture(scope="module")
def book(released_book) -> dict[str, Epub]:
    result, build_dir = released_book
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    return {lang: Epub(build_dir / "epub" / f"twinning-{lang}.epub") for lang in LANGS}


@pytest.mark.parametrize("lang", LANGS)
def test_epubcheck_finds_no_error_and_no_warning(book, lang):
    report = run_epubcheck(book[lang].path, usage=True)
    assert findings(report) == []
    # of its best-practice notes, only "uses @font-face", which the fonts need
    assert {m["ID"] for m in report["messages"]} <= {"CSS-028"}, findings(report, ("USAGE",))
    checker = report["checker"]
    assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0)
    assert report["publication"]["language"] == lang


@pytest.mark.parametrize("lang", LANGS)
def test_language_title_and_identifier(book, lang):
    epub = book[lang]
    assert [e.text for e in epub.opf.iter(DC + "language")] == [lang]
    assert epub.opf.get(XML_LANG) == lang
    assert [e.text for e in epub.opf.iter(DC + "title")] == [press_label(lang, "Town Twinning")]
    ids = [e.text for e in epub.opf.iter(DC + "identifier")]
    assert len(ids) == 1 and ids[0].startswith(("urn:uuid:", "urn:isbn:"))
    assert ids[0] not in {book[other].opf.find(f".//{DC}identifier").text
                          for other in LANGS if other != lang}


@pytest.mark.parametrize("lang", LANGS)
def test_accessibility_metadata(book, lang):
    epub = book[lang]
    modes = set(epub.meta("schema:accessMode"))
    assert modes and modes <= ACCESS_MODES
    sufficient = epub.meta("schema:accessModeSufficient")
    assert sufficient and all(set(s.split(",")) <= ACCESS_MODES for s in sufficient)
    assert "textual" in sufficient     # held up by the text alternatives tested below
    features = set(epub.meta("schema:accessibilityFeature"))
    assert {"alternativeText", "tableOfContents", "structuralNavigation", "index"} <= features
    assert features <= FEATURES
    hazards = set(epub.meta("schema:accessibilityHazard"))
    assert hazards and hazards <= HAZARDS
    [summary] = epub.meta("schema:accessibilitySummary")
    english = book["en"].meta("schema:accessibilitySummary")[0]
    assert len(summary) > 80
    # the summary is in the edition's language: its catalog's translation
    assert (summary == english) == (lang == "en")
    if lang != "en":
        assert summary == press_label(lang, english)


@pytest.mark.parametrize("lang", LANGS)
def test_navigation_lists_every_chapter_and_case(book, lang):
    epub = book[lang]
    [nav_item] = epub.with_property("nav")
    nav_name = epub.href(nav_item)
    nav = ET.fromstring(epub.zip.read(nav_name))
    assert nav.get(XML_LANG) == lang
    toc = next(n for n in nav.iter(X + "nav") if n.get(EPUB + "type") == "toc")
    targets = {resolve(nav_name, a.get("href")) for a in toc.iter(X + "a")}
    chapters = {f"{doc}.xhtml" for doc in toctree(REPO / "book" / "index.md")}
    cases = {f"cases/{p.stem}.xhtml" for p in (REPO / "cases").glob("*.yaml")}
    assert len(chapters) >= 10 and len(cases) >= 10
    assert chapters <= targets
    assert cases <= targets
    names = set(epub.zip.namelist())
    assert targets <= names
    # every chapter and case is read in the spine, in the contents' order of chapters
    spine = epub.spine()
    assert (chapters | cases) <= set(spine)
    order = [spine.index(f"{doc}.xhtml") for doc in toctree(REPO / "book" / "index.md")]
    assert order == sorted(order)


@pytest.mark.parametrize("lang", LANGS)
def test_figures_are_svg_with_text_alternatives(book, lang):
    epub = book[lang]
    pages = epub.pages()
    svg_images = 0
    for name, page in pages.items():
        for img in page.iter(X + "img"):
            assert (img.get("alt") or "").strip(), f"{name}: <img src={img.get('src')}> has no alt"
            svg_images += img.get("src").endswith(".svg")
        for svg in page.iter(SVG + "svg"):
            if svg.get("aria-hidden") == "true":
                continue
            titles = {t.get("id"): text(t) for t in svg.iter(SVG + "title")}
            named = svg.get("aria-label") or titles.get(svg.get("aria-labelledby"))
            assert svg.get("role") == "img" and named, f"{name}: inline <svg> without a name"
    statistics = pages["chapters/statistics.xhtml"]
    charts = [i for i in statistics.iter(X + "img") if "partnership-chart" in i.get("class", "")]
    assert len(charts) >= 4 and all(i.get("src").endswith(".svg") for i in charts)
    media = {epub.href(i): i.get("media-type") for i in epub.items.values()}
    for img in charts:
        assert media[resolve("chapters/statistics.xhtml", img.get("src"))] == "image/svg+xml"
    assert svg_images >= len(charts)


@pytest.mark.parametrize("lang", LANGS)
def test_fact_boxes_tables_glossary_and_index(book, lang):
    epub = book[lang]
    pages = epub.pages()
    for yaml in (REPO / "cases").glob("*.yaml"):
        page = pages[f"cases/{yaml.stem}.xhtml"]
        assert any("factbox" in dl.get("class", "").split() for dl in page.iter(X + "dl")), yaml
    assert len(list(pages["chapters/statistics.xhtml"].iter(X + "table"))) >= 3
    glossary = pages["chapters/glossary.xhtml"]
    terms = [dt for dl in glossary.iter(X + "dl") if "glossary" in dl.get("class", "")
             for dt in dl.iter(X + "dt")]
    assert len(terms) >= 5
    # the index is links, and every link lands on an element with that id
    index = pages["genindex.xhtml"]
    links = [a.get("href") for a in index.iter(X + "a")
             if a.get("href") and ".xhtml#" in a.get("href")]
    assert len(links) >= len(terms)
    for href in links:
        target, fragment = resolve("genindex.xhtml", href), href.split("#", 1)[1]
        assert any(e.get("id") == fragment for e in pages[target].iter()), href


# The letters of the Slovak and Czech alphabets, in order ("ch" is one letter, after h).
ALPHABET = {
    "sk": "A Á Ä B C Č D Ď DZ DŽ E É F G H CH I Í J K L Ĺ Ľ M N Ň O Ó Ô P Q R Ŕ S Š T Ť U Ú "
          "V W X Y Ý Z Ž".split(),
    "cs": "A Á B C Č D Ď E É Ě F G H CH I Í J K L M N Ň O Ó P Q R Ř S Š T Ť U Ú Ů V W X Y Ý "
          "Z Ž".split(),
    "en": "A B C D E F G H I J K L M N O P Q R S T U V W X Y Z".split(),
}


@pytest.mark.parametrize("lang", LANGS)
def test_index_follows_the_editions_alphabet(book, lang):
    index = book[lang].pages()["genindex.xhtml"]
    groups: list[tuple[str, list[str]]] = []
    for element in index.iter():
        if element.tag == X + "h2":
            groups.append((text(element), []))
        elif element.tag == X + "li" and groups and element.find(X + "a") is not None:
            groups[-1][1].append(text(element.find(X + "a")))
    letters = [letter for letter, _ in groups]
    assert len(letters) >= 10 and all(letter in ALPHABET[lang] for letter in letters)
    assert [ALPHABET[lang].index(x) for x in letters] == sorted(ALPHABET[lang].index(x)
                                                                 for x in letters)
    terms = {term: letter for letter, members in groups for term in members}
    ch = [term for term in terms if term.lower().startswith("ch")]
    assert ch, "the book's index has a place beginning with Ch"
    assert {terms[term] for term in ch} == ({"C"} if lang == "en" else {"CH"})


@pytest.mark.parametrize("lang", LANGS)
def test_imprint_follows_the_cover(book, lang):
    epub = book[lang]
    imprint = ET.fromstring(epub.zip.read(epub.spine()[1]))
    words = text(imprint)
    licence = "Text licensed under Creative Commons Attribution 4.0 (CC BY 4.0)."
    assert press_label(lang, licence) in words
    assert press_label(lang, "Imprint") in words
    assert "2026" in words


@pytest.mark.parametrize("lang", LANGS)
def test_fonts_embedded_unmodified_with_their_licences(book, lang):
    epub = book[lang]
    names = set(epub.zip.namelist())
    fonts = {PurePosixPath(epub.href(i)).name: epub.href(i) for i in epub.items.values()
             if i.get("media-type") == "font/ttf"}
    assert set(FONTS) <= set(fonts)
    for font in FONTS:
        assert epub.zip.read(fonts[font]) == (REPO / "fonts" / font).read_bytes()
    # their licences allow embedding as they are: no obfuscation, no encryption.xml
    assert "META-INF/encryption.xml" not in names
    assert {"META-INF/COPYING-CharisSIL.txt", "META-INF/COPYING-DejaVu.txt"} <= names
    css = "".join(epub.zip.read(epub.href(i)).decode() for i in epub.items.values()
                  if i.get("media-type") == "text/css")
    for font in FONTS:
        assert re.search(r"@font-face\s*\{[^}]*url\(\"?[^)]*" + re.escape(font), css), font


@pytest.mark.parametrize("lang", LANGS)
def test_cover(book, lang):
    epub = book[lang]
    [cover] = epub.with_property("cover-image")
    png = epub.zip.read(epub.href(cover))
    assert cover.get("media-type") == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 1000 <= width < height
    first = epub.spine()[0]
    page = ET.fromstring(epub.zip.read(first))
    [img] = list(page.iter(X + "img"))
    assert resolve(first, img.get("src")) == epub.href(cover)
    assert press_label(lang, "Town Twinning") in img.get("alt")


@pytest.mark.parametrize("lang", LANGS)
def test_container_is_reproducible_and_script_free(book, lang):
    epub = book[lang]
    first = epub.zip.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b"" and epub.zip.read("mimetype") == b"application/epub+zip"
    day = date.fromisoformat(re.search(r'press_date = "([\d-]+)"',
                                       (REPO / "book/conf.py").read_text()).group(1))
    assert {info.date_time for info in epub.zip.infolist()} == {(day.year, day.month, day.day,
                                                                0, 0, 0)}
    assert not epub.with_property("scripted")
    for name, page in epub.pages().items():
        assert not list(page.iter(X + "script")), name


# ------------------------------------------------------------------ the fixture project

def test_untranslated_passage_keeps_its_xml_lang(built_project):
    """The fixture's Czech edition is a draft: one Slovak paragraph has no translation."""
    epub = Epub(built_project / "_build/epub/twinning-cs.epub")
    page = epub.pages()["chapters/alpha.xhtml"]
    paragraphs = {text(p).replace("\xa0", " "): p for p in page.iter(X + "p")}
    fallback = paragraphs["Tento odsek zatiaľ nikto nepreložil."]
    assert fallback.get("lang") == "sk" and fallback.get(XML_LANG) == "sk"
    translated = [p for t, p in paragraphs.items() if t.startswith("Toto je úvodní odstavec")]
    assert translated and all(p.get("lang") is None and p.get(XML_LANG) is None
                              for p in translated)
    assert page.get(XML_LANG) == "cs"
    assert findings(run_epubcheck(epub.path)) == []


def test_two_builds_are_byte_identical(built_project, tmp_path):
    root = make_project(tmp_path / "again")
    result = run_build(root, "epub", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "_build/epub/twinning-sk.epub").read_bytes() == \
        (built_project / "_build/epub/twinning-sk.epub").read_bytes()


def test_epubcheck_report_is_read(built_project, tmp_path):
    """The check can fail: the same EPUB without its navigation document's property."""
    good = built_project / "_build/epub/twinning-sk.epub"
    bad = tmp_path / "bad.epub"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".opf"):
                data = data.replace(b' properties="nav"', b"")
            dst.writestr(info, data)
    found = findings(run_epubcheck(bad))
    assert found and any("nav" in line.lower() for line in found), found


def test_an_unchanged_edition_is_not_rebuilt(built_project):
    epub = built_project / "_build/epub/twinning-en.epub"
    before = epub.stat().st_mtime_ns, epub.read_bytes()
    result = run_build(built_project, "epub", "--lang", "en")
    assert result.returncode == 0 and "Up to date" in result.stdout, result.stdout
    assert (epub.stat().st_mtime_ns, epub.read_bytes()) == before


def test_a_removed_case_leaves_the_epub(tmp_path):
    """Sphinx keeps a page whose document is gone; the EPUB must not carry it on."""
    root = make_project(tmp_path / "p")
    assert run_build(root, "epub", "--lang", "sk").returncode == 0
    page = "cases/gamma-town.xhtml"
    assert page in Epub(root / "_build/epub/twinning-sk.epub").zip.namelist()
    (root / "cases/gamma-town.yaml").unlink()
    result = run_build(root, "epub", "--lang", "sk")
    assert result.returncode == 0, result.stdout + result.stderr
    epub = Epub(root / "_build/epub/twinning-sk.epub")
    assert page not in epub.zip.namelist()
    assert all("gamma-town" not in (i.get("href") or "") for i in epub.items.values())
