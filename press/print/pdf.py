"""PDF: WeasyPrint renders the print HTML, fetching only from confined folders.

WeasyPrint's default fetcher reads any local file and the network, and a
`<link rel="attachment">` would embed what it read in the PDF. Here every URL goes
through ConfinedFetcher: `file:` and `data:` only, and only real paths (symlinks
resolved) under the folders the build names. A refused URL stops the render.
"""
from __future__ import annotations

import gc
import logging
import os
from pathlib import Path
from typing import Sequence
from urllib.parse import unquote, urlsplit

from press import patches
from press.core.files import inside
from press.core.state import BuildError, write_atomic


GC_YOUNG = 50_000   # allocations between young-generation collections (Python's default: 700)


class RefusedURL(Exception):
    pass


def _fetcher_class():
    from weasyprint.urls import URLFetcher

    class ConfinedFetcher(URLFetcher):
        def __init__(self, roots: list[Path], document: str):
            super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True,
                             allow_redirects=False, timeout=1)
            self.roots = list(roots)
            self.document = document
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "file":
                path = unquote(urlsplit(url).path)
                if not any(inside(path, root) for root in self.roots):
                    self._refuse(url)
            elif scheme != "data":
                self._refuse(url)
            return super().fetch(url, headers)

        def _refuse(self, url):
            self.refused.append(url)
            raise RefusedURL(f"{self.document}: refused to fetch {url}")

    return ConfinedFetcher


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _quiet_weasyprint_logger() -> logging.Logger:
    # accessible-pygments (which the Furo theme brings) calls logging.basicConfig(INFO)
    # when pygments loads its styles, and WeasyPrint's progress logger is set to INFO
    # (its first records come while it is imported): its steps would be printed. The
    # render reports through its own collector, so WeasyPrint's records stop there.
    logger = logging.getLogger("weasyprint")
    logger.propagate = False
    return logger


def _patched() -> int:
    """Apply the render's patches; returns the page-layout count before this render."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    patches.pydyf_page_references()   # speed; the bytes are the same (tests/test_speed.py)
    patches.weasyprint_tags()          # PDF/UA: /Lang of other-language passages, TH /Scope
    patches.weasyprint_page_count()    # counts page layouts (the page map's measure)
    return patches.page_layouts()


def _fewer_young_collections() -> tuple[int, ...]:
    """Set a rarer young-generation collection; returns the thresholds to restore.

    A render allocates millions of objects that live until its end, and Python's
    cycle collector keeps walking them: 12 % of a 334-page render's CPU (1,848 young
    collections). Rarer young collections cut the render's CPU by 6–10 % on that
    book, with the same peak memory and the same bytes (bench/README.md, issue 21)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(GC_YOUNG, *thresholds[1:])
    return thresholds


def import_weasyprint():
    """WeasyPrint, imported without find_library's ldconfig/gcc/ld runs (press/patches.py,
    weasyprint-import-sonames; issue 21)."""
    return patches.weasyprint_import()


def render(html_path: Path, out_path: Path, roots: list[Path], *, document: str,
           variant: str | None = "pdf/ua-1", metadata: dict | None = None,
           stylesheets: Sequence[Path] = (), inspect=None) -> dict:
    """Render html_path to out_path atomically. Returns pages, warnings and size.

    `inspect(document)` (pagemap.py) sees the laid-out document before the PDF is
    written; when it returns False nothing is written and "settled" is False.
    "layouts" counts WeasyPrint's page layouts (press/patches.py, weasyprint-page-count)."""
    weasyprint = import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    logger = _quiet_weasyprint_logger()
    layouts = _patched()
    fetcher = _fetcher_class()(roots, document)
    collector = _Collector()
    logger.addHandler(collector)
    thresholds = _fewer_young_collections()
    try:
        html = weasyprint.HTML(filename=str(html_path), url_fetcher=fetcher,
                               base_url=str(html_path.parent) + "/")
        css = [weasyprint.CSS(filename=str(s), url_fetcher=fetcher) for s in stylesheets]
        doc = html.render(stylesheets=css, pdf_tags=bool(variant))
        layouts = patches.page_layouts() - layouts
        if inspect is not None and not inspect(doc):
            return _result(doc, collector, b"", layouts, settled=False)
        if doc.metadata.attachments:
            raise BuildError(f"{document}: attachments are not allowed in the PDF")
        for key, value in (metadata or {}).items():
            setattr(doc.metadata, key, value)
        data = doc.write_pdf(pdf_variant=variant or None, pdf_tags=bool(variant))
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise BuildError(f"{document}: PDF: {cause}") from None
    finally:
        gc.set_threshold(*thresholds)
        logger.removeHandler(collector)
    if fetcher.refused:
        raise BuildError(f"{document}: PDF: refused to fetch {fetcher.refused[0]}")
    write_atomic(out_path, data)
    return _result(doc, collector, data, layouts, settled=True)


def _result(doc, collector, data: bytes, layouts: int, *, settled: bool) -> dict:
    return {"pages": len(doc.pages), "warnings": collector.messages, "bytes": len(data),
            "layouts": layouts, "settled": settled}
