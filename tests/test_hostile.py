"""Hostile inputs (tests/hostile/, see its README): each one, put into a built fixture
project and run through the real command line under a memory limit, ends in a clean
error that names the file and line, or builds with the hostile part neutralised and
warned about. Never a traceback, a read outside the project, a script from content on
a page, or a changed artifact after an error."""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import polib
import pypdf
import pytest

from conftest import REPO, artifacts, make_project, visible_text

HOSTILE = REPO / "tests" / "hostile"
MEMORY = 2 * 1024 ** 3          # address space of the build and its workers
HANG_TIMEOUT = 240              # only stops a hung build; bench/run measures speed
BIG = 50 * 1024 * 1024          # the "50 MB field", generated here rather than committed
MARKER = "OUTSIDE-SECRET-5f3a9c"  # the content of every file outside the project
PASSWD = "root:x:0:0:"

CHAPTER = "book/chapters/carrier.md"
CATALOG = "locales/en/LC_MESSAGES/chapters/carrier.po"


# ------------------------------------------------------------------ running a build

@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def build(root: Path, *args: str) -> Run:
    """build.py as an editor runs it, with its memory capped and its time bounded."""
    done = subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--root", str(root)],
                          capture_output=True, text=True, timeout=HANG_TIMEOUT, cwd=root,
                          preexec_fn=_limit_memory)
    return Run(done.returncode, done.stdout, done.stderr)


# ------------------------------------------------------------------ reading the outputs

def leaked(root: Path) -> list[str]:
    """Files under _build holding the secret or /etc/passwd (PDF text and EPUB entries
    included)."""
    found = []
    for folder, _, names in os.walk(root / "_build"):
        for name in names:
            path = Path(folder, name)
            data = path.read_bytes()
            if path.suffix == ".pdf":
                data = pdf_text(path).encode()
            elif path.suffix == ".epub":   # a zip: its entries are compressed
                with zipfile.ZipFile(path) as epub:
                    data = b"".join(epub.read(n) for n in epub.namelist())
            if MARKER.encode() in data or PASSWD.encode() in data:
                found.append(str(path.relative_to(root)))
    return found


def pdf_text(path: Path) -> str:
    reader = pypdf.PdfReader(path)
    names = reader.trailer["/Root"].get("/Names", {})
    assert "/EmbeddedFiles" not in names, f"{path.name} has attachments"
    return "\n".join(page.extract_text() or "" for page in reader.pages)


class PageFacts(HTMLParser):
    """What on a page could run or leave the site: scripts, frames, event handlers,
    URLs with other schemes than http, https and mailto."""

    ACTIVE = {"script", "iframe", "frame", "object", "embed"}
    URL_ATTRS = {"href", "src", "action", "formaction", "data", "srcset"}

    def __init__(self):
        super().__init__()
        self.facts: set[tuple] = set()
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on"):
                self.facts.add(("handler", tag, name, value))
            if name in self.URL_ATTRS and value:
                scheme = re.match(r"\s*([A-Za-z][\w+.-]*):", value)
                if scheme and scheme.group(1).lower() not in ("http", "https", "mailto"):
                    self.facts.add(("url", tag, value))
        if tag in self.ACTIVE:
            src = re.sub(r"^(\.\./)+", "", dict(attrs).get("src") or "")
            self.facts.add((tag, src))
        if tag == "script":
            self._script = []

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.facts.add(("script-text", "".join(self._script).strip()))
            self._script = None


def page_facts(site: Path) -> set[tuple]:
    facts: set[tuple] = set()
    for page in site.rglob("*.html"):
        parser = PageFacts()
        parser.feed(page.read_text(encoding="utf-8"))
        facts |= parser.facts
    return facts


def page_text(path: Path) -> str:
    return visible_text(path.read_text(encoding="utf-8"))


def line_of(path: Path, needle: str | bytes, occurrence: int = 0) -> int:
    """1-based line of a needle in a corpus file (occurrence -1: the last one)."""
    data = path.read_bytes()
    needle = needle.encode() if isinstance(needle, str) else needle
    starts = [m.start() for m in re.finditer(re.escape(needle), data)]
    assert starts, f"{needle!r} not in {path}"
    return data.count(b"\n", 0, starts[occurrence]) + 1


# ------------------------------------------------------------------ the fixture project

CARRIER_TOC = "chapters/beta\nchapters/carrier\n"


def complete_catalogs(root: Path, lang: str) -> None:
    """Translate every empty message with its source text, so that a strict build of
    the fixture passes and a strict failure can only come from the hostile file."""
    for path in (root / "locales" / lang).rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if entry.msgid_plural:
                entry.msgstr_plural = {k: v or entry.msgid for k, v in entry.msgstr_plural.items()}
            entry.msgstr = entry.msgstr or entry.msgid
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        catalog.save()


