"""What every page of the site shares: the site's address and the downloads line
(the edition's PDF and EPUB with their size and page count). Used by the site step
(assemble.py) and the pages it writes of its own (board/, database/)."""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from press.core.project import Project
from press.core.state import BuildError


@dataclass(frozen=True)
class Download:
    kind: str        # "PDF", "EPUB"
    source: Path
    name: str        # file name in <lang>/downloads/
    size: int
    pages: int       # 0 when the format has no pages


def site_url(project: Project) -> str:
    url = (project.conf.get("press_site_url") or "").strip()
    return url.rstrip("/") + "/" if url else ""


def _download(kind: str, path: Path) -> Download:
    return Download(kind, path, path.name, path.stat().st_size,
                    pdf_pages(path) if kind == "PDF" else 0)


def pdf_pages(path: Path) -> int:
    """The page count, read back from the file itself."""
    from pypdf import PdfReader

    try:
        return len(PdfReader(str(path)).pages)
    except Exception as exc:  # a torn or foreign file: say which, do not link it blind
        raise BuildError(f"site: {path}: cannot read the PDF ({exc})") from None


def human_size(n: int, lang: str) -> str:
    from babel.numbers import format_decimal

    if n >= 1_000_000:
        return f"{format_decimal(round(n / 1e6, 1), format='#,##0.0', locale=lang)} MB"
    return f"{format_decimal(max(1, round(n / 1e3)), locale=lang)} kB"


def downloads_html(lang: str, downloads: list[Download], up: str, locales=None) -> str:
    from press.i18n.labels import label

    if not downloads:
        return ""
    items = []
    for d in downloads:
        facts = [human_size(d.size, lang)]
        if d.pages:
            facts.insert(0, label(lang, "pages: %s", locales) % d.pages)
        items.append(f'<li><a href="{up}downloads/{html.escape(d.name)}" '
                     f'type="{"application/pdf" if d.kind == "PDF" else "application/epub+zip"}"'
                     f' download>{d.kind}</a> ({html.escape(", ".join(facts))})</li>')
    return (f'<div class="press-downloads"><span>{html.escape(label(lang, "Download", locales))}:</span>'
            f'<ul>{"".join(items)}</ul></div>')
