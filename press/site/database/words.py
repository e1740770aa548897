"""The partnership database, its words: one edition's labels (press.po) and names, and
the list of every msgid its pages use, for the translators' template."""
from __future__ import annotations

import html

from press.core.project import Project
from press.i18n.names import Names


class Words:
    """Labels of one edition (press.po), and names in its forms. Memoized: a page asks
    for the same few words and numbers thousands of times (Babel is slow per call)."""

    def __init__(self, project: Project, lang: str):
        from press.i18n.labels import label as lookup

        self.lang, self.project, self.names = lang, project, Names.of(project)
        self._lookup = lambda text: lookup(lang, text, project.locales)
        self._cache: dict = {}

    def _memo(self, kind: str, key, make):
        try:
            return self._cache[(kind, key)]
        except KeyError:
            value = self._cache[(kind, key)] = make()
            return value

    def __call__(self, text: str) -> str:
        return self._memo("label", text, lambda: self._lookup(text))

    def place(self, key: tuple[str, str]) -> str:
        return self._memo("place", key, lambda: self.names.place(key[0], key[1], self.lang))

    def country(self, code: str) -> str:
        return self._memo("country", code, lambda: self.names.country(code, self.lang))

    def number(self, n) -> str:
        from babel.numbers import format_decimal

        return self._memo("number", n, lambda: format_decimal(n, locale=self.lang))


def label(w: Words, msgid: str) -> str:
    """label(w, msgid): the edition's word. Named like press.i18n.labels.label, with
    the msgid second, so that `build.py gettext` extracts these msgids into press.pot."""
    return w(msgid)


def e(text) -> str:
    return html.escape(str(text), quote=True)


def _for_gettext(w: Words) -> None:
    """Never called: Babel cannot read msgids inside f-strings, so every word of the
    pages is listed here once for `build.py gettext` (tests/test_database.py checks
    that the list is complete). A table, so it stays one long function: Babel extracts
    only the literal msgids of label() calls, so a constant list would not reach press.pot."""
    label(w, "About these data")
    label(w, "Partnerships as the sources list them; the newest source was read in February 2026.")
    label(w, "Sources: the English Wikipedia lists of twin towns (read via github.com/Hekman/twincities, MIT) and the SMO ČR partner-town database of September 2013 (read via github.com/economia/partnerska-mesta); a few rows from official municipal pages. Coordinates: GeoNames (CC BY 4.0). Country outlines: Natural Earth (public domain), via world-atlas (ISC).")  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
    label(w, "Caveats: there is no complete official register; Wikipedia covers big towns better than villages; the SMO ČR data stop in 2013 and have no Slovak counterpart; ended partnerships are not always removed from the lists.")  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
    label(w, "Sources and licences")
    label(w, "Report a missing or ended partnership")
    label(w, "(to the association of towns and municipalities)")
    label(w, "ended")
    label(w, "suspended")
    label(w, "No coordinates for this place: no map.")
    label(w, "Map: %(name)s and its partners")
    label(w, "network link")
    label(w, "%(partners)s partners in %(countries)s countries")
    label(w, "Partnership database")
    label(w, "Interactive map")
    label(w, "Partners")
    label(w, "Partners of %s")
    label(w, "Partner")
    label(w, "Country")
    label(w, "Since")
    label(w, "Note")
    label(w, "Source")
    label(w, "Map")
    label(w, "Good-practice cases")
    label(w, "Partners of neighbours")
    label(w, "Municipalities within 30 km and the countries where they have partners: a place to start looking for a partner.")  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
    label(w, "No coordinates for this place: no neighbours.")
    label(w, "No municipality of the data lies within 30 km.")
    label(w, "Countries of their partners (municipalities):")
    label(w, "Neighbours of %s")
    label(w, "Municipality")
    label(w, "Distance")
    label(w, "Partner countries")
    label(w, "%s: Slovak and Czech partners")
    label(w, "Municipalities: %s")
    label(w, "Every partnership of a Slovak or Czech municipality in the data, one row per municipality and partner (a Slovak–Czech pair appears from both sides).")  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
    label(w, "Filter the partnerships")
    label(w, "Municipality or partner")
    label(w, "Slovak or Czech side")
    label(w, "both")
    label(w, "Partner country")
    label(w, "all")
    label(w, "Since (from year)")
    label(w, "to year")
    label(w, "Network links")
    label(w, "included")
    label(w, "left out")
    label(w, "only")
    label(w, "Clear the filter")
    label(w, "Download")
    label(w, "ended and suspended (CSV)")
    label(w, "this view")
    label(w, "All municipalities")
    label(w, "Map of the partnerships")
    label(w, "Slovak and Czech municipalities, sized by their number of partners. Choose a point to see its partners.")
    label(w, "The same data as a table")
    label(w, "Zoom in")
    label(w, "Zoom out")
    label(w, "Whole map")
    label(w, "Keys: Tab moves between points (most partners first), Enter opens one, arrows move the map, + and − zoom.")  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
    label(w, "%(shown)s of %(all)s partnerships, %(places)s municipalities")
    label(w, "%(name)s (partners: %(count)s)")
    label(w, "Open the page of %s")
    label(w, "Close")
    label(w, "Sort by this column")
