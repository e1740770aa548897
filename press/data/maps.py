"""Maps drawn offline from the Natural Earth outlines (TopoJSON) as plain SVG.

Stage: data -> figures. Two kinds of map:
- the overview of Europe: country outlines, a line for every bilateral partnership of a
  Slovak or Czech municipality, and a point per municipality with a <title> (its name
  in the edition's language and its partner count). The outlines and lines do not
  depend on the language and are drawn once; only the point layer is drawn per edition.
  Points of municipalities with a case page link to `#case-<id>`; the HTML writer
  rewrites these hrefs for its page layout.
- a locator map per case: the municipality, its partners and the lines between them,
  with no labels, so one drawing serves every edition.

The SVG is written by hand rather than through matplotlib: it keeps <title> and <a>
where we want them and the bytes stable. Every name is XML-escaped.
"""
from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from xml.sax.saxutils import escape, quoteattr

from babel.numbers import format_decimal

from press.data import partnerships
from press.i18n import labels, names
from press.i18n.labels import catalog_path, label
from press.data.partnerships import cached_file
from press.core.state import inputs_hash
# The outlines (TopoJSON) are read in topojson.py; these names stay importable here.
from press.data.topojson import (Country, Ring, alpha2, bounds_of, countries,  # noqa: F401
                                 country_bounds, decode_arcs, outlines, ring)
from press.data import checking, dataset, svgmap, topojson
# Projection and drawing are in svgmap.py; these names stay importable here.
from press.data.svgmap import (CLIP_MARGIN, EARTH_RADIUS_KM, Lambert, View,  # noqa: F401
                               _frame, _num, _svg_open, clip_ring, country_paths,
                               line_path, ring_path)

OUTLINES_DETAILED = "geo/countries-50m.json"
OUTLINES_COARSE = "geo/countries-110m.json"


# --- the overview map ----------------------------------------------------------------

EUROPE = View(Lambert(15.0, 52.0), west=-1450.0, south=-1250.0, east=1900.0, north=1350.0,
              width=1000.0)
OVERVIEW_CLIP = "pmap-clip"
OVERVIEW_TITLE = "pmap-title"


@dataclass(frozen=True)
class Point:
    """A Slovak or Czech municipality on the overview map."""
    name: str
    country: str
    lon: float
    lat: float
    partners: int
    case: str = ""              # id of its case page, "" when it has none


def overview_base(shapes: Iterable[Country], lines, view: View = EUROPE) -> str:
    """The language-independent part of the overview: outlines and partnership lines."""
    land = country_paths(view, shapes, highlight=("SK", "CZ"))
    links = line_path(view, lines)
    return f'<g class="land">{land}</g><path class="links" d="{links}"/>'


def point_layer(view: View, points: Iterable[Point], title: Callable[[Point], str]) -> str:
    """One circle per point with a <title>; large points first so small ones stay on top.
    Points with a case page are wrapped in <a href="#case-<id>">."""
    out = []
    for point in sorted(points, key=lambda p: (-p.partners, p.country, p.name)):
        if not view.visible(point.lon, point.lat):
            continue
        x, y = view(point.lon, point.lat)
        radius = 1.2 + 0.45 * math.sqrt(point.partners)
        circle = (f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(radius)}">'
                  f"<title>{escape(title(point))}</title></circle>")
        if point.case:
            circle = f"<a href={quoteattr('#case-' + point.case)}>{circle}</a>"
        out.append(circle)
    return '<g class="places">' + "".join(out) + "</g>"


def overview_svg(base: str, points: str, alt: str, view: View = EUROPE) -> str:
    """The whole overview: the shared base plus an edition's point layer."""
    return (_svg_open(view, "partnership-map", OVERVIEW_TITLE, fluid=True)
            + f'<title id="{OVERVIEW_TITLE}">{escape(alt)}</title>'
            + _frame(view, "partnership-map", OVERVIEW_CLIP, base + points) + "</svg>\n")


# --- locator maps --------------------------------------------------------------------

