"""The print book's statistical maps (press.data.figures.statmaps), on the fixture data:
numbers checked against the CSV read independently, classes, legend, alt text, captions."""
from __future__ import annotations

import csv
import math
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest

from press.i18n.names import Names
from press.data import partnerships as data
from press.data.figures import statmaps
from press.data.maps import countries
import json

FIXTURE = Path(__file__).parent / "fixtures" / "data"
ROOT = Path(__file__).resolve().parent.parent
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def ds():
    return data.load(FIXTURE, ROOT, names=Names(ROOT / "cases" / "vocab" / "names.yaml"),
                     locales=ROOT / "locales")


@pytest.fixture(scope="module")
def shapes():
    return countries(json.loads((FIXTURE / "geo" / "countries-50m.json").read_text("utf-8")))


def csv_rows():
    with open(FIXTURE / "partnerships.csv", encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if not r["network"]]


def test_partner_country_counts_match_the_csv(ds):
    # Every distinct pair, once for each of its home countries (Slovakia, Czechia), under
    # the country of its other end: a Slovak–Czech pair twice, a domestic pair once.
    pairs = {tuple(sorted([(r["municipality"], r["municipality_country"]),
                           (r["partner"], r["partner_country"])])) for r in csv_rows()}
    expected = Counter()
    for a, b in pairs:
        for home in {a[1], b[1]} & {"SK", "CZ"}:
            other = b if a[1] == home else a
            expected[other[1]] += 1
    assert statmaps.partner_country_counts(ds) == dict(expected)


def test_home_points_sizes_are_partner_counts(ds):
    partners = {}
    for r in csv_rows():
        for home, other in (((r["municipality"], r["municipality_country"]), r["partner"]),
                            ((r["partner"], r["partner_country"]), r["municipality"])):
            if home[1] in ("SK", "CZ"):
                partners.setdefault(home, set()).add(other)
    points = statmaps.home_points(ds)
    assert points
    for p in points:
        assert p.partners == len(partners[(p.name, p.country)])


@pytest.mark.parametrize("count, colour", [(0, None), (1, statmaps.YLGNBU[0]), (9, statmaps.YLGNBU[0]),
                                           (10, statmaps.YLGNBU[1]), (99, statmaps.YLGNBU[2]),
                                           (100, statmaps.YLGNBU[3]), (250, statmaps.YLGNBU[4])])
def test_classes(count, colour):
    assert statmaps.shade(count) == colour


def test_palette_gets_darker_class_by_class():
    """Legible in greyscale: each class is darker than the one before (relative luminance)."""
    def luminance(hex_colour):
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    values = [luminance(c) for c in statmaps.YLGNBU]
    assert all(a - b > 0.08 for a, b in zip(values, values[1:]))


def test_circle_area_is_proportional_to_partners():
    assert math.isclose(statmaps.radius(20) ** 2 / statmaps.radius(5) ** 2, 4.0)


def test_maps_are_valid_svg_with_alt_text_legend_and_numbers(ds, shapes):
    counts = statmaps.partner_country_counts(ds)
    svg = statmaps.partner_map_svg(shapes, counts, "en", ds.locales, names=ds.names)
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text.startswith("Map of Europe")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "Partners:" in texts and "250+" in texts
    shown = {code: n for code, n in counts.items() if code in {c.code for c in shapes}}
    for n in shown.values():                       # every shown country's number is printed
        assert str(n) in texts
    home = ET.fromstring(statmaps.home_map_svg(shapes, statmaps.home_points(ds), "en", ds.locales))
    # One closed subpath (a circle) per municipality, in the first group of dots.
    dots = next(g for g in home.iter(f"{SVG}g") if g.get("class") == "dots")
    drawn = sum(path.get("d").count("Z") for path in dots.iter(f"{SVG}path"))
    assert drawn == len(statmaps.home_points(ds))
    assert "municipalities with partners" in home.find(f"{SVG}title").text


def test_captions_state_their_point_with_the_numbers(ds, shapes):
    points = statmaps.home_points(ds)
    caption = statmaps.home_map_caption(points, "en", ds.names, ds.locales)
    top = max(points, key=lambda p: (p.partners, -ord(p.name[0])))
    assert f"{top.name} ({top.partners})" in caption
    assert f"of the {len(points)} have one or two partners" in caption
    counts = statmaps.partner_country_counts(ds)
    text = statmaps.partner_map_caption(counts, "en", 0, ds.names, ds.locales)
    assert f"of the {sum(counts.values())} partners" in text


# The site shows the maps as <img>: the page's web fonts do not reach into it, and the
# browser substitutes its own serif for Charis SIL. Measured in Debian's Chromium with
# the system's fonts only (DejaVu Serif here), no key's text may run into the next swatch.
KEY_GAPS = """() => {
  const items = [...document.querySelectorAll('text, rect.key, circle')];
  const boxes = items.map(e => { const b = e.getBBox();
                                 return {tag: e.tagName, text: e.textContent, x: b.x, right: b.x + b.width,
                                         y: b.y, bottom: b.y + b.height}; });
  const row = boxes.filter(b => b.bottom > boxes[boxes.length - 1].y);
  row.sort((a, b) => a.x - b.x);
  return row.slice(1).map((b, i) => [row[i].text || row[i].tag, b.text || b.tag, b.x - row[i].right]);
}"""


@pytest.mark.parametrize("lang", ["sk", "cs", "en"])
def test_map_keys_do_not_overlap_in_a_substitute_font(ds, shapes, browser, tmp_path, lang):
    maps = {"partner": statmaps.partner_map_svg(shapes, statmaps.partner_country_counts(ds), lang,
                                              ds.locales, names=ds.names),
            "home": statmaps.home_map_svg(shapes, statmaps.home_points(ds), lang, ds.locales)}
    page = browser.new_page()
    try:
        for name, svg in maps.items():
            path = tmp_path / f"{name}.svg"
            path.write_text(svg, encoding="utf-8")
            page.goto(path.as_uri())
            gaps = page.evaluate(KEY_GAPS)
            assert len(gaps) >= 4, (name, gaps)
            assert all(gap > 4 for _, _, gap in gaps), (name, lang, gaps)
    finally:
        page.close()
