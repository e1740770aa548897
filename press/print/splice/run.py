"""The build's entry: the changed documents rendered alone, each checked against the
book's page map (its pages, anchors and margins) and grafted in; the result read back
before it replaces the published PDF."""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from press.print.splice.fragment import ancestry, fragment_html, outside_targets, trailing_content
from press.print.splice.graft import splice
from press.print.splice.readback import check, write
from press.print.splice.record import _DOC, _ID, END, Refused, changed, environment, remember


def _owned_pages(docs: dict, anchor: str, part: str, path: list) -> tuple[int, int]:
    """The document's pages from the page map; Refused if another document, not one
    inside it or around it, has a page among them. (What an enclosing document
    holds on those pages is compared in splice(), element by element.)"""
    entry = docs.get(anchor)
    if entry is None:
        raise Refused(f"{anchor} is not in the page map")
    first, last = int(entry["first"]), int(entry["last"])
    inner = set(_DOC.findall(part)) | {d for _, tag, _ in path for d in _DOC.findall(tag)}
    for other, e in docs.items():
        if other not in inner and int(e["first"]) <= last and int(e["last"]) >= first:
            raise Refused(f"{anchor} shares a page with {other}")
    return first, last


def _page_area(page) -> tuple[float, float]:
    """Top and bottom of a laid-out page's page area, in PDF points from the top of
    its media box (WeasyPrint's CSS pixels are 0.75 pt)."""
    box = page._page_box
    top = box.bleed["top"] + box.margin_top
    return top * 0.75, (top + box.height) * 0.75


def _margin_text(pdf, indexes: list[int], areas: list[tuple[float, float]]) -> list[str]:
    """The text of each page of `pdf` (pikepdf) outside its page area: running heads,
    page numbers. pdfplumber reads a copy of those pages only (opening a 300-page book
    cost it three seconds)."""
    import pdfplumber
    import pikepdf
    few = pikepdf.new()
    for n in indexes:
        few.pages.append(pdf.pages[n])
    data = io.BytesIO()
    few.save(data)
    found = []
    with pdfplumber.open(data) as plumber:
        for page, (top, bottom) in zip(plumber.pages, areas):
            chars = [c for c in page.chars if c["bottom"] <= top or c["top"] >= bottom]
            chars.sort(key=lambda c: (round(c["top"]), c["x0"]))
            found.append("".join(c["text"] for c in chars))
    return found


@dataclass
class _Job:
    """One splice of the published PDF: what every document's turn reads, and what
    the turns gather."""
    folder: Path
    work_lang: Path
    roots: list[Path]
    document: str
    variant: str
    stylesheets: list[Path]
    known: dict                 # the page map of the published PDF
    anchors: dict[str, int]
    paged: str                  # the print HTML with the page numbers written in
    css: str
    old: Any                    # the published PDF (pikepdf), changed in memory
    warnings: list[str] = field(default_factory=list)
    layouts: int = 0
    fresh: dict[str, int] = field(default_factory=dict)
    spliced_pages: set[int] = field(default_factory=set)


def render(folder: Path, out: Path, roots: list[Path], work_lang: Path, *, document: str,
           variant: str, stylesheets: list[Path], fonts: Path) -> dict:
    """Splice the changed documents into the published PDF `out`; Refused if it cannot.

    Returns pages, bytes, warnings, "documents" (those rendered again) and
    "layouts"; `out`, the page map and the record of what `out` was made from are
    renewed together, and only when the spliced file passed check()."""
    from press.print import pagemap

    text = (folder / "index.html").read_text(encoding="utf-8")
    env = environment(folder, fonts, variant)
    if not out.exists():
        raise Refused("no published PDF")
    docs = changed(work_lang, out, text, env)
    job = _prepare(folder, out, text, work_lang, roots, document, variant, stylesheets)
    for anchor in docs:
        _splice_one(job, anchor)
    problems = check(job.old, job.spliced_pages)
    if problems:
        raise Refused("the spliced PDF fails its check: " + "; ".join(problems[:3]))
    data = write(job.old, out)
    anchors, known = job.anchors, job.known
    anchors.update(job.fresh)
    blank = set(known.get("blank", []))
    pagemap.save(pagemap.path_for(work_lang),
                 {"html_sha256": pagemap.digest(text), "pages": known["pages"],
                  "anchors": anchors, "blank": sorted(blank),
                  "docs": pagemap.documents(text, anchors, blank)})
    remember(work_lang, out, text, env, "spliced")
    return {"pages": len(job.old.pages), "bytes": len(data), "warnings": job.warnings,
            "documents": docs, "layouts": job.layouts}