LOCATOR_WIDTH = 240.0
LOCATOR_MIN_SPAN_KM = 500.0
LOCATOR_REACH_KM = 2500.0       # partners further away get a line towards them, not a frame
COARSE_FROM_KM = 2000.0         # wider views use the 110m outlines


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lon, lat) points."""
    cos_angle = Lambert(*a).cos_distance(*b)
    return EARTH_RADIUS_KM * math.acos(max(-1.0, min(1.0, cos_angle)))


def locator_view(home: tuple[float, float], partners: list[tuple[float, float]]) -> View:
    """A 3:2 view around the municipality and its partners within reach, with a margin,
    never narrower than 500 km."""
    near = [p for p in partners if distance_km(home, p) <= LOCATOR_REACH_KM]
    points = [home] + near
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    projection = Lambert((min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2)
    xy = [projection(lon, lat) for lon, lat in points]
    xs, ys = [p[0] for p in xy], [p[1] for p in xy]
    cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
    half_w = max((max(xs) - min(xs)) * 0.7, (max(ys) - min(ys)) * 0.75 * 1.5,
                 LOCATOR_MIN_SPAN_KM / 2)
    half_h = half_w * 2 / 3
    return View(projection, cx - half_w, cy - half_h, cx + half_w, cy + half_h, LOCATOR_WIDTH)


def locator_svg(shapes: Iterable[Country], home: tuple[float, float], home_country: str,
                partners: list[tuple[float, float]], view: View) -> str:
    """A small map without labels: the home municipality, its partners, lines between."""
    land = country_paths(view, shapes, highlight=(home_country,), min_step=1.0)
    links = line_path(view, [(home, partner) for partner in partners])
    dots = []
    for lon, lat in sorted(set(partners)):
        if view.visible(lon, lat):
            x, y = view(lon, lat)
            dots.append(f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.6"/>')
    hx, hy = view(*home)
    body = (f'<g class="land">{land}</g><path class="links" d="{links}"/>'
            f'<g class="partners">{"".join(dots)}</g>'
            f'<circle class="place" cx="{_num(hx)}" cy="{_num(hy)}" r="3.6"/>')
    return _svg_open(view, "locator-map") + _frame(view, "locator-map", "loc-clip", body) + "</svg>\n"


def outline_file(data_dir: Path, view: View) -> Path:
    """The outline resolution a view needs: 50m for regional views, 110m for wide ones."""
    coarse = Path(data_dir) / OUTLINES_COARSE
    if (view.east - view.west) > COARSE_FROM_KM and coarse.exists():
        return coarse
    return Path(data_dir) / OUTLINES_DETAILED


# --- the project's maps, cached by content hash ---------------------------------------

def _code_files() -> list[Path]:
    return [Path(__file__), Path(topojson.__file__), Path(svgmap.__file__),
            Path(partnerships.__file__), Path(dataset.__file__), Path(checking.__file__),
            Path(names.__file__), Path(labels.__file__)]


def _data_files(project) -> list[Path]:
    return [Path(project.data) / partnerships.PARTNERSHIPS, Path(project.data) / partnerships.PLACES]


def figure_dir(project, lang: str | None) -> Path:
    """Where generated figures live: one folder per edition, "common" for shared ones."""
    return Path(project.work) / "figures" / (lang or "common")


def coordinates(ds, name: str, country: str) -> tuple[float, float] | None:
    """(lon, lat) of a place, or None. A name may also be given as an edition spells
    it ("Praha"), which the override table maps back to the data's spelling."""
    where = ds.coordinates.get((name, country))
    if where is not None or (name, country) in ds.places.index:
        return where
    key = _respelled(ds, name, country)
    return ds.coordinates.get(key) if key else None


def _respelled(ds, name: str, country: str) -> tuple[str, str] | None:
    for candidate, candidate_country in ds.places.index:
        if candidate_country == country and any(
                ds.names.place(candidate, country, lang) == name for lang in ("sk", "cs", "en")):
            return candidate, country
    return None


def partnership_lines(ds) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """A segment per bilateral partnership whose two ends both have coordinates."""
    lines: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for row in partnerships.bilateral(ds).itertuples(index=False):
        a, b = coordinates(ds, row.a, row.a_country), coordinates(ds, row.b, row.b_country)
        if a and b:
            first, second = sorted((a, b))
            lines.append((first, second))
    return sorted(lines)


