"""The page map (press/print/pagemap.py): literal page numbers from the previous render,
checked against the real layout, never changing the bytes."""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pypdf

from conftest import make_project, run_build
from press.print import pagemap

# A small book: contents, "(p. N)" cross-references forward and back, an index.
CSS = """
@page { size: A6; margin: 10mm; @bottom-center { content: counter(page); } }
nav.toc li a::after { content: leader(". ") target-counter(attr(href), page); }
a.xref-page::after { content: " (p. " target-counter(attr(href), page) ")"; }
.index-page::before { content: target-counter(attr(href), page); }
section { break-before: page; }
"""


def book(chapters: int, filler: dict[int, int]) -> str:
    toc = "\n".join(f'<li class="toc-1"><a href="#c{i}">Chapter {i}</a></li>'
                    for i in range(chapters))
    body = []
    for i in range(chapters):
        text = " ".join(["Words fill the page here."] * 40 * filler.get(i, 1))
        ref = (f'<a class="xref-page reference internal" href="#c{(i + 2) % chapters}">'
               f'chapter {(i + 2) % chapters}</a>')
        body.append(f'<div class="doc level-1" id="doc-c{i}"><section><h2 id="c{i}">Chapter {i}'
                    f'</h2><p>See {ref}. {text}</p></section></div>')
    index = ", ".join(f'<a class="index-page" href="#c{i}"></a>' for i in range(chapters))
    return (f'<!DOCTYPE html><html lang="en"><head><style>{CSS}</style></head><body>'
            f'<nav class="toc"><ul>{toc}</ul></nav><main>{"".join(body)}</main>'
            f'<div><h2>Index</h2><ul><li>term <span>{index}</span></li></ul></div>'
            "</body></html>")


def render(folder: Path, html: str, map_path: Path, out: str) -> dict:
    folder.mkdir(exist_ok=True)
    (folder / "index.html").write_text(html, encoding="utf-8")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    return pagemap.render(folder, folder / out, [folder], map_path, document="test",
                          variant=None)


def test_literals_go_only_on_page_links():
    html = book(3, {})
    anchors = {"c0": 2, "c1": 3, "c2": 4}
    out, used = pagemap.with_literals(html, anchors)
    assert used == anchors
    # 3 contents entries, 3 cross-references, 3 index entries; nothing else changed
    assert out.count("data-page=") == 9
    assert re.sub(r' data-page="\d+"', "", out) == html
    assert pagemap.wrong_literals(used, {"c0": 2, "c1": 5, "c2": 4}) == {"c1": (3, 5)}


def test_literal_css_copies_each_target_counter_rule():
    css = pagemap.literal_css([CSS])
    assert 'nav.toc li a[data-page]::after { content: leader(". ") attr(data-page); }' in css
    assert 'a.xref-page[data-page]::after { content: " (p. " attr(data-page) ")"; }' in css
    assert ".index-page[data-page]::before { content: attr(data-page); }" in css
    assert "target-counter" not in css


def test_a_cold_guess_has_the_digits_of_the_target_position():
    # 300 pages of text (CHARS_PER_PAGE characters a page) with three headings between
    # blocks of 3, 147, 146 and 4 pages; the guess is 1 + the heading's share of the text
    # times the pages. Styles and tags are no text.
    page = "x" * (pagemap.CHARS_PER_PAGE - 1) + " "
    blocks = (3, 147, 146, 4)
    toc = '<nav class="toc"><ul>' + "".join(
        f'<li class="toc-1"><a href="#h{i}">H</a></li>' for i in range(3)) + "</ul></nav>"
    body = "".join(page * n + (f'<h2 id="h{i}">H</h2>' if i < 3 else "")
                   for i, n in enumerate(blocks))
    text = (f"<html><head><style>{'p { color: red; }' * 999}</style></head>"
            f"<body>{toc}{body}</body></html>")
    total = 3 + pagemap.CHARS_PER_PAGE * 300 + 3          # the toc's and headings' "H"
    guess = pagemap.first_guess(text)
    assert set(guess) == {"h0", "h1", "h2"}
    for i in range(3):
        before = 3 + pagemap.CHARS_PER_PAGE * sum(blocks[:i + 1]) + i
        assert guess[f"h{i}"] == 1 + int(before / total * 300)
    assert [len(str(guess[f"h{i}"])) for i in range(3)] == [1, 3, 3]


