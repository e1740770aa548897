"""make preview: one document at its real page numbers, from the page map."""
from __future__ import annotations

import json

import pypdf

from conftest import make_project, run_build


def test_preview_prints_a_case_as_the_book_does(tmp_path):
    root = make_project(tmp_path / "p")
    assert run_build(root, "pdf", "--lang", "sk").returncode == 0
    book = pypdf.PdfReader(root / "_build/pdf/twinning-sk.pdf")
    pagemap = json.loads((root / "_build/.work/sk/pagemap.json").read_text())
    checked = 0
    for doc in ("cases/beta-town", "chapters/beta"):
        entry = pagemap["docs"]["doc-" + doc.replace("/", "-")]
        result = run_build(root, "preview", "--doc", doc, "--lang", "sk")
        assert result.returncode == 0, result.stdout + result.stderr
        preview = pypdf.PdfReader(root / f"_build/preview/twinning-sk-{doc.replace('/', '-')}.pdf")
        assert len(preview.pages) == entry["last"] - entry["first"] + 1
        # Same page number, same running head, same lines, same "(p. N)": the page as
        # the book prints it, read back from the book itself.
        for i, page in enumerate(preview.pages):
            assert page.extract_text() == book.pages[entry["first"] - 1 + i].extract_text()
            checked += 1
    assert checked >= 2
    (root / "_build/.work/sk/pagemap.json").unlink()
    result = run_build(root, "preview", "--doc", "cases/beta-town.yaml", "--lang", "sk")
    assert result.returncode == 0 and "no page map" in result.stdout
    first = pypdf.PdfReader(root / "_build/preview/twinning-sk-cases-beta-town.pdf").pages[0]
    assert first.extract_text().split()[-1] == "1"


def test_preview_of_an_unknown_document_is_an_error(tmp_path):
    root = make_project(tmp_path / "p")
    result = run_build(root, "preview", "--doc", "cases/no-such-case", "--lang", "sk")
    assert result.returncode != 0 and "no document cases/no-such-case" in result.stderr


def test_preview_after_an_edit_is_undone_shows_the_sources(tmp_path):
    # The published PDF is current again once the edit is undone, but the previewed
    # edit is still in the print HTML: the preview must not show it.
    root = make_project(tmp_path / "p")
    assert run_build(root, "pdf", "--lang", "sk").returncode == 0
    case = root / "cases/beta-town.yaml"
    original = case.read_text(encoding="utf-8")
    case.write_text(original.replace("do partnerské obce.", "do partnerské obce Zzyzx."),
                    encoding="utf-8")
    out = root / "_build/preview/twinning-sk-cases-beta-town.pdf"

    def shown() -> str:
        result = run_build(root, "preview", "--doc", "cases/beta-town", "--lang", "sk")
        assert result.returncode == 0, result.stdout + result.stderr
        return "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)

    assert "Zzyzx" in shown()
    case.write_text(original, encoding="utf-8")
    assert "Zzyzx" not in shown()