def write_secrets(folder: Path) -> None:
    """Files outside the project that hostile links and includes point at."""
    record = (HOSTILE / "accepted" / "crlf.yaml").read_text(encoding="utf-8").replace("\r\n", "\n")
    carrier_po = (HOSTILE / "carrier" / "carrier.po").read_text(encoding="utf-8")
    carrier_po = re.sub(r'^msgstr "(?!").*"$', f'msgstr "{MARKER}"', carrier_po, flags=re.M)
    png = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                        "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
    (folder / "outside-secret.txt").write_text(MARKER + "\n")
    (folder / "outside-secret.md").write_text(f"# Tajné\n\n{MARKER}\n")
    (folder / "outside-secret.po").write_text(carrier_po)
    (folder / "outside-secret.png").write_bytes(png + MARKER.encode())
    (folder / "outside-secret.yaml").write_text(record.replace("Príbeh.", MARKER))


@dataclass
class Site:
    root: Path
    pristine: Path
    facts: dict[str, set]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    base = tmp_path_factory.mktemp("hostile")
    root = make_project(base / "project")
    write_secrets(base)
    shutil.copy(HOSTILE / "carrier" / "carrier.md", root / CHAPTER)
    shutil.copy(HOSTILE / "carrier" / "carrier.po", root / CATALOG)
    index = root / "book" / "index.md"
    index.write_text(index.read_text().replace("chapters/beta\n", CARRIER_TOC))
    (root / "cases" / "images").mkdir(exist_ok=True)
    for lang in ("sk", "en"):
        complete_catalogs(root, lang)
    result = build(root, "all", "--lang", "sk", "en", "--jobs", "2")
    assert result.returncode == 0, result.output
    pristine = base / "pristine"
    for name in ("book", "cases", "locales"):
        shutil.copytree(root / name, pristine / name, symlinks=True)
    facts = {lang: page_facts(root / "_build/html" / lang) for lang in ("sk", "en")}
    assert not any(f[0] in ("handler", "url", "iframe") for fs in facts.values() for f in fs)
    return Site(root, pristine, facts)


def restore(site: Site) -> None:
    """Put the project's inputs back as they were after the first build."""
    for name in ("book", "cases", "locales"):
        shutil.rmtree(site.root / name)
        shutil.copytree(site.pristine / name, site.root / name, symlinks=True)
    for stray in site.root.glob("hostile-*"):
        stray.unlink()


@pytest.fixture
def project(site) -> Site:
    """The built project; its inputs are put back after each test."""
    yield site
    restore(site)


