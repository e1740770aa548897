"""Two statistical maps, readable at A5 and in greyscale; the website shows the same files.

Palette: ColorBrewer's YlGnBu (Cynthia Brewer, Penn State), sequential, safe for the
common colour-vision deficiencies and monotone in lightness, so its classes stay in order
when printed in grey. Circles are one dark blue with a white rim; their legend gives
the scale. Numbers are formatted in the edition's locale; every figure has a <title>
(alternative text, which WeasyPrint writes as the structure element's /Alt).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from babel.numbers import format_decimal

from press.core.state import inputs_hash
from press.data import partnerships
from press.data.maps import (OUTLINES_DETAILED, Lambert, View, _num, coordinates, country_paths,
                             figure_dir, outlines, ring_path)
from press.data.partnerships import cached_file
from press.i18n.labels import catalog_path, label
from press.i18n.names import Names

YLGNBU = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
INK = "#253494"
FONT = "font-family:'Charis SIL',serif"

# Slovakia and Czechia with a rim of their neighbours; Lambert equal-area, so a
# circle's area means the same everywhere on the map.
HOME = View(Lambert(17.0, 49.2), west=-420.0, south=-215.0, east=460.0, north=250.0, width=880.0)
# Europe from Portugal to the Urals' foot, for partner countries.
EUROPE = View(Lambert(15.0, 52.0), west=-1750.0, south=-1500.0, east=2300.0, north=1650.0,
              width=1000.0)
CLASSES = (1, 10, 50, 100, 250)          # lower bounds of the five shades
RADIUS_PER_SQRT = 2.9                    # canvas units: a circle's area ∝ partners


@dataclass(frozen=True)
class HomePoint:
    name: str
    country: str
    lon: float
    lat: float
    partners: int


def home_points(ds) -> list[HomePoint]:
    """Every Slovak and Czech municipality with partners and known coordinates."""
    points = []
    for (name, country), count in partnerships.partner_counts(ds).items():
        where = coordinates(ds, name, country)
        if where:
            points.append(HomePoint(name, country, where[0], where[1], count))
    return points


def partner_country_counts(ds) -> dict[str, int]:
    """Partner country -> partners that Slovak and Czech municipalities have there: the
    partner-country tables of both countries added up, so a Slovak–Czech pair counts
    once for each side and a domestic pair once."""
    counts: dict[str, int] = {}
    for home in partnerships.HOME:
        for code, n in partnerships.by_partner_country(ds, home):
            counts[code] = counts.get(code, 0) + n
    return dict(sorted(counts.items()))


def shade(count: int) -> str | None:
    """The class colour of a count; None for no partnership."""
    if count < CLASSES[0]:
        return None
    return YLGNBU[max(i for i, low in enumerate(CLASSES) if count >= low)]


CIRCLES_PER_PATH = 120
KAPPA = 0.5523          # control-point distance of a quarter circle drawn as one cubic


def _circle_path(x: float, y: float, r: float) -> str:
    k = KAPPA * r
    return (f"M{_num(x + r)} {_num(y)}"
            f"C{_num(x + r)} {_num(y + k)} {_num(x + k)} {_num(y + r)} {_num(x)} {_num(y + r)}"
            f"C{_num(x - k)} {_num(y + r)} {_num(x - r)} {_num(y + k)} {_num(x - r)} {_num(y)}"
            f"C{_num(x - r)} {_num(y - k)} {_num(x - k)} {_num(y - r)} {_num(x)} {_num(y - r)}"
            f"C{_num(x + k)} {_num(y - r)} {_num(x + r)} {_num(y - k)} {_num(x + r)} {_num(y)}Z")


def radius(partners: int) -> float:
    return RADIUS_PER_SQRT * math.sqrt(partners)


def _n(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


def _svg(view: View, height: float, alt: str, body: str, css_class: str) -> str:
    w, h = _num(view.width), _num(height)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="{css_class}" viewBox="0 0 {w} {h}" '
            f'width="100%" role="img"><title>{escape(alt)}</title>{body}</svg>\n')


def _centroid(view: View, country) -> tuple[float, float] | None:
    """Label point: the area centroid of the country's largest ring on the canvas."""
    best, best_area = None, 0.0
    for points, box in country.rings:
        if not view.may_show(box):
            continue
        xy = [view(lon, lat) for lon, lat in points]
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(xy, xy[1:] + xy[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best_area and area:
            best_area, best = abs(area), (cx / (3 * area), cy / (3 * area))
    if best is None or not (0 < best[0] < view.width and 0 < best[1] < view.height):
        return None
    return best


# --- where the municipalities are ------------------------------------------------------

def home_map_svg(shapes, points: list[HomePoint], lang: str, locales: Path | None, *, legend: bool = True,
                 css_class: str = "home-map", ink: str = INK) -> str:
    """The map; `ink` is the circles' colour (the cover draws them in its own red).
    Opaque circles with a white rim, the largest first: translucent ones cost WeasyPrint
    a transparency group each (twice the drawing time, measured with bench/run)."""
    view = HOME
    land = country_paths(view, shapes, highlight=("SK", "CZ"), min_step=0.8)
    # The circles as a few <path>s of four Bézier arcs each, largest first: a thousand
    # <circle> elements cost WeasyPrint about 0.3 ms each to draw (bench/run).
    ordered = sorted(points, key=lambda p: (-p.partners, p.country, p.name))
    circles = []
    for start in range(0, len(ordered), CIRCLES_PER_PATH):
        d = "".join(_circle_path(*view(p.lon, p.lat), radius(p.partners))
                    for p in ordered[start:start + CIRCLES_PER_PATH])
        circles.append(f'<path d="{d}"/>')
    style = (f"<style>.{css_class} .sea{{fill:#ffffff}}"
             f".{css_class} .land path{{fill:#f2f2f2;stroke:#9a9a9a;stroke-width:0.6}}"
             f".{css_class} .land path.home{{fill:#e3e3e3;stroke:#555555;stroke-width:0.9}}"
             f".{css_class} .dots circle,.{css_class} .dots path{{fill:{ink};stroke:#ffffff;stroke-width:0.7}}"
             f".{css_class} text{{{FONT};font-size:21px;fill:#222222}}</style>")
    height = view.height
    body = (f'{style}<defs><clipPath id="{css_class}-clip"><rect width="{_num(view.width)}" '
            f'height="{_num(view.height)}"/></clipPath></defs>'
            f'<g clip-path="url(#{css_class}-clip)"><rect class="sea" width="{_num(view.width)}" '
            f'height="{_num(view.height)}"/><g class="land">{land}</g>'
            f'<g class="dots">{"".join(circles)}</g></g>')
    if legend:
        keys, height = _size_key(view, points, lang, locales)
        body += keys
    alt = home_map_alt(points, lang, locales)
    return _svg(view, height, alt, body, css_class)


# How far a key's text may reach. The site shows these maps as <img>, where the page's
# web fonts do not apply and the reader's serif (often DejaVu Serif, digits 0.64 em wide)
# stands in for Charis SIL (0.5 em); keys spaced for Charis overlapped there. Spacing
# for the wider face keeps them apart in both (DejaVu Serif: figures 0.64 em, the
# letters of these labels 0.55 em on average).
def _advance(text: str, font_px: float) -> float:
    return font_px * sum(0.66 if c.isdigit() or c in "–+" else 0.58 for c in text)


def _size_key(view: View, points: list[HomePoint], lang: str, locales: Path | None) -> tuple[str, float]:
    """Size key below the map: three circles, and what they stand for; and the map's
    height with it."""
    top = max((p.partners for p in points), default=1)
    steps = sorted({1, 10, max(20, int(round(top / 10.0)) * 10)} | ({top} if top < 20 else set()))
    big = radius(steps[-1])
    x, base = 10.0, view.height + 10 + big
    keys = [f'<text x="{_num(x)}" y="{_num(base + 7)}">'
            f'{escape(label(lang, "Partners of a municipality", locales))}:</text>']
    x += 16 + _advance(label(lang, "Partners of a municipality", locales) + ":", 21)
    for n in steps:
        r = radius(n)
        keys.append(f'<circle cx="{_num(x + r)}" cy="{_num(base)}" r="{_num(r)}"/>'
                    f'<text x="{_num(x + 2 * r + 6)}" y="{_num(base + 7)}">{_n(n, lang)}</text>')
        x += 2 * r + 22 + _advance(_n(n, lang), 21)
    return f'<g class="dots">{"".join(keys)}</g>', view.height + 16 + 2 * big


def home_map_alt(points: list[HomePoint], lang: str, locales: Path | None) -> str:
    sk = sum(1 for p in points if p.country == "SK")
    cz = sum(1 for p in points if p.country == "CZ")
    return label(lang, "Map of Slovakia and the Czech Republic: %(sk)s Slovak and %(cz)s Czech "
                       "municipalities with partners, each a circle whose area shows its number "
                       "of partners", locales) % {"sk": _n(sk, lang), "cz": _n(cz, lang)}


def home_map_caption(points: list[HomePoint], lang: str, names: Names, locales: Path | None) -> str:
    """The point of the map, from the data: how many places, and who has the most."""
    most = sorted(points, key=lambda p: (-p.partners, p.name))[:2]
    one_or_two = sum(1 for p in points if p.partners <= 2)
    return label(lang, "Where the municipalities with partners are: all over both countries, "
                       "not only in the cities; %(small)s of the %(all)s have one or two partners. "
                       "Most partners: %(first)s (%(n1)s) and %(second)s (%(n2)s).", locales) % {
        "small": _n(one_or_two, lang), "all": _n(len(points), lang),
        "first": names.place(most[0].name, most[0].country, lang), "n1": _n(most[0].partners, lang),
        "second": names.place(most[1].name, most[1].country, lang), "n2": _n(most[1].partners, lang)}


# --- where their partners are -------------------------------------------------------------

def partner_map_svg(shapes, counts: dict[str, int], lang: str, locales: Path | None, *, names: Names,
                    labelled: int = 10, css_class: str = "partner-map") -> str:
    view = EUROPE
    paths, labels_out = _shaded_countries(view, shapes, counts, lang, labelled)
    style = (f"<style>.{css_class} .sea{{fill:#ffffff}}"
             f".{css_class} .land path{{fill:#ececec;stroke:#8a8a8a;stroke-width:0.5}}"
             f".{css_class} .land path.home{{stroke:#000000;stroke-width:1.4}}"
             + "".join(f".{css_class} .land path.c{i},.{css_class} rect.c{i}{{fill:{c}}}"
                       for i, c in enumerate(YLGNBU)) +
             f".{css_class} text{{{FONT};font-size:22px;fill:#111111}}"
             f".{css_class} text.on-dark{{fill:#ffffff;font-weight:bold}}"
             f".{css_class} rect.key{{stroke:#8a8a8a;stroke-width:0.5}}</style>")
    w, h = _num(view.width), _num(view.height)
    body = (f'{style}<defs><clipPath id="{css_class}-clip"><rect width="{w}" height="{h}"/>'
            f'</clipPath></defs><g clip-path="url(#{css_class}-clip)"><rect class="sea" '
            f'width="{w}" height="{h}"/><g class="land">{"".join(paths)}</g>'
            f'{"".join(labels_out)}</g>{_class_key(lang, locales, view.height + 12)}')
    return _svg(view, view.height + 46, partner_map_alt(counts, lang, names, locales), body, css_class)


def _shaded_countries(view: View, shapes, counts: dict[str, int], lang: str,
                      labelled: int) -> tuple[list[str], list[str]]:
    """Each country's outline in its class's colour, and the numbers of the `labelled`
    countries with the most partners at their centroids."""
    paths, labels_out = [], []
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    to_label = {code for code, _ in ranked[:labelled]}
    for country in sorted(shapes, key=lambda c: (c.code, c.name)):
        d = "".join(ring_path(view, points, box, 0.8) for points, box in country.rings)
        if not d:
            continue
        colour = shade(counts.get(country.code, 0))
        # Classes, not style attributes: WeasyPrint reads an inline SVG's style
        # attributes as HTML CSS and warns on SVG properties.
        classes = ([f"c{YLGNBU.index(colour)}"] if colour else []) + (
            ["home"] if country.code in ("SK", "CZ") else [])
        css = f' class="{" ".join(classes)}"' if classes else ""
        paths.append(f'<path{css} d="{d}"/>')
        if country.code in to_label:
            where = _centroid(view, country)
            if where:
                dark = ' class="on-dark"' if colour in YLGNBU[3:] else ""
                labels_out.append(
                    f'<text x="{_num(where[0])}" y="{_num(where[1] + 5)}" text-anchor="middle"'
                    f'{dark}>{_n(counts[country.code], lang)}</text>')
    return paths, labels_out


def _class_key(lang: str, locales: Path | None, y: float) -> str:
    """Legend: the five classes as boxes, with their ranges."""
    bounds = list(CLASSES) + [None]
    keys, x = [], 8.0
    keys.append(f'<text x="{_num(x)}" y="{_num(y + 19)}">{escape(label(lang, "Partners", locales))}:</text>')
    x += 14 + _advance(label(lang, "Partners", locales) + ":", 22)
    for i in range(len(YLGNBU)):
        low, high = CLASSES[i], bounds[i + 1]
        text = f"{_n(low, lang)}–{_n(high - 1, lang)}" if high else f"{_n(low, lang)}+"
        keys.append(f'<rect class="key c{i}" x="{_num(x)}" y="{_num(y)}" width="26" height="24"/>'
                    f'<text x="{_num(x + 32)}" y="{_num(y + 19)}">{text}</text>')
        x += 46 + _advance(text, 22)
    return "".join(keys)


def _outside(counts: dict[str, int], shapes) -> int:
    shown = {c.code for c in shapes if any(ring_path(EUROPE, p, b, 5.0) for p, b in c.rings)}
    return sum(n for code, n in counts.items() if code not in shown)


def partner_map_alt(counts: dict[str, int], lang: str, names: Names, locales: Path | None) -> str:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:3]
    listed = ", ".join(f"{names.country(code, lang)} {_n(n, lang)}" for code, n in ranked)
    return label(lang, "Map of Europe: countries shaded by the number of partners that Slovak and "
                       "Czech municipalities have there; most: %(list)s", locales) % {"list": listed}


def partner_map_caption(counts: dict[str, int], lang: str, outside: int, names: Names,
                        locales: Path | None) -> str:
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    total = sum(counts.values())
    top3 = sum(n for _, n in ranked[:3])
    return label(lang, "Where the partners are: %(top)s of the %(total)s partners of Slovak and "
                       "Czech municipalities are in three countries: %(a)s, %(b)s and %(c)s; %(outside)s are in "
                       "countries beyond the map.", locales) % {
        "a": names.country(ranked[0][0], lang), "b": names.country(ranked[1][0], lang),
        "c": names.country(ranked[2][0], lang), "top": _n(top3, lang), "total": _n(total, lang),
        "outside": _n(outside, lang)}


# --- cached files -------------------------------------------------------------------

def _inputs(project, lang: str | None) -> list[Path]:
    files = [Path(__file__), Path(partnerships.__file__), project.names_file,
             Path(project.data) / partnerships.PARTNERSHIPS, Path(project.data) / partnerships.PLACES,
             Path(project.data) / OUTLINES_DETAILED]
    return files + ([catalog_path(lang, project.locales)] if lang else [])


def home_map_file(project, ds, lang: str, *, legend: bool = True, css_class: str = "home-map",
                  ink: str = INK):
    """(path of the SVG, caption) of the home map in one edition, drawn once per input."""
    points = home_points(ds)
    source = Path(project.data) / OUTLINES_DETAILED
    key = inputs_hash(_inputs(project, lang), lang, str(legend), css_class, ink)
    render = lambda: home_map_svg(outlines(source), points, lang, ds.locales, legend=legend,
                                  css_class=css_class, ink=ink).encode("utf-8")
    path, _ = cached_file(figure_dir(project, lang), css_class, key, render)
    return path, home_map_caption(points, lang, ds.names, ds.locales)


def partner_map_file(project, ds, lang: str):
    counts = partner_country_counts(ds)
    source = Path(project.data) / OUTLINES_DETAILED
    key = inputs_hash(_inputs(project, lang), lang)
    render = lambda: partner_map_svg(outlines(source), counts, lang, ds.locales,
                                     names=ds.names).encode("utf-8")
    path, _ = cached_file(figure_dir(project, lang), "partner-map", key, render)
    return path, partner_map_caption(counts, lang, _outside(counts, outlines(source)), ds.names,
                                     ds.locales)
