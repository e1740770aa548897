"""Loading, checking and counting the partnership data, on the fixture in
tests/fixtures/data (made-up municipalities). Every expected number is computed here
from the CSV with the csv module, independently of press.data.partnerships."""
from __future__ import annotations

import csv
import shutil
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from press.i18n.names import Names
from press.data import tables
from press.data import partnerships as data

FIXTURE = Path(__file__).parent / "fixtures" / "data"
ROOT = Path(__file__).resolve().parent.parent
HOME = ("SK", "CZ")
OUTSIDE_EU_IN_FIXTURE = {"GB", "UA"}        # the fixture's partner countries outside the EU


# --- the independent count --------------------------------------------------------

def read_rows(path: Path = FIXTURE / "partnerships.csv") -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def independent_pairs(rows: list[dict]) -> dict[frozenset, dict]:
    """Unordered pair -> {network-only?, years}; a pair with any bilateral row is bilateral."""
    pairs: dict[frozenset, dict] = {}
    for row in rows:
        key = frozenset({(row["municipality"], row["municipality_country"]),
                         (row["partner"], row["partner_country"])})
        entry = pairs.setdefault(key, {"network_only": True, "years": []})
        if not row["network"]:
            entry["network_only"] = False
        if row["since"]:
            entry["years"].append(int(row["since"]))
    return pairs


def bilateral_pairs(rows) -> dict[frozenset, dict]:
    return {k: v for k, v in independent_pairs(rows).items() if not v["network_only"]}


def seen_from(country: str, pairs: dict) -> list[tuple[frozenset, tuple, tuple]]:
    """(pair, home end, other end) for every end of a pair that lies in `country`."""
    result = []
    for key in pairs:
        ends = sorted(key)
        if len(ends) == 1:          # both ends the same place: not in the fixture
            continue
        for home, other in ((ends[0], ends[1]), (ends[1], ends[0])):
            if home[1] == country:
                result.append((key, home, other))
    return result


@pytest.fixture(scope="module")
def ds() -> data.Dataset:
    return data.load(FIXTURE, ROOT, names=Names(ROOT / "cases" / "vocab" / "names.yaml"),
                     locales=ROOT / "locales")


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return read_rows()


# --- loading and de-duplication -----------------------------------------------------

def test_fixture_loads_with_all_rows_and_places(ds, rows):
    with open(FIXTURE / "places.csv", encoding="utf-8") as f:
        places = list(csv.DictReader(f))
    assert ds.rows == len(rows)
    assert len(ds.places) == len(places)
    assert len(ds.coordinates) == sum(1 for p in places if p["lat"] and p["lon"])


def test_pair_listed_twice_in_either_direction_counts_once(ds, rows):
    distinct = independent_pairs(rows)
    assert len(ds.pairs) == len(distinct)
    assert ds.duplicates == len(rows) - len(distinct)
    # lines 3 and 4 are the same pair in both directions: one row, the earliest year
    testovo = ds.pairs[(ds.pairs["a"] == "Testovo") & (ds.pairs["b"] == "Vzorová Lhota")]
    assert len(testovo) == 1
    testovo_pair = frozenset({("Testovo", "SK"), ("Vzorová Lhota", "CZ")})
    assert int(testovo["since"].iloc[0]) == min(distinct[testovo_pair]["years"])
    assert int(testovo["line"].iloc[0]) == 3
    reversed_pair = ds.pairs[(ds.pairs["a"] == "Vzorová Lhota") & (ds.pairs["b"] == "Testovo")]
    assert reversed_pair.empty


def test_exact_duplicate_keeps_the_known_year(ds):
    pair = ds.pairs[(ds.pairs["a"] == "Vzorová Lhota") & (ds.pairs["b"] == "Musterstadt")]
    assert len(pair) == 1 and int(pair["since"].iloc[0]) == 2001


# --- network exclusion --------------------------------------------------------------

def test_network_links_stay_out_of_bilateral_counts(ds, rows):
    pairs = independent_pairs(rows)
    network_only = [k for k, v in pairs.items() if v["network_only"]]
    numbers = data.summary(ds)
    assert numbers["network"] == len(network_only)
    assert numbers["total"] == len(pairs) - len(network_only)
    # FR partners exist only through the network: France is in no bilateral list
    for country in HOME:
        assert "FR" not in dict(data.by_partner_country(ds, country))
    # Sieťovo has only network links, so it is not among the municipalities counted
    assert "Sieťovo" not in [name for name, *_ in data.top_municipalities(ds, "SK", 100)]


