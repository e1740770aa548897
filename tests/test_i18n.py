"""The translators' workflow on the fixture book: catalogs, fallback text, draft marks."""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pypdf

from conftest import make_project, run_build
from press.i18n.labels import label

UNTRANSLATED = "Tento odsek zatiaľ nikto nepreložil."


class Paragraphs(HTMLParser):
    """(attributes, text) of every <p>."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[dict, str]] = []
        self._open: dict | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._open, self._text = dict(attrs), []

    def handle_data(self, data):
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "p" and self._open is not None:
            self.found.append((self._open, " ".join("".join(self._text).split())))
            self._open = None


def paragraphs(path: Path) -> list[tuple[dict, str]]:
    parser = Paragraphs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.found


def test_fallback_paragraph_keeps_its_language(built_project):
    for page in (built_project / "_build/html/cs/chapters/alpha.html",
                 built_project / "_build/.work/cs/print/index.html"):
        found = [(attrs, text) for attrs, text in paragraphs(page)
                 if text.replace("\xa0", " ") == UNTRANSLATED]
        assert found, f"{page}: fallback paragraph missing"
        for attrs, _ in found:
            assert attrs.get("lang") == "sk"
            assert "untranslated" in attrs.get("class", "").split()
        # Translated paragraphs carry no language of their own.
        translated = [a for a, t in paragraphs(page) if t.startswith("Toto je úvodní odstavec")]
        assert translated and all("lang" not in a for a in translated)


def marked_texts(reader: pypdf.PdfReader) -> dict[tuple[int, int], str]:
    """The text of each marked-content sequence: (page index, MCID) -> text."""
    found: dict[tuple[int, int], str] = {}
    for index, page in enumerate(reader.pages):
        _collect_marked(page, index, found)
    return found


def _collect_marked(page, index: int, found: dict[tuple[int, int], str]) -> None:
    """Add the marked-content texts of one page to found (a helper, so the visitors
    close over this page's stack and index, not over loop variables)."""
    stack: list = []

    def before(op, args, cm, tm):
        if op == b"BDC":
            props = args[1] if len(args) > 1 else None
            stack.append(props.get("/MCID") if hasattr(props, "get") else None)
        elif op == b"BMC":
            stack.append(None)
        elif op == b"EMC" and stack:
            stack.pop()

    def text(t, cm, tm, font, size):
        mcid = next((m for m in reversed(stack) if m is not None), None)
        if mcid is not None and t:
            found[(index, mcid)] = found.get((index, mcid), "") + t

    page.extract_text(visitor_operand_before=before, visitor_text=text)


def languages_in_tags(pdf: Path) -> list[tuple[str, str]]:
    """(language, text) for every structure element that states its own /Lang."""
    reader = pypdf.PdfReader(pdf)
    pages = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    texts = marked_texts(reader)

    def text_of(elem, page) -> str:
        page = pages.get(elem.raw_get("/Pg").idnum, page) if "/Pg" in elem else page
        kids = elem.get("/K", [])
        kids = kids if isinstance(kids, list) else [kids]
        parts = []
        for kid in kids:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):
                parts.append(texts.get((page, kid), ""))
            elif hasattr(kid, "get") and kid.get("/Type") != "/OBJR":
                parts.append(text_of(kid, page))
        return " ".join(parts)

    found = []

    def walk(elem, page):
        elem = elem.get_object()
        if "/Lang" in elem:
            found.append((str(elem["/Lang"]), " ".join(text_of(elem, page).split())))
        kids = elem.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and kid.get("/Type") not in ("/OBJR", "/MCR"):
                walk(kid, page)

    walk(reader.trailer["/Root"]["/StructTreeRoot"], 0)
    return found


def test_fallback_paragraph_has_its_language_in_the_pdf_tags(built_project):
    pdf = built_project / "_build/pdf/twinning-cs.pdf"
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "cs"
    tagged = languages_in_tags(pdf)
    assert tagged and all(lang == "sk" for lang, _ in tagged), tagged
    words = UNTRANSLATED.split()[:3]
    assert any(text.replace("\xa0", " ").startswith(" ".join(words)) for _, text in tagged), tagged
    # In the edition of the source language nothing changes language.
    assert languages_in_tags(built_project / "_build/pdf/twinning-sk.pdf") == []


def test_source_language_edition_marks_nothing(built_project):
    page = built_project / "_build/html/sk/chapters/alpha.html"
    assert all("untranslated" not in a.get("class", "") for a, _ in paragraphs(page))


