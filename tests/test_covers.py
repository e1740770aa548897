"""Covers: the front cover's artwork and words, the back cover's blurb, and the ISBN's
EAN-13 barcode, decoded back from the rendered page with zbar (an independent reader)."""
from __future__ import annotations

import re
import subprocess

import pdfplumber
import pytest
from PIL import Image

from conftest import make_project, run_build
from press.core.state import BuildError
from press.i18n.labels import label
from press.print import covers

# A fixture ISBN (the example of ISO 2108 texts and Wikipedia), never the book's own:
# the publishers have not assigned those yet.
FIXTURE_ISBN = "978-3-16-148410-0"


def independent_check_digit(first12: str) -> int:
    odd = sum(int(first12[i]) for i in range(0, 12, 2))
    even = sum(int(first12[i]) for i in range(1, 12, 2))
    return (10 - (odd + 3 * even) % 10) % 10


def test_fixture_isbn_has_a_valid_check_digit():
    digits = FIXTURE_ISBN.replace("-", "")
    assert independent_check_digit(digits[:12]) == int(digits[12])
    assert covers.isbn_digits(FIXTURE_ISBN) == digits


@pytest.mark.parametrize("bad, problem", [("978-3-16-148410-1", "wrong check digit, expected 0"),
                                          ("3-16-148410-X", "13 digits"),
                                          ("978316148410", "13 digits")])
def test_a_bad_isbn_fails_with_a_clear_message(bad, problem):
    with pytest.raises(BuildError, match=re.escape(problem)):
        covers.isbn_digits(bad)


def test_barcode_is_vector_art_of_95_modules():
    svg = covers.barcode_svg("9783161484100")
    bars = re.findall(r'<rect x="([\d.]+)" y="0" width="([\d.]+)"', svg)
    covered = sum(float(w) for _, w in bars) / covers.MODULE_MM
    assert round(covered) == covers.ean13_modules("9783161484100").count("1")
    assert "style=" not in svg


@pytest.fixture(scope="module")
def isbn_book(tmp_path_factory):
    """The fixture project, English edition, with a fixture ISBN in its conf.py."""
    root = make_project(tmp_path_factory.mktemp("isbn"))
    conf = root / "book" / "conf.py"
    text = conf.read_text(encoding="utf-8")
    text, n = re.subn(r'"en": \{"isbn": ""\}', f'"en": {{"isbn": "{FIXTURE_ISBN}"}}', text)
    assert n == 1, "book/conf.py's editions changed; update this fixture"
    conf.write_text(text, encoding="utf-8")
    result = run_build(root, "pdf", "--lang", "en")
    assert result.returncode == 0, result.stdout + result.stderr
    return root / "_build/pdf/twinning-en.pdf"


def test_back_cover_barcode_decodes_to_the_isbn(isbn_book, tmp_path):
    from pyzbar.pyzbar import decode

    with pdfplumber.open(isbn_book) as pdf:
        last = len(pdf.pages)
        text = pdf.pages[-1].extract_text()
    assert last % 2 == 0, "the back cover is a left-hand page"
    assert f"ISBN {FIXTURE_ISBN}" in text
    subprocess.run(["pdftoppm", "-r", "300", "-gray", "-png", "-f", str(last), "-l", str(last),
                    str(isbn_book), str(tmp_path / "back")], check=True)
    (image,) = tmp_path.glob("back*.png")
    found = decode(Image.open(image))
    assert [(f.type, f.data.decode()) for f in found] == [("EAN13", FIXTURE_ISBN.replace("-", ""))]


@pytest.mark.parametrize("lang", ["sk", "cs", "en"])
def test_covers_in_every_edition(built_project, lang):
    """Front: title, publishers, edition and the artwork; back: the blurb, no barcode
    without an ISBN (the book never prints an invented one)."""
    root = built_project
    words = lambda msgid: label(lang, msgid, root / "locales")
    with pdfplumber.open(root / f"_build/pdf/twinning-{lang}.pdf") as pdf:
        front, back = pdf.pages[0], pdf.pages[-1]
        front_text = " ".join(front.extract_text().split())
        back_text = " ".join(back.extract_text().split())
        assert len(pdf.pages) % 2 == 0
        assert front.curves or front.rects, "no artwork on the front cover"
    assert " ".join(words("Town Twinning").split()) in front_text
    assert words("Edition") in front_text
    blurb = " ".join(words(
        "How does a town find a partner abroad, write an agreement that works, pay for "
        "the first exchanges and keep a partnership alive over the years? This guide "
        "answers these questions for mayors, councillors and municipal staff in "
        "Slovakia and the Czech Republic. It draws on examples of good practice from "
        "Slovak and Czech towns and villages – real ones with their sources, and "
        "illustrative ones marked as such – and on statistics of the partnerships that "
        "Slovak and Czech municipalities keep with municipalities in Europe and beyond.").split())
    first_words = " ".join(blurb.split()[:4])
    assert first_words in back_text.replace("\u00a0", " ")
    assert "ISBN" not in back_text


@pytest.mark.parametrize("lang", ["sk", "cs", "en"])
def test_cover_spread_spine_follows_the_page_count(built_project, lang):
    """Back, spine and front on one page with 3 mm bleed; the spine is one paper
    thickness (book/conf.py) per leaf of the book."""
    import pypdf
    from press.core.project import Project

    conf = Project(built_project).conf
    book = built_project / f"_build/pdf/twinning-{lang}.pdf"
    spread = built_project / f"_build/pdf/cover/twinning-{lang}-cover.pdf"
    pages = len(pypdf.PdfReader(book).pages)
    reader = pypdf.PdfReader(spread)
    assert len(reader.pages) == 1
    page = reader.pages[0]
    mm = 25.4 / 72
    trim_w = float(page.trimbox.width) * mm
    spine = -(-pages // 2) * conf["press_paper_leaf_mm"]
    assert trim_w == pytest.approx(2 * 148 + spine, abs=0.1)
    assert float(page.trimbox.height) * mm == pytest.approx(210, abs=0.1)
    assert float(page.mediabox.width) * mm == pytest.approx(trim_w + 2 * 3, abs=0.1)
    with pdfplumber.open(spread) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    assert label(lang, "Town Twinning", built_project / "locales") in text
