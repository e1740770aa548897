"""The glyph check: every character of the print text must be in the book's fonts.

WeasyPrint silently falls back to another installed font for a character the book's
fonts lack, so a missing glyph shows up as a stray typeface (or a box) in print and
differs from machine to machine. This check reads each font's character map with
fontTools and reports every character of the print HTML that none of the fonts
covers, naming the character and the document it occurs in.

Breaking white space and invisible control and format characters (soft hyphen,
zero-width joiners) are not drawn, so they are not checked; the no-break space
U+00A0 and every punctuation mark are drawn, so the fonts must have them.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Iterable, Iterator
from xml.etree import ElementTree

import tinyhtml5
from fontTools.ttLib import TTCollection, TTFont

# Breaking white space, which WeasyPrint collapses or breaks at instead of drawing.
_COLLAPSED = set(" \t\n\r\f\v")
# Elements whose text is never laid out on a page.
_NOT_RENDERED = {"head", "style", "script", "template", "noscript"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_CONTEXT = 24   # characters shown either side of a missing one


def covered_codepoints(font_paths: Iterable[Path]) -> set[int]:
    """The union of the character maps of the fonts (all faces of a collection)."""
    covered: set[int] = set()
    for path in font_paths:
        for font in _faces(Path(path)):
            covered.update(font.getBestCmap() or {})
    return covered


def _faces(path: Path) -> list[TTFont]:
    if path.suffix.lower() in {".ttc", ".otc"}:
        return list(TTCollection(str(path), lazy=True).fonts)
    return [TTFont(str(path), lazy=True)]


def is_drawn(char: str) -> bool:
    """Whether a character needs a glyph: not breaking space, control or format."""
    return char not in _COLLAPSED and unicodedata.category(char) not in {"Cc", "Cf"}


def missing_glyphs(
    text_by_place: Iterable[tuple[str, str]], font_paths: list[Path]
) -> list[tuple[str, str]]:
    """(char, place) for each drawn character no font covers, once per place."""
    covered = covered_codepoints(font_paths)
    found: dict[tuple[str, str], None] = {}
    for text, place in text_by_place:
        for char in text:
            if ord(char) not in covered and is_drawn(char):
                found.setdefault((char, place), None)
    return list(found)


def check_html(
    html_path: Path, font_paths: list[Path], docnames: Iterable[str] = ()
) -> list[str]:
    """One error line per missing character and document of the print HTML.

    The place is the source document, from the `id="doc-<docname>"` wrapper the print
    builder puts around each (slashes in a docname become dashes there; pass the
    docnames to name them with their slashes again), else the nearest preceding
    heading, else the HTML file.
    """
    html_path = Path(html_path)
    covered = covered_codepoints(font_paths)
    doc_ids = {"doc-" + name.replace("/", "-"): name for name in docnames}
    first: dict[tuple[str, str], tuple[str, int]] = {}
    for text, place, element in _texts(_parse(html_path), html_path.name, doc_ids):
        for char in text:
            if ord(char) not in covered and is_drawn(char):
                key = (char, place)
                context, count = first.get(key) or (_context(element, char), 0)
                first[key] = (context, count + 1)
    return [
        _message(char, place, context, count)
        for (char, place), (context, count) in first.items()
    ]


def _message(char: str, place: str, context: str, count: int) -> str:
    times = f", {count} times" if count > 1 else ""
    return (f"{place}: U+{ord(char):04X} {char!r} is not in the book's fonts "
            f"({context}{times})")


def _context(element: ElementTree.Element, char: str) -> str:
    # Around the character's first occurrence in the element holding it (a
    # paragraph, say), as a proofreader would search for it.
    text = " ".join("".join(element.itertext()).split())
    index = text.find(char)
    start, end = max(0, index - _CONTEXT), index + _CONTEXT + 1
    return ("…" if start > 0 else "") + text[start:end] + ("…" if end < len(text) else "")


def _parse(path: Path) -> ElementTree.Element:
    # Sphinx writes its HTML in UTF-8; decoding here keeps a page without a charset
    # declaration from being read as windows-1252, the HTML parsers' default.
    return tinyhtml5.parse(path.read_text(encoding="utf-8"), namespace_html_elements=False)


def _texts(root: ElementTree.Element, fallback: str,
           doc_ids: dict[str, str]) -> Iterator[tuple[str, str, ElementTree.Element]]:
    """(text, place, element holding it) for every rendered text, in document order."""
    heading = [fallback]   # the nearest preceding heading, updated as the walk goes

    def walk(element: ElementTree.Element, doc: str | None):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _NOT_RENDERED or not tag:    # comments and processing instructions
            return
        ident = element.get("id", "")
        # The wrapper is "doc-<doc>"; ids inside it are "doc-<doc>--<id>".
        if ident.startswith("doc-") and "--" not in ident:
            doc = doc_ids.get(ident, ident[len("doc-"):])
        if tag in _HEADINGS:
            heading[0] = " ".join("".join(element.itertext()).split()) or heading[0]
        if element.text:
            yield element.text, doc or heading[0], element
        for child in element:
            yield from walk(child, doc)
            if child.tail:
                yield child.tail, doc or heading[0], element

    yield from walk(root, None)
