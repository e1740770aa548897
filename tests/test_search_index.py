"""The website's search index after incremental builds: each must be the index a clean
build of the same sources writes. Index entries (`indexentries`: the search page finds a
case by its town's index term) were lost when a run wrote some pages or none
(press.patches.sphinx_index_entries, docs/upstream.md), and pages that the print
build read again for a new toolchain were never written again (press.ext's
press_pages_edition)."""
from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from conftest import make_project, run_build

pytestmark = [pytest.mark.build, pytest.mark.slow]


def search_index(root: Path, lang: str) -> dict:
    text = (root / "_build" / "html" / lang / "searchindex.js").read_text(encoding="utf-8")
    prefix, suffix = "Search.setIndex(", ")"
    assert text.startswith(prefix) and text.rstrip().endswith(suffix), text[:80]
    return json.loads(text.strip()[len(prefix):-len(suffix)])


def built(root: Path, *args: str) -> None:
    result = run_build(root, *args)
    assert result.returncode == 0, result.stdout + result.stderr


def clean_index(tmp_path: Path, edit) -> dict:
    """The index of a clean HTML build of the fixture with `edit` made to its sources."""
    root = make_project(tmp_path / "clean")
    edit(root)
    built(root, "html", "--lang", "en")
    return search_index(root, "en")


def change_toolchain(root: Path) -> None:
    """A comment in a vocabulary: it changes the edition's fingerprint (the vocabularies
    are hashed into it, as the toolchain's code is), so Sphinx reads every document
    again, and nothing the pages show."""
    vocab = root / "cases" / "vocab" / "names.yaml"
    vocab.write_text(vocab.read_text(encoding="utf-8") + "\n# probe\n", encoding="utf-8")


def edit_chapter(root: Path) -> None:
    chapter = root / "book" / "chapters" / "alpha.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nOne more sentence.\n",
                       encoding="utf-8")


def test_pdf_then_html_after_a_toolchain_change_keeps_the_index_entries(tmp_path):
    root = make_project(tmp_path / "p")
    built(root, "html", "--lang", "en")
    change_toolchain(root)
    built(root, "pdf", "--lang", "en")    # reads every document again, writes no page
    built(root, "html", "--lang", "en")
    index, clean = search_index(root, "en"), clean_index(tmp_path, change_toolchain)
    assert clean["indexentries"], "the fixture's cases give index entries"
    assert index["indexentries"] == clean["indexentries"]
    assert index == clean


def test_an_edited_page_keeps_the_other_pages_index_entries(tmp_path):
    root = make_project(tmp_path / "p")
    built(root, "html", "--lang", "en")
    edit_chapter(root)                      # a chapter without index entries
    built(root, "html", "--lang", "en")     # writes that chapter (and the root) only
    index, clean = search_index(root, "en"), clean_index(tmp_path, edit_chapter)
    assert clean["indexentries"]
    assert index["indexentries"] == clean["indexentries"]
    assert index == clean


def test_pages_the_print_build_read_again_are_written_again(tmp_path):
    """A label is rendered while a case page is read; after a new label (in the
    fingerprint) the pdf build reads the page again, and the next html build must
    write it, though its source is older than the page."""
    root = make_project(tmp_path / "p")
    po_path = root / "locales/sk/LC_MESSAGES/press.po"
    catalog = polib.pofile(str(po_path))
    catalog.find("Results").msgstr = "Výsledky"
    catalog.save()
    built(root, "html", "--lang", "sk")
    catalog.find("Results").msgstr = "Čo sa podarilo"
    catalog.save()
    built(root, "pdf", "--lang", "sk")
    built(root, "html", "--lang", "sk")
    page = (root / "_build/html/sk/cases/alfa-town.html").read_text(encoding="utf-8")
    assert "Čo sa podarilo" in page and "Výsledky" not in page
