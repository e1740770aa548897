"""Splicing: after an edit, render only the documents it changed and put their pages
into the published PDF, for an editor's working build.

WeasyPrint tags each page on its own: the structure tree's /Document element holds,
page after page, the elements built from that page's boxes (each with /Pg of that
page), the ParentTree's key N is page N's array of MCID owners, and link annotations
come after the pages. So a page can be taken out of a render of its document alone
(the same page numbers and running head, from the page map, as `make preview` does)
and put in place of the old page: its content and resources, its annotations, its
top-level structure elements in the old ones' place, its ParentTree entry; the named
destinations and outline entries that point into it are moved to where the new render
put them. The page objects themselves stay, so every reference from the rest of the
book (destinations, /Pg of other elements) still holds.

A splice is refused (the caller then renders the whole book) whenever it cannot be
shown to give what a full render would: the HTML outside the changed documents, the
styles, images, fonts or renderer changed; a changed document shares a page with
another document, ends on a different page, or moved an anchor; an anchor, an outline
entry or a structure element does not line up. `check()` then reads the spliced file
back and checks the structure that PDF/UA relies on. tests/test_splice.py compares a
spliced PDF with a full render of the same sources, text, links, outline and
structure tree.
"""
from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

# pikepdf says at INFO that it started, and accessible-pygments (Furo's) has set the
# root logger to INFO by then: the build's output would show it.
logging.getLogger("pikepdf").setLevel(logging.WARNING)

_DOC = re.compile(r'<div class="doc level-\d+" id="([^"]+)">')
_OPEN = re.compile(r"<div\b")
_CLOSE = re.compile(r"</div>")
_ID = re.compile(r'\bid="([^"]+)"')
_HREF = re.compile(r'\bhref="#([^"]+)"')
END = "press-splice-end"   # the anchor after the document: its pages end before it


class Refused(Exception):
    """Why this edit cannot be spliced; the build renders in full and says so."""


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def extract(text: str, anchor: str) -> str | None:
    """The document's own <div>, from the print HTML, with everything inside it."""
    m = re.search(rf'<div class="doc level-\d+" id="{re.escape(anchor)}">', text)
    if not m:
        return None
    depth, pos = 0, m.start()
    while True:
        o, c = _OPEN.search(text, pos), _CLOSE.search(text, pos)
        if c is None:
            return None
        if o is not None and o.start() < c.start():
            depth, pos = depth + 1, o.end()
        else:
            depth, pos = depth - 1, c.end()
            if depth == 0:
                return text[m.start():pos]


def fingerprint(text: str, environment: str) -> dict:
    """Per document, the hash of its own text (nested documents cut out); and the hash
    of everything else: the HTML outside the documents and what the render reads
    besides the HTML (`environment`: styles, images, fonts, code, variant)."""
    docs, rest = {}, text
    for anchor in _DOC.findall(text):
        part = extract(text, anchor)
        if part is None:
            continue
        own = part
        for inner in _DOC.findall(part)[1:]:
            inner_part = extract(part, inner)
            if inner_part:
                own = own.replace(inner_part, f"<!--{inner}-->", 1)
        docs[anchor] = _sha(own)
        if part in rest:      # nested documents went with their outermost one
            rest = rest.replace(part, f"<!--{anchor}-->", 1)
    return {"docs": docs, "rest": _sha(rest), "environment": environment}


def sidecar_path(work_lang: Path, out: Path) -> Path:
    return work_lang / f"splice-{out.stem}.json"


def _file_sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


# Each splice brings the fragment's font subsets into the file beside the book's; after
# this many in a row the next build renders in full, which makes the file small again.
MAX_SPLICES = 8


def remember(work_lang: Path, out: Path, text: str, environment: str, made: str) -> None:
    """After a full render or a splice of `out`: what it was made from, and the page
    map that render left (both must still be there for the next splice)."""
    from press.core.files import write_atomic
    from press.print.pagemap import path_for
    splices = 0
    if made == "spliced":
        try:
            splices = int(json.loads(sidecar_path(work_lang, out).read_text()).get("splices", 0))
        except (OSError, ValueError, TypeError, AttributeError):
            pass
        splices += 1
    data = {**fingerprint(text, environment), "pdf_sha256": _file_sha(out),
            "map_sha256": _file_sha(path_for(work_lang)), "made": made, "splices": splices}
    write_atomic(sidecar_path(work_lang, out), json.dumps(data, sort_keys=True).encode())


