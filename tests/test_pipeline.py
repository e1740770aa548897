"""The whole pipeline on the fixture book: three editions, HTML and PDF, read back."""
from __future__ import annotations

import hashlib
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import polib
import pypdf
import pytest

from conftest import make_project, run_build

LANGS = ("sk", "cs", "en")
# Text of the fixture, per source language, and what each translation says.
SK_SOURCE = "Toto je úvodný odsek prvej kapitoly"
CS_SOURCE = "Tento odstavec je napsán česky"
EN_OF_SK = "This is the opening paragraph of the first chapter"
EN_OF_CS = "This paragraph is written in Czech"
CS_OF_SK = "Toto je úvodní odstavec první kapitoly"
SK_OF_CS = "Tento odsek je napísaný po česky"


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("lang, present, absent", [
    ("sk", [SK_SOURCE, SK_OF_CS], [CS_SOURCE]),
    ("cs", [CS_SOURCE, CS_OF_SK], [SK_SOURCE]),
    ("en", [EN_OF_SK, EN_OF_CS], [SK_SOURCE, CS_SOURCE]),
])
def test_pdf_has_the_editions_text(built_project, lang, present, absent):
    text = " ".join(pdf_text(built_project / f"_build/pdf/twinning-{lang}.pdf").split())
    for phrase in present:
        assert phrase in text.replace("\xa0", " ")
    for phrase in absent:
        assert phrase not in text.replace("\xa0", " ")


