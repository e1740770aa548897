"""TopoJSON decoding, the SVG maps and charts, their cache, and the Sphinx directives,
on the fixture in tests/fixtures/data (made-up places, a hand-made topology)."""
from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from press.i18n.names import Names
from press.data import charts, maps, tables
from press.data import partnerships as data
from press.core.edition import Edition
from press.core.project import Project

FIXTURE = Path(__file__).parent / "fixtures" / "data"
TOPOLOGY = FIXTURE / "geo" / "countries-50m.json"
ROOT = Path(__file__).resolve().parent.parent

# The hand-made topology, decoded by hand: scale (0.5, 0.25), translate (12, 46).
SK_RING = [(14.0, 46.0), (14.0, 48.0), (12.0, 48.0), (12.0, 46.0), (14.0, 46.0)]
CZ_RING = [(14.0, 46.0), (16.0, 46.0), (16.0, 48.0), (14.0, 48.0), (14.0, 46.0)]
PL_TRIANGLES = [[(18.0, 50.0), (20.0, 50.0), (19.0, 52.0), (18.0, 50.0)],
                [(21.0, 50.0), (22.0, 50.0), (21.5, 51.0), (21.0, 50.0)]]


@pytest.fixture(scope="module")
def topology() -> dict:
    return json.loads(TOPOLOGY.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ds() -> data.Dataset:
    return data.load(FIXTURE, ROOT, names=Names(ROOT / "cases" / "vocab" / "names.yaml"),
                     locales=ROOT / "locales")


@pytest.fixture
def project(tmp_path) -> Project:
    """A throwaway project holding the fixture data, with its own _build/."""
    shutil.copytree(FIXTURE, tmp_path / "cases" / "data")
    (tmp_path / "fonts").mkdir()
    return Project(tmp_path)


# --- TopoJSON ----------------------------------------------------------------------

def test_quantized_arcs_are_delta_decoded_and_transformed(topology):
    arcs = maps.decode_arcs(topology)
    assert arcs[0] == [(14.0, 46.0), (14.0, 48.0)]
    assert arcs[1] == [(14.0, 48.0), (12.0, 48.0), (12.0, 46.0), (14.0, 46.0)]
    assert arcs[3] == PL_TRIANGLES[0]


def test_rings_join_arcs_and_walk_negative_indices_backwards(topology):
    shapes = {c.code: c for c in maps.countries(topology)}
    assert [list(r) for r in shapes["SK"].polygons[0]] == [SK_RING]
    # Czechia is arc 2 followed by arc 0 reversed (~0 == -1): the shared border
    assert [list(r) for r in shapes["CZ"].polygons[0]] == [CZ_RING]
    assert [[list(r) for r in polygon] for polygon in shapes["PL"].polygons] == [[t] for t in PL_TRIANGLES]


def test_country_codes_come_from_numeric_ids_and_known_names(topology):
    shapes = maps.countries(topology)
    assert [(c.code, c.name) for c in shapes] == [
        ("SK", "Slovakia"), ("CZ", "Czechia"), ("PL", "Poland"), ("XK", "Kosovo")]


def test_country_bounds(topology):
    assert maps.country_bounds(topology) == {
        "CZ": (14.0, 46.0, 16.0, 48.0), "PL": (18.0, 50.0, 22.0, 52.0),
        "SK": (12.0, 46.0, 14.0, 48.0), "XK": (24.0, 48.0, 25.0, 49.0)}


def test_unquantized_topology_keeps_absolute_positions():
    topology = {"type": "Topology", "arcs": [[[1.5, 2.5], [3.0, 2.5], [3.0, 4.0], [1.5, 2.5]]],
                "objects": {"countries": {"type": "GeometryCollection", "geometries": [
                    {"type": "Polygon", "arcs": [[-1]], "id": "040", "properties": {"name": "A"}}]}}}
    [country] = maps.countries(topology)
    assert country.code == "AT"
    assert list(country.polygons[0][0]) == [(1.5, 2.5), (3.0, 4.0), (3.0, 2.5), (1.5, 2.5)]


def test_projection_inverts():
    projection = maps.Lambert(15.0, 52.0)
    for lon, lat in ((15.0, 52.0), (-9.0, 38.7), (37.8, 48.0), (25.8, 71.0)):
        back = projection.inverse(*projection(lon, lat))
        assert back == pytest.approx((lon, lat), abs=1e-9)


def test_clipping_keeps_the_part_inside():
    square = [(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)]
    clipped = maps.clip_ring(square, (0.0, 0.0, 10.0, 10.0))
    assert sorted(set(clipped)) == [(0.0, 0.0), (0.0, 5.0), (5.0, 0.0), (5.0, 5.0)]
    assert maps.clip_ring(square, (20.0, 20.0, 30.0, 30.0)) == []


# --- the overview map ---------------------------------------------------------------

def independent_partner_counts() -> dict[tuple[str, str], int]:
    """Distinct bilateral partners of each SK/CZ municipality with coordinates, from the CSVs."""
    with open(FIXTURE / "places.csv", encoding="utf-8") as f:
        located = {(p["name"], p["country"]) for p in csv.DictReader(f) if p["lat"]}
    with open(FIXTURE / "partnerships.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    bilateral = {frozenset({(r["municipality"], r["municipality_country"]),
                            (r["partner"], r["partner_country"])}) for r in rows if not r["network"]}
    partners: dict[tuple[str, str], set] = {}
    for pair in bilateral:
        for end in pair:
            if end[1] in ("SK", "CZ"):
                partners.setdefault(end, set()).update(pair - {end})
    return {end: len(p) for end, p in partners.items() if end in located}


