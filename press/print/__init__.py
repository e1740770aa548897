"""The print path after Sphinx: WeasyPrint in a confined fetcher, and the glyph check."""
import re


def doc_anchor(docname: str) -> str:
    """The id of a document's `<div class="doc">` in the print HTML (printbuilder writes
    it, the page map and the preview look it up). Here, not in printbuilder, so that
    reading it imports no Sphinx (the preview's parent process never needs Sphinx)."""
    return "doc-" + re.sub(r"[^A-Za-z0-9_-]", "-", docname)
