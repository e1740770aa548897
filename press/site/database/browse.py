"""The partnership database, the two pages that browse all of it: the filterable
table (table.js) and the interactive map (map.js), and what their scripts read:
data.json and the outline map that the map and every locator map share."""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

from press.core.project import Project
from press.data import maps, partnerships
from press.site.database.model import FOLDER, HOME, VIEW, Link, Model
from press.site.database.parts import _provenance, _report
from press.site.database.words import Words, e, label


def _all_places(model: Model, w: Words, up: str) -> str:
    """Every municipality page, linked without JavaScript."""
    out = []
    for country in HOME:
        items = sorted((p for p in model.places.values() if p.country == country),
                       key=lambda p: (_sort_key(w.place(p.key)), p.name))
        out.append(f'<h3>{e(w.country(country))} ({w.number(len(items))})</h3><ul class="pdb-index">'
                   + "".join(f'<li><a href="{up}partnerships/{p.slug}.html">{e(w.place(p.key))}</a></li>'
                             for p in items) + "</ul>")
    return "".join(out)


def _sort_key(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def table_page(model: Model, w: Words, countries: list[str]) -> tuple[str, str]:
    up = "../"
    options = "".join(f'<option value="{c}">{e(w.country(c))}</option>'
                      for c in sorted(countries, key=lambda c: _sort_key(w.country(c))))
    body = f"""<h1>{e(label(w, "Partnership database"))}</h1>
<p class="pdb-lead">{e(label(w, "Every partnership of a Slovak or Czech municipality in the data, one row per municipality and partner (a Slovak–Czech pair appears from both sides)."))}
<a href="map.html">{e(label(w, "Interactive map"))}</a></p>
<form id="pdb-filter" class="pdb-filter" role="search" aria-label="{e(label(w, "Filter the partnerships"))}" hidden>
<p><label for="pdb-q">{e(label(w, "Municipality or partner"))}</label> <input id="pdb-q" name="q" type="search" autocomplete="off"></p>
<p><label for="pdb-side">{e(label(w, "Slovak or Czech side"))}</label> <select id="pdb-side" name="side"><option value="">{e(label(w, "both"))}</option><option value="SK">{e(w.country("SK"))}</option><option value="CZ">{e(w.country("CZ"))}</option></select></p>
<p><label for="pdb-country">{e(label(w, "Partner country"))}</label> <select id="pdb-country" name="country"><option value="">{e(label(w, "all"))}</option>{options}</select></p>
<p><label for="pdb-from">{e(label(w, "Since (from year)"))}</label> <input id="pdb-from" name="from" type="number" min="1945" max="2100" inputmode="numeric">
<label for="pdb-to">{e(label(w, "to year"))}</label> <input id="pdb-to" name="to" type="number" min="1945" max="2100" inputmode="numeric"></p>
<p><label for="pdb-net">{e(label(w, "Network links"))}</label> <select id="pdb-net" name="net"><option value="">{e(label(w, "included"))}</option><option value="no">{e(label(w, "left out"))}</option><option value="only">{e(label(w, "only"))}</option></select></p>
<p><button type="reset" id="pdb-reset">{e(label(w, "Clear the filter"))}</button></p>
</form>
<p id="pdb-count" class="pdb-count" role="status" aria-live="polite"></p>
<p class="pdb-downloads">{e(label(w, "Download"))}: <a href="partnerships.csv" download>CSV</a>, <a href="data.json" download="partnerships.json">JSON</a>, <a href="status.csv" download>{e(label(w, "ended and suspended (CSV)"))}</a>
<span id="pdb-filtered" hidden>· {e(label(w, "this view"))}: <a id="pdb-csv" href="partnerships.csv" download="partnerships-filtered.csv">CSV</a>, <a id="pdb-json" href="data.json" download="partnerships-filtered.json">JSON</a></span></p>
<div id="pdb-table" class="table-wrapper"></div>
{_report(w, model.project, None)}
<h2 id="pdb-places">{e(label(w, "All municipalities"))}</h2>
{_all_places(model, w, up)}
<h2 id="pdb-countries">{e(label(w, "Partner countries"))}</h2>
<ul class="pdb-index">{"".join(f'<li><a href="countries/{c.lower()}.html">{e(w.country(c))}</a></li>' for c in sorted(countries, key=lambda c: _sort_key(w.country(c))))}</ul>
{_provenance(w, up)}
<script src="table.js"></script>"""  # noqa: E501 (an HTML template: wrapping its lines would change the pages' bytes)
    return f"{FOLDER}/index.html", body


def map_page(model: Model, w: Words, countries: list[str]) -> tuple[str, str]:
    up = "../"
    options = "".join(f'<option value="{c}">{e(w.country(c))}</option>'
                      for c in sorted(countries, key=lambda c: _sort_key(w.country(c))))
    body = f"""<h1>{e(label(w, "Map of the partnerships"))}</h1>
<p class="pdb-lead">{e(label(w, "Slovak and Czech municipalities, sized by their number of partners. Choose a point to see its partners."))}
<a href="index.html">{e(label(w, "The same data as a table"))}</a></p>
<div class="pdb-mapbar">
<button type="button" id="pdb-zin" aria-label="{e(label(w, "Zoom in"))}">+</button>
<button type="button" id="pdb-zout" aria-label="{e(label(w, "Zoom out"))}">−</button>
<button type="button" id="pdb-zreset">{e(label(w, "Whole map"))}</button>
<label for="pdb-mcountry">{e(label(w, "Partner country"))}</label> <select id="pdb-mcountry"><option value="">{e(label(w, "all"))}</option>{options}</select>
</div>
<p class="pdb-hint" id="pdb-hint">{e(label(w, "Keys: Tab moves between points (most partners first), Enter opens one, arrows move the map, + and − zoom."))}</p>
<div class="pdb-mapwrap">
<svg id="pdb-map" class="pdb-map" viewBox="0 0 {VIEW.width:.0f} {VIEW.height:.1f}" tabindex="0" role="group" aria-label="{e(label(w, "Map of the partnerships"))}" aria-describedby="pdb-hint">
<image href="outlines.svg" width="{VIEW.width:.0f}" height="{VIEW.height:.1f}"/>
<g id="pdb-lines"></g><g id="pdb-points" tabindex="-1"></g></svg>
<div id="pdb-tip" class="pdb-tip" hidden></div>
</div>
<section id="pdb-panel" class="pdb-panel" aria-live="polite" tabindex="-1" hidden></section>
{_report(w, model.project, None)}
{_provenance(w, up)}
<script src="map.js"></script>"""  # noqa: E501 (an HTML template: wrapping its lines would change the pages' bytes)
    return f"{FOLDER}/map.html", body


def browser_data(model: Model, w: Words) -> dict:
    """Everything the table and the map show, in the edition's names: one file, read once."""
    places, index = [], {}
    for i, place in enumerate(model.places.values()):
        index[place.key] = i
        places.append([place.slug, w.place(place.key), place.country, _xy(place.where), len(place.links)])
    partners, rows, sources = _links(model, w, index)
    codes = sorted({p[1] for p in partners} | set(HOME))
    return {
        "about": {
            "data_date": partnerships.DATA_DATE,
            "sources": "English Wikipedia lists of twin towns (via github.com/Hekman/twincities, MIT); "
                       "SMO ČR partner-town database, September 2013 (via github.com/economia/partnerska-mesta); "
                       "official municipal pages named on their rows",
            "attribution": "Coordinates: GeoNames (CC BY 4.0, geonames.org). Country outlines: "
                           "Natural Earth (public domain), via world-atlas (ISC).",
            "caveats": label(w, "Caveats: there is no complete official register; Wikipedia covers big towns better than villages; the SMO ČR data stop in 2013 and have no Slovak counterpart; ended partnerships are not always removed from the lists."),  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
        },
        "lang": w.lang,
        "columns": {"places": ["page", "name", "country", "xy", "partners"],
                    "partners": ["name", "country", "xy", "place"],
                    "rows": ["place", "partner", "since", "network", "sources", "status"]},
        "words": script_words(w),
        "countries": {c: w.country(c) for c in codes},
        "places": places, "partners": partners, "rows": rows, "sources": sources,
    }


def _xy(where: tuple[float, float] | None) -> list[float] | None:
    """A point on the map, or None for a place without coordinates or outside the view."""
    return [round(v, 1) for v in VIEW(*where)] if where and VIEW.visible(*where) else None


def _links(model: Model, w: Words, index: dict[tuple[str, str], int]) -> tuple[list, list, list[str]]:
    """data.json's partners, rows and sources: a row names its place, partner and sources
    by their number, so that each partner and each source is written once."""
    partners: list[list[Any]] = []      # name, country, xy, place: a JSON row
    partner_index: dict[tuple[str, str], int] = {}
    source_index: dict[str, int] = {}   # in the order first cited: the list of sources
    rows = []
    for place in model.places.values():
        for link in place.sorted_links():
            if link.partner not in partner_index:
                partner_index[link.partner] = len(partners)
                partners.append([w.place(link.partner), link.partner[1],
                                 _xy(model.dataset.coordinates.get(link.partner)), index.get(link.partner, -1)])
            ids = [source_index.setdefault(s, len(source_index)) for s in link.sources]
            rows.append([index[place.key], partner_index[link.partner], link.since,
                         "" if link.bilateral else link.network, ids, _status(link, w)])
    return partners, rows, list(source_index)


def _status(link: Link, w: Words) -> list[str] | None:
    if link.status is None:
        return None
    from press.data.status import date_text

    return [link.status.status, date_text(link.status.date, w.lang), link.status.source]


def script_words(w: Words) -> dict[str, str]:
    """Words the scripts show, sent in data.json (written out so that gettext finds them)."""
    return {
        "Municipality": label(w, "Municipality"),
        "Country": label(w, "Country"),
        "Partner": label(w, "Partner"),
        "Partner country": label(w, "Partner country"),
        "Since": label(w, "Since"),
        "Note": label(w, "Note"),
        "Source": label(w, "Source"),
        "network link": label(w, "network link"),
        "ended": label(w, "ended"),
        "suspended": label(w, "suspended"),
        "%(shown)s of %(all)s partnerships, %(places)s municipalities":
            label(w, "%(shown)s of %(all)s partnerships, %(places)s municipalities"),
        "%(name)s (partners: %(count)s)": label(w, "%(name)s (partners: %(count)s)"),
        "Open the page of %s": label(w, "Open the page of %s"),
        "Close": label(w, "Close"),
        "Partners of %s": label(w, "Partners of %s"),
        "Sort by this column": label(w, "Sort by this column"),
    }


def outlines_svg(project: Project) -> bytes:
    shapes = maps.outlines(Path(project.data) / maps.OUTLINES_DETAILED)
    land = maps.country_paths(VIEW, shapes, highlight=HOME, min_step=0.35)
    w, h = f"{VIEW.width:.0f}", f"{VIEW.height:.1f}"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
            "<style>path{fill:#f4f1ea;stroke:#a7a39a;stroke-width:0.3;stroke-linejoin:round}"
            "path.home{fill:#e4ddc8}</style>"
            f'<rect width="{w}" height="{h}" fill="#eef3f7"/>{land}</svg>\n').encode("utf-8")