def test_map_render_is_cold_render_and_lays_out_each_page_once(tmp_path):
    html = book(6, {1: 3, 4: 2})
    map_path = tmp_path / "pagemap.json"
    cold = render(tmp_path / "a", html, map_path, "cold.pdf")
    assert cold["mode"] == "cold" and cold["passes"] >= 2 and cold["layouts"] <= cold["passes"] * (cold["pages"] + 1)
    recorded = json.loads(map_path.read_text())
    # The map against the PDF itself: each chapter's anchor is on the page its
    # bookmark-free named destination points at, found by reading the page text.
    reader = pypdf.PdfReader(tmp_path / "a" / "cold.pdf")
    for i in range(6):
        page = next(n for n, p in enumerate(reader.pages, 1)
                    if re.search(rf"^Chapter {i}$", p.extract_text(), re.M))
        assert recorded["anchors"][f"c{i}"] == page
        assert recorded["docs"][f"doc-c{i}"]["first"] == page
        assert recorded["docs"][f"doc-c{i}"]["head"] == f"Chapter {i}"
    warm = render(tmp_path / "b", html, map_path, "warm.pdf")
    assert warm["mode"] == "map" and warm["passes"] == 1
    assert warm["layouts"] == warm["pages"] == cold["pages"]
    assert (tmp_path / "b" / "warm.pdf").read_bytes() == (tmp_path / "a" / "cold.pdf").read_bytes()
    assert not (tmp_path / "b" / pagemap.PAGED_HTML).exists()


def test_an_edit_that_moves_pages_is_corrected(tmp_path):
    map_path = tmp_path / "pagemap.json"
    render(tmp_path / "a", book(6, {1: 3}), map_path, "old.pdf")
    before = json.loads(map_path.read_text())["anchors"]
    edited = book(6, {1: 5, 3: 2})   # chapter 1 grows: every later chapter moves
    moved = render(tmp_path / "b", edited, map_path, "moved.pdf")
    after = json.loads(map_path.read_text())["anchors"]
    assert any(before[f"c{i}"] != after[f"c{i}"] for i in range(6))
    assert moved["mode"] == "corrected" and moved["passes"] >= 2
    map_path.unlink()
    cold = render(tmp_path / "c", edited, map_path, "cold.pdf")
    assert cold["mode"] == "cold"
    assert (tmp_path / "b" / "moved.pdf").read_bytes() == (tmp_path / "c" / "cold.pdf").read_bytes()


def test_a_map_that_does_not_settle_falls_back_to_target_counter(tmp_path, monkeypatch):
    from press.print import pdf

    map_path = tmp_path / "pagemap.json"
    render(tmp_path / "a", book(5, {}), map_path, "old.pdf")
    edited = book(5, {0: 4})
    monkeypatch.setattr(pagemap, "MAX_CORRECTIONS", 0)
    result = render(tmp_path / "b", edited, map_path, "fallback.pdf")
    assert result["mode"] == "fallback" and result["passes"] == 2
    assert any("did not settle" in w for w in result["warnings"])
    plain = pdf.render(tmp_path / "b" / "index.html", tmp_path / "plain.pdf", [tmp_path / "b"],
                       document="test", variant=None)
    assert plain["layouts"] > plain["pages"]
    assert (tmp_path / "b" / "fallback.pdf").read_bytes() == (tmp_path / "plain.pdf").read_bytes()


def test_a_torn_map_is_ignored(tmp_path):
    map_path = tmp_path / "pagemap.json"
    map_path.write_text("{not json")
    result = render(tmp_path / "a", book(3, {}), map_path, "x.pdf")
    assert result["mode"] == "cold"
    assert json.loads(map_path.read_text())["pages"] == result["pages"]


LAYOUTS = re.compile(r"pdf: (\d+) pages, (\d+) page layouts in (\d+) pass\(es\), page map: (\w+)")


def test_a_rebuild_of_the_book_uses_the_map_and_gives_the_cold_bytes(tmp_path):
    """Through the real command line: the map a build leaves in _build/.work never
    changes the published PDF's bytes, and a right map lays out each page once."""
    warm = make_project(tmp_path / "warm")
    first = run_build(warm, "pdf", "--lang", "sk")
    assert first.returncode == 0, first.stdout + first.stderr
    pages, layouts, passes, mode = LAYOUTS.search(first.stdout).groups()
    assert mode == "cold" and int(passes) >= 2 and int(layouts) >= 2 * int(pages)
    chapter = warm / "book/chapters/alpha.md"
    chapter.write_text(chapter.read_text() + "\n" + "Nový odsek posúva strany. " * 300 + "\n")
    second = run_build(warm, "pdf", "--lang", "sk")
    assert second.returncode == 0, second.stdout + second.stderr
    assert LAYOUTS.search(second.stdout).group(4) in ("map", "corrected")
    # the same sources, built cold in a project of their own
    cold = make_project(tmp_path / "cold")
    (cold / "book/chapters/alpha.md").write_text(chapter.read_text())
    assert run_build(cold, "pdf", "--lang", "sk").returncode == 0
    published = "_build/pdf/twinning-sk.pdf"
    assert (warm / published).read_bytes() == (cold / published).read_bytes()
    # the map is now exact: forced to render again, it lays out every page once
    kept = (warm / published).read_bytes()
    (warm / published).unlink()
    third = run_build(warm, "pdf", "--lang", "sk")
    pages, layouts, passes, mode = LAYOUTS.search(third.stdout).groups()
    assert (mode, passes) == ("map", "1") and layouts == pages
    assert (warm / published).read_bytes() == kept
