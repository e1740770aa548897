"""`make preview DOC=<document> LANGS=<lang>`: one document as it will print, in seconds.

The print HTML of the edition is brought up to date (Sphinx, incrementally), and only
the document's own `<div class="doc">` is rendered, with the book's head and styles.
The page map of the last full render (pagemap.py) gives it its real first page number,
its side (left or right), its running head and the page numbers of cross-references
into the rest of the book. Without a map it starts at page 1, and says so.

Output: `_build/preview/<name>-<lang>-<document>.pdf`. A preview is never published and
never enters the page map.
"""
from __future__ import annotations

import re
from pathlib import Path

from press.core.project import Project
from press.core.state import BuildError
# The document's own <div>, inside the elements that enclose it in the book, starting
# on its page: the same HTML a splice renders, without the page of link targets a
# splice cuts off.
from press.print.splice import extract, fragment_html


def docname(project: Project, given: str) -> str:
    """`cases/x.yaml`, `book/chapters/x.md`, `chapters/x` all name a document."""
    name = given.strip().removeprefix("./").removeprefix("book/")
    return re.sub(r"\.(md|yaml|yml|rst)$", "", name)


def preview(project: Project, lang: str, given: str, opts, sphinx: bool = True) -> Path:
    from press.build.edition import progress
    from press.print import doc_anchor, pagemap, pdf

    doc = docname(project, given)
    if sphinx or _rewritten(project, lang):
        progress(opts, lang, f"preview {doc}: Sphinx print HTML")
        _print_html_beside_weasyprint(project, lang, opts)
    folder = project.work / lang / "print"
    text = (folder / "index.html").read_text(encoding="utf-8")
    anchor = doc_anchor(doc)
    if extract(text, anchor) is None:
        raise BuildError(f"preview: no document {doc} in the {lang} edition (give it as "
                         "cases/<id> or chapters/<name>)")
    first, head, css, anchors = _numbering(project, lang, doc, anchor, text, folder)
    text, _ = pagemap.with_literals(text, anchors)
    out_dir = project.build / "preview"
    out_dir.mkdir(parents=True, exist_ok=True)
    name = f"{project.pdf_path(lang, '').stem}-{doc.replace('/', '-')}"
    source = folder / f"preview-{doc.replace('/', '-')}.html"   # beside the images
    here = {a for a, p in anchors.items() if p == first}
    source.write_text(fragment_html(text, anchor, first, head, css, here=here), encoding="utf-8")
    out = out_dir / f"{name}.pdf"
    progress(opts, lang, f"preview {doc}: WeasyPrint, from page {first}")
    try:
        pdf.render(source, out, [folder, project.fonts], document=f"{lang} preview",
                   variant=None)
    finally:
        source.unlink(missing_ok=True)
    if first % 2 == 0:
        _drop_first_page(out)
    return out


def _numbering(project: Project, lang: str, doc: str, anchor: str, text: str,
               folder: Path) -> tuple[int, str, str, dict]:
    """First page, running head, the literals' CSS and the anchors' pages, from the
    page map of the last full render; without one, page 1 and no page numbers."""
    from press.print import pagemap

    known = pagemap.load(pagemap.path_for(project.work / lang))
    entry = (known or {}).get("docs", {}).get(anchor)
    if entry is None:
        why = "no full render of this edition" if not known else "new since the last full render"
        print(f"preview: no page map for {doc} yet ({why}): "
              "numbered from page 1, cross-references without page numbers; "
              f"`make pdf LANGS={lang}` makes the map", flush=True)
        return 1, "", "", {}
    assert known is not None            # entry came from it
    css = pagemap.literal_css(pagemap.style_texts(text, folder))
    return entry["first"], entry["head"], css, known["anchors"]


def _rewritten(project: Project, lang: str) -> bool:
    """Whether the print HTML is no longer the one the last full render laid out (the
    page map keeps its hash): an edit was previewed and then undone, so the published
    PDF is current again but the print HTML still has the edit."""
    from press.print import pagemap

    known = pagemap.load(pagemap.path_for(project.work / lang))
    index = project.work / lang / "print" / "index.html"
    if known is None or not index.is_file():
        return False
    return known.get("html_sha256") != pagemap.digest(index.read_text(encoding="utf-8"))


def print_html(project: Project, lang: str, opts) -> None:
    """The edition's print HTML brought up to date by Sphinx, incrementally: the same
    edition value as `make pdf` makes, so a preview reads only what changed and leaves
    nothing that makes the next full build read everything again."""
    from press.build.edition import make_edition, run_sphinx
    from press.content.sources import assemble

    edition = make_edition(project, lang, assemble(project), opts.draft)
    (project.work / lang).mkdir(parents=True, exist_ok=True)
    run_sphinx(edition, "print", opts)


def _print_html_beside_weasyprint(project: Project, lang: str, opts) -> None:
    """print_html in a forked child while this process imports WeasyPrint for the render
    that follows. The import is about 0.4 s of CPU, most of it cffi parsing Pango's C
    declarations; on a second core it is off the editor's wait (issue 21). Nothing the
    child does is needed here but the files it writes; its BuildError comes back as one."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from press.print import pdf

    # fork, not spawn: the child has this process' imports already, and forks before
    # the executor starts its thread (the start method that launches workers up front).
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork"),
                             initializer=_rarer_collections) as pool:
        job = pool.submit(print_html, project, lang, opts)
        pdf.import_weasyprint()     # the render's import, done while Sphinx runs
        job.result()


def _rarer_collections() -> None:
    """In the Sphinx child: the objects it inherits are never garbage (gc.freeze keeps the
    cycle collector off them), and young collections as rare as in a render (pdf.py):
    unpickling every doctree to assemble the book allocates millions of objects."""
    import gc

    from press.print.pdf import GC_YOUNG

    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def _drop_first_page(path: Path) -> None:
    import pypdf
    from press.core.state import write_atomic
    import io

    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(path))
    writer.remove_page(0)
    data = io.BytesIO()
    writer.write(data)
    write_atomic(path, data.getvalue())
