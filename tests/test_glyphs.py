"""The glyph check: characters missing from the book's fonts are found and named.

Fonts: the vendored Charis SIL under fonts/ once it is there, else DejaVu from the
system. Small fonts with a known character set are cut from it with fontTools'
subsetter, so the tests control exactly what is covered.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from press import ROOT
from press.print.glyphs import check_html, covered_codepoints, missing_glyphs

VENDORED = sorted((ROOT / "fonts").glob("*.ttf"))
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")


def book_font() -> Path:
    if (ROOT / "fonts" / "CharisSIL-Regular.ttf").exists():
        return ROOT / "fonts" / "CharisSIL-Regular.ttf"
    if VENDORED:
        return VENDORED[0]
    assert DEJAVU.exists(), "no font to test with: fonts/*.ttf or DejaVu Serif"
    return DEJAVU


def cmap_of(path: Path) -> set[int]:
    """Independent reading of a font's coverage, for the tests' expectations."""
    font = TTFont(str(path))
    return {code for table in font["cmap"].tables if table.isUnicode()
            for code in table.cmap}


def cut_font(tmp_path: Path, chars: str, name: str) -> Path:
    """A font from the book font holding exactly `chars`."""
    out = tmp_path / f"{name}.ttf"
    options = subset.Options()
    options.notdef_outline = True
    font = TTFont(str(book_font()))
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    font.save(str(out))
    assert cmap_of(out) == {ord(c) for c in chars}
    return out


# Illustrative text with made-up names; all sk/cs letters and the marks typography sets.
COVERED = ("Žluťoučký kůň úpěl ďábelské ódy; Ľubica, Ôrava, Ŕ, ä, ň — „Fiktívno“ "
           "a\u00a0‚Smyšlenov‘, “Testville” – 12\u00a0% … ’90s")


def test_covered_text_passes():
    font = book_font()
    assert {ord(c) for c in COVERED if not c.isspace() or c == "\u00a0"} <= cmap_of(font)
    assert missing_glyphs([(COVERED, "chapters/intro")], [font]) == []


def test_missing_glyph_is_found_and_named():
    font = book_font()
    assert ord("漢") not in cmap_of(font) and 0x1F600 not in cmap_of(font)
    found = missing_glyphs([("Fiktívno 漢 a 😀", "cases/fiktivno"), ("ok", "index"),
                            ("znova 漢", "cases/fiktivno")], [font])
    assert found == [("漢", "cases/fiktivno"), ("😀", "cases/fiktivno")]


def test_coverage_is_the_union_of_the_fonts(tmp_path):
    a = cut_font(tmp_path, "ab", "a")
    b = cut_font(tmp_path, "cd", "b")
    assert covered_codepoints([a, b]) == {ord(c) for c in "abcd"}
    found = missing_glyphs([("abcde", "p")], [a, b])
    assert found == [("e", "p")]


def test_nbsp_and_punctuation_must_be_in_the_font(tmp_path):
    font = cut_font(tmp_path, "abv", "letters")
    text = "a\u00a0b „v“ – …"
    assert missing_glyphs([(text, "p")], [font]) == [
        (c, "p") for c in ["\u00a0", "„", "“", "–", "…"]]


def test_breaking_space_and_invisible_characters_are_not_checked(tmp_path):
    font = cut_font(tmp_path, "ab", "letters")
    text = "a b\tb\na\r\u00adb\u200ba\u200d\ufeff"
    assert missing_glyphs([(text, "p")], [font]) == []


PRINT_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Kniha 😀</title>
<style>p::before {{ content: "漢"; }}</style><script>var x = "漢";</script></head>
<body>
<h1>Úvod</h1><p>Bez wrappera: znak 字 tu.</p>
<section id="doc-chapters-funding"><h1>Financovanie</h1>
<p id="p1">Grant pre <b>Fiktívno</b> 😀 a <i>opäť</i> 😀 koniec.</p><!-- 漢 --> chvost
</section>
<section id="doc-cases-smyslenov"><p>Všetko pokryté „áno“.</p></section>
</body></html>
"""


@pytest.fixture
def print_html(tmp_path):
    path = tmp_path / "print.html"
    path.write_text(PRINT_HTML.format(), encoding="utf-8")
    return path


def test_check_html_names_character_document_and_context(print_html):
    font = book_font()
    assert not {ord("字"), 0x1F600} & cmap_of(font)
    errors = check_html(print_html, [font], docnames=["chapters/funding", "cases/smyslenov"])
    assert errors == [
        # Before any document wrapper: named by the nearest preceding heading.
        "Úvod: U+5B57 '字' is not in the book's fonts (Bez wrappera: znak 字 tu.)",
        # Inside doc-chapters-funding: the docname, once, with a count.
        "chapters/funding: U+1F600 '😀' is not in the book's fonts "
        "(Grant pre Fiktívno 😀 a opäť 😀 koniec., 2 times)",
    ]
    # Head, style, script and comments are not laid out: their 漢 is not reported.


def test_check_html_without_docnames_uses_the_wrapper_id(print_html):
    errors = check_html(print_html, [book_font()])
    assert [e.split(":")[0] for e in errors] == ["Úvod", "chapters-funding"]


def test_check_html_passes_a_covered_page(tmp_path):
    path = tmp_path / "ok.html"
    path.write_text(f'<html><body><div id="doc-index"><p>{COVERED}</p></div></body></html>',
                    encoding="utf-8")
    assert check_html(path, [book_font()]) == []


def test_context_is_cut_around_the_character(tmp_path):
    before, after = "a" * 60, "b" * 60
    path = tmp_path / "long.html"
    path.write_text(f'<html><body><div id="doc-index"><p>{before}字{after}</p></div>'
                    "</body></html>", encoding="utf-8")
    [error] = check_html(path, [book_font()])
    # 24 characters either side, marked as cut on both ends.
    assert error.endswith(f"(…{'a' * 24}字{'b' * 24}…)")
