"""Reading the PDF objects a splice works on (pikepdf): each page's structure
elements, the ParentTree, named destinations, outline entries, font subsets."""
from __future__ import annotations

import hashlib
import re
from typing import Any

from press.print.splice.record import Refused

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