def test_overview_has_a_titled_point_per_municipality(project, ds):
    path, drawn = maps.overview_file(project, ds, "en", {("Testovo", "SK"): "testovo-case"})
    svg = path.read_text(encoding="utf-8")
    expected = independent_partner_counts()
    titles = re.findall(r"<circle[^>]*><title>([^<]*)</title></circle>", svg)
    assert drawn and len(titles) == len(expected) == svg.count("<circle")
    assert sorted(titles) == sorted(
        f"{name.replace('&', '&amp;')} (partners: {n})" for (name, _), n in expected.items())
    # the only municipality with a case page links to it
    assert re.findall(r'<a href="([^"]*)"><circle', svg) == ["#case-testovo-case"]
    assert 'aria-labelledby="pmap-title"' in svg and "<title id=\"pmap-title\">" in svg


def test_overview_base_is_shared_and_points_follow_the_edition(project, ds):
    sk, _ = maps.overview_file(project, ds, "sk", {})
    en, _ = maps.overview_file(project, ds, "en", {})
    assert sk != en and sk.parent.name == "sk" and en.parent.name == "en"
    bases = list((project.work / "figures" / "common").glob("overview-base-*.svgpart"))
    assert len(bases) == 1
    base = bases[0].read_text(encoding="utf-8")
    assert base in sk.read_text(encoding="utf-8") and base in en.read_text(encoding="utf-8")


def test_lines_cover_every_located_bilateral_pair(ds):
    lines = maps.partnership_lines(ds)
    located = [row for row in data.bilateral(ds).itertuples()
               if (row.a, row.a_country) in ds.coordinates and (row.b, row.b_country) in ds.coordinates]
    assert len(lines) == len(located)


# --- locator maps -------------------------------------------------------------------

def test_locator_map_has_no_labels_and_is_drawn_once(project, ds):
    place, partners = ("Testovo", "SK"), [("Przykładowo", "PL"), ("Nowhere", "PL")]
    path, drawn = maps.locator_file(project, ds, place, partners)
    again, drawn_again = maps.locator_file(project, ds, place, partners)
    svg = path.read_text(encoding="utf-8")
    assert drawn and not drawn_again and again == path
    assert path.parent.name == "common"
    assert "<text" not in svg and "<title" not in svg
    assert svg.count('<circle class="place"') == 1
    assert len(re.findall(r'<g class="partners">(.*?)</g>', svg)[0].split("<circle")) - 1 == 1


def test_no_locator_map_without_coordinates(project, ds):
    assert maps.locator_file(project, ds, ("Bez Súradníc", "SK"), [("Przykładowo", "PL")]) is None
    assert maps.locator_file(project, ds, ("Imaginárne", "SK"), []) is None


def test_place_option_format():
    assert maps.parse_place(" Testovo & Okolie | sk ") == ("Testovo & Okolie", "SK")
    assert maps.parse_place("Testovo") is None


# --- charts and the cache -------------------------------------------------------------

def test_chart_svg_is_deterministic_and_keeps_text(project, ds):
    first = charts.render_chart(project, "decades", "CZ", "en", ds)
    second = charts.render_chart(project, "decades", "CZ", "en", ds)
    svg = first.decode("utf-8")
    assert first == second
    assert "<dc:date>" not in svg
    assert "<text" in svg and "Charis SIL" in svg
    assert "Number of partnerships" in svg