def overview_points(ds, cases: dict[tuple[str, str], str]) -> list[Point]:
    points = []
    for (name, country), count in partnerships.partner_counts(ds).items():
        where = coordinates(ds, name, country)
        if where:
            points.append(Point(name, country, where[0], where[1], count,
                                cases.get((name, country), "")))
    return points


def overview_base_file(project, ds) -> tuple[Path, bool]:
    """The outlines and lines of the overview, drawn once for all editions."""
    source = Path(project.data) / OUTLINES_DETAILED
    key = inputs_hash(_data_files(project) + [source, Path(__file__), Path(topojson.__file__),
                                                   Path(svgmap.__file__)], repr(EUROPE))
    render = lambda: overview_base(outlines(source), partnership_lines(ds)).encode("utf-8")
    return cached_file(figure_dir(project, None), "overview-base", key, render, suffix=".svgpart")


def overview_file(project, ds, lang: str, cases: dict[tuple[str, str], str]) -> tuple[Path, bool]:
    """The overview map in one edition: the shared base plus points titled in `lang`."""
    base, _ = overview_base_file(project, ds)

    def title(point: Point) -> str:
        return label(lang, "%(name)s (partners: %(count)s)", ds.locales) % {
            "name": ds.names.place(point.name, point.country, lang),
            "count": format_decimal(point.partners, locale=lang)}

    def render() -> bytes:
        alt = label(lang, "Map of Europe: Slovak and Czech municipalities and lines to their partners", ds.locales)
        layer = point_layer(EUROPE, overview_points(ds, cases), title)
        return overview_svg(base.read_text(encoding="utf-8"), layer, alt).encode("utf-8")

    files = _code_files() + _data_files(project) + [base, catalog_path(lang, project.locales),
                                                     project.names_file]
    key = inputs_hash(files, lang, repr(sorted(cases.items())))
    return cached_file(figure_dir(project, lang), "overview", key, render)


def parse_place(text: str) -> tuple[str, str] | None:
    """"Name|CC" -> (name, CC); None when malformed."""
    name, _, country = text.strip().rpartition("|")
    name, country = name.strip(), country.strip().upper()
    return (name, country) if name and len(country) == 2 else None


def locator_file(project, ds, place: tuple[str, str],
                 partners: list[tuple[str, str]]) -> tuple[Path, bool] | None:
    """A locator map for a case, shared by all editions; None when the municipality has
    no coordinates (illustrative cases). Partners without coordinates are left out."""
    home = coordinates(ds, *place)
    if home is None:
        return None
    spots = sorted({where for where in (coordinates(ds, *p) for p in partners) if where})
    view = locator_view(home, spots)
    source = outline_file(project.data, view)
    key = inputs_hash([source, Path(__file__), Path(topojson.__file__), Path(svgmap.__file__)],
                      repr((home, place[1], spots, view)))
    render = lambda: locator_svg(outlines(source), home, place[1], spots, view).encode("utf-8")
    stem = "locator-" + _slug(f"{place[0]}-{place[1]}")
    return cached_file(figure_dir(project, None), stem, key, render)


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in ascii_text.lower()).strip("-")[:60] or "place"


def _records(project) -> list:
    """The valid case records (press.content.records, the layer below data).

    The records stage reports its own problems; here they only mean fewer links and
    locator maps. Imported here, not at the top: drawing a chart needs no pydantic."""
    from press.content.records import load_records

    cases, _problems = load_records(project)
    return sorted(cases, key=lambda case: case.id)


def case_places(project) -> dict[tuple[str, str], str]:
    """(municipality, country) -> case id, for real (not illustrative) cases."""
    places: dict[tuple[str, str], str] = {}
    for case in _records(project):
        if not case.illustrative:
            places.setdefault((case.municipality.name, case.municipality.country), case.id)
    return dict(sorted(places.items()))


def case_locators(project) -> list[tuple[tuple[str, str], list[tuple[str, str]]]]:
    """(municipality, partners) of every real case, for drawing their locator maps."""
    return [((case.municipality.name, case.municipality.country),
             [(partner.name, partner.country) for partner in case.partners])
            for case in _records(project) if not case.illustrative]
