"""The page map: where the previous render put every anchor, LaTeX's .aux done properly.

Forward `target-counter()` references (the contents, the index, "(p. N)" after a
cross-reference) make WeasyPrint lay pages out again once the page of the target is
known: 1.6 layouts per page on the real book, 2.5 on a 2,000-page one. After each
render the map of anchors to pages is kept in `_build/.work/<lang>/pagemap.json`; the
next render writes those numbers into the print HTML as literals (`data-page`), shown
by a copy of each `target-counter` rule that reads `attr(data-page)` instead, on the
same pseudo-element (a `<style>` added to the copy of the print HTML that is rendered).
WeasyPrint joins a pseudo-element's strings and counters into one text box either
way, so the boxes, and the PDF's bytes, are those of a render with `target-counter`,
as long as every literal is right.

That is checked after the layout and before the PDF is written: each literal against
the page its target really landed on. If one is wrong (an edit moved pages), the
layout is done again with the numbers it found, at most twice; the published PDF is
always a render whose literals all proved right, so a stale map costs time, not
bytes. Without a map, a layout-only pass with guessed numbers (first_guess) finds the pages
first (see render()). If the numbers never settle, the render falls back to `target-counter`
and the build warns.
"""
from __future__ import annotations

import bisect
import hashlib
import html as htmlmod
import json
import re
from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from pathlib import Path

PAGED_HTML = "index.paged.html"   # beside index.html, so relative image paths still work
MAX_CORRECTIONS = 2
PLACEHOLDER = 88   # a cold render's guess for a target it cannot place (two digits wide)
# Characters of text on an A5 page of the book, about: 1,514 on the bench's default
# corpus (334 pages), 1,444 with 600 cases (2,136 pages). Only the guess's number of
# digits has to be right (see first_guess).
CHARS_PER_PAGE = 1500

# The links whose text shows their target's page: the contents, the index, and
# explicit cross-references (printbuilder.py marks them xref-page).
_TAG = re.compile(r'<a\b[^>]*>')
_HREF = re.compile(r'\bhref="#([^"]+)"')
_CLASS = re.compile(r'\bclass="([^"]*)"')
_TOC_LINK = re.compile(r'<li class="toc-\d+">$')
_DOC = re.compile(r'<div class="doc level-(\d+)" id="([^"]+)">')
_H2 = re.compile(r'<h2\b[^>]*>(.*?)</h2>', re.S)
_ID = re.compile(r'\sid="([^"]+)"')
_MARKUP = re.compile(r"<style\b.*?</style>|<svg\b.*?</svg>|<[^>]+>", re.S)
_RULE = re.compile(r'([^{}]+)\{([^{}]*target-counter\(\s*attr\(href\)\s*,\s*page\s*\)[^{}]*)\}')


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def path_for(work_lang: Path) -> Path:
    return work_lang / "pagemap.json"


def load(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data.get("anchors"), dict) and isinstance(data.get("docs"), dict):
            return data
    except (OSError, ValueError, AttributeError):
        pass  # no map, or a torn one: render cold
    return None


def save(path: Path, data: dict) -> None:
    from press.core.state import write_atomic
    write_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8"))


def page_links(text: str) -> list[tuple[int, int, str]]:
    """(start, end, target id) of every <a> tag that shows its target's page."""
    found = []
    for m in _TAG.finditer(text):
        tag = m.group(0)
        href = _HREF.search(tag)
        if not href:
            continue
        classes = (_CLASS.search(tag) or [None, ""])[1].split()
        if ("index-page" in classes or "xref-page" in classes
                or _TOC_LINK.search(text, max(0, m.start() - 20), m.start())):
            found.append((m.start(), m.end(), href.group(1)))
    return found


def with_literals(text: str, anchors: dict[str, int]) -> tuple[str, dict[str, int]]:
    """The print HTML with data-page="N" on every page link whose target the map knows.

    Returns the new HTML and the literal used for each target. A target the map
    does not know (new since the last render) keeps its target-counter."""
    out, used, pos = [], {}, 0
    for _start, end, target in page_links(text):
        page = anchors.get(target)
        if page is None:
            continue
        out.append(text[pos:end - 1])
        out.append(f' data-page="{int(page)}">')
        pos = end
        used[target] = int(page)
    out.append(text[pos:])
    return "".join(out), used