def changed(work_lang: Path, out: Path, text: str, environment: str) -> list[str]:
    """The documents to render again, or Refused with the reason."""
    from press.print.pagemap import path_for
    try:
        old = json.loads(sidecar_path(work_lang, out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Refused("no record of what the published PDF was made from") from None
    if int(old.get("splices", 0)) >= MAX_SPLICES:
        raise Refused(f"{MAX_SPLICES} splices since the last full render")
    if old.get("pdf_sha256") != _file_sha(out):
        raise Refused("the published PDF is not the one last built")
    if old.get("map_sha256") != _file_sha(path_for(work_lang)):
        raise Refused("the page map is not the published PDF's (another variant rendered since)")
    new = fingerprint(text, environment)
    if new["environment"] != old.get("environment"):
        raise Refused("styles, images, fonts or the renderer changed")
    if new["rest"] != old.get("rest") or set(new["docs"]) != set(old.get("docs", {})):
        raise Refused("the book outside its documents changed (contents, order, front matter)")
    docs = [a for a, h in new["docs"].items() if old["docs"][a] != h]
    if not docs:
        raise Refused("no document changed")
    return docs


# ------------------------------------------------------------------ the fragment

_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][\w:.-]*)([^>]*)>", re.S)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
         "source", "track", "wbr"}
_MEDIA = re.compile(r"<(img|svg|object|video|iframe)\b", re.I)


def _empty(html: str) -> bool:
    """No text and no picture: only tags (such as the empty spans Sphinx puts before a
    heading for its other ids)."""
    return not _MEDIA.search(html) and not _TAG.sub("", html).strip()


def ancestry(text: str, anchor: str, here: AbstractSet[str] = frozenset()
             ) -> tuple[list[tuple[str, str, str]], int, int]:
    """The elements inside <main> that enclose the document's <div>: (name, open tag,
    what stands between it and the next element of the path, when that prints nothing
    and the element starts on the document's first page, that is, when an id in it is
    in `here`; else ""), and the document's start and end in the text.

    WeasyPrint tags each page from the page box down, so a page of the document holds
    structure elements for these enclosing elements too; the render of the document
    alone must have them to give the same tree."""
    m = re.search(rf'<div class="doc level-\d+" id="{re.escape(anchor)}">', text)
    main = re.search(r"<main\b[^>]*>", text)
    if m is None or main is None or main.end() > m.start():
        raise Refused(f"no document {anchor} inside <main> in the print HTML")
    stack: list[list] = []          # name, open tag, where its content starts, tag start
    for tag in _TAG.finditer(text, main.end(), m.start()):
        closing, name, rest = tag.group(1), tag.group(2), tag.group(3)
        if name is None:
            continue                                    # a comment
        name = name.lower()
        if closing:
            while stack and stack[-1][0] != name:
                stack.pop()
            if stack:
                stack.pop()
        elif name not in _VOID and not rest.rstrip().endswith("/"):
            stack.append([name, tag.group(0), tag.end(), tag.start()])
    path = []
    for i, (name, open_tag, content, _) in enumerate(stack):
        upto = stack[i + 1][3] if i + 1 < len(stack) else m.start()
        between = text[content:upto]
        starts_here = bool(set(_ID.findall(open_tag + between)) & here)
        path.append((name, open_tag, between if starts_here and _empty(between) else ""))
    part = extract(text, anchor)
    assert part is not None
    return path, m.start(), m.start() + len(part)


def trailing_content(text: str, end: int) -> bool:
    """Whether anything is printed after the document before the next document or the
    end of <main>: it would share the document's last page."""
    nxt = re.compile(r'<div class="doc level-\d+"|</main>').search(text, end)
    return not _empty(text[end:nxt.start() if nxt else len(text)])