def put(project: Site, source: Path, dest: str) -> Path:
    """Copy a corpus file into the project; a symlink stays a symlink."""
    target = project.root / dest
    target.unlink(missing_ok=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    if source.is_symlink():
        target.symlink_to(os.readlink(source))
    else:
        shutil.copyfile(source, target)
    return target


# ------------------------------------------------------------------ refused inputs

@dataclass(frozen=True)
class Refused:
    corpus: str          # path under tests/hostile/
    dest: str            # where it goes in the project
    field: str           # the check named in the error line
    needle: str | bytes | None = None   # text on the line the error must name (None: line 1)
    occurrence: int = 0

    def __str__(self):
        return self.corpus


def record(name, field, needle=None):
    return Refused(f"records/{name}", f"cases/{name}", field, needle)


def chapter(name, field, needle=None):
    return Refused(f"chapters/{name}", CHAPTER, field, needle)


def catalog(name, field, needle=None, occurrence=0):
    return Refused(f"catalogs/{name}", CATALOG, field, needle, occurrence)


RECORDS = [
    record("alias-bomb.yaml", "yaml", "&a"),
    record("deep-nesting.yaml", "yaml", "story:"),
    record("deep-nesting-block.yaml", "funding.k0.k1", "k16:"),
    record("invalid-utf8.yaml", "encoding", b"\xff"),
    record("nul-bytes.yaml", "encoding", b"\x00"),
    record("python-tag.yaml", "title", "!!python"),
    record("record-link.yaml", "file"),
    record("image-dotdot.yaml", "images.0.file", "file:"),
    record("image-symlink.yaml", "images.0.file", "file:"),
    record("story-image-dotdot.yaml", "story", "story:"),
    record("story-file-image.yaml", "story", "story:"),
    record("story-file-link.yaml", "story", "story:"),
    record("story-script.yaml", "story", "story:"),
    record("story-raw.yaml", "story", "story:"),
    record("story-include.yaml", "story", "story:"),
    record("story-literalinclude.yaml", "story", "story:"),
]
REFUSED = [
    chapter("invalid-utf8.md", "encoding", b"\xc3\x28"),
    chapter("nul-bytes.md", "encoding", b"\x00"),
    chapter("front-matter-myst.md", "front matter", "myst:"),
    chapter("link-out.md", "file"),
    catalog("broken-header.po", "syntax", "charset=utf-8"),
    catalog("duplicate-msgid.po", "duplicate", 'msgid "Skúšobná kapitola', occurrence=-1),
    catalog("plural-count.po", "plural-forms", "msgstr[0]"),
    catalog("invalid-utf8.po", "charset", b"\xff"),
    catalog("nul-bytes.po", "syntax", b"\x00"),
    catalog("link-out.po", "file"),
]


def assert_refused(project: Site, run: Run, case: Refused) -> None:
    line = line_of(HOSTILE / case.corpus, case.needle, case.occurrence) if case.needle else 1
    assert run.returncode == 1, run.output
    assert "Traceback" not in run.output
    named = re.compile(rf"^{re.escape(case.dest)}:{line}: {re.escape(case.field)}[^:]*: \S", re.M)
    assert named.search(run.stderr), run.stderr
    assert MARKER not in run.output and PASSWD not in run.output


@dataclass
class Batch:
    run: Run
    changed: list[str]
    leaked: list[str]


@pytest.fixture(scope="module")
def records_run(site) -> Batch:
    """Every hostile record in one build. The loader checks each file on its own and
    reports all of them, so one run shows each file's error as it would alone, at a
    fraction of the time of sixteen builds."""
    put(site, HOSTILE / "images/outside.png", "cases/images/outside.png")
    for case in RECORDS:
        put(site, HOSTILE / case.corpus, case.dest)
    try:
        before = artifacts(site.root / "_build")
        run = build(site.root, "all", "--lang", "sk", "en")
        after = artifacts(site.root / "_build")
        return Batch(run, sorted(k for k in before.keys() | after.keys()
                                 if before.get(k) != after.get(k)), leaked(site.root))
    finally:
        restore(site)


@pytest.mark.parametrize("case", RECORDS, ids=str)
def test_hostile_record_is_refused_and_no_artifact_changed(site, records_run, case):
    assert_refused(site, records_run.run, case)
    assert records_run.changed == [] and records_run.leaked == []
    assert not list(site.root.glob("hostile-*"))  # python-tag: no command ran


@pytest.mark.parametrize("case", REFUSED, ids=str)
def test_refused_with_a_clean_error_and_no_artifact_changed(project, case):
    put(project, HOSTILE / case.corpus, case.dest)
    before = artifacts(project.root / "_build")
    run = build(project.root, "all", "--lang", "sk", "en")
    assert_refused(project, run, case)
    assert artifacts(project.root / "_build") == before
    assert leaked(project.root) == []


def big_record(path: Path) -> None:
    text = (HOSTILE / "accepted" / "crlf.yaml").read_text(encoding="utf-8").replace("\r\n", "\n")
    head, tail = text.split("story: |\n")
    with path.open("w", encoding="utf-8") as f:
        f.write(head + "story: |\n")
        paragraph = "  " + "Dlhý príbeh o spolupráci obcí. " * 30 + "\n\n"
        for _ in range(BIG // len(paragraph.encode()) + 1):
            f.write(paragraph)
        f.write(tail)


def big_chapter(path: Path) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("(carrier)=\n# Veľmi dlhá kapitola\n\n")
        paragraph = "Odsek o spolupráci obcí, ktorý sa stále opakuje. " * 20 + "\n\n"
        for _ in range(BIG // len(paragraph.encode()) + 1):
            f.write(paragraph)


def big_msgstr(path: Path) -> None:
    text = (HOSTILE / "carrier" / "carrier.po").read_text(encoding="utf-8")
    head, tail = text.split('msgstr "Details"')
    with path.open("w", encoding="utf-8") as f:
        f.write(head + 'msgstr ""\n')
        line = '"' + "Details, details. " * 40 + '"\n'
        for _ in range(BIG // len(line) + 1):
            f.write(line)
        f.write(tail)


@pytest.mark.parametrize("dest, make", [("cases/big-field.yaml", big_record),
                                        (CHAPTER, big_chapter), (CATALOG, big_msgstr)],
                         ids=["record", "chapter", "catalog"])
def test_a_50_mb_field_is_refused(project, dest, make):
    make(project.root / dest)
    assert (project.root / dest).stat().st_size > BIG
    before = artifacts(project.root / "_build")
    run = build(project.root, "all", "--lang", "sk", "en")
    field = "syntax" if dest.endswith(".po") else "size"
    assert_refused(project, run, Refused(dest, dest, field))
    assert artifacts(project.root / "_build") == before
    assert leaked(project.root) == []


# ------------------------------------------------------------------ neutralised content

@dataclass(frozen=True)
class Neutralised:
    corpus: str
    payloads: tuple[str, ...]   # text on each line that must be warned about
    shown: str = ""             # hostile text that must still be visible, as text
    gate: str = "unsafe"        # what the strict gate calls a hostile msgstr

    def __str__(self):
        return self.corpus

    @property
    def is_catalog(self) -> bool:
        return self.corpus.endswith(".po")


DEEP = "*" * 5000
NEUTRALISED = [
    Neutralised("chapters/script.md", ("<script>alert('chapter-inline')", "<script>alert('chapter-block')",
                                       "onerror=", "<iframe", "javascript:"), "chapter-block"),
    Neutralised("chapters/directives.md", ("{raw}", "{eval-rst}", "{include}", "{literalinclude} ../",
                                           "{literalinclude} /etc", "{csv-table}")),
    Neutralised("chapters/links.md", ("{download}", "![mapa](../", "{image}", "{figure}")),
    Neutralised("chapters/deep-nesting.md", (DEEP,), "Odsek medzi vnoreniami."),
    Neutralised("catalogs/msgstr-script.po", ("msgstr-h1", "msgstr-img"), "msgstr-h1"),
    Neutralised("catalogs/msgstr-directives.po", ("{raw}", "{include}", "{literalinclude}",
                                                  "{eval-rst}")),
    Neutralised("catalogs/msgstr-links.po", ("file:///etc/passwd", "{download}", "![map]")),
    Neutralised("catalogs/msgstr-deep-emphasis.po", (DEEP,), "The meetings", gate="markup"),
]


@pytest.mark.parametrize("case", NEUTRALISED, ids=str)
def test_neutralised_warned_and_refused_by_a_strict_build(project, case):
    source = HOSTILE / case.corpus
    lang, dest = ("en", CATALOG) if case.is_catalog else ("sk", CHAPTER)
    put(project, source, dest)
    # One case goes on to the PDF: the print HTML is written by another builder.
    pdf = case.corpus == "chapters/script.md"
    run = build(project.root, "all" if pdf else "html", "--lang", lang)
    assert run.returncode == 0, run.output
    assert "Traceback" not in run.output
    # Sphinx names the document for chapters and translations alike.
    warned = re.findall(rf"^{re.escape(CHAPTER)}:(\d+)[^\n]*WARNING: [^\n]*\[press\.unsafe\]",
                        run.stderr, re.M)
    assert warned, run.stderr
    if not case.is_catalog:
        for payload in case.payloads:
            assert str(line_of(source, payload)) in warned, (payload, run.stderr)
    site = project.root / "_build/html" / lang
    assert page_facts(site) <= project.facts[lang]
    assert leaked(project.root) == []
    if case.shown:
        assert case.shown in page_text(site / "chapters/carrier.html")
    if pdf:
        text = " ".join(pdf_text(project.root / f"_build/pdf/twinning-{lang}.pdf").split())
        assert case.shown in text  # as text; leaked() has looked for anything read
        print_html = PageFacts()
        print_html.feed((project.root / f"_build/.work/{lang}/print/index.html").read_text())
        assert not any(f[0] in ("handler", "url", "iframe") or "alert" in str(f)
                       for f in print_html.facts)
        # and to the EPUB, a third builder: no script, handler or frame on any page
        with zipfile.ZipFile(project.root / f"_build/epub/twinning-{lang}.epub") as epub:
            for name in (n for n in epub.namelist() if n.endswith(".xhtml")):
                page = PageFacts()
                page.feed(epub.read(name).decode("utf-8"))
                assert not any(f[0] in ("handler", "url", "iframe", "script") or "alert" in str(f)
                               for f in page.facts), (name, page.facts)
            assert case.shown in epub.read("chapters/carrier.xhtml").decode("utf-8")

    before = artifacts(project.root / "_build")
    strict = build(project.root, "html", "--lang", lang, "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.output
    for payload in case.payloads:  # the strict gate names msgstrs; Sphinx, chapters
        where = f"{dest}:{line_of(source, payload)}: "
        assert where + (f"{case.gate}: " if case.is_catalog else "WARNING: ") in strict.stderr, \
            strict.stderr
    assert artifacts(project.root / "_build") == before


def test_deep_emphasis_in_a_record_is_shown_as_text(project):
    """The record loader accepts it (it is valid Markdown); the case page keeps it as
    plain text instead of recursing 2,500 levels deep."""
    put(project, HOSTILE / "records/story-deep-emphasis.yaml", "cases/story-deep-emphasis.yaml")
    run = build(project.root, "html", "--lang", "sk")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    assert re.search(r"^_build/src/cases/story-deep-emphasis\.md:\d+: WARNING: text nested",
                     run.stderr, re.M), run.stderr
    page = page_text(project.root / "_build/html/sk/cases/story-deep-emphasis.html")
    assert "Príbeh pred zvýraznením." in page and DEEP in page


def test_a_translation_that_breaks_a_reference(project):
    """The page still builds (the broken reference is warned about and shown as text);
    the strict gate names the msgstr before Sphinx runs."""
    source = HOSTILE / "catalogs/broken-reference.po"
    put(project, source, CATALOG)
    run = build(project.root, "html", "--lang", "en")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    assert re.search(rf"^{re.escape(CHAPTER)}:\d+[^\n]*WARNING: ", run.stderr, re.M), run.stderr
    page = page_text(project.root / "_build/html/en/chapters/carrier.html")
    assert "More on the exchanges is in the chapter" in page
    strict = build(project.root, "html", "--lang", "en", "--strict")
    assert strict.returncode == 1 and "Traceback" not in strict.output
    line = line_of(source, "no-such-label")
    assert f"{CATALOG}:{line}: markup: " in strict.stderr, strict.stderr


# ------------------------------------------------------------------ accepted as valid

def test_bom_and_crlf_records_are_accepted(project):
    for name in ("bom.yaml", "crlf.yaml"):
        put(project, HOSTILE / "accepted" / name, f"cases/{name}")
    run = build(project.root, "html", "--lang", "sk")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    site = project.root / "_build/html/sk/cases"
    assert "Príklad s BOM" in page_text(site / "bom.html")
    assert "Príklad s CRLF" in page_text(site / "crlf.html")
    assert "\ufeff" not in (site / "bom.html").read_text()


def test_bom_and_crlf_chapter_and_catalog_are_accepted(project):
    """The chapter declares `language: cs` behind a BOM and CRLF line ends: the Slovak
    edition must see it as Czech text (marked lang="cs"), not as Slovak."""
    put(project, HOSTILE / "accepted/bom-crlf.md", CHAPTER)
    run = build(project.root, "html", "--lang", "sk")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    page = (project.root / "_build/html/sk/chapters/carrier.html").read_text()
    assert re.search(r'lang="cs"[^>]*>\s*Tato kapitola je napsána česky', page), page
    put(project, HOSTILE / "carrier/carrier.md", CHAPTER)
    put(project, HOSTILE / "accepted/bom-crlf.po", CATALOG)
    run = build(project.root, "html", "--lang", "en")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    text = page_text(project.root / "_build/html/en/chapters/carrier.html")
    assert "A test chapter saved with CRLF" in text


def test_math_links_and_styles_are_filtered_in_the_browser(project):
    """The build cannot defuse TeX: MathJax renders it in the reader's browser. It must
    be told to load its safe extension before it starts."""
    put(project, HOSTILE / "chapters/math-href.md", CHAPTER)
    run = build(project.root, "html", "--lang", "sk")
    assert run.returncode == 0 and "Traceback" not in run.output, run.output
    page = (project.root / "_build/html/sk/chapters/carrier.html").read_text()
    config = re.search(r"<script>window\.MathJax = (\{.*?\})</script>", page)
    assert config and "ui/safe" in json.loads(config.group(1))["loader"]["load"], page
    assert config.start() < page.index("mathjax@")


def test_every_corpus_file_is_tested_and_listed():
    tested = ({c.corpus for c in RECORDS + REFUSED} | {c.corpus for c in NEUTRALISED}
              | {"records/story-deep-emphasis.yaml", "catalogs/broken-reference.po",
                 "chapters/math-href.md",
                 "images/outside.png", "carrier/carrier.md", "carrier/carrier.po"}
              | {f"accepted/{n}" for n in ("bom.yaml", "crlf.yaml", "bom-crlf.md", "bom-crlf.po")})
    corpus = {p.relative_to(HOSTILE).as_posix() for p in HOSTILE.rglob("*")
              if (p.is_file() or p.is_symlink()) and p.name != "README.md"}
    assert corpus == tested
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert [f for f in sorted(corpus) if f"`{f}`" not in readme] == []
