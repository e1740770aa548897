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

The package follows the splice's steps: record.py (what the published PDF was made
from, and what an edit changed), fragment.py (the HTML of one document as the book
prints it), run.py (the build's entry: each document rendered alone and checked
against the page map), graft.py (the pages, annotations, structure elements,
ParentTree entries, destinations and outline put into the book), objects.py (reading
those objects), readback.py (check() and the write).
"""
from __future__ import annotations

import logging

from press.print.splice.fragment import (ancestry, fragment_html, outside_targets,
                                         trailing_content)
from press.print.splice.graft import splice
from press.print.splice.readback import check, write
from press.print.splice.record import (END, MAX_SPLICES, Refused, changed, environment,
                                       extract, fingerprint, remember, sidecar_path)
from press.print.splice.run import render

# pikepdf says at INFO that it started, and accessible-pygments (Furo's) has set the
# root logger to INFO by then: the build's output would show it.
logging.getLogger("pikepdf").setLevel(logging.WARNING)

__all__ = ["END", "MAX_SPLICES", "Refused", "ancestry", "changed", "check", "environment",
           "extract", "fingerprint", "fragment_html", "outside_targets", "remember",
           "render", "sidecar_path", "splice", "trailing_content", "write"]