def fragment_html(text: str, anchor: str, first: int, head: str, literals_css: str,
                  stubs: list[str] | None = None, here: AbstractSet[str] = frozenset()) -> str:
    """One document of the print HTML as the book prints it from page `first`, inside
    the elements that enclose it in the book (ancestry()).

    `stubs`: anchors outside the document that it links to. WeasyPrint drops a link
    whose anchor is not in the document it renders; they are put, empty, after the
    document on a page of their own that is cut off, so the links keep their names."""
    path, start, end = ancestry(text, anchor, here)
    part = text[start:end]
    head_end = text.index("</head>")
    body = re.search(r"<body\b[^>]*>", text)
    main = re.search(r"<main\b[^>]*>", text)
    assert body is not None and main is not None
    # The chapter title is content: inside a CSS string in <style>, a quote, backslash,
    # "<" or line break is written as an escape, and nothing else is touched (the
    # running head must be the title's very characters: a no-break space too).
    head = re.sub(r'["\\<\n\r\f]', lambda m: f"\\{ord(m.group(0)):x} ", head)
    # An even first page is a left page: one page of filler before it, cut off after
    # the render, puts the document on the side the book gives it.
    filler = '<div class="press-preview-filler">&#160;</div>' if first % 2 == 0 else ""
    style = (
        "<style>\n"
        f"@page :first {{ counter-reset: page {first - 1 if filler else first}; }}\n"
        f'main {{ string-set: chapter "{head}"; }}\n'
        ".press-preview-filler { break-after: page; }\n"
        ".doc { break-before: auto !important; }\n"
        f"#{END} {{ break-before: page; }}\n"
        f"{literals_css}</style>\n")
    tail = ""
    if stubs is not None:
        spans = "".join(f'<span id="{s}"></span>' for s in stubs)
        tail = f'<div id="{END}">&#160;{spans}</div>'
    opened = "".join(open_tag + between for _, open_tag, between in path)
    closed = "".join(f"</{name}>" for name, _, _ in reversed(path))
    return (text[:head_end] + style + text[head_end:body.start()] + body.group(0)
            + f"\n{main.group(0)}{filler}\n{opened}{part}{closed}\n{tail}</main>\n"
            "</body>\n</html>\n")


def outside_targets(part: str) -> list[str]:
    own = set(_ID.findall(part))
    return sorted({t for t in _HREF.findall(part) if t not in own})


# ------------------------------------------------------------------ the splice

def _skeleton(elements, depth: int) -> list[tuple[int, str]]:
    """(level, type) of the elements of a page down to `depth`, in order."""
    import pikepdf
    found: list[tuple[int, str]] = []

    def walk(element, level):
        found.append((level, str(element.get("/S"))))
        if level < depth:
            for kid in element.get("/K", []):
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.StructElem:
                    walk(kid, level + 1)
    for element in elements:
        walk(element, 0)
    return found


def _nums(tree) -> dict[int, Any]:
    import pikepdf
    if "/Kids" in tree:
        raise Refused("the ParentTree is not flat")
    nums = tree.Nums
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)
            if isinstance(nums[i], (int, pikepdf.Object))}


def _dests(pdf) -> dict[str, Any]:
    import pikepdf
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {str(k): v for k, v in pikepdf.NameTree(names.Dests).items()}


def _outline(pdf) -> list:
    items = []

    def walk(item):
        while item is not None:
            items.append(item)
            if "/First" in item:
                walk(item.First)
            item = item.get("/Next")
    root = pdf.Root.get("/Outlines")
    if root is not None and "/First" in root:
        walk(root.First)
    return items


def _dest_page(dest):
    import pikepdf
    if isinstance(dest, pikepdf.Array) and len(dest) and isinstance(dest[0], pikepdf.Dictionary):
        return dest[0].objgen
    return None


