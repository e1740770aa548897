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
from typing import Sequence
from urllib.parse import unquote, urlsplit

from press import patches
from press.core.files import inside
from press.core.state import BuildError, write_atomic


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


def render(html_path: Path, out_path: Path, roots: list[Path], *, document: str,
           variant: str | None = "pdf/ua-1", metadata: dict | None = None,
           stylesheets: Sequence[Path] = ()) -> dict:
    """Render html_path to out_path atomically. Returns pages, warnings and size."""
    import weasyprint
    from weasyprint.urls import FatalURLFetchingError

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    patches.pydyf_page_references()   # speed; the bytes are the same (tests/test_speed.py)
    patches.weasyprint_tags()          # PDF/UA: /Lang of other-language passages, TH /Scope
    fetcher = _fetcher_class()(roots, document)
    # accessible-pygments (which the Furo theme brings) calls logging.basicConfig(INFO)
    # when pygments loads its styles; WeasyPrint's progress log would then be printed.
    # The render reports through its own collector, so the root stays at WARNING.
    logging.getLogger().setLevel(logging.WARNING)
    collector = _Collector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collector)
    try:
        html = weasyprint.HTML(filename=str(html_path), url_fetcher=fetcher,
                               base_url=str(html_path.parent) + "/")
        css = [weasyprint.CSS(filename=str(s), url_fetcher=fetcher) for s in stylesheets]
        doc = html.render(stylesheets=css, pdf_tags=bool(variant))
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
    return {"pages": len(doc.pages), "warnings": collector.messages, "bytes": len(data)}
