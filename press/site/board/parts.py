"""The partner board, the parts its pages share: dates, hidden addresses, the
associations' links, the language switcher and downloads, and names of countries,
languages and themes in the edition's language."""
from __future__ import annotations

import datetime
import html

from press.core.project import Project
from press.i18n.labels import label


def _associations() -> str:
    # Public web sites only (FACTS-2026.md, section 6): no address to harvest.
    return ('<a href="https://www.zmos.sk" hreflang="sk">ZMOS</a>, '
            '<a href="https://www.smocr.cz" hreflang="cs">SMO ČR</a>')


def _date(d: str | datetime.date, lang: str) -> str:
    from babel.dates import format_date

    value = datetime.date.fromisoformat(d) if isinstance(d, str) else d
    return f'<time datetime="{value.isoformat()}">{html.escape(format_date(value, "long", locale=lang))}</time>'


def _hidden_address(address: str) -> str:
    """data attributes from which board.js puts the address together; reversed, so that
    neither the address nor its parts read as one."""
    local, domain = address.rsplit("@", 1)
    return f'data-u="{html.escape(local[::-1])}" data-d="{html.escape(domain[::-1])}"'


def _downloads(project: Project, lang: str, found) -> str:
    """The edition's downloads, as on every other page (press/site/assemble.py)."""
    from press.site.downloads import downloads_html

    links = downloads_html(lang, found, "../", project.locales)
    return f'\n<footer class="board-downloads">{links}</footer>' if links else ""


def _languages(project: Project, lang: str, langs: list[str], name: str) -> tuple[str, str]:
    """Like every page of the site: hreflang alternates and canonical link (when
    press_site_url is set), and the switcher to the same page in the other editions."""
    from press.ext.htmlsite import native_name
    from press.site.downloads import site_url

    url = site_url(project)
    head = ""
    if url:
        head = "".join(f'<link rel="alternate" hreflang="{o}" href="{url}{o}/board/{name}">\n'
                       for o in langs)
        head += (f'<link rel="alternate" hreflang="x-default" href="{url}">\n'
                 f'<link rel="canonical" href="{url}{lang}/board/{name}">\n')
    items = "".join(
        f'<li><a href="../../{o}/board/{name}" lang="{o}" '
        + ('aria-current="true"' if o == lang else f'hreflang="{o}"')
        + f">{html.escape(native_name(o))}</a></li>" for o in langs)
    nav = (f'<nav class="press-languages" aria-label="{html.escape(label(lang, "Language", project.locales))}">'
           f"<ul>{items}</ul></nav>\n")
    return head, nav


def _names(project: Project, lang: str, codes) -> dict[str, str]:
    from press.i18n.names import Names

    names = Names.of(project)
    return {c: names.country(c, lang) for c in codes}


def _language_name(code: str, lang: str) -> str:
    from babel import Locale

    return Locale.parse(lang).languages.get(code, code)


def _theme_names(project: Project, lang: str) -> dict[str, str]:
    from press.content.vocab import load_vocab

    vocab = load_vocab(project)
    return {k: vocab.theme(k, lang) for k in vocab.themes}