def splice(old, fragment, pairs: list[tuple[int, int]], anchor: str, own: set[str],
           keep: set[str], depth: int = 0) -> None:
    """Put pages of `fragment` (pikepdf.Pdf, scratch: it is changed) into `old`.

    pairs: (page index in old, page index in fragment), in order. `anchor`: the
    document's; `own`: the ids inside it, whose destinations move to where the
    fragment has them; `keep`: ids before it in the book, which may share its first
    page and stay where they are. `depth`: the document's level in the structure tree
    (<main>'s Part is 0); above it, each page must hold the same elements in the book
    as in the fragment, which holds only the document and what encloses it."""
    import pikepdf
    from pikepdf import Array, Dictionary, Name

    olds = [old.pages[k].obj for k in (p for p, _ in pairs)]
    frags = [fragment.pages[f].obj for f in (q for _, q in pairs)]
    old_gen = {p.objgen: i for i, p in enumerate(olds)}
    frag_gen = {p.objgen: i for i, p in enumerate(frags)}

    odoc, fdoc = old.Root.StructTreeRoot.K[0], fragment.Root.StructTreeRoot.K[0]
    onums = _nums(old.Root.StructTreeRoot.ParentTree)
    fnums = _nums(fragment.Root.StructTreeRoot.ParentTree)

    # Each page's top-level elements, in page order, as WeasyPrint writes them.
    def by_page(doc, pages: dict) -> tuple[list, dict[int, list]]:
        order: list = []
        kids: dict[int, list] = {}
        for kid in doc.K:
            page = kid.get("/Pg")
            if page is None:
                raise Refused(f"a structure element {kid.get('/S')} has no page")
            order.append(kid)
            if page.objgen in pages:
                kids.setdefault(pages[page.objgen], []).append(kid)
        return order, kids
    oorder, okids = by_page(odoc, old_gen)
    _, fkids = by_page(fdoc, frag_gen)
    for i, (k, _) in enumerate(pairs):
        if _skeleton(okids.get(i, []), depth) != _skeleton(fkids.get(i, []), depth):
            raise Refused(f"page {k + 1} holds more than {anchor} and what encloses it")

    fdests = _dests(fragment)
    odests = _dests(old)
    moved = {n: d for n, d in fdests.items() if _dest_page(d) in frag_gen and n in own}
    for name, dest in odests.items():
        if _dest_page(dest) in old_gen and name not in moved and name not in keep:
            raise Refused(f"the anchor {name} is no longer on the pages spliced")
    # The document starts where it did: then the enclosing elements, begun afresh in
    # the fragment, take the room their continuation took in the book.
    if anchor not in odests or anchor not in moved or (
            [round(float(v), 2) for v in odests[anchor][2:4]]
            != [round(float(v), 2) for v in moved[anchor][2:4]]):
        raise Refused(f"{anchor} does not start at the same place on its page")

    fout = [o for o in _outline(fragment) if _dest_page(o.get("/Dest")) in frag_gen]
    oout = [o for o in _outline(old) if _dest_page(o.get("/Dest")) in old_gen]
    if len(fout) != len(oout):
        raise Refused(f"{len(oout)} outline entries on the pages, {len(fout)} after the edit")

    # The annotations' owners in the fragment, before anything is copied.
    fannots = [[(a, fnums.get(int(a.StructParent))) if "/StructParent" in a else (a, None)
                for a in page.get("/Annots", [])] for page in frags]

    # Cut the fragment down to what is taken, so that copying follows no reference
    # into the pages that are not (the filler, the stubs) or the rest of its tree.
    taken = [kid for i in range(len(frags)) for kid in fkids.get(i, [])]
    fdoc.K = Array(taken)
    del fdoc["/P"]
    for page in frags:
        del page["/Parent"]
    # QPDF copies a page met inside another object as null unless that page was
    # copied first; copied first, every reference to it leads to the one copy.
    copied_pages = [old.copy_foreign(page) for page in frags]
    container = fragment.make_indirect(Dictionary(
        Doc=fdoc,
        Nums=Array([fnums[int(p.StructParents)] for p in frags]),
        Owners=Array([owner if owner is not None else pikepdf.Null()
                      for page in fannots for _, owner in page]),
        Outline=Array([o.Dest for o in fout]),
        Dests=Array([moved[n] for n in sorted(moved)])))
    copied = old.copy_foreign(container)

    # Every reference to a copied page becomes the old page; to the copied /Document,
    # the old one.
    target = {copied_pages[i].objgen: olds[i] for i in range(len(olds))}
    target[copied.Doc.objgen] = odoc
    seen: set = set()

    def rewrite(obj):
        if isinstance(obj, pikepdf.Dictionary):
            items = list(obj.items())
        elif isinstance(obj, pikepdf.Array):
            items = list(enumerate(obj))
        else:
            return
        for key, value in items:
            if isinstance(value, (pikepdf.Dictionary, pikepdf.Array)):
                if value.is_indirect and value.objgen in target:
                    obj[key] = target[value.objgen]
                    continue
                if value.is_indirect:
                    if value.objgen in seen:
                        continue
                    seen.add(value.objgen)
                rewrite(value)
    cdoc = copied.Doc        # the copied /Document: its kids are what is taken
    seen.add(cdoc.objgen)
    rewrite(cdoc)
    for i in range(len(olds)):
        seen.add(copied_pages[i].objgen)
        rewrite(copied_pages[i])
    rewrite(copied)

    # The table header ids WeasyPrint makes from the table's object number: made
    # again from the page and the copy's number, so that they stay unique in the book
    # (a later save renumbers the objects, and a later splice reuses numbers; a page's
    # tables are always replaced together).
    def renumber(element, table):
        if element.get("/S") == Name.Table:
            page = old.pages.index(pikepdf.Page(element.Pg)) + 1 if "/Pg" in element else 0
            table = f"p{page}.{element.objgen[0]}"
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.StructElem:
                renumber(kid, table)
        if table is not None:
            if "/ID" in element:
                element.ID = pikepdf.String(re.sub(r"^\d+-", f"{table}-", str(element.ID)))
            attrs = element.get("/A")
            if isinstance(attrs, pikepdf.Dictionary) and "/Headers" in attrs:
                attrs.Headers = Array([pikepdf.String(re.sub(r"^\d+-", f"{table}-", str(h)))
                                       for h in attrs.Headers])
    for kid in cdoc.K:
        renumber(kid, None)

    # The fragment's fonts are subsets of their own under the book's subset names;
    # "different subsets in the same PDF file shall have different tags" (ISO 32000-1,
    # 9.6.4), so each copied subset gets a tag of its own.
    used = {name.split("+", 1)[0] for name in _font_files(old)}
    for font in _fonts([copied_pages[i] for i in range(len(olds))]):
        _retag(font, used, f"{anchor}:{pairs[0][0]}")

    # Pages: new content, resources and annotations in the old page objects.
    dropped_annots = []
    for i, page in enumerate(olds):
        dropped_annots += [int(a.StructParent) for a in page.get("/Annots", [])
                           if "/StructParent" in a]
        new = copied_pages[i]
        for key in list(page.keys()):
            if key not in ("/Parent", "/StructParents", "/Type") and key not in new:
                del page[key]
        for key, value in new.items():
            if key not in ("/Parent", "/StructParents", "/Type"):
                page[key] = value

    # The structure tree: each page's elements in place of the old page's.
    page_of = {p.objgen: n for n, p in enumerate(old.pages[k].obj for k in range(len(old.pages)))}
    pages = [page_of[kid.Pg.objgen] for kid in oorder]
    if pages != sorted(pages):
        raise Refused("the structure tree is not in page order")
    new_kids, put = [], set()
    copied_by_page: dict[int, list] = {}
    for kid in cdoc.K:
        copied_by_page.setdefault(page_of[kid.Pg.objgen], []).append(kid)
    replaced = sorted(page_of[p.objgen] for p in olds)
    for kid in oorder:
        n = page_of[kid.Pg.objgen]
        for r in replaced:
            if r <= n and r not in put:
                new_kids += copied_by_page.get(r, [])
                put.add(r)
        if kid.Pg.objgen not in old_gen:
            new_kids.append(kid)
    for r in replaced:
        if r not in put:
            new_kids += copied_by_page.get(r, [])
    odoc.K = Array(new_kids)

    # The ParentTree: the pages' MCID owners, and the annotations numbered after the
    # highest key in use.
    for i, page in enumerate(olds):
        onums[int(page.StructParents)] = copied.Nums[i]
    for key in dropped_annots:
        onums.pop(key, None)
    next_key = max(onums) + 1
    owners = iter(copied.Owners)
    for page in olds:
        for annot in page.get("/Annots", []):
            owner = next(owners)
            if "/StructParent" in annot:
                if isinstance(owner, pikepdf.Dictionary):
                    annot.StructParent = next_key
                    onums[next_key] = owner
                    next_key += 1
                else:
                    raise Refused("a link annotation has no structure element")
    old.Root.StructTreeRoot.ParentTree.Nums = Array(
        [x for key in sorted(onums) for x in (key, onums[key])])

    # Named destinations and outline entries into the pages: where the new render put them.
    if moved:
        tree = pikepdf.NameTree(old.Root.Names.Dests)
        for name, dest in zip(sorted(moved), copied.Dests):
            tree[name] = dest
    for entry, new, dest in zip(oout, fout, copied.Outline):
        entry.Title = new.Title
        entry.Dest = dest


