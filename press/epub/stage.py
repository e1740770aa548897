"""The EPUB as an artifact of an edition's Sphinx task (press/build/edition.py).

A third Sphinx pass, after the HTML and print HTML of the same worker, on the same
doctrees: it only writes (nothing is read again), then the EPUB is published with
write-and-rename, so `_build/epub/` holds the old file or the new one, never half.
"""
from __future__ import annotations

import shutil
import time


def build_epub(project, lang: str, opts):
    from press.build.edition import Artifact, _gate, progress, run_sphinx
    from press.core.state import publish_file
    from press.epub import epub_path

    t0 = time.monotonic()
    progress(opts, lang, "epub: Sphinx")
    # Written from scratch each time (the doctrees are reused, so this costs only the
    # writing): Sphinx never deletes a page whose document is gone, and the EPUB
    # builder packs every file it finds, so a removed case would live on in the book.
    shutil.rmtree(project.work / lang / "epub", ignore_errors=True)
    warnings = run_sphinx(project, lang, "epub", opts)
    _gate(lang, "epub", warnings, opts)
    built = project.work / lang / "epub" / epub_path(project, lang).name
    out = epub_path(project, lang)
    publish_file(built, out)
    return Artifact(lang, "epub", str(out), bytes=out.stat().st_size,
                    seconds=time.monotonic() - t0, warnings=warnings)