def _prepare(folder: Path, out: Path, text: str, work_lang: Path, roots: list[Path],
             document: str, variant: str, stylesheets: list[Path]) -> _Job:
    """The page map and the published PDF, which must describe each other."""
    import pikepdf

    from press.print import pagemap

    known = pagemap.load(pagemap.path_for(work_lang))
    if known is None:
        raise Refused("no page map")
    anchors = {a: int(p) for a, p in known["anchors"].items()}
    paged, _ = pagemap.with_literals(text, anchors)
    css = pagemap.literal_css(pagemap.style_texts(text, folder))
    old = pikepdf.open(out)
    if len(old.pages) != int(known["pages"]):
        raise Refused("the page map does not describe the published PDF")
    return _Job(folder, work_lang, roots, document, variant, stylesheets, known, anchors,
                paged, css, old)


def _splice_one(job: _Job, anchor: str) -> None:
    """One changed document: rendered alone, checked against the book, grafted in."""
    import pikepdf

    path, start_at, end_at = ancestry(job.paged, anchor)
    part = job.paged[start_at:end_at]
    if trailing_content(job.paged, end_at):
        raise Refused(f"text follows {anchor} outside any document")
    first, last = _owned_pages(job.known["docs"], anchor, part, path)
    own = set(_ID.findall(part))
    keep = set(_ID.findall(job.paged, 0, start_at)) - own
    source = job.folder / f"splice-{anchor}.html"
    scratch = job.work_lang / f"splice-{anchor}.pdf"
    try:
        laid = _render_alone(job, anchor, part, first, source, scratch)
        pairs = _placed(job, laid, anchor, own, keep, first, last)
        fragment = pikepdf.open(scratch)
        _same_margins(job.old, fragment, laid, pairs)
        splice(job.old, fragment, pairs, anchor, own, keep, len(path) + 1)
        job.spliced_pages |= set(range(first - 1, last))
    finally:
        source.unlink(missing_ok=True)
        scratch.unlink(missing_ok=True)


def _render_alone(job: _Job, anchor: str, part: str, first: int, source: Path,
                  scratch: Path):
    """The document rendered alone into `scratch`; returns WeasyPrint's laid-out
    document, which knows where each anchor and each page area is."""
    from press.print import pdf

    stubs = outside_targets(part)
    seen: dict = {}
    here = {a for a, p in job.anchors.items() if p == first}
    source.write_text(fragment_html(job.paged, anchor, first, job.known["docs"][anchor]["head"],
                                    job.css, stubs, here), encoding="utf-8")
    result = pdf.render(source, scratch, job.roots, document=f"{job.document} ({anchor})",
                        variant=job.variant, stylesheets=job.stylesheets,
                        inspect=lambda doc, seen=seen: seen.setdefault("doc", doc) is not None)
    job.layouts += result["layouts"]
    job.warnings += result["warnings"]
    return seen["doc"]


def _placed(job: _Job, laid, anchor: str, own: set[str], keep: set[str], first: int,
            last: int) -> list[tuple[int, int]]:
    """(page index in the book, page index in the fragment) of the document's pages;
    Refused unless it starts on its page, takes as many pages as before and its
    anchors stay on their pages (the new ones are noted in job.fresh)."""
    where: dict[str, int] = {}
    for n, page in enumerate(laid.pages):
        for name in page.anchors:
            where.setdefault(name, n)
    start = 1 if first % 2 == 0 else 0    # after the filler page that makes it a left page
    if where.get(anchor) != start or END not in where:
        raise Refused(f"{anchor} did not start on its page in the render of it alone")
    if where[END] - start != last - first + 1:
        raise Refused(f"{anchor} now takes {where[END] - start} page(s), "
                      f"{last - first + 1} before")
    for name, n in where.items():
        if name in own:
            page = first + n - start
            if job.anchors.get(name, page) != page:
                raise Refused(f"the anchor {name} moved from page {job.anchors[name]} to {page}")
            job.fresh[name] = page
    gone = [a for a, p in job.anchors.items()
            if first <= p <= last and a not in job.fresh and a not in keep]
    if gone:
        raise Refused(f"the anchor {gone[0]} is no longer on page {job.anchors[gone[0]]}")
    return [(first - 1 + i, start + i) for i in range(last - first + 1)]


def _same_margins(old, fragment, laid, pairs: list[tuple[int, int]]) -> None:
    """The running head and the page number: what the page's margins show must be what
    the book shows there now (the edit is inside the page area)."""
    area = [_page_area(laid.pages[f]) for _, f in pairs]
    olds = _margin_text(old, [o for o, _ in pairs], area)
    news = _margin_text(fragment, [f for _, f in pairs], area)
    for (o, _), before, after in zip(pairs, olds, news):
        if before != after:
            raise Refused(f"page {o + 1}'s margins would show {after!r}, "
                          f"the book's show {before!r}")