# ------------------------------------------------------------------ the check

def _fonts(pages) -> list:
    """Every font dictionary the pages' resources use, form XObjects' included."""
    import pikepdf
    found, seen = [], set()

    def resources(res):
        if not isinstance(res, pikepdf.Dictionary):
            return
        for font in res.get("/Font", {}).values():
            if font.objgen not in seen:
                seen.add(font.objgen)
                found.append(font)
        for xobject in res.get("/XObject", {}).values():
            if xobject.objgen not in seen:
                seen.add(xobject.objgen)
                resources(xobject.get("/Resources"))
    for page in pages:
        resources(page.get("/Resources"))
    return found


def _descriptors(font) -> list:
    fonts = [font] + list(font.get("/DescendantFonts", []))
    return [f.FontDescriptor for f in fonts if "/FontDescriptor" in f]


def _font_files(pdf) -> dict[str, set]:
    """Subset font name -> the font programs that carry it."""
    names: dict[str, set] = {}
    for font in _fonts(p.obj for p in pdf.pages):
        for descriptor in _descriptors(font):
            name = str(descriptor.get("/FontName", "")).lstrip("/")
            program = next((descriptor[k] for k in ("/FontFile", "/FontFile2", "/FontFile3")
                            if k in descriptor), None)
            if "+" in name and program is not None:
                names.setdefault(name, set()).add(program.objgen)
    return names


