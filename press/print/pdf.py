"""PDF: WeasyPrint renders the print HTML, fetching only from confined folders.

WeasyPrint's default fetcher reads any local file and the network, and a
`<link rel="attachment">` would embed what it read in the PDF. Here every URL goes
through ConfinedFetcher: `file:` and `data:` only, and only real paths (symlinks
resolved) under the folders the build names. A refused URL stops the render.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from press.core.state import BuildError, write_atomic


class RefusedURL(Exception):
    pass


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class ConfinedFetcher(URLFetcher):
        def __init__(self, roots: list[Path], document: str):
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True,
                             allow_redirects=False, timeout=1)
            self.roots = [Path(r).resolve() for r in roots]
            self.document = document
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in self.roots):
                    self._refuse(url)
            elif scheme != "data":
                self._refuse(url)
            return super().fetch(url, headers)

        def _refuse(self, url):
            self.refused.append(url)
            raise RefusedURL(f"{self.document}: refused to fetch {url}")

    return ConfinedFetcher


def _fast_page_references() -> None:
    """Make pydyf's `PDF.page_references` cheap to read more than once.

    pydyf 0.13 rebuilds the tuple of every page's reference each time the property is
    read, and WeasyPrint's tagger reads it once per tagged box: for a 330-page book
    that is 26,000 reads of a 330-item tuple, about 1.5 s of each render. The tuple
    only changes when a page is added (`add_page` extends `Kids`), so it is cached
    against the length of `Kids`; the bytes written are the same.
    """
    import pydyf

    original = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(original, property) or getattr(original.fget, "press_cached", False):
        return  # a pydyf without the property, or already done in this process

    def page_references(self):
        kids = self.pages["Kids"]
        cached = self.__dict__.get("_press_page_references")
        if cached is None or cached[0] != len(kids):
            cached = (len(kids), original.fget(self))
            self.__dict__["_press_page_references"] = cached
        return cached[1]

    page_references.press_cached = True
    pydyf.PDF.page_references = property(page_references, doc=original.__doc__)


def _tag_language_changes() -> None:
    """Give a passage in another language its own /Lang in the PDF's structure tree.

    PDF/UA asks for every change of language to be marked, so that a screen reader
    switches voice. WeasyPrint 70 writes the document's language into the catalog
    only. A passage shown in its source language (a draft's untranslated paragraph)
    has `lang` in the print HTML, so the structure element WeasyPrint builds for its
    box gets that language. Elements inside it inherit it in the tree.
    """
    import pydyf
    from weasyprint.pdf import tags

    original = tags._build_box_tree
    if getattr(original, "press_lang", False):
        return

    def build_box_tree(box, parent, pdf, *args):
        lang = None
        if box.element is not None and box.element_tag not in ("html", "body"):
            lang = box.element.get("lang")
        for element in original(box, parent, pdf, *args):
            # A box yields its own element, or (html, body) its children's.
            if lang and "Lang" not in element:
                element["Lang"] = pydyf.String(lang)
            yield element

    build_box_tree.press_lang = True
    tags._build_box_tree = build_box_tree


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def render(html_path: Path, out_path: Path, roots: list[Path], *, document: str,
           variant: str | None = "pdf/ua-1", metadata: dict | None = None,
           stylesheets: list[Path] = (), inspect=None) -> dict:
    """Render html_path to out_path atomically. Returns pages, warnings and size.

    `inspect(document)` (pagemap.py) sees the laid-out document before the PDF is
    written; when it returns False nothing is written and "settled" is False.
    "layouts" counts WeasyPrint's page layouts (patch_pagecount.py)."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    _fast_page_references()
    _tag_language_changes()
    from press.print import patch_pagecount
    patch_pagecount.install()
    layouts = patch_pagecount.layouts()
    fetcher = _fetcher_class()(roots, document)
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        html = weasyprint.HTML(filename=str(html_path), url_fetcher=fetcher,
                               base_url=str(html_path.parent) + "/")
        css = [weasyprint.CSS(filename=str(s), url_fetcher=fetcher) for s in stylesheets]
        doc = html.render(stylesheets=css, pdf_tags=bool(variant))
        layouts = patch_pagecount.layouts() - layouts
        if inspect is not None and not inspect(doc):
            return {"pages": len(doc.pages), "warnings": collector.messages, "bytes": 0,
                    "layouts": layouts, "settled": False}
        if doc.metadata.attachments:
            raise BuildError(f"{document}: attachments are not allowed in the PDF")
        for key, value in (metadata or {}).items():
            setattr(doc.metadata, key, value)
        data = doc.write_pdf(pdf_variant=variant or None, pdf_tags=bool(variant))
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BuildError(f"{document}: PDF: {cause}") from None
    finally:
        logger.removeHandler(collector)
    if fetcher.refused:
        raise BuildError(f"{document}: PDF: refused to fetch {fetcher.refused[0]}")
    write_atomic(out_path, data)
    return {"pages": len(doc.pages), "warnings": collector.messages, "bytes": len(data),
            "layouts": layouts, "settled": True}
