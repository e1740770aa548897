"""The partnership database, a page per place: each Slovak and Czech municipality
(partners, locator map, cases, neighbours' partners) and each partner country."""
from __future__ import annotations

from collections import defaultdict

from press.site.database.model import FOLDER, VIEW, Link, Model, Place
from press.site.database.parts import _provenance, _report, _source_link, _status_text
from press.site.database.words import Words, e, label


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
    rows = [_partner_row(model, link, w, up) for link in links]
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
    parts.append(_cases(place, cases, w, up))
    parts.append(_neighbours(model, place, w, up))
    parts.append(_provenance(w, up))
    return f"{FOLDER}/{place.slug}.html", "".join(p for p in parts if p)


def _partner_row(model: Model, link: Link, w: Words, up: str) -> str:
    """A row of a municipality's partners: partner (linked if it has a page), country, year, notes, sources."""
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
    return (f"<tr><td>{pname}</td>"
            f'<td><a href="{up}partnerships/countries/{code.lower()}.html">{e(w.country(code))}</a></td>'
            f"<td>{link.since if link.since else '–'}</td>"
            f"<td>{' '.join(notes)}</td>"
            f"<td class=\"pdb-src\">{'<br>'.join(_source_link(s) for s in link.sources)}</td></tr>")


def _cases(place: Place, cases: dict[str, str], w: Words, up: str) -> str:
    """The good-practice cases of the book that name the place ("" when none does)."""
    titles = [(c, cases[c]) for c in place.cases if c in cases]
    if not titles:
        return ""
    return (f'<h2 id="cases">{e(label(w, "Good-practice cases"))}</h2><ul>'
            + "".join(f'<li><a href="{up}cases/{e(c)}.html">{e(t)}</a></li>' for c, t in titles)
            + "</ul>")


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
