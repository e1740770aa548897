"""Guards on the publication's good-practice cases (cases/*.yaml).

Real cases may state only what the partnership data says: who the partners are and since
when. Illustrative cases must use names that no real Slovak or Czech place has. The data
is the project's copy in cases/data/, read here with the csv module, independently of the
toolchain's own data stage.
"""
from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass

import pytest

from press.project import Project
from press.records import load_records

PROJECT = Project()
REQUIRED_THEMES = {"culture", "youth", "schools", "sport", "economy", "environment",
                   "social-inclusion", "networks"}


def fold(name: str) -> str:
    """Case- and diacritics-insensitive form of a name: "Zábřeh" -> "zabreh"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def read_csv(name: str) -> list[dict]:
    with open(PROJECT.data / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def records():
    cases, problems = load_records(PROJECT)
    return cases, problems


@pytest.fixture(scope="module")
def cases(records):
    return records[0]


@pytest.fixture(scope="module")
def pairs() -> dict[frozenset, str]:
    """Each partnership, in whichever direction it was listed, -> its `since` ('' if none)."""
    table = {}
    for row in read_csv("partnerships.csv"):
        key = frozenset({(row["municipality"], row["municipality_country"]),
                         (row["partner"], row["partner_country"])})
        table[key] = row["since"]
    return table


@pytest.fixture(scope="module")
def municipalities() -> set[tuple[str, str]]:
    return {(r["municipality"], r["municipality_country"]) for r in read_csv("partnerships.csv")}


@pytest.fixture(scope="module")
def places() -> list[dict]:
    return read_csv("places.csv")


@dataclass(frozen=True)
class Beyond:
    """What one real case states that the partnership data cannot check, and why it may."""
    why: str                                  # the CASE-LEADS.md lead and the source named in the record
    home: bool = False                        # the municipality itself is not in the data
    pairs: frozenset = frozenset()            # (partner, country) pairs the data lacks
    since: int | None = None                  # a start year where the data has none


# Every claim of a real case that the data cannot check is listed here, with its source;
# everything else a real case says about partners and years is checked against the data.
# An entry must really be missing from the data: when the data gains it, the check says
# so and the entry goes. A year the data has always wins over a source.
BEYOND_THE_DATA = {
    "horni-cermna-edertal-hasici": Beyond(
        "lead 2: hornicermna.cz (9 May 2022), edertal.de (2022, 2024)",
        home=True, pairs=frozenset({("Edertal", "DE")}), since=2005),
    "krasny-brod-krasnobrod": Beyond(
        "lead 12: kultura.krasnobrod.pl (3 Mar 2017); agreement signed in 2005",
        home=True, pairs=frozenset({("Krasnobród", "PL")}), since=2005),
    "luzna-nimnica-valasi": Beyond(
        "lead 10: nimnica.eu (1 Aug 2022), a project description",
        home=True, pairs=frozenset({("Nimnica", "SK")})),
    "lucenec-we4eu2022": Beyond(
        "lead 3: we4eu2022.hu (the Hungarian lead partner), gyvt.hu; the network's members",
        pairs=frozenset({("Gyöngyös", "HU"), ("Târgu Secuiesc", "RO"), ("Lendava", "SI"),
                         ("Łodygowice", "PL")})),
    "martin-bekescsaba": Beyond(
        "lead 4: bekescsaba.hu, agreement signed on 21 June 2013", since=2013),
    "virt-jednotni-v-rozmanitosti": Beyond(
        "lead 8: obecvirt.sk (6 Nov 2014)",
        home=True, pairs=frozenset({("Polná", "CZ"), ("Balatonudvari", "HU"), ("Viișoara", "RO")})),
    "zubri-rosdorf-hazena": Beyond(
        "lead 1: agreement of 1993 in the MZV ČR documentation and rosdorf-zubri-foerderverein.de",
        since=1993),
}


def real_case_problems(case, pairs, municipalities, beyond: Beyond | None = None) -> list[str]:
    """What a real case states that neither the data nor its entry in BEYOND_THE_DATA backs."""
    beyond = beyond or Beyond(why="")
    home = (case.municipality.name, case.municipality.country)
    found = []
    if home not in municipalities and not beyond.home:
        found.append(f"{case.id}: {home} is not a municipality in partnerships.csv")
    if home in municipalities and beyond.home:
        found.append(f"{case.id}: {home} is in partnerships.csv now; drop home=True")
    data_years = set()
    for partner in case.partners:
        other = (partner.name, partner.country)
        key = frozenset({home, other})
        if key not in pairs:
            if other not in beyond.pairs:
                found.append(f"{case.id}: no partnership {home} – {partner.name} ({partner.country})")
            continue
        if other in beyond.pairs:
            found.append(f"{case.id}: {home} – {partner.name} is in partnerships.csv now; drop it")
        if pairs[key]:
            data_years.add(pairs[key])
            if case.since is not None and pairs[key] != str(case.since):
                found.append(f"{case.id}: since {case.since}, but the data gives "
                             f"'{pairs[key]}' for {partner.name}")
    if case.since is not None and not data_years and case.since != beyond.since:
        found.append(f"{case.id}: since {case.since}, but neither the data nor a listed "
                     f"source gives that year")
    if beyond.since is not None and data_years:
        found.append(f"{case.id}: the data has a year now ({', '.join(sorted(data_years))}); "
                     f"drop since={beyond.since} from BEYOND_THE_DATA")
    return found


def real_names(places, countries=("SK", "CZ")) -> set[str]:
    return {fold(p["name"]) for p in places if p["country"] in countries}


def illustrative_names(case) -> list[str]:
    return [case.municipality.name] + [p.name for p in case.partners]


# --- every record is valid ---------------------------------------------------------------

def test_every_case_record_loads_without_problems(records):
    cases, problems = records
    assert [str(p) for p in problems] == []
    files = sorted(p.stem for p in PROJECT.cases.glob("*.yaml"))
    assert [c.id for c in cases] == files


def test_the_set_has_enough_cases_in_both_source_languages(cases):
    languages = [c.language for c in cases]
    assert len(cases) >= 12
    assert languages.count("cs") >= 4
    assert set(languages) == {"sk", "cs"}


def test_the_cases_together_cover_every_kind_of_twinning(cases):
    covered = {theme for c in cases for theme in c.themes}
    assert REQUIRED_THEMES <= covered, REQUIRED_THEMES - covered


def test_there_are_real_and_illustrative_cases(cases):
    assert {c.illustrative for c in cases} == {True, False}


# --- real cases say only what the data says --------------------------------------------

def test_real_cases_match_the_partnership_data(cases, pairs, municipalities):
    real = [c for c in cases if not c.illustrative]
    assert real
    problems = [p for c in real
                for p in real_case_problems(c, pairs, municipalities, BEYOND_THE_DATA.get(c.id))]
    assert problems == []


def test_what_goes_beyond_the_data_belongs_to_a_real_case_with_sources(cases):
    by_id = {c.id: c for c in cases}
    for case_id, beyond in BEYOND_THE_DATA.items():
        case = by_id.get(case_id)
        assert case is not None and not case.illustrative and case.sources, case_id
        assert beyond.why and (beyond.home or beyond.pairs or beyond.since), case_id
        named = {(p.name, p.country) for p in case.partners}
        assert beyond.pairs <= named, (case_id, beyond.pairs - named)
        assert beyond.since is None or case.since == beyond.since, case_id


def test_real_cases_name_no_contact_people(cases):
    # Grants are stated only where a source names them (every real case has sources);
    # no source gives a contact person for a real place.
    real = [c for c in cases if not c.illustrative]
    assert [c.id for c in real if c.contact] == []
    assert all(c.sources for c in real)


def test_the_check_catches_a_wrong_year_partner_and_municipality(cases, pairs, municipalities):
    brno = next(c for c in cases if c.id == "brno-poznan-1966")
    assert real_case_problems(brno, pairs, municipalities) == []
    wrong_year = brno.model_copy(update={"since": 1967})
    assert len(real_case_problems(wrong_year, pairs, municipalities)) == 1
    wrong_partner = brno.model_copy(update={"partners": [
        brno.partners[0].model_copy(update={"name": "Kraków"})]})
    assert "no partnership" in real_case_problems(wrong_partner, pairs, municipalities)[0]
    moved = brno.model_copy(update={"municipality": brno.municipality.model_copy(
        update={"country": "SK"})})
    assert any("not a municipality" in p for p in real_case_problems(moved, pairs, municipalities))


def test_a_listed_source_backs_only_what_it_lists(cases, pairs, municipalities):
    # Martin–Békéscsaba: the data has the pair without a year; the source gives 2013.
    martin = next(c for c in cases if c.id == "martin-bekescsaba")
    assert pairs[frozenset({("Martin", "SK"), ("Békéscsaba", "HU")})] == ""
    listed = BEYOND_THE_DATA["martin-bekescsaba"]
    assert real_case_problems(martin, pairs, municipalities, listed) == []
    assert len(real_case_problems(martin, pairs, municipalities)) == 1      # unlisted: 2013 is unbacked
    other_year = martin.model_copy(update={"since": 2012})
    assert len(real_case_problems(other_year, pairs, municipalities, listed)) == 1
    # A listed pair does not excuse another partner the data lacks.
    extra = martin.model_copy(update={"partners": list(martin.partners) + [
        martin.partners[0].model_copy(update={"name": "Kraków", "country": "PL"})]})
    assert any("Kraków" in p for p in real_case_problems(extra, pairs, municipalities, listed))
    # A year the data has wins over any listed source: Brno–Poznań is 1966 in the data.
    brno = next(c for c in cases if c.id == "brno-poznan-1966").model_copy(update={"since": 1967})
    assert len(real_case_problems(brno, pairs, municipalities, Beyond("test", since=1967))) == 2
    # An entry the data has caught up with is reported, so the table stays honest.
    stale = Beyond("test", pairs=frozenset({("Poznań", "PL")}))
    brno_ok = next(c for c in cases if c.id == "brno-poznan-1966")
    assert any("drop it" in p for p in real_case_problems(brno_ok, pairs, municipalities, stale))
    # Krásny Brod and its partner are not in the data at all.
    krasny = next(c for c in cases if c.id == "krasny-brod-krasnobrod")
    assert ("Krásny Brod", "SK") not in municipalities
    assert len(real_case_problems(krasny, pairs, municipalities)) == 3      # home, pair, year


def test_the_data_year_is_compared_in_either_direction(pairs):
    # Handlová lists Zábřeh, so the Zábřeh case finds the pair from the other side.
    key = frozenset({("Zábřeh", "CZ"), ("Handlová", "SK")})
    assert pairs[key] == "1975"


# --- illustrative cases use invented names ----------------------------------------------

def test_illustrative_names_match_no_real_slovak_or_czech_place(cases, places):
    real = real_names(places)
    clashes = [(c.id, name) for c in cases if c.illustrative
               for name in illustrative_names(c) if fold(name) in real]
    assert clashes == []


def test_illustrative_names_match_no_place_in_the_data_at_all(cases, places):
    # Stricter than the rule: invented partner towns abroad should not be real partners either.
    anywhere = real_names(places, countries={p["country"] for p in places})
    clashes = [(c.id, name) for c in cases if c.illustrative
               for name in illustrative_names(c) if fold(name) in anywhere]
    assert clashes == []


def test_name_folding_ignores_case_and_diacritics(places):
    real = real_names(places)
    assert fold("BANSKA BYSTRICA") in real
    assert fold("Zabreh") in real
    assert fold("Podlesná Bystřinka") not in real


def test_illustrative_cases_say_why_their_names_are_safe():
    # The record's own comment records that the invented names were checked.
    for path in PROJECT.cases.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if "\nillustrative: true" in text:
            assert "ILLUSTRATIVE" in text and "checked" in text, path.name


# --- places of real cases ------------------------------------------------------------------

def test_godow_is_the_gmina_on_the_border_not_its_namesake(places):
    # Petrovice u Karviné's source says the river Petrůvka is the border between it and
    # Godów; GeoNames also has a village Godów 224 km away, which the data once used.
    from math import asin, cos, radians, sin, sqrt

    point = {(p["name"], p["country"]): (float(p["lat"]), float(p["lon"]))
             for p in places if p["lat"]}
    (lat1, lon1), (lat2, lon2) = point[("Godów", "PL")], point[("Petrovice u Karviné", "CZ")]
    lat1, lon1, lat2, lon2 = map(radians, (lat1, lon1, lat2, lon2))
    km = 2 * 6371 * asin(sqrt(sin((lat2 - lat1) / 2) ** 2
                              + cos(lat1) * cos(lat2) * sin((lon2 - lon1) / 2) ** 2))
    assert km < 15
