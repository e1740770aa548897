"""Guards on the publication's good-practice cases (cases/*.yaml).

Real cases may state only what the partnership data says: who the partners are and since
when. Illustrative cases must use names that no real Slovak or Czech place has. The data
is the project's copy in cases/data/, read here with the csv module, independently of the
toolchain's own data stage.
"""
from __future__ import annotations

import csv
import unicodedata

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


def real_case_problems(case, pairs, municipalities) -> list[str]:
    """What a real case states that neither the partnership data nor its sources back.

    A case that names `sources` may go beyond the data (a pair the data lacks, a start year
    where the data has none), because its text cites where that comes from. A year the data
    has is never overruled: where sources disagree with it, the text says so and `since`
    keeps the data's year, as in every other case."""
    home = (case.municipality.name, case.municipality.country)
    cited = bool(case.sources)
    found = []
    if home not in municipalities and not cited:
        found.append(f"{case.id}: {home} is not a municipality in partnerships.csv")
    for partner in case.partners:
        key = frozenset({home, (partner.name, partner.country)})
        if key not in pairs:
            if not cited:
                found.append(f"{case.id}: no partnership {home} – {partner.name} ({partner.country})")
        elif case.since is not None and pairs[key] != str(case.since):
            if pairs[key] or not cited:
                found.append(f"{case.id}: since {case.since}, but the data gives "
                             f"'{pairs[key]}' for {partner.name}")
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
    problems = [p for c in real for p in real_case_problems(c, pairs, municipalities)]
    assert problems == []


def test_real_cases_carry_no_funding_or_contact_people(cases):
    # The data states no grants, amounts or contact people for any real place: a grant
    # needs a cited source, and no real case names contact people.
    real = [c for c in cases if not c.illustrative]
    assert [c.id for c in real if (c.funding and not c.sources) or c.contact] == []


def test_the_check_catches_a_wrong_year_partner_and_municipality(cases, pairs, municipalities):
    # Without sources, the data is the only backing a real case has.
    brno = next(c for c in cases if c.id == "brno-poznan-1966").model_copy(
        update={"sources": None})
    assert real_case_problems(brno, pairs, municipalities) == []
    wrong_year = brno.model_copy(update={"since": 1967})
    assert len(real_case_problems(wrong_year, pairs, municipalities)) == 1
    wrong_partner = brno.model_copy(update={"partners": [
        brno.partners[0].model_copy(update={"name": "Kraków"})]})
    assert "no partnership" in real_case_problems(wrong_partner, pairs, municipalities)[0]
    moved = brno.model_copy(update={"municipality": brno.municipality.model_copy(
        update={"country": "SK"})})
    assert any("not a municipality" in p for p in real_case_problems(moved, pairs, municipalities))


def test_sources_back_what_the_data_lacks_but_never_overrule_its_year(cases, pairs,
                                                                     municipalities):
    brno = next(c for c in cases if c.id == "brno-poznan-1966")
    source = {"title": "A page that reports the pair"}
    cited = brno.model_copy(update={"sources": [source], "partners": [
        brno.partners[0].model_copy(update={"name": "Kraków"})]})
    assert real_case_problems(cited, pairs, municipalities) == []
    # The data gives 1966 for Brno–Poznań: a cited 1967 is still a disagreement.
    cited_wrong_year = brno.model_copy(update={"sources": [source], "since": 1967})
    assert len(real_case_problems(cited_wrong_year, pairs, municipalities)) == 1
    # Zubří–Rosdorf has no year in the data: a cited case may give one, an uncited may not.
    zubri = next(c for c in cases if c.id == "zubri-rosdorf-hazena")
    assert pairs[frozenset({("Zubří", "CZ"), ("Rosdorf", "DE")})] == ""
    with_year = zubri.model_copy(update={"since": 1993})
    assert real_case_problems(with_year, pairs, municipalities) == []
    uncited = with_year.model_copy(update={"sources": None})
    assert len(real_case_problems(uncited, pairs, municipalities)) == 1


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