def test_pair_listed_bilaterally_and_through_a_network_is_bilateral(ds):
    pair = ds.pairs[(ds.pairs["a"] == "Ukázkov") & (ds.pairs["b"] == "Beispieldorf")]
    assert len(pair) == 1 and pair["network"].iloc[0] == ""
    assert dict(data.by_partner_country(ds, "CZ"))["AT"] == 1


def test_network_links_reported_on_their_own(ds, rows):
    expected = defaultdict(set)
    for key, entry in independent_pairs(rows).items():
        if entry["network_only"]:
            for end in key:
                if end[1] in HOME:
                    expected[end].add(key)
    got = {(name, country): n for _, name, country, n in data.network_links(ds)}
    assert got == {end: len(keys) for end, keys in expected.items()}
    table = tables.table("networks", "", "en", ds)
    assert [row[1] for row in table.rows] == sorted(name for name, _ in expected)


# --- counting rules -----------------------------------------------------------------

def test_totals_match_an_independent_count(ds, rows):
    pairs = bilateral_pairs(rows)
    numbers = data.summary(ds)
    countries = [{c for _, c in key} for key in pairs]
    assert numbers["total"] == len(pairs)
    assert numbers["sk-cz"] == sum(1 for c in countries if c == {"SK", "CZ"})
    assert numbers["domestic"] == sum(1 for key in pairs if len({c for _, c in key}) == 1)
    for country in HOME:
        assert numbers[country.lower()] == len({key for key, _, _ in seen_from(country, pairs)})
    # a Slovak–Czech pair is in both lists, so the two lists add up to more than the total
    assert numbers["sk"] + numbers["cz"] == numbers["total"] + numbers["sk-cz"]


def test_partner_countries_match_an_independent_count(ds, rows):
    pairs = bilateral_pairs(rows)
    for country in HOME:
        counts = defaultdict(set)
        for key, _, other in seen_from(country, pairs):
            counts[other[1]].add(key)
        expected = sorted(((c, len(k)) for c, k in counts.items()), key=lambda i: (-i[1], i[0]))
        assert data.by_partner_country(ds, country) == expected


def test_domestic_pair_gives_each_municipality_a_partner(ds, rows):
    pairs = bilateral_pairs(rows)
    partners = defaultdict(set)
    for _, home, other in seen_from("SK", pairs):
        partners[home[0]].add(other)
    top = {name: n for name, n, _ in data.top_municipalities(ds, "SK", 100)}
    assert top == {name: len(p) for name, p in partners.items()}
    assert top["Príkladovce"] == 1 and top["Testovo & Okolie"] == 1


def test_top_municipalities_include_ties_at_the_cut(ds):
    top = data.top_municipalities(ds, "SK", limit=2)
    counts = [n for _, n, _ in top]
    assert counts[0] >= counts[-1]
    assert len(top) > 2 and len(set(counts[1:])) == 1      # all tied with the second