def literal_css(css_texts: list[str]) -> str:
    """A copy of every target-counter rule that reads the literal instead.

    `[data-page]` on the element makes the copy more specific than the original, so
    it wins exactly where a literal was written, and nowhere else."""
    rules = []
    for css in css_texts:
        css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
        for selectors, body in _RULE.findall(css):
            sel = ", ".join(re.sub(r"(::?(?:after|before))$", r"[data-page]\1", s.strip())
                            for s in selectors.split(","))
            body = re.sub(r"target-counter\(\s*attr\(href\)\s*,\s*page\s*\)",
                          "attr(data-page)", body)
            rules.append(f"{sel} {{{body}}}")
    return "\n".join(rules) + "\n"


def style_texts(text: str, folder: Path) -> list[str]:
    """The CSS the print HTML uses: its <style> elements and linked local sheets."""
    texts = re.findall(r"<style\b[^>]*>(.*?)</style>", text, re.S)
    for href in re.findall(r'<link\b[^>]*rel="stylesheet"[^>]*href="([^":]+)"', text):
        sheet = folder / href
        if sheet.is_file():
            texts.append(sheet.read_text(encoding="utf-8"))
    return texts


def first_guess(text: str) -> dict[str, int]:
    """A cold render's first guess at the page of every target a page link points to.

    The guess is the target's share of the text before it times the pages the whole
    text will fill. The layout pass with these guesses finds the real pages, and the
    render after it uses those; both lay out the same lines (so the pages it found are
    right, and the render settles) only if every number has as many digits as the real
    one: the figures are tabular, but a wider number can push a line of the contents
    or the index over, and every page after it. A two-digit guess for every number cost
    a third pass on a book of 2,136 pages."""
    ids = {m.group(1): m.start() for m in _ID.finditer(text)}
    starts, before, visible, pos = [], [], 0, 0
    for m in _MARKUP.finditer(text):
        visible += m.start() - pos
        pos = m.end()
        starts.append(m.start())
        before.append(visible)
    visible += len(text) - pos
    pages = max(1, round(visible / CHARS_PER_PAGE))
    guess = {}
    for _, _, target in page_links(text):
        offset = ids.get(target)
        if offset is None:
            guess[target] = PLACEHOLDER
            continue
        i = bisect.bisect_right(starts, offset) - 1
        share = before[i] / visible if i >= 0 and visible else 0.0
        guess[target] = min(pages, 1 + int(share * pages))
    return guess


