"""The read-back: the spliced file's structure checked as PDF/UA relies on it, and
written only when it passes."""
from __future__ import annotations

import io
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from press.print.splice.objects import _dest_page, _dests, _font_files, _nums


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
    root = pdf.Root.StructTreeRoot
    nums = _nums(root.ParentTree)
    pages = {p.obj.objgen: n for n, p in enumerate(pdf.pages)}
    tree = _Tree(pages)
    for top in root.K:
        tree.walk(top, root)
    problems = tree.problems + _held_owned(pdf, nums, tree.held)
    for name, programs in _font_files(pdf).items():
        if len(programs) > 1:
            problems.append(f"{len(programs)} different font subsets are named {name}")
    dests = _dests(pdf)
    for n, page in enumerate(pdf.pages):
        found, complete = _mcid_problems(n, page, nums, streams is None or n in streams)
        problems += found
        if complete:    # without its ParentTree entry, the page's links are not looked at
            problems += _link_problems(n, page.obj, nums, tree.in_tree, dests, pages)
    return problems


@dataclass
class _Tree:
    """The structure tree walked from the root: what is wrong, and what it holds."""
    pages: dict
    problems: list[str] = field(default_factory=list)
    in_tree: set = field(default_factory=set)
    held: dict[tuple, tuple] = field(default_factory=dict)   # (page, MCID) -> element
    ids: set[str] = field(default_factory=set)

    def walk(self, element, parent) -> None:
        import pikepdf
        if "/ID" in element:
            if str(element.ID) in self.ids:
                self.problems.append(f"two structure elements have the ID {element.ID}")
            self.ids.add(str(element.ID))
        if element.objgen in self.in_tree:
            self.problems.append(f"element {element.objgen} is in the tree twice")
            return
        self.in_tree.add(element.objgen)
        if element.get("/P") is None or element.P.objgen != parent.objgen:
            self.problems.append(f"element {element.get('/S')} {element.objgen}: /P is not its parent")
        page = element.get("/Pg")
        if page is not None and page.objgen not in self.pages:
            self.problems.append(f"element {element.get('/S')} {element.objgen}: /Pg is not a page")
        for kid in element.get("/K", []):
            if isinstance(kid, int) and page is not None:
                self.held[(page.objgen, int(kid))] = element.objgen
        for kid in element.get("/K", []):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.StructElem:
                self.walk(kid, element)


def _held_owned(pdf, nums: dict, held: dict) -> list[str]:
    """Each MCID an element of the tree holds is owned by that element in the
    ParentTree (the other way round: the margins' elements, which WeasyPrint keeps
    out of the tree, own theirs without being held)."""
    problems = []
    page_numbers = {p.obj.objgen: (n, int(p.obj.get("/StructParents", -1)))
                    for n, p in enumerate(pdf.pages)}
    for (page_gen, mcid), element in held.items():
        n, key = page_numbers[page_gen]
        owners = nums.get(key)
        if owners is None or mcid >= len(owners) or owners[mcid].objgen != element:
            problems.append(f"page {n + 1}: MCID {mcid} is held by element {element} of the "
                            "tree but the ParentTree names another owner")
    return problems


def _mcid_problems(n: int, page, nums: dict, read: bool) -> tuple[list[str], bool]:
    """Every MCID of the page's content (when `read`) has an owner on the page that
    holds it; and whether the page has its ParentTree entry, if it needs one."""
    import pikepdf
    obj, mcids = page.obj, set()
    problems: list[str] = []
    for instruction in (pikepdf.parse_content_stream(page) if read else ()):
        operands = instruction.operands
        if instruction.operator == pikepdf.Operator("BDC") and len(operands) > 1:
            props = operands[1]
            if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
                mcids.add(int(props.MCID))
    if not mcids:
        return problems, True
    owners = nums.get(int(obj.get("/StructParents", -1)))
    if owners is None:
        return [f"page {n + 1}: no ParentTree entry"], False
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
    return problems, True


def _link_problems(n: int, obj, nums: dict, in_tree: set, dests: dict, pages: dict) -> list[str]:
    """Each link of the page has its element in the tree, which holds it, and a
    destination on a page of the book."""
    import pikepdf
    problems = []
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