@pytest.mark.parametrize("lang", LANGS)
def test_pdf_structure(built_project, lang):
    reader = pypdf.PdfReader(built_project / f"_build/pdf/twinning-{lang}.pdf")
    assert len(reader.pages) > 1
    assert reader.outline, "the PDF has no outline"
    fonts = set()
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is None:  # composite font: the descriptor is on the descendant
                descendant = font.get_object()["/DescendantFonts"][0].get_object()
                descriptor = descendant["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), \
                f"font {descriptor.get('/FontName')} is not embedded"
            fonts.add(str(descriptor["/FontName"]))
    assert any("Charis-SIL" in f for f in fonts), fonts
    # Subset fonts carry a six-letter tag: only the glyphs used are embedded.
    assert all(re.match(r"/[A-Z]{6}\+", f) for f in fonts), fonts


def internal_links(reader: pypdf.PdfReader):
    """(page index, destination) of every internal link annotation."""
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            action = annot.get("/A")
            if dest is None and action is not None and action.get("/S") == "/GoTo":
                dest = action.get("/D")
            if dest is not None:
                yield number, dest


@pytest.mark.parametrize("lang", LANGS)
def test_every_internal_link_lands_on_a_page(built_project, lang):
    reader = pypdf.PdfReader(built_project / f"_build/pdf/twinning-{lang}.pdf")
    named = reader.named_destinations
    links = list(internal_links(reader))
    assert len(links) >= 3  # contents entries and cross-references at least
    for number, dest in links:
        if isinstance(dest, (str, bytes)) or hasattr(dest, "startswith"):
            assert str(dest) in named, f"page {number + 1}: link to missing anchor {dest}"
            target = named[str(dest)]
            assert reader.get_destination_page_number(target) >= 0
        else:
            assert dest[0].get_object() in [p.get_object() for p in reader.pages]


def test_links_land_on_their_own_target(built_project):
    """Both chapters have a "Výsledky" section: each link must find its own one."""
    html = (built_project / "_build/.work/sk/print/index.html").read_text()
    assert 'href="#doc-chapters-beta--beta-results"' in html
    assert 'id="doc-chapters-beta--beta-results"' in html
    assert html.count('id="doc-chapters-alpha--vysledky"') <= 1
    assert "#document-" not in html


class _Lang(HTMLParser):
    def __init__(self):
        super().__init__()
        self.lang = None
        self.text = []

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.lang = dict(attrs).get("lang")

    def handle_data(self, data):
        self.text.append(data)


@pytest.mark.parametrize("lang, phrase", [("sk", SK_OF_CS), ("cs", CS_OF_SK), ("en", EN_OF_CS)])
def test_html_edition(built_project, lang, phrase):
    site = built_project / "_build/html" / lang
    page = _Lang()
    page.feed((site / "chapters/beta.html").read_text() + (site / "chapters/alpha.html").read_text())
    assert page.lang == lang
    assert phrase in " ".join("".join(page.text).split()).replace("\xa0", " ")


@pytest.fixture
def own_copy(built_project, tmp_path) -> Path:
    """A copy of the built project for a test that builds again: the session's build
    stays as the other tests read it. The site links are relative, so they copy."""
    root = tmp_path / "project"
    shutil.copytree(built_project, root, symlinks=True)
    return root


def test_noop_rebuild_rebuilds_nothing(own_copy):
    built_project = own_copy
    pdfs = {p: sha(p) for p in (built_project / "_build/pdf").glob("*.pdf")}
    logs = {p: p.stat().st_mtime_ns for p in (built_project / "_build/.work").glob("*.log")}
    result = run_build(built_project, "all")
    assert result.returncode == 0, result.stderr
    assert "Up to date" in result.stdout
    assert "built" not in result.stdout.split("Up to date")[1]
    assert {p: sha(p) for p in pdfs} == pdfs
    # No Sphinx ran: it would have rewritten its log.
    assert {p: p.stat().st_mtime_ns for p in logs} == logs


def test_failing_build_keeps_the_last_good_pdf(own_copy):
    pdf = own_copy / "_build/pdf/twinning-sk.pdf"
    before = sha(pdf)
    (own_copy / "cases" / "broken.yaml").write_text("language: sk\ntitle: [unclosed\n")
    result = run_build(own_copy, "pdf", "--lang", "sk")
    assert result.returncode != 0
    assert "cases/broken.yaml:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert sha(pdf) == before


def test_one_job_builds_each_edition_in_its_own_language(tmp_path):
    """--jobs 1 with three editions: each reads its own catalogs. (In one process,
    Sphinx's translations cached per catalog name made the cs edition show the sk
    translation of a Czech chapter.)"""
    root = make_project(tmp_path / "p")
    result = run_build(root, "html", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    expected = {("cs", "alpha"): CS_OF_SK, ("cs", "beta"): CS_SOURCE,
                ("en", "alpha"): EN_OF_SK, ("en", "beta"): EN_OF_CS,
                ("sk", "alpha"): SK_SOURCE, ("sk", "beta"): SK_OF_CS}
    for (lang, chapter), phrase in expected.items():
        page = _Lang()
        page.feed((root / "_build/html" / lang / f"chapters/{chapter}.html").read_text())
        assert phrase in " ".join("".join(page.text).split()).replace("\xa0", " "), (lang, chapter)


def complete_catalogs(root: Path, lang: str) -> None:
    """Fill every empty message of an edition (with its source text, as a stand-in)."""
    for path in (root / "locales" / lang).rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgstr or entry.msgid
        catalog.save()


def test_strict_gate_names_untranslated_messages(tmp_path):
    root = make_project(tmp_path / "p")
    result = run_build(root, "html", "--lang", "cs", "--strict")
    assert result.returncode != 0
    assert re.search(r"locales/cs/LC_MESSAGES/chapters/alpha\.po:\d+: untranslated: "
                     r'"Tento odsek zatiaľ nikto nepreložil\."', result.stderr)
    assert not (root / "_build/html/cs").exists()
    complete_catalogs(root, "cs")
    result = run_build(root, "html", "--lang", "cs", "--strict")
    assert result.returncode == 0, result.stderr


def test_strict_build_fails_on_a_warning_and_keeps_the_pdf(tmp_path):
    root = make_project(tmp_path / "p")
    complete_catalogs(root, "en")
    assert run_build(root, "pdf", "--lang", "en", "--strict").returncode == 0
    pdf = root / "_build/pdf/twinning-en.pdf"
    before = sha(pdf)
    chapter = root / "book/chapters/beta.md"
    chapter.write_text(chapter.read_text() + "\nViz {ref}`no-such-label`.\n")
    result = run_build(root, "pdf", "--lang", "en", "--strict")
    assert result.returncode != 0
    assert re.search(r"book/chapters/beta\.md:\d+: WARNING: undefined label: 'no-such-label'",
                     result.stderr), result.stderr
    assert "Traceback" not in result.stderr
    assert "\x1b[" not in result.stderr
    assert sha(pdf) == before


def test_an_edited_catalog_rebuilds_only_its_edition(tmp_path):
    root = make_project(tmp_path / "p")
    assert run_build(root, "html").returncode == 0
    po = root / "locales/cs/LC_MESSAGES/chapters/alpha.po"
    po.write_text(po.read_text().replace(CS_OF_SK, "Toto je upravený úvodní odstavec první kapitoly"))
    result = run_build(root, "html")
    assert result.returncode == 0, result.stderr
    assert "Building: cs (html)" in result.stdout
    html = (root / "_build/html/cs/chapters/alpha.html").read_text()
    assert "upravený úvodní odstavec" in html
    ledger = json.loads((root / "_build/.work/state.json").read_text())
    assert set(ledger) >= {"sk:html", "cs:html", "en:html"}


def test_an_unchanged_print_html_keeps_the_published_pdf(tmp_path):
    root = make_project(tmp_path / "p")
    assert run_build(root, "pdf", "--lang", "cs").returncode == 0
    pdf = root / "_build/pdf/twinning-cs.pdf"
    before = (pdf.read_bytes(), pdf.stat().st_mtime_ns)
    # An input of the edition changes, its print HTML does not: a translator's comment.
    po = root / "locales/cs/LC_MESSAGES/chapters/alpha.po"
    po.write_text("# reviewed\n" + po.read_text(encoding="utf-8"), encoding="utf-8")
    result = run_build(root, "pdf", "--lang", "cs")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Building: cs (pdf)" in result.stdout
    assert "print HTML unchanged" in result.stdout and "WeasyPrint" not in result.stdout
    assert (pdf.read_bytes(), pdf.stat().st_mtime_ns) == before
    assert "Up to date" in run_build(root, "pdf", "--lang", "cs").stdout
    # A change the print HTML shows is rendered again.
    po.write_text(po.read_text().replace(CS_OF_SK, "Toto je upravený úvodní odstavec první kapitoly"))
    result = run_build(root, "pdf", "--lang", "cs")
    # (rendered in full, or only its pages, spliced: press/print/splice/)
    assert result.returncode == 0 and re.search(r"pdf: (WeasyPrint|spliced)", result.stdout), \
        result.stdout
    assert "upravený úvodní odstavec" in " ".join(pdf_text(pdf).split())


def test_an_edited_label_reaches_pages_read_before(tmp_path):
    """Fact boxes and headings are rendered while Sphinx reads a page; a new label in
    press.po must still reach a page whose own source did not change."""
    root = make_project(tmp_path / "p")
    po_path = root / "locales/sk/LC_MESSAGES/press.po"
    catalog = polib.pofile(str(po_path))
    catalog.find("Results").msgstr = "Výsledky"
    catalog.save()
    assert run_build(root, "html", "--lang", "sk").returncode == 0
    catalog.find("Results").msgstr = "Čo sa podarilo"
    catalog.save()
    assert run_build(root, "html", "--lang", "sk").returncode == 0
    page = (root / "_build/html/sk/cases/alfa-town.html").read_text()
    assert "Čo sa podarilo" in page and "Výsledky" not in page


def test_check_reports_every_bad_record_and_fails(tmp_path):
    root = make_project(tmp_path / "p")
    good = run_build(root, "check")
    assert good.returncode == 0, good.stdout + good.stderr
    (root / "cases/one.yaml").write_text("language: sk\ntitle: [unclosed\n")
    (root / "cases/two.yaml").write_text((root / "cases/alfa-town.yaml").read_text()
                                         .replace("since: 1995", "since: 1800"))
    bad = run_build(root, "check")
    assert bad.returncode != 0
    out = bad.stdout + bad.stderr
    assert re.search(r"cases/one\.yaml:\d+:", out)
    assert re.search(r"cases/two\.yaml:\d+: since:", out)
    assert "Traceback" not in out


def _read_counts(log: str) -> tuple[str, int, int]:
    """(why, documents added, documents changed) from Sphinx's "updating environment"."""
    m = re.search(r"updating environment: (\[[^\]]*\] )?(\d+) added, (\d+) changed", log)
    assert m, log
    return m.group(1) or "", int(m.group(2)), int(m.group(3))


def test_sphinx_reads_no_document_when_nothing_changed(tmp_path, monkeypatch):
    """The edition is one config value compared by value: the same edition made anew
    (the CLI makes it per run) makes Sphinx read nothing; a change of any one of its
    fields makes Sphinx read every document again."""
    from dataclasses import replace

    from press.build.edition import Options, make_edition, run_sphinx, source_date_epoch
    from press.content.sources import assemble
    from press.core.project import Project

    project = Project(make_project(tmp_path / "p"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(project))
    (project.work / "cs").mkdir(parents=True)   # the CLI's dirty marker makes it
    opts = Options(formats=("html",))
    log = project.work / "cs-html.log"

    def build(edition) -> tuple[str, int, int]:
        run_sphinx(edition, "html", opts)
        return _read_counts(log.read_text())

    docs = assemble(project)
    why, added, _ = build(make_edition(project, "cs", docs))
    assert added == len(list(project.src.rglob("*.md"))) - len(list(project.src.glob("**/README.md")))
    assert build(make_edition(project, "cs", assemble(project))) == ("", 0, 0)

    base = make_edition(project, "cs", docs)
    chapter = next(d for d, lang in base.doc_languages if d.startswith("chapters/"))
    other = "cs" if dict(base.doc_languages)[chapter] != "cs" else "sk"
    for changed in (replace(base, draft=True), replace(base, fingerprint="0" * 16),
                    make_edition(project, "cs", {**docs, chapter: other})):
        why, again, _ = build(changed)
        assert "press_edition" in why and again == added, (changed, why, again)
    # and back to the edition as it was: read again once, then nothing
    assert build(base)[1] == added
    assert build(make_edition(project, "cs", assemble(project))) == ("", 0, 0)


def test_an_earlier_sphinx_run_in_the_process_leaves_no_words_behind(tmp_path, monkeypatch):
    """The strict gate runs gettext (in the source language, sk) in the process that then
    builds a single edition; Sphinx's own words must still be the edition's, not sk's."""
    import pickle

    from press.build.commands import _sphinx
    from press.build.edition import Options, make_edition, run_sphinx, source_date_epoch
    from press.content.sources import assemble
    from press.core.project import Project

    project = Project(make_project(tmp_path / "p"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", source_date_epoch(project))
    docs = assemble(project)
    _sphinx(project, "gettext", project.gettext, docs, locale_dirs=[])
    (project.work / "cs").mkdir(parents=True)
    run_sphinx(make_edition(project, "cs", docs), "html", Options(formats=("html",)))
    with open(project.work / "cs" / "doctrees" / "environment.pickle", "rb") as f:
        config = pickle.load(f).config
    # Sphinx's own Czech and Slovak catalogs: "Tabulka %s" and "Tabuľka %s"
    assert config.numfig_format["table"] == "Tabulka %s", config.numfig_format