def test_chart_is_cached_by_content_hash(project, ds):
    path, drawn = charts.chart_file(project, "by-country", "SK", "sk", ds)
    again, drawn_again = charts.chart_file(project, "by-country", "SK", "sk", ds)
    assert drawn and not drawn_again and again == path
    places = project.data / "places.csv"
    places.write_text(places.read_text(encoding="utf-8") + "Nová Obec,SK,47.1,13.1,,,fixture,made up\n",
                      encoding="utf-8")
    changed, drawn_changed = charts.chart_file(project, "by-country", "SK", "sk", ds)
    assert drawn_changed and changed != path


def test_generate_all_draws_once_and_reports_timings(project):
    first = charts.generate_all(project, ["sk", "en"])
    second = charts.generate_all(project, ["sk", "en"])
    assert first["drawn"] == 2 * len(charts.CHARTS) + 2 and first["cached"] == 0
    assert second["drawn"] == 0 and second["cached"] == first["drawn"]
    assert second["total_s"] < 5.0
    assert {"charts_s", "overview_maps_s", "locator_maps_s", "total_s"} <= set(first)


# --- the Sphinx side ------------------------------------------------------------------

CONF = '''
extensions = ["myst_parser", "press.ext.datafigures"]
root_doc = "index"
numfig = True
gettext_additional_targets = ["image"]
gettext_compact = False

def setup(app):
    app.add_config_value("press_edition", None, "env")
'''

PAGE = '''# Numbers

In all, {partnership-count}`total` partnerships; {partnership-share}`eu-sk` inside the EU.

```{partnership-table} by-country SK
```

```{partnership-chart} decades CZ
```

```{partnership-map}
```
'''

CASE = '''(case-testovo-case)=
# Testovo

```{locator-map}
:place: Testovo|SK
:partners: Przykładowo|PL; Nowhere|PL
```
'''


def sphinx_build(project: Project, builder: str, lang: str) -> Path:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = project.root / "src"
    if not src.exists():
        (src / "cases").mkdir(parents=True)
        (src / "conf.py").write_text(CONF, encoding="utf-8")
        (src / "index.md").write_text("# Book\n\n```{toctree}\nnumbers\ncases/testovo-case\n```\n",
                                      encoding="utf-8")
        (src / "numbers.md").write_text(PAGE, encoding="utf-8")
        (src / "cases" / "testovo-case.md").write_text(CASE, encoding="utf-8")
    out = project.root / "out" / f"{builder}-{lang}"
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out), str(project.root / "doctrees" / f"{builder}-{lang}"),
                     builder, confoverrides={"language": lang, "press_edition": Edition(lang, project)},
                     status=io.StringIO(), warning=io.StringIO())
        app.build()
        assert app.statuscode == 0
    return out


@pytest.mark.build
def test_directives_render_in_the_edition_language(project, ds, monkeypatch):
    monkeypatch.setattr(maps, "case_places", lambda _project: {("Testovo", "SK"): "testovo-case"})
    out = sphinx_build(project, "html", "sk")
    page = (out / "numbers.html").read_text(encoding="utf-8")
    numbers, shares = data.summary(ds), data.shares(ds)
    assert f"In all, {numbers['total']} partnerships; {tables.percent(shares['eu-sk'], 'sk')} inside" in page
    # a real table with a numbered caption, country names and shares in Slovak
    assert re.search(r'<table class="partnership-table[^"]*"[^>]*id="table-by-country-sk"', page)
    assert "<td><p>Poľsko</p></td>" in page and "\xa0%</p></td>" in page
    # the chart: an image with alt text, the file copied next to the page
    image = re.search(r'<img alt="([^"]+)" class="partnership-chart" src="([^"]+)"', page)
    assert image and (out / image.group(2)).exists()
    # the map is inlined, and the point with a case page links to it
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert svg.count("<circle") == len(independent_partner_counts())
    assert '<a href="cases/testovo-case.html#case-testovo-case"><circle' in svg
    case = (out / "cases" / "testovo-case.html").read_text(encoding="utf-8")
    assert 'id="case-testovo-case"' in case
    assert re.search(r'<img alt="[^"]*Testovo[^"]*" class="locator-map" src="[^"]+\.svg"', case)


@pytest.mark.build
def test_generated_text_stays_out_of_the_catalogs(project):
    out = sphinx_build(project, "gettext", "sk")
    catalog = (out / "numbers.pot").read_text(encoding="utf-8")
    assert "{partnership-count}`total`" in catalog
    for generated in (".. image::", ".svg", "Poľsko", "Partnerships of", "Map"):
        assert generated not in catalog
    assert ".svg" not in (out / "cases" / "testovo-case.pot").read_text(encoding="utf-8")