def test_decades_match_an_independent_count(ds, rows):
    pairs = bilateral_pairs(rows)
    for country in HOME:
        decades, unknown = defaultdict(int), 0
        for key in {key for key, _, _ in seen_from(country, pairs)}:
            years = pairs[key]["years"]
            if years:
                decades[min(years) // 10 * 10] += 1
            else:
                unknown += 1
        assert data.by_decade(ds, country) == (sorted(decades.items()), unknown)


def test_eu_share_matches_an_independent_count(ds, rows):
    pairs = bilateral_pairs(rows)
    for country in HOME:
        seen = {key: other for key, _, other in seen_from(country, pairs)}
        inside = sum(1 for other in seen.values() if other[1] not in OUTSIDE_EU_IN_FIXTURE)
        assert data.eu_share(ds, country) == (inside, len(seen))
    assert "GB" not in data.EU_MEMBERS and "HR" in data.EU_MEMBERS and len(data.EU_MEMBERS) == 27


def test_sk_cz_summary(ds, rows):
    pairs = [k for k in bilateral_pairs(rows) if {c for _, c in k} == {"SK", "CZ"}]
    summary = data.sk_cz_summary(ds)
    assert summary["pairs"] == len(pairs)
    assert summary["slovak-municipalities"] == len({n for k in pairs for n, c in k if c == "SK"})


# --- numbers in the edition's locale ------------------------------------------------

@pytest.mark.parametrize("lang, integer, share", [
    ("sk", "12\xa0345", "87,0\xa0%"),
    ("cs", "12\xa0345", "87,0\xa0%"),
    ("en", "12,345", "87.0%"),
])
def test_numbers_follow_the_locale(lang, integer, share):
    assert tables.number(12345, lang) == integer
    assert tables.percent(Decimal("0.870"), lang) == share


def test_table_cells_are_in_the_edition_locale(ds, rows):
    pairs = bilateral_pairs(rows)
    seen = {key: other for key, _, other in seen_from("SK", pairs)}
    poland = sum(1 for other in seen.values() if other[1] == "PL")
    expected_share = f"{100 * poland / len(seen):.1f}"
    sk = tables.table("by-country", "SK", "sk", ds)
    en = tables.table("by-country", "SK", "en", ds)
    assert sk.rows[0][0] == "Poľsko" and en.rows[0][0] == "Poland"
    assert sk.rows[0][2] == expected_share.replace(".", ",") + "\xa0%"
    assert en.rows[0][2] == expected_share + "%"
    # the override table, not CLDR's "Česko", names the Czech Republic in sk
    assert "Česká republika" in [row[0] for row in sk.rows]


def test_unknown_table_is_a_clean_error(ds):
    with pytest.raises(tables.UnknownFigure, match="unknown name 'by-planet'"):
        tables.table("by-planet", "SK", "sk", ds)
    with pytest.raises(tables.UnknownFigure, match="needs a country"):
        tables.table("by-country", "PL", "sk", ds)


# --- broken data ---------------------------------------------------------------------

def broken_copy(tmp_path: Path, edit) -> Path:
    target = tmp_path / "data"
    shutil.copytree(FIXTURE, target)
    path = target / "partnerships.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(edit(lines)), encoding="utf-8")
    return target


def test_broken_rows_give_one_clean_line_each(tmp_path):
    def edit(lines):
        lines[2 - 1] = "Testovo,SK,Przykładowo,XX,1995,fixture,\n"      # line 2
        lines[8 - 1] = "Testovo,SK,Zrazkove,UA,1850,fixture,\n"         # line 8
        lines[9 - 1] = "Nikde,CZ,Exampleton,GB,,fixture,\n"             # line 9
        return lines
    folder = broken_copy(tmp_path, edit)
    with pytest.raises(data.DataError) as err:
        data.load(folder, tmp_path)
    year = date.today().year
    assert err.value.problems == [
        "data/partnerships.csv:2: partner_country: unknown country code 'XX'",
        f"data/partnerships.csv:8: since: '1850' is not a year between 1945 and {year}",
        "data/partnerships.csv:2: partner: no row for 'Przykładowo' (XX) in places.csv",
        "data/partnerships.csv:9: municipality: no row for 'Nikde' (CZ) in places.csv",
    ]


def test_missing_column_is_reported_on_the_header(tmp_path):
    folder = broken_copy(tmp_path, lambda lines: [lines[0].replace(",since", ",start")] + lines[1:])
    with pytest.raises(data.DataError) as err:
        data.load(folder, tmp_path)
    assert err.value.problems == ["data/partnerships.csv:1: since: required column missing from the header"]


def test_coordinates_outside_the_country_are_reported(tmp_path):
    folder = broken_copy(tmp_path, lambda lines: lines)
    places = folder / "places.csv"
    text = places.read_text(encoding="utf-8").replace("Testovo,SK,47.0,13.0", "Testovo,SK,60.0,13.0")
    places.write_text(text, encoding="utf-8")
    with pytest.raises(data.DataError) as err:
        data.load(folder, tmp_path)
    assert err.value.problems == [
        "data/places.csv:2: lat: (60, 13) lies outside the bounds of SK (lat 46.0..48.0, lon 12.0..14.0)"]


def test_command_line_prints_problems_without_traceback(tmp_path, capsys):
    root = tmp_path / "project"
    folder = broken_copy(tmp_path, lambda lines: lines[:3] + ["Testovo,SK,Przykładowo,PL,year,fixture,\n"])
    shutil.copytree(folder, root / "cases" / "data")
    assert data.main([str(root)]) == 1
    err = capsys.readouterr().err
    assert err == "cases/data/partnerships.csv:4: since: 'year' is not a year between 1945 and " \
                  f"{date.today().year}\n"
    assert "Traceback" not in err


def test_sound_project_data_has_no_problems(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root / "cases" / "data")
    assert data.main([str(root)]) == 0
