"""The partnership database and the map on the website (press/site/database/), over the
real data in cases/data/: the pages read back as files and compared with counts made
here from the CSV, then the table and the map in Debian's Chromium, axe-core and the Nu
HTML Checker on one page of each kind."""
from __future__ import annotations

import csv
import gzip
import html
import math
import re
import shutil
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import REPO

from press.core.project import Project
from press.i18n.names import Names

LANGS = ("sk", "cs", "en")
DATA = REPO / "cases" / "data"
NAMES = Names.of(Project(REPO))


# --- an independent reading of the CSV ---------------------------------------------------

@lru_cache(maxsize=None)
def csv_rows() -> tuple[dict, ...]:
    with open(DATA / "partnerships.csv", encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def home_places() -> set[tuple[str, str]]:
    found = set()
    for r in csv_rows():
        for n, c in ((r["municipality"], r["municipality_country"]), (r["partner"], r["partner_country"])):
            if c in ("SK", "CZ"):
                found.add((n, c))
    return found


@lru_cache(maxsize=None)
def all_partners() -> dict:
    out: dict = defaultdict(dict)
    for r in csv_rows():
        a, b = (r["municipality"], r["municipality_country"]), (r["partner"], r["partner_country"])
        for home, other in ((a, b), (b, a)):
            year = int(r["since"]) if r["since"] else None
            old = out[home].get(other)
            out[home][other] = year if old is None else (old if year is None else min(old, year))
    return out


def partners_of(place: tuple[str, str]) -> dict[tuple[str, str], int | None]:
    """partner -> earliest year (a second, simpler reading for the browser tests)."""
    return all_partners().get(place, {})


def partners_of_slowly(place: tuple[str, str]) -> dict[tuple[str, str], int | None]:
    """partner -> earliest year, from every row naming the place on either side."""
    out: dict = {}
    for r in csv_rows():
        a, b = (r["municipality"], r["municipality_country"]), (r["partner"], r["partner_country"])
        for home, other in ((a, b), (b, a)):
            if home == place:
                year = int(r["since"]) if r["since"] else None
                old = out.get(other)
                out[other] = year if old is None else (old if year is None else min(old, year))
    return out


def coordinates() -> dict[tuple[str, str], tuple[float, float]]:
    with open(DATA / "places.csv", encoding="utf-8", newline="") as f:
        return {(r["name"], r["country"]): (float(r["lat"]), float(r["lon"]))
                for r in csv.DictReader(f) if r["lat"]}


def haversine(a, b) -> float:
    (la1, lo1), (la2, lo2) = [(math.radians(x), math.radians(y)) for x, y in (a, b)]
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def fold(text: str) -> str:
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()


# --- the site ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def site(site_project, tmp_path_factory) -> Path:
    """The test site (fixture book, real theme) with the database of the real data."""
    from press.site import database

    site = tmp_path_factory.mktemp("dbsite") / "site"
    shutil.copytree((site_project / "_build" / "site").resolve(), site)
    for lang in LANGS:
        shutil.rmtree(site / lang / database.FOLDER)
    database.write(Project(REPO), site, list(LANGS))
    return site


def page_of(site: Path, lang: str, place: tuple[str, str]) -> Path:
    from press.site.database.model import slugs

    return site / lang / "partnerships" / f"{slugs(home_places())[place]}.html"


def table_rows(text: str, caption_start: str = "") -> list[list[str]]:
    """Cells (as text) of the first table whose caption starts so."""
    for table in re.findall(r"<table.*?</table>", text, re.S):
        cap = re.search(r"<caption>(.*?)</caption>", table, re.S)
        if cap and html.unescape(cap.group(1)).startswith(caption_start):
            body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
            return [[html.unescape(re.sub(r"<[^>]+>", " ", c)).split() and
                     " ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) or ""
                     for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
                    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]
    raise AssertionError(f"no table captioned {caption_start!r}")


def test_a_page_per_municipality_in_every_edition_at_unique_addresses(site):
    expected = home_places()
    for lang in LANGS:
        found = sorted((site / lang / "partnerships").glob("[sc][kz]/*.html"))
        assert len(found) == len(expected), lang
        assert len({p.relative_to(site / lang).as_posix() for p in found}) == len(expected)
        assert all(re.fullmatch(r"[a-z0-9-]+", p.stem) for p in found)
    # Names that fold to the same ASCII still get pages of their own.
    assert page_of(site, "sk", ("Svätý Jur", "SK")) != page_of(site, "sk", ("Svaty Jur", "SK"))
    assert page_of(site, "sk", ("Rakovice", "SK")).is_file() and page_of(site, "sk", ("Rakovice", "CZ")).is_file()


def test_a_page_per_partner_country(site):
    expected = set()
    for r in csv_rows():
        expected.add(r["partner_country"])
        if r["partner_country"] in ("SK", "CZ"):
            expected.add(r["municipality_country"])
    for lang in LANGS:
        found = {p.stem.upper() for p in (site / lang / "partnerships" / "countries").glob("*.html")}
        assert found == expected
    poland = (site / "en" / "partnerships" / "countries" / "pl.html").read_text(encoding="utf-8")
    linked = {(r["municipality"], r["municipality_country"]) for r in csv_rows() if r["partner_country"] == "PL"}
    assert len(table_rows(poland, "Poland")) == len(linked)


@pytest.mark.parametrize("place", [("Košice", "SK"), ("Sušice", "CZ"), ("Trstená", "SK")])
def test_partner_list_equals_the_csv_rows(site, place):
    expected = sorted((NAMES.place(n, c, "en"), NAMES.country(c, "en"), str(y) if y else "–")
                      for (n, c), y in partners_of_slowly(place).items())
    rows = table_rows(page_of(site, "en", place).read_text(encoding="utf-8"), "Partners of")
    assert sorted((r[0], r[1], r[2]) for r in rows) == expected
    assert all(r[4] for r in rows), "every row names its source"


def test_kosice_page_marks_the_ended_partnerships_with_date_and_source(site):
    text = page_of(site, "en", ("Košice", "SK")).read_text(encoding="utf-8")
    rows = {r[0]: r for r in table_rows(text, "Partners of")}
    with open(DATA / "status.csv", encoding="utf-8") as f:
        ended = [r for r in csv.DictReader(f) if r["municipality"] == "Košice"]
    assert ended
    for r in ended:
        note = rows[NAMES.place(r["partner"], r["partner_country"], "en")][3]
        assert "ended" in note and r["date"][:4] in note
        assert f'href="{html.escape(r["source"])}"' in text


@pytest.mark.parametrize("place", [("Košice", "SK"), ("Sušice", "CZ")])
def test_neighbours_and_their_partner_countries_equal_a_distance_computation(site, place):
    where = coordinates()
    countries = defaultdict(set)
    for r in csv_rows():
        a, b = (r["municipality"], r["municipality_country"]), (r["partner"], r["partner_country"])
        countries[a].add(b[1])
        countries[b].add(a[1])
    expected = sorted((NAMES.place(*q, "en"), ", ".join(sorted(NAMES.country(c, "en") for c in countries[q])))
                      for q in home_places() if q != place and q in where
                      and haversine(where[place], where[q]) <= 30.0)
    assert expected, "the test needs a place with neighbours"
    rows = table_rows(page_of(site, "en", place).read_text(encoding="utf-8"), "Neighbours of")
    assert sorted((r[0], ", ".join(sorted(r[2].split(", ")))) for r in rows) == expected


def test_pages_escape_the_data_and_link_the_report_address(site):
    conf = Project(REPO).conf["press_report_contacts"]
    text = page_of(site, "sk", ("Sušice", "CZ")).read_text(encoding="utf-8")
    assert f'href="{conf["CZ"]}"' in text
    assert "<script" not in re.search(r'<article.*?</article>', text, re.S).group(0)
    from press.site.database.parts import _source_link
    from press.site.database.words import e
    assert "<b>" not in _source_link('https://x.org/"><b>x</b>') and "<b>" not in e("<b>")


def test_data_file_size_and_where_it_is_loaded(site):
    for lang in LANGS:
        folder = site / lang / "partnerships"
        assert len(gzip.compress((folder / "data.json").read_bytes())) <= 400_000
        for name in ("index.html", "map.html"):
            text = (folder / name).read_text(encoding="utf-8")
            scripts = re.findall(r'<script src="([^"]+)"', text)
            own = sum((folder / s).stat().st_size for s in scripts if not s.startswith("../"))
            assert own < 100_000
        kosice = page_of(site, lang, ("Košice", "SK")).read_text(encoding="utf-8")
        assert "data.json" not in kosice and "table.js" not in kosice
        # every locator map uses the one outline file
        assert '<image href="../../partnerships/outlines.svg"' in kosice


# --- in the browser ------------------------------------------------------------------------

@pytest.fixture()
def page(browser, base):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    yield page
    context.close()
    root = base.rsplit("/", 2)[0]
    assert [u for u in requests if not u.startswith(root) and not u.startswith(("data:", "blob:"))] == []


def shown_rows(page) -> int:
    page.wait_for_selector("#pdb-rows")
    return page.locator("#pdb-rows tbody tr").count()


def expected_rows(test) -> int:
    """Rows of the table (one per SK/CZ municipality and partner) that pass `test(home, other)`."""
    links = set()
    for r in csv_rows():
        a, b = (r["municipality"], r["municipality_country"]), (r["partner"], r["partner_country"])
        for home, other in ((a, b), (b, a)):
            if home[1] in ("SK", "CZ") and test(home, other):
                links.add((home, other))
    return len(links)


def test_table_filters_by_partner_country_and_by_municipality(page, base):
    page.goto(base + "en/partnerships/index.html?country=PL")
    assert shown_rows(page) == expected_rows(lambda h, o: o[1] == "PL")
    page.fill("#pdb-q", "kosice")
    want = expected_rows(lambda h, o: o[1] == "PL" and ("kosice" in fold(NAMES.place(*h, "en"))
                                                       or "kosice" in fold(NAMES.place(*o, "en"))))
    assert shown_rows(page) == want
    count = page.inner_text("#pdb-count")
    assert re.match(rf"{want} of ", count)
    # the state is in the address: reloaded, the same rows
    rows = page.inner_text("#pdb-rows tbody")
    assert "q=kosice" in page.url and "country=PL" in page.url
    page.reload()
    assert page.input_value("#pdb-q") == "kosice" and page.inner_text("#pdb-rows tbody") == rows


def test_table_sorts_by_year(page, base):
    page.goto(base + "sk/partnerships/index.html?country=DE")
    shown_rows(page)
    page.click('button[data-sort="since"]')
    years = [int(t) for t in page.locator("#pdb-rows tbody tr td:nth-child(5)").all_inner_texts() if t.isdigit()]
    assert years == sorted(years) and len(years) > 10
    assert "sort=since" in page.url


def test_clicking_the_kosice_point_lists_its_partners(page, base):
    page.goto(base + "sk/partnerships/map.html")
    point = page.locator('circle[data-page="sk/kosice"]')
    box = point.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(5):          # zoom in on it with the wheel: its city parts sit on top
        page.mouse.wheel(0, -500)
        page.wait_for_timeout(30)
    box = point.bounding_box()
    point.click(position={"x": box["width"] * 0.8, "y": box["height"] * 0.7})
    assert page.locator("#pdb-panel li").count() == len(partners_of(("Košice", "SK")))
    assert page.locator("#pdb-lines path").count() == 1
    page.screenshot(path=str(REPO / "_build" / "screenshots" / "map-kosice.png"))


def test_the_map_works_by_keyboard_alone(page, base):
    page.goto(base + "en/partnerships/map.html")
    page.wait_for_selector("circle.pdb-pt")
    page.focus("#pdb-zin")                          # the map's first control
    for _ in range(4):                              # zoom buttons, country filter, map
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "pdb-map"
    before = page.get_attribute("#pdb-map", "viewBox").split()
    page.keyboard.press("+")
    page.keyboard.press("ArrowRight")
    after = page.get_attribute("#pdb-map", "viewBox").split()
    assert float(after[2]) < float(before[2]) and float(after[0]) > float(before[0])
    page.keyboard.press("Tab")                      # the first point: most partners
    focused = page.evaluate("document.activeElement.getAttribute('data-page')")
    most = max(home_places(), key=lambda p: len(partners_of(p)))
    assert page.is_visible("#pdb-tip"), page.evaluate("document.activeElement.outerHTML.slice(0,200)")
    page.keyboard.press("Enter")
    assert page.locator("#pdb-panel li").count() == max(len(partners_of(p)) for p in home_places())
    assert focused and page.locator("#pdb-panel h2").inner_text().endswith(NAMES.place(*most, "en"))
    page.keyboard.press("Escape")
    assert page.is_hidden("#pdb-panel")


def test_country_filter_on_the_map_highlights_the_linked_municipalities(page, base):
    page.goto(base + "en/partnerships/map.html")
    page.wait_for_selector("circle.pdb-pt")
    page.select_option("#pdb-mcountry", "AT")
    linked = {h for h in home_places() if any(o[1] == "AT" for o in partners_of(h))}
    located = coordinates()
    assert page.locator("circle.pdb-hit").count() == len([h for h in linked if h in located])


def test_axe_and_the_nu_checker_on_each_kind_of_database_page(page, base, site):
    from press.site import checks

    most = max(home_places(), key=lambda p: len(partners_of(p)))
    located = coordinates()
    lonely = sorted(p for p in home_places() if p not in located)[0]     # no map, no neighbours
    pages = [page_of(site, "sk", most), page_of(site, "cs", lonely),
             site / "en" / "partnerships" / "countries" / "pl.html",
             site / "sk" / "partnerships" / "index.html", site / "cs" / "partnerships" / "map.html"]
    found = {}
    for path in pages:
        page.goto(base + path.relative_to(site).as_posix())
        page.wait_for_load_state("networkidle")
        violations = checks.axe(page)
        if violations:
            found[path.name] = violations
    assert found == {}
    assert checks.vnu(pages) == []


def test_every_word_is_extracted_for_translators():
    from press.i18n.catalogs import label_msgids

    source = "".join(path.read_text(encoding="utf-8")
                     for path in sorted((REPO / "press" / "site" / "database").glob("*.py")))
    used = set(re.findall(r'\blabel\(w, "((?:[^"\\]|\\.)*)"\)', source))
    assert used <= {m for m, _ in label_msgids(Project(REPO))}


def test_same_inputs_same_bytes_and_the_switcher_leads_to_the_same_page(site, tmp_path):
    import hashlib

    from press.site import database

    again = tmp_path / "site"
    shutil.copytree(site, again)
    for lang in LANGS:
        shutil.rmtree(again / lang / database.FOLDER)
    database.write(Project(REPO), again, list(LANGS))

    def digest(root):
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for lang in LANGS for p in sorted((root / lang / database.FOLDER).rglob("*"))
                if p.is_file()}
    assert digest(again) == digest(site)
    page = page_of(site, "cs", ("Košice", "SK"))
    text = page.read_text(encoding="utf-8")
    for lang in LANGS:
        target = re.search(rf'<a href="([^"]+)" lang="{lang}"', text).group(1)
        assert (page.parent / target).resolve() == page_of(site, lang, ("Košice", "SK")).resolve()
    assert '<html class="no-js" lang="cs"' in text and 'data-content_root="../../"' in text
