"""The printed book, read back: page numbers, running heads, typography, metadata."""
from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from conftest import make_project, run_build
from press.i18n.labels import label

LANGS = ("sk", "cs", "en")
MM = 72 / 25.4


def pdf_path(root: Path, lang: str, suffix: str = "") -> Path:
    return root / f"_build/pdf/twinning-{lang}{suffix}.pdf"


def words(root: Path, lang: str, msgid: str) -> str:
    """A label as this edition prints it, from the project's own catalog."""
    return label(lang, msgid, root / "locales")


def links(path: Path):
    """(page number, text under the link, target page number) for internal links.

    WeasyPrint writes one annotation per box of a link (text, leader, page number);
    the boxes of one link on one line are merged before reading the text under them."""
    reader = pypdf.PdfReader(path)
    named = reader.named_destinations
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(reader.pages):
            height = float(page.mediabox.height)
            boxes: dict[tuple[str, float], list] = {}
            for annot in page.get("/Annots") or []:
                annot = annot.get_object()
                dest = annot.get("/Dest")
                if dest is None and "/A" in annot and annot["/A"].get("/S") == "/GoTo":
                    dest = annot["/A"]["/D"]
                if dest is None:
                    continue
                x0, x1 = sorted(float(v) for v in annot["/Rect"][0::2])
                y0, y1 = sorted(float(v) for v in annot["/Rect"][1::2])
                key = (str(dest), round(height - (y0 + y1) / 2))  # one line: its middle
                box = boxes.setdefault(key, [x0, x1, dest])
                box[0], box[1] = min(box[0], x0), max(box[1], x1)
            for (_, middle), (x0, x1, dest) in boxes.items():
                target = named[str(dest)] if str(dest) in named else dest
                text = pdf.pages[number].crop((x0 - 1, middle - 2, x1 + 1, middle + 2)).extract_text()
                yield (number + 1, " ".join((text or "").split()),
                       reader.get_destination_page_number(target) + 1)


@pytest.mark.parametrize("lang", LANGS)
def test_contents_page_numbers_are_right(built_project, lang):
    contents = words(built_project, lang, "Contents")
    reader = pypdf.PdfReader(pdf_path(built_project, lang))
    toc_pages = {n + 1 for n, p in enumerate(reader.pages) if contents in (p.extract_text() or "")[:80]}
    entries = [(text, target) for page, text, target in links(pdf_path(built_project, lang))
               if page in toc_pages]
    assert len(entries) >= 4
    for text, target in entries:
        printed = re.search(r"(\d+)$", text)
        assert printed, f"no page number in contents entry {text!r}"
        assert int(printed.group(1)) == target, text


@pytest.mark.parametrize("lang", LANGS)
def test_cross_references_print_their_targets_page(built_project, lang):
    prefix = words(built_project, lang, "p. %s").split("%s")[0].strip()
    pattern = re.compile(re.escape(prefix) + r"\s*(\d+)\)")
    checked = 0
    for page, text, target in links(pdf_path(built_project, lang)):
        match = pattern.search(text.replace("\xa0", " "))
        if match:
            assert int(match.group(1)) == target, (page, text)
            checked += 1
    assert checked >= 2  # alpha -> beta-results and beta -> alpha


@pytest.mark.parametrize("lang", LANGS)
def test_running_heads(built_project, lang):
    title = words(built_project, lang, "Town Twinning")
    with pdfplumber.open(pdf_path(built_project, lang)) as pdf:
        def head(n):
            page = pdf.pages[n - 1]
            return " ".join((page.crop((0, 0, page.width, 16 * MM)).extract_text() or "").split())
        def foot(n):
            page = pdf.pages[n - 1]
            return (page.crop((0, page.height - 18 * MM, page.width, page.height)).extract_text() or "")
        assert head(1) == "" and foot(1).strip() == ""  # the cover
        for n, page in enumerate(pdf.pages, start=1):  # blank pages stay blank
            body = page.crop((0, 16 * MM, page.width, page.height - 18 * MM)).extract_text()
            if not (body or "").strip():
                assert head(n) == "" and foot(n).strip() == "", f"blank page {n} has a head"
        heads = {n: head(n) for n in range(2, len(pdf.pages) + 1)}
        left = [n for n, h in heads.items() if n % 2 == 0 and h]
        right = [n for n, h in heads.items() if n % 2 == 1 and h]
        assert left and right
        assert all(heads[n] == title for n in left)
        assert all(heads[n] != title for n in right)
        # Page numbers sit in the outer corners: left on even pages, right on odd ones.
        for n in left[:2] + right[:2]:
            page = pdf.pages[n - 1]
            numbers = [w for w in page.crop((0, page.height - 18 * MM, page.width, page.height))
                       .extract_words() if w["text"] == str(n)]
            assert numbers, f"page {n} has no number"
            outer = numbers[0]["x0"] < page.width / 3 if n % 2 == 0 else numbers[0]["x1"] > page.width * 2 / 3
            assert outer, f"page {n}: number not in the outer corner"


@pytest.mark.parametrize("lang", LANGS)
def test_metadata_language_and_tags(built_project, lang):
    reader = pypdf.PdfReader(pdf_path(built_project, lang))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == lang
    assert "/StructTreeRoot" in root  # the published edition is tagged (pdf/ua-1)
    meta = reader.metadata
    assert meta.title == words(built_project, lang, "Town Twinning")
    assert meta.author and meta.subject and meta["/Keywords"]