def _retag(font, used: set[str], seed: str) -> None:
    import pikepdf
    old = str(font.get("/BaseFont", "")).lstrip("/")
    if not re.match(r"[A-Z]{6}\+", old):
        return
    n = 0
    while True:
        digest = hashlib.sha256(f"{seed}:{old}:{n}".encode()).digest()
        tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
        if tag not in used:
            break
        n += 1
    used.add(tag)

    def renamed(name) -> pikepdf.Name:
        return pikepdf.Name("/" + tag + "+" + str(name).lstrip("/").split("+", 1)[1])
    font.BaseFont = renamed(font.BaseFont)
    for descendant in font.get("/DescendantFonts", []):
        if "/BaseFont" in descendant and "+" in str(descendant.BaseFont):
            descendant.BaseFont = renamed(descendant.BaseFont)
    for descriptor in _descriptors(font):
        if "+" in str(descriptor.get("/FontName", "")):
            descriptor.FontName = renamed(descriptor.FontName)


def check(pdf, streams: AbstractSet[int] | None = None) -> list[str]:
    """What PDF/UA relies on, read back from the spliced file: every font subset has a
    name of its own; every marked-content id
    of every page has its owner in the ParentTree, an element on that page which
    holds it; every owner is in the tree under /Document, each element's /P is its
    parent; every link annotation's /StructParent leads to the element holding it;
    every named destination a link uses exists and lies on a page of the book.

    `streams` (page indexes): the pages whose content streams are read for their MCIDs; the
    others are the previous file's own objects, unchanged. The tree, the ParentTree,
    the annotations and the fonts are checked whole."""
    import pikepdf

    problems: list[str] = []
    root = pdf.Root.StructTreeRoot
    nums = _nums(root.ParentTree)
    pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}
    in_tree: set = set()
    held: dict[tuple, tuple] = {}   # (page, MCID) -> the element of the tree that holds it

    ids: set[str] = set()

    def walk(element, parent):
        if "/ID" in element:
            if str(element.ID) in ids:
                problems.append(f"two structure elements have the ID {element.ID}")
            ids.add(str(element.ID))
        if element.objgen in in_tree:
            problems.append(f"element {element.objgen} is in the tree twice")
            return
        in_tree.add(element.objgen)
        if element.get("/P") is None or element.P.objgen != parent.objgen:
            problems.append(f"element {element.get('/S')} {element.objgen}: /P is not its parent")
        page = element.get("/Pg")
        if page is not None and page.objgen not in pages:
            problems.append(f"element {element.get('/S')} {element.objgen}: /Pg is not a page")
        for kid in element.get("/K", []):
            if isinstance(kid, int) and page is not None:
                held[(page.objgen, int(kid))] = element.objgen
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.StructElem:
                walk(kid, element)
    for top in root.K:
        walk(top, root)

    # Each MCID an element of the tree holds is owned by that element in the
    # ParentTree (the other way round: the margins' elements, which WeasyPrint keeps
    # out of the tree, own theirs without being held).
    page_numbers = {p.obj.objgen: (n, int(p.obj.get("/StructParents", -1)))
                    for n, p in enumerate(pdf.pages)}
    for (page_gen, mcid), element in held.items():
        n, key = page_numbers[page_gen]
        owners = nums.get(key)
        if owners is None or mcid >= len(owners) or owners[mcid].objgen != element:
            problems.append(f"page {n + 1}: MCID {mcid} is held by element {element} of the "
                            "tree but the ParentTree names another owner")
    for name, programs in _font_files(pdf).items():
        if len(programs) > 1:
            problems.append(f"{len(programs)} different font subsets are named {name}")
    dests = _dests(pdf)
    for n, page in enumerate(pdf.pages):
        obj = page.obj
        mcids = set()
        for instruction in (pikepdf.parse_content_stream(page)
                            if streams is None or n in streams else ()):
            operands = instruction.operands
            if instruction.operator == pikepdf.Operator("BDC") and len(operands) > 1:
                props = operands[1]
                if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                    mcids.add(int(props.MCID))
        if mcids:
            owners = nums.get(int(obj.get("/StructParents", -1)))
            if owners is None:
                problems.append(f"page {n + 1}: no ParentTree entry")
                continue
            for mcid in sorted(mcids):
                if mcid >= len(owners):
                    problems.append(f"page {n + 1}: MCID {mcid} has no owner")
                    continue
                owner = owners[mcid]
                holds = [k for k in owner.get("/K", []) if isinstance(k, int)]
                if int(mcid) not in holds:
                    problems.append(f"page {n + 1}: MCID {mcid}'s owner {owner.objgen} "
                                    "does not hold it")
                if owner.get("/Pg") is None or owner.Pg.objgen != obj.objgen:
                    problems.append(f"page {n + 1}: MCID {mcid}'s owner is on another page")
        for annot in obj.get("/Annots", []):
            if annot.get("/Subtype") != pikepdf.Name.Link:
                continue
            owner = nums.get(int(annot.get("/StructParent", -1)))
            if owner is None or owner.objgen not in in_tree:
                problems.append(f"page {n + 1}: link {annot.get('/Dest')} has no element in the tree")
            elif not any(isinstance(k, pikepdf.Dictionary) and k.get("/Obj") is not None
                         and k.Obj.objgen == annot.objgen for k in owner.K):
                problems.append(f"page {n + 1}: link {annot.get('/Dest')}'s element does not hold it")
            dest = annot.get("/Dest")
            if isinstance(dest, pikepdf.String):
                target = dests.get(str(dest))
                if target is None or _dest_page(target) not in pages:
                    problems.append(f"page {n + 1}: link to {dest} has no destination")
    return problems


