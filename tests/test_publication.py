"""The real publication: the release build of all three editions passes."""
from __future__ import annotations

import pypdf

from conftest import REPO, run_build


def test_release_build_of_the_book_passes(tmp_path):
    """`make pdf STRICT=1` on the book itself, into a build folder of the test's own:
    no untranslated or fuzzy message, no catalog error, no Sphinx warning."""
    result = run_build(REPO, "all", "--strict", "--build-dir", str(tmp_path / "_build"),
                       timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    for lang in ("sk", "cs", "en"):
        pdf = tmp_path / "_build" / "pdf" / f"twinning-{lang}.pdf"
        reader = pypdf.PdfReader(pdf)
        assert len(reader.pages) > 60
        cover = reader.pages[0].extract_text()
        assert "%" not in cover  # no "DRAFT · N % translated" on a complete edition
        assert (tmp_path / "_build" / "html" / lang / "index.html").exists()