def anchor_pages(document) -> dict[str, int]:
    """Anchor id -> page number, from a laid-out WeasyPrint document.

    The book never resets the page counter, so a page's number is its index + 1."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, start=1):
        for name in page.anchors:
            pages.setdefault(name, number)
    return pages


def wrong_literals(used: dict[str, int], anchors: dict[str, int]) -> dict[str, tuple[int, int | None]]:
    """target -> (literal, real page) for every literal that missed (None: the target
    is on no page)."""
    return {t: (p, anchors.get(t)) for t, p in used.items() if anchors.get(t) != p}


def documents(text: str, anchors: dict[str, int], blank: AbstractSet[int] = frozenset()) -> dict[str, dict]:
    """Per source document: first and last page, and the running head at its start.

    The running head is the title of the chapter the document opens or belongs to
    (print.css sets `string(chapter)` from a level-1 document's heading)."""
    found = [(int(m.group(1)), m.group(2), m.end()) for m in _DOC.finditer(text)]
    docs, head = {}, ""
    for i, (level, anchor, end) in enumerate(found):
        if level == 1:
            h2 = _H2.search(text, end)
            if h2:
                title = re.sub(r'<a class="headerlink".*?</a>', "", h2.group(1), flags=re.S)
                head = htmlmod.unescape(re.sub(r"<[^>]+>", "", title)).strip()
        start = anchors.get(anchor)
        if start is None:
            continue
        last = None
        for next_level, next_anchor, _ in found[i + 1:]:
            if next_level <= level and anchors.get(next_anchor):
                last = anchors[next_anchor] - 1
                break
        if last is None:
            own = [p for a, p in anchors.items() if a.startswith(anchor + "--")]
            last = max(own + [start])
        while last > start and last in blank:   # the blank page before a right-hand start
            last -= 1
        docs[anchor] = {"level": level, "first": start, "last": max(start, last),
                        "head": head if level > 1 or head else ""}
    return docs


def record(text: str, document) -> dict:
    anchors = anchor_pages(document)
    # WeasyPrint's page box knows whether the page was left blank by a forced break.
    blank = {n for n, page in enumerate(document.pages, start=1)
             if getattr(getattr(getattr(page, "_page_box", None), "page_type", None), "blank", False)}
    return {"html_sha256": digest(text), "pages": len(document.pages), "anchors": anchors,
            "blank": sorted(blank), "docs": documents(text, anchors, blank)}


def render(folder: Path, out: Path, roots: list[Path], map_path: Path, *, document: str,
           variant: str | None, stylesheets: Sequence[Path] = ()) -> dict:
    """Render folder/index.html to out with the page map, check it, and renew the map.

    The PDF is always the render whose literals all match where their targets land:
    a fixed point of the map, which depends on the sources only. WeasyPrint's own
    `target-counter` pass does not give the same bytes (it lays tables out first
    with "0" for every page number, and keeps some of that state when it lays the
    page out again). Without a map, a layout-only pass with a guess for every
    number finds the pages, one layout each. Returns pdf.render's result plus
    "layouts" (all passes), "passes" and "mode": "map" (the literals were right),
    "corrected" (right after correcting them), "cold" (no map: a pass with
    guesses found the pages), "fallback" (they did not settle: target-counter,
    whose bytes may differ)."""
    from press.print import pdf

    index = folder / "index.html"
    text = index.read_text(encoding="utf-8")
    seen: dict = {}
    paged_html = folder / PAGED_HTML
    try:
        result, layouts, passes, mode = _settle(
            text, folder, paged_html, out, roots, load(map_path), seen,
            document=document, variant=variant, stylesheets=stylesheets)
        if not result["settled"]:
            mode = "fallback"
            result = pdf.render(index, out, roots, document=document, variant=variant,
                                stylesheets=list(stylesheets), inspect=lambda doc: _keep(seen, doc))
            layouts, passes = layouts + result["layouts"], passes + 1
            result["warnings"].append(
                f"{document}: page numbers did not settle in {passes - 1} passes with the page "
                "map; rendered with target-counter, whose bytes can differ from a settled render")
    finally:
        paged_html.unlink(missing_ok=True)
    save(map_path, record(text, seen["doc"]))
    return {**result, "layouts": layouts, "passes": passes, "mode": mode}


def _keep(seen: dict, doc, used: dict[str, int] | None = None) -> bool:
    """pdf.render's `inspect`: notes the laid-out document and where its anchors
    landed; the PDF is written only if no literal page number (`used`) is wrong."""
    seen["doc"] = doc
    seen["real"] = anchor_pages(doc)
    return not (used and wrong_literals(used, seen["real"]))


def _settle(text: str, folder: Path, paged_html: Path, out: Path, roots: list[Path],
            prior: dict | None, seen: dict, *, document: str, variant: str | None,
            stylesheets: Sequence[Path]) -> tuple[dict, int, int, str]:
    """Renders with literal page numbers from the map (or a first guess), correcting
    them from where the anchors landed, until they settle or the attempts run out.
    Returns the last result, layouts, passes and the mode so far."""
    from press.print import pdf

    anchors = dict(prior["anchors"]) if prior else None
    layouts, passes, result, mode = 0, 0, None, "map"
    # In the document's own <head>: stylesheets passed to WeasyPrint are of the
    # user origin, which loses to the print HTML's rules whatever the specificity.
    style = f"<style>\n{literal_css(style_texts(text, folder))}</style>\n</head>"
    attempts = 1 + MAX_CORRECTIONS
    if anchors is None:
        # No map: a first layout with a guess for every number finds the pages,
        # one layout each, cheaper than target-counter's repeated layouts.
        anchors = first_guess(text)
        mode, attempts = "cold", attempts + 1
    for attempt in range(attempts):
        paged, used = with_literals(text, anchors)
        paged_html.write_text(paged.replace("</head>", style, 1), encoding="utf-8")
        result = pdf.render(paged_html, out, roots, document=document, variant=variant,
                            stylesheets=list(stylesheets),
                            inspect=lambda doc, used=used: _keep(seen, doc, used))
        layouts, passes = layouts + result["layouts"], passes + 1
        if result["settled"]:
            if attempt and mode == "map":
                mode = "corrected"
            break
        anchors.update(seen["real"])
    assert result is not None           # attempts >= 1: the loop rendered at least once
    return result, layouts, passes, mode