def write(pdf, out: Path) -> bytes:
    from press.core.files import write_atomic
    data = io.BytesIO()
    pdf.save(data, deterministic_id=True)
    write_atomic(out, data.getvalue())
    return data.getvalue()


# ------------------------------------------------------------------ the build's entry

def environment(folder: Path, fonts: Path, variant: str) -> str:
    """Hash of what a render reads besides the print HTML itself."""
    import os

    from press import ROOT
    from press.core.state import inputs_hash
    from press.print.pagemap import PAGED_HTML

    files = [p for p in folder.rglob("*") if p.is_file() and p.name != "index.html"
             and p.name != PAGED_HTML and not p.name.startswith(("preview-", "splice-"))]
    files += list(fonts.glob("*"))
    files += [ROOT / "press" / "print" / name for name in ("pdf.py", "pagemap.py", "splice.py")]
    files += [ROOT / "press" / "patches.py", ROOT / "requirements.lock"]
    return inputs_hash(sorted(files), variant, os.environ.get("SOURCE_DATE_EPOCH", ""))


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


def render(folder: Path, out: Path, roots: list[Path], work_lang: Path, *, document: str,
           variant: str, stylesheets: list[Path], fonts: Path) -> dict:
    """Splice the changed documents into the published PDF `out`; Refused if it cannot.

    Returns pages, bytes, warnings, "documents" (those rendered again) and
    "layouts"; `out`, the page map and the record of what `out` was made from are
    renewed together, and only when the spliced file passed check()."""
    import pikepdf

    from press.print import pagemap, pdf

    index = folder / "index.html"
    text = index.read_text(encoding="utf-8")
    env = environment(folder, fonts, variant)
    if not out.exists():
        raise Refused("no published PDF")
    docs = changed(work_lang, out, text, env)
    map_path = pagemap.path_for(work_lang)
    known = pagemap.load(map_path)
    if known is None:
        raise Refused("no page map")
    anchors = {a: int(p) for a, p in known["anchors"].items()}
    paged, _ = pagemap.with_literals(text, anchors)
    css = pagemap.literal_css(pagemap.style_texts(text, folder))
    old = pikepdf.open(out)
    if len(old.pages) != int(known["pages"]):
        raise Refused("the page map does not describe the published PDF")
    warnings: list[str] = []
    layouts, fresh, spliced_pages = 0, {}, set()
    for anchor in docs:
        path, start_at, end_at = ancestry(paged, anchor)
        part = paged[start_at:end_at]
        if trailing_content(paged, end_at):
            raise Refused(f"text follows {anchor} outside any document")
        first, last = _owned_pages(known["docs"], anchor, part, path)
        stubs = outside_targets(part)
        own = set(_ID.findall(part))
        keep = set(_ID.findall(paged, 0, start_at)) - own
        source = folder / f"splice-{anchor}.html"
        scratch = work_lang / f"splice-{anchor}.pdf"
        seen: dict = {}
        try:
            here = {a for a, p in anchors.items() if p == first}
            source.write_text(fragment_html(paged, anchor, first, known["docs"][anchor]["head"],
                                            css, stubs, here), encoding="utf-8")
            result = pdf.render(source, scratch, roots, document=f"{document} ({anchor})",
                                variant=variant, stylesheets=stylesheets,
                                inspect=lambda doc, seen=seen: seen.setdefault("doc", doc) is not None)
            layouts += result["layouts"]
            warnings += result["warnings"]
            where: dict[str, int] = {}
            for n, page in enumerate(seen["doc"].pages):
                for name in page.anchors:
                    where.setdefault(name, n)
            start = 1 if first % 2 == 0 else 0
            if where.get(anchor) != start or END not in where:
                raise Refused(f"{anchor} did not start on its page in the render of it alone")
            if where[END] - start != last - first + 1:
                raise Refused(f"{anchor} now takes {where[END] - start} page(s), "
                              f"{last - first + 1} before")
            for name, n in where.items():
                if name in own:
                    page = first + n - start
                    if anchors.get(name, page) != page:
                        raise Refused(f"the anchor {name} moved from page {anchors[name]} to {page}")
                    fresh[name] = page
            gone = [a for a, p in anchors.items()
                    if first <= p <= last and a not in fresh and a not in keep]
            if gone:
                raise Refused(f"the anchor {gone[0]} is no longer on page {anchors[gone[0]]}")
            pairs = [(first - 1 + i, start + i) for i in range(last - first + 1)]
            # The running head and the page number: what the page's margins show must
            # be what the book shows there now (the edit is inside the page area).
            area = [_page_area(seen["doc"].pages[f]) for _, f in pairs]
            fragment = pikepdf.open(scratch)
            olds = _margin_text(old, [o for o, _ in pairs], area)
            news = _margin_text(fragment, [f for _, f in pairs], area)
            for (o, _), before, after in zip(pairs, olds, news):
                if before != after:
                    raise Refused(f"page {o + 1}'s margins would show {after!r}, "
                                  f"the book's show {before!r}")
            splice(old, fragment, pairs, anchor, own, keep, len(path) + 1)
            spliced_pages |= set(range(first - 1, last))
        finally:
            source.unlink(missing_ok=True)
            scratch.unlink(missing_ok=True)
    problems = check(old, spliced_pages)
    if problems:
        raise Refused("the spliced PDF fails its check: " + "; ".join(problems[:3]))
    data = write(old, out)
    anchors.update(fresh)
    blank = set(known.get("blank", []))
    pagemap.save(map_path, {"html_sha256": pagemap.digest(text), "pages": known["pages"],
                            "anchors": anchors, "blank": sorted(blank),
                            "docs": pagemap.documents(text, anchors, blank)})
    remember(work_lang, out, text, env, "spliced")
    return {"pages": len(old.pages), "bytes": len(data), "warnings": warnings,
            "documents": docs, "layouts": layouts}
