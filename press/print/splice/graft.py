"""The graft: a fragment's pages put into the book's PDF (pikepdf), in the old page
objects, so that every reference from the rest of the book still holds; their
annotations, top-level structure elements, ParentTree entries, named destinations and
outline entries go with them."""
from __future__ import annotations

import re
from typing import Any

from press.print.splice.objects import (_dest_page, _dests, _fonts, _font_files, _nums,
                                        _outline, _retag, _skeleton)
from press.print.splice.record import Refused

_PAGE_OWN = ("/Parent", "/StructParents", "/Type")   # what a page keeps of its own


def splice(old, fragment, pairs: list[tuple[int, int]], anchor: str, own: set[str],
           keep: set[str], depth: int = 0) -> None:
    """Put pages of `fragment` (pikepdf.Pdf, scratch: it is changed) into `old`.

    pairs: (page index in old, page index in fragment), in order. `anchor`: the
    document's; `own`: the ids inside it, whose destinations move to where the
    fragment has them; `keep`: ids before it in the book, which may share its first
    page and stay where they are. `depth`: the document's level in the structure tree
    (<main>'s Part is 0); above it, each page must hold the same elements in the book
    as in the fragment, which holds only the document and what encloses it."""
    from pikepdf import Array

    olds = [old.pages[k].obj for k in (p for p, _ in pairs)]
    frags = [fragment.pages[f].obj for f in (q for _, q in pairs)]
    old_gen = {p.objgen: i for i, p in enumerate(olds)}
    frag_gen = {p.objgen: i for i, p in enumerate(frags)}
    odoc = old.Root.StructTreeRoot.K[0]
    onums = _nums(old.Root.StructTreeRoot.ParentTree)
    fnums = _nums(fragment.Root.StructTreeRoot.ParentTree)
    oorder, fkids = _same_enclosing(old, fragment, old_gen, frag_gen, pairs, anchor, depth)
    moved = _moved(old, fragment, old_gen, frag_gen, anchor, own, keep)
    fout = [o for o in _outline(fragment) if _dest_page(o.get("/Dest")) in frag_gen]
    oout = [o for o in _outline(old) if _dest_page(o.get("/Dest")) in old_gen]
    if len(fout) != len(oout):
        raise Refused(f"{len(oout)} outline entries on the pages, {len(fout)} after the edit")
    copied_pages, copied = _copy(old, fragment, frags, fkids, fnums, fout, moved)
    cdoc = copied.Doc        # the copied /Document: its kids are what is taken
    _redirect(copied_pages, copied, olds, odoc)
    for kid in cdoc.K:
        _renumber(old, kid, None)
    # The fragment's fonts are subsets of their own under the book's subset names;
    # "different subsets in the same PDF file shall have different tags" (ISO 32000-1,
    # 9.6.4), so each copied subset gets a tag of its own.
    used = {name.split("+", 1)[0] for name in _font_files(old)}
    for font in _fonts([copied_pages[i] for i in range(len(olds))]):
        _retag(font, used, f"{anchor}:{pairs[0][0]}")
    dropped_annots = _replace_pages(olds, copied_pages)
    odoc.K = Array(_tree_kids(old, oorder, cdoc, olds, old_gen))
    _parent_tree(old, onums, olds, copied, dropped_annots)
    _move_destinations(old, moved, copied, oout, fout)


def _by_page(doc, pages: dict) -> tuple[list, dict[int, list]]:
    """Each page's top-level elements, in page order, as WeasyPrint writes them."""
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


def _same_enclosing(old, fragment, old_gen: dict, frag_gen: dict, pairs: list,
                    anchor: str, depth: int) -> tuple[list, dict[int, list]]:
    """The book's top-level elements in order and the fragment's per page; Refused
    if a page holds, above the document's level, other elements than the fragment."""
    oorder, okids = _by_page(old.Root.StructTreeRoot.K[0], old_gen)
    _, fkids = _by_page(fragment.Root.StructTreeRoot.K[0], frag_gen)
    for i, (k, _) in enumerate(pairs):
        if _skeleton(okids.get(i, []), depth) != _skeleton(fkids.get(i, []), depth):
            raise Refused(f"page {k + 1} holds more than {anchor} and what encloses it")
    return oorder, fkids


def _moved(old, fragment, old_gen: dict, frag_gen: dict, anchor: str, own: set[str],
           keep: set[str]) -> dict:
    """The fragment's destinations of the document's own ids on the pages taken;
    Refused if one of the book's there would be lost or the document moved."""
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
    return moved