def test_incomplete_edition_is_marked_draft(built_project):
    html = (built_project / "_build/html/cs/index.html").read_text()
    assert 'class="press-draft"' in html
    draft = label("cs", "DRAFT", built_project / "locales")
    reader = pypdf.PdfReader(built_project / "_build/pdf/twinning-cs.pdf")
    cover = reader.pages[0].extract_text()
    assert re.search(re.escape(draft) + r" · .*\d+ %", cover)
    body_pages = [p.extract_text() for p in reader.pages[4:]]
    assert sum(draft in text for text in body_pages) >= len(body_pages) // 2


def test_complete_edition_is_not_a_draft(tmp_path):
    root = make_project(tmp_path / "p")
    for path in (root / "locales" / "en").rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgstr or f"EN {entry.msgid}"
        catalog.save()
    assert run_build(root, "all", "--lang", "en").returncode == 0
    assert "press-draft" not in (root / "_build/html/en/index.html").read_text()
    text = "".join(p.extract_text() for p in pypdf.PdfReader(root / "_build/pdf/twinning-en.pdf").pages)
    draft = label("en", "DRAFT", root / "locales")
    assert draft not in text
    # --draft forces the marks on a complete edition.
    assert run_build(root, "pdf", "--lang", "en", "--draft").returncode == 0
    cover = pypdf.PdfReader(root / "_build/pdf/twinning-en.pdf").pages[0].extract_text()
    assert draft in cover


def test_update_po_creates_only_needed_catalogs_and_keeps_translations(tmp_path):
    root = make_project(tmp_path / "p")
    untouched = root / "locales/en/LC_MESSAGES/cases/gamma-town.po"
    assert not untouched.exists()  # gamma-town is written in English
    assert run_build(root, "update-po").returncode == 0  # bring press.po up to date first
    before = {p: p.read_bytes() for p in root.glob("locales/*/LC_MESSAGES/**/*.po")}
    chapter = root / "book/chapters/alpha.md"
    chapter.write_text(chapter.read_text() + "\nNový odsek na konci.\n")
    result = run_build(root, "update-po")
    assert result.returncode == 0, result.stderr
    # Own-language catalogs are never created.
    assert not (root / "locales/sk/LC_MESSAGES/chapters/alpha.po").exists()
    assert not (root / "locales/cs/LC_MESSAGES/chapters/beta.po").exists()
    assert not untouched.exists()
    # Only the changed document's catalogs were rewritten.
    changed = {p for p, data in before.items() if p.read_bytes() != data}
    assert changed == {root / "locales/cs/LC_MESSAGES/chapters/alpha.po",
                       root / "locales/en/LC_MESSAGES/chapters/alpha.po"}
    catalog = polib.pofile(str(root / "locales/cs/LC_MESSAGES/chapters/alpha.po"))
    assert catalog.find("Nový odsek na konci.") is not None
    assert catalog.find("Prvá kapitola").msgstr == "První kapitola"
    assert catalog.metadata["Language"] == "cs"
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=3;")
    # Lines are wrapped at a fixed width, so diffs stay small.
    lines = (root / "locales/cs/LC_MESSAGES/chapters/alpha.po").read_text().splitlines()
    assert max(len(line) for line in lines) <= 80


def test_stats_match_the_catalogs(tmp_path):
    root = make_project(tmp_path / "p")
    result = run_build(root, "stats")
    assert result.returncode == 0, result.stderr
    rows = json.loads((root / "_build/stats.json").read_text())
    assert (root / "_build/stats.csv").exists()
    # Independent count straight from the .po text: blocks whose msgstr is empty.
    po = (root / "locales/cs/LC_MESSAGES/chapters/alpha.po").read_text()
    strings = []
    for block in po.split("\n\n")[1:]:  # the first block is the header
        lines = block.splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
        strings.append("".join(line.split('"', 1)[1].rsplit('"', 1)[0] for line in lines[start:]))
    empty = strings.count("")
    row = next(r for r in rows if r["edition"] == "cs" and r["document"] == "chapters/alpha")
    assert row["untranslated"] == empty == 1
    assert row["translated"] == len(strings) - empty
    own = next(r for r in rows if r["edition"] == "cs" and r["document"] == "chapters/beta")
    assert own["untranslated"] == 0  # the cs edition reads beta as written
    assert own["translated"] == 4 and own["status"] == "source"
