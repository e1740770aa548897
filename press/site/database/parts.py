"""The partnership database, the parts several pages share: source links, a link's
status, where the data come from, and where to report a missing partnership."""
from __future__ import annotations

import re

from press.core.project import Project
from press.site.database.model import Link, Place
from press.site.database.words import Words, e, label


def _source_link(source: str) -> str:
    """A source with every http(s) address in it as a link named by its site; the rest
    (e.g. "year:", "(read via …)") stays text. Everything is escaped."""
    source = re.sub(r"\(read via (github\.com/[^\s]+)[^)]*\)", r"(via \1)", source)
    out, at = [], 0
    for match in re.finditer(r"https?://[^\s;,)]+", source):
        out.append(e(source[at:match.start()]))
        url = match.group(0)
        out.append(f'<a href="{e(url)}">{e(partnerships_host(url))}</a>')
        at = match.end()
    out.append(e(source[at:]))
    return "".join(out)


def partnerships_host(url: str) -> str:
    from press.data.status import host

    return host(url)


def _provenance(w: Words, up: str) -> str:
    """Where the data comes from, its date, the credits the licences ask for, and the caveats."""
    return (f'<section class="pdb-provenance" aria-labelledby="pdb-prov">'
            f'<h2 id="pdb-prov">{e(label(w, "About these data"))}</h2>'
            f'<p>{e(label(w, "Partnerships as the sources list them; the newest source was read in February 2026."))} '
            f'{e(label(w, "Sources: the English Wikipedia lists of twin towns (read via github.com/Hekman/twincities, MIT) and the SMO ČR partner-town database of September 2013 (read via github.com/economia/partnerska-mesta); a few rows from official municipal pages. Coordinates: GeoNames (CC BY 4.0). Country outlines: Natural Earth (public domain), via world-atlas (ISC)."))}</p>'  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
            f'<p>{e(label(w, "Caveats: there is no complete official register; Wikipedia covers big towns better than villages; the SMO ČR data stop in 2013 and have no Slovak counterpart; ended partnerships are not always removed from the lists."))} '  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
            f'<a href="{up}partnerships/SOURCES.txt">{e(label(w, "Sources and licences"))}</a></p>'
            "</section>")


def _report(w: Words, project: Project, place: Place | None) -> str:
    """The link for readers' corrections: the association of the municipality's side, or
    both associations (by country) on the pages that are not about one municipality."""
    contacts = project.conf.get("press_report_contacts") or {}
    if place is not None and contacts.get(place.country):
        return (f'<p class="pdb-report"><a href="{e(contacts[place.country])}">'
                f'{e(label(w, "Report a missing or ended partnership"))}</a> '
                f'{e(label(w, "(to the association of towns and municipalities)"))}</p>')
    links = [f'<a href="{e(url)}">{e(w.country(code))}</a>' for code, url in sorted(contacts.items()) if url]
    if not links:
        return ""
    return (f'<p class="pdb-report">{e(label(w, "Report a missing or ended partnership"))} '
            f'{e(label(w, "(to the association of towns and municipalities)"))}: {", ".join(links)}</p>')


def _status_text(w: Words, link: Link) -> str:
    from press.data.status import date_text

    s = link.status
    if s is None:
        return ""
    word = label(w, "ended") if s.status == "ended" else label(w, "suspended")
    return (f'<span class="pdb-status">{e(word)} {e(date_text(s.date, w.lang))} '
            f'({_source_link(s.source)})</span>')
