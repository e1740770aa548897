"""The real publication: the release build of all three editions passes."""
from __future__ import annotations

import pypdf


def test_release_build_of_the_book_passes(released_book):
    """`make all STRICT=1` on the book itself, into a build folder of the test's own:
    no untranslated or fuzzy message, no catalog error, no Sphinx warning."""
    result, build_dir = released_book
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-5000:]
    for lang in ("sk", "cs", "en"):
        pdf = build_dir / "pdf" / f"twinning-{lang}.pdf"
        reader = pypdf.PdfReader(pdf)
        assert len(reader.pages) > 60
        cover = reader.pages[0].extract_text()
        assert "%" not in cover  # no "DRAFT · N % translated" on a complete edition
        assert (build_dir / "html" / lang / "index.html").exists()
        assert (build_dir / "epub" / f"twinning-{lang}.epub").exists()