def _copy(old, fragment, frags: list, fkids: dict, fnums: dict, fout: list,
          moved: dict) -> tuple[list, Any]:
    """The fragment's pages copied into `old`, and one container of all else taken:
    the /Document, the pages' ParentTree arrays, the links' owners, the outline's and
    the moved destinations."""
    import pikepdf
    from pikepdf import Array, Dictionary

    fdoc = fragment.Root.StructTreeRoot.K[0]
    # The annotations' owners in the fragment, before anything is copied.
    fannots = [[(a, fnums.get(int(a.StructParent))) if "/StructParent" in a else (a, None)
                for a in page.get("/Annots", [])] for page in frags]
    # Cut the fragment down to what is taken, so that copying follows no reference
    # into the pages that are not (the filler, the stubs) or the rest of its tree.
    fdoc.K = Array([kid for i in range(len(frags)) for kid in fkids.get(i, [])])
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
    return copied_pages, old.copy_foreign(container)


def _redirect(copied_pages: list, copied, olds: list, odoc) -> None:
    """Every reference to a copied page becomes the old page; to the copied
    /Document, the old one."""
    target = {copied_pages[i].objgen: olds[i] for i in range(len(olds))}
    target[copied.Doc.objgen] = odoc
    seen: set = set()
    cdoc = copied.Doc
    seen.add(cdoc.objgen)
    _rewrite(cdoc, target, seen)
    for i in range(len(olds)):
        seen.add(copied_pages[i].objgen)
        _rewrite(copied_pages[i], target, seen)
    _rewrite(copied, target, seen)


def _rewrite(obj, target: dict, seen: set) -> None:
    """References in `obj`, and in what it leads to, that `target` names are replaced;
    `seen` keeps each indirect object to one visit."""
    import pikepdf
    items: list
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
            _rewrite(value, target, seen)


def _renumber(old, element, table) -> None:
    """The table header ids WeasyPrint makes from the table's object number: made
    again from the page and the copy's number, so that they stay unique in the book
    (a later save renumbers the objects, and a later splice reuses numbers; a page's
    tables are always replaced together)."""
    import pikepdf
    from pikepdf import Array, Name
    if element.get("/S") == Name.Table:
        page = old.pages.index(pikepdf.Page(element.Pg)) + 1 if "/Pg" in element else 0
        table = f"p{page}.{element.objgen[0]}"
    for kid in element.get("/K", []):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == Name.StructElem:
            _renumber(old, kid, table)
    if table is not None:
        if "/ID" in element:
            element.ID = pikepdf.String(re.sub(r"^\d+-", f"{table}-", str(element.ID)))
        attrs = element.get("/A")
        if isinstance(attrs, pikepdf.Dictionary) and "/Headers" in attrs:
            attrs.Headers = Array([pikepdf.String(re.sub(r"^\d+-", f"{table}-", str(h)))
                                   for h in attrs.Headers])


def _replace_pages(olds: list, copied_pages: list) -> list[int]:
    """New content, resources and annotations in the old page objects; returns the
    ParentTree keys of the annotations that went."""
    dropped_annots = []
    for i, page in enumerate(olds):
        dropped_annots += [int(a.StructParent) for a in page.get("/Annots", [])
                           if "/StructParent" in a]
        new = copied_pages[i]
        for key in list(page.keys()):
            if key not in _PAGE_OWN and key not in new:
                del page[key]
        for key, value in new.items():
            if key not in _PAGE_OWN:
                page[key] = value
    return dropped_annots


def _tree_kids(old, oorder: list, cdoc, olds: list, old_gen: dict) -> list:
    """The /Document's kids: each page's elements in place of the old page's."""
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
    return new_kids


def _parent_tree(old, onums: dict, olds: list, copied, dropped_annots: list[int]) -> None:
    """The ParentTree: the pages' MCID owners, and the annotations numbered after the
    highest key in use."""
    import pikepdf
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
    old.Root.StructTreeRoot.ParentTree.Nums = pikepdf.Array(
        [x for key in sorted(onums) for x in (key, onums[key])])


def _move_destinations(old, moved: dict, copied, oout: list, fout: list) -> None:
    """Named destinations and outline entries into the pages: where the new render put them."""
    import pikepdf
    if moved:
        tree = pikepdf.NameTree(old.Root.Names.Dests)
        for name, dest in zip(sorted(moved), copied.Dests):
            tree[name] = dest
    for entry, new, dest in zip(oout, fout, copied.Outline):
        entry.Title = new.Title
        entry.Dest = dest
