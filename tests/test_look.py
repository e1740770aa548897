"""Look at every page: each PDF of the fixture book rendered to PNG (pdftoppm, low
resolution, greyscale) must have no empty page except the intended blanks, and
pdfplumber (an independent reader) must find no character outside the type area."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

LANGS = ("sk", "cs", "en")
MM = 72 / 25.4
# print.css: inner margin 18 mm, outer 14 mm on body pages, 16 mm on front pages. No
# text may reach into the narrowest of them, nor within 6 mm of the top or bottom edge
# (running heads and folios sit in the middle of the 18 and 20 mm margins).
SIDE_MM, EDGE_MM, TOLERANCE = 14.0, 6.0, 0.5
INK_LEVEL = 200        # a grey pixel darker than this is ink
CHAPTER_TITLE_PT = 14.5  # chapter titles 17 pt, the contents heading 15 pt; body text 10 pt or less


@pytest.fixture(scope="module")
def rendered(built_project, tmp_path_factory):
    """Every page of the three PDFs as a 30 dpi greyscale PNG, rendered once."""
    out = tmp_path_factory.mktemp("pages")
    pages = {}
    for lang in LANGS:
        pdf = built_project / f"_build/pdf/twinning-{lang}.pdf"
        subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(out / lang)],
                       check=True)
        pages[lang] = sorted(out.glob(f"{lang}-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    return pages


def is_empty(png: Path) -> bool:
    with Image.open(png) as image:
        darkest = image.convert("L").getextrema()[0]
    return darkest >= INK_LEVEL


def opens_chapter(page) -> bool:
    return any(c["size"] >= CHAPTER_TITLE_PT for c in page.chars)


@pytest.mark.parametrize("lang", LANGS)
def test_no_empty_page_but_the_blanks_before_right_hand_openings(built_project, rendered, lang):
    pngs = rendered[lang]
    with pdfplumber.open(built_project / f"_build/pdf/twinning-{lang}.pdf") as pdf:
        assert len(pngs) == len(pdf.pages)
        blanks = []
        for number, png in enumerate(pngs, start=1):
            if not is_empty(png):
                continue
            blanks.append(number)
            last = number + 1 == len(pdf.pages)          # before the back cover (a left page)
            assert last or (number % 2 == 0 and opens_chapter(pdf.pages[number])), (
                f"{lang}: page {number} is empty and is not the blank before a right-hand "
                "chapter opening or the back cover")
            # A blank page is really blank: no text at all, not even a folio.
            assert not pdf.pages[number - 1].chars
    # The check can see ink: the front cover and most pages are not empty.
    assert not is_empty(pngs[0]) and len(blanks) < len(pngs) / 4


@pytest.mark.parametrize("lang", LANGS)
def test_no_text_outside_the_type_area(built_project, lang):
    outside = []
    with pdfplumber.open(built_project / f"_build/pdf/twinning-{lang}.pdf") as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            left, right = SIDE_MM * MM - TOLERANCE, float(page.width) - SIDE_MM * MM + TOLERANCE
            top, bottom = EDGE_MM * MM, float(page.height) - EDGE_MM * MM
            for c in page.chars:
                if c["text"].isspace():
                    continue
                if c["x0"] < left or c["x1"] > right or c["top"] < top or c["bottom"] > bottom:
                    outside.append(f"page {number}: {c['text']!r} at x {c['x0']:.1f}–{c['x1']:.1f}, "
                                   f"y {c['top']:.1f}")
    assert not outside, f"{lang}: {len(outside)} characters outside the type area: " + \
        "; ".join(outside[:10])