@pytest.mark.parametrize("lang, phrase, quoted", [
    ("sk", "v\xa0Európe", "„Most priateľstva“"),
    ("cs", "v\xa0Evropě", "„Most přátelství“"),
    ("en", None, "“Bridge of Friendship”"),
])
def test_typography_in_the_pdf(built_project, lang, phrase, quoted):
    text = "".join(p.extract_text() for p in pypdf.PdfReader(pdf_path(built_project, lang)).pages)
    # Justified lines come out with extra spaces around words (and around U+00A0).
    text = re.sub(r" *\xa0 *", "\xa0", re.sub(r" +", " ", text))
    if phrase:
        assert phrase in text
    assert quoted in text
    # A URL may wrap at a line end, but is never hyphenated or tied.
    url = re.search(r"https://\s?www\.\s?example\.\s?org/\S*", text)
    assert url and re.sub(r"\s", "", url.group(0)).startswith("https://www.example.org/v-obci")
    assert "\u2010" not in url.group(0)
    assert "\xa0" not in url.group(0)


def test_two_builds_are_byte_identical(tmp_path):
    digests = []
    for name in ("one", "two"):
        root = make_project(tmp_path / name)
        assert run_build(root, "pdf", "--lang", "sk").returncode == 0
        digests.append(hashlib.sha256(pdf_path(root, "sk").read_bytes()).hexdigest())
    assert digests[0] == digests[1]


def test_a_missing_glyph_fails_the_build(tmp_path):
    root = make_project(tmp_path / "p")
    chapter = root / "book/chapters/alpha.md"
    chapter.write_text(chapter.read_text() + "\nZnak 漢 nie je v písme.\n")
    result = run_build(root, "pdf", "--lang", "sk")
    assert result.returncode != 0
    assert "U+6F22" in result.stderr and "chapters/alpha" in result.stderr
    assert not pdf_path(root, "sk").exists()


def test_variants_are_files_of_their_own(tmp_path):
    root = make_project(tmp_path / "p")
    assert run_build(root, "pdf", "--lang", "en").returncode == 0
    published = hashlib.sha256(pdf_path(root, "en").read_bytes()).hexdigest()
    assert run_build(root, "pdf", "--lang", "en", "--pdf-variant", "pdf/a-3b").returncode == 0
    assert run_build(root, "pdf", "--lang", "en", "--print").returncode == 0
    assert hashlib.sha256(pdf_path(root, "en").read_bytes()).hexdigest() == published
    archival = pypdf.PdfReader(pdf_path(root, "en", "-pdfa-3b"))
    xmp = archival.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert "pdfaid:part" in xmp and re.search(r"pdfaid:part[^0-9]*3", xmp)
    page = pypdf.PdfReader(pdf_path(root, "en", "-print")).pages[3]
    bleed = float(page.mediabox.width) - float(page.trimbox.width)
    assert abs(bleed - 2 * 3 * MM) < 0.5


def test_a_numbered_toctree_numbers_the_printed_sections(tmp_path):
    """`:numbered:` on the book's toctree: each chapter's heading carries its place in
    the toctree, and its sections their own number below it, in the print HTML and on
    the PDF's pages (singlehtml keys the numbers by '<doc>/#<id>'; the print builder
    renames every id, so a number that missed its id would silently print nothing)."""
    root = make_project(tmp_path / "p")
    index = root / "book" / "index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("```{toctree}\n", "```{toctree}\n:numbered:\n"), encoding="utf-8")
    order = re.search(r"```\{toctree\}\n(.*?)```", text, re.S).group(1).split()
    result = run_build(root, "pdf", "--lang", "sk")
    assert result.returncode == 0, result.stderr
    page = (root / "_build/.work/sk/print/index.html").read_text(encoding="utf-8")
    printed = " ".join(" ".join((p.extract_text() or "").split())
                       for p in pypdf.PdfReader(pdf_path(root, "sk")).pages)
    numbered = 0
    for position, doc in enumerate(order, start=1):
        block = page.split(f'id="doc-{doc.replace("/", "-")}"', 1)[1]
        heading = re.search(r"<h[1-6][^>]*>(.*?)</h[1-6]>", block, re.S).group(1)
        assert f'<span class="section-number">{position}. </span>' in heading, (doc, heading)
        own = block.split('<div class="doc', 1)[0]
        subs = re.findall(r'<h[1-6][^>]*><span class="section-number">(\d+)\.(\d+)\. </span>'
                          r'(.*?)</h[1-6]>', own, re.S)
        assert all(int(major) == position for major, _, _ in subs), (doc, subs)
        for number, title in [(f"{position}.", heading)] + [(f"{a}.{b}.", t) for a, b, t in subs]:
            words = " ".join(html.unescape(re.sub(r'<span class="section-number">.*?</span>|'
                                                  r'<a class="headerlink".*?</a>|<[^>]+>', "",
                                                  title)).split())
            assert re.search(rf"(?<![\d.]){re.escape(number)} ?{re.escape(words)}", printed), \
                (number, words)
            numbered += 1
    assert re.search(r'<span class="section-number">1\.1\. </span>', page)
    assert numbered >= len(order) + 2  # the chapters and at least two of their sections
