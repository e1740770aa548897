"""Guards on the publication's good-practice cases (cases/*.yaml).

Real cases may state only what the partnership data says: who the partners are and since
when. Illustrative cases must use names that no real Slovak or Czech place has. The data
is the project's copy in cases/data/, read here with the csv module, independently of the
toolchain's own data stage.
"""
from __future__ import annotations

import csv
import re
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
    """What a real case states that the partnership data does not."""
    home = (case.municipality.name, case.municipality.country)
    found = []
    if home not in municipalities:
        found.append(f"{case.id}: {home} is not a municipality in partnerships.csv")
    for partner in case.partners:
        key = frozenset({home, (partner.name, partner.country)})
        if key not in pairs:
            found.append(f"{case.id}: no partnership {home} – {partner.name} ({partner.country})")
        elif case.since is not None and pairs[key] != str(case.since):
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
    # The data states no grants, amounts or contact people for any real place.
    real = [c for c in cases if not c.illustrative]
    assert [c.id for c in real if c.funding or c.contact] == []


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


# --- ended and suspended partnerships (cases/data/status.csv) ---------------------------

@pytest.fixture(scope="module")
def statuses() -> list[dict]:
    return read_csv("status.csv")


def chapter_section(chapter: str, label: str) -> str:
    """The text of a chapter from `(label)=` up to the next label, or the end."""
    text = (PROJECT.book / "chapters" / f"{chapter}.md").read_text(encoding="utf-8")
    start = text.index(f"({label})=")
    following = re.search(r"^\([a-z0-9-]+\)=$", text[start + 1:], re.M)
    return text[start: start + 1 + following.start()] if following else text[start:]


def test_every_status_names_a_pair_of_the_data(statuses, pairs):
    assert statuses
    for row in statuses:
        key = frozenset({(row["municipality"], row["municipality_country"]),
                         (row["partner"], row["partner_country"])})
        assert key in pairs, row
        assert row["status"] in {"ended", "suspended"}
        assert row["source"].startswith(("https://", "http://"))


def test_the_statuses_are_the_decisions_the_after_2022_section_reports(statuses):
    # Independent of press.status: who ended or suspended what, and when, as the
    # agreement chapter tells it (from FACTS-2026.md §7).
    reported = {
        ("Košice", "Saint Petersburg"): ("ended", "2022"),
        ("Košice", "Vitebsk"): ("ended", "2022"),
        ("Brno", "Moscow"): ("ended", "2022-03"),
        ("Brno", "Voronezh"): ("ended", "2022-03"),
        ("Příbram", "Chekhov"): ("ended", "2022-03"),
        ("Ostrava", "Volgograd"): ("ended", "2022"),
        ("Ostrava", "Donetsk"): ("ended", "2022"),
        ("Prague", "Moscow"): ("suspended", "2014-09-02"),
        ("Prague", "Saint Petersburg"): ("suspended", "2014-09-02"),
    }
    assert {(r["municipality"], r["partner"]): (r["status"], r["date"]) for r in statuses} == reported
    section = chapter_section("agreement", "agreement-after-2022")
    for town in ("Košice", "Brno", "Příbram", "Ostrava", "Prahy"):
        assert town in section


def test_years_the_after_2022_section_gives_match_the_data(pairs):
    # "protokol o partnerstve s Petrohradom z 28. októbra 1995", "memorandum … z 8. júla
    # 2015", Příbram's "zmluvu … z roku 1994": each year is the pair's year in the data.
    section = chapter_section("agreement", "agreement-after-2022")
    stated = {("Košice", "SK", "Saint Petersburg", "RU"): "1995", ("Košice", "SK", "Vitebsk", "BY"): "2015",
              ("Příbram", "CZ", "Chekhov", "RU"): "1994"}
    for (a, ac, b, bc), year in stated.items():
        assert pairs[frozenset({(a, ac), (b, bc)})] == year
        assert year in section


def test_the_statistics_section_counts_come_from_the_data():
    # every number of the new section is a role computed from status.csv; the roles it
    # uses exist (tests/test_status.py renders them against an independent count)
    section = chapter_section("statistics", "statistics-ended")
    roles = re.findall(r"\{partnership-count\}`([^`]+)`", section)
    assert set(roles) == {"status-ended", "status-ended-sk", "status-ended-cz", "status-suspended",
                          "status-total-without-ended"}
    assert "```{partnership-status}" in section
    assert not re.search(r"\d", re.sub(r"\{[a-z-]+\}`[^`]*`|\([a-z-]+\)=", "", section))


def test_real_cases_that_name_an_ended_partner_say_so(cases, statuses):
    import yaml

    names = yaml.safe_load((PROJECT.cases / "vocab" / "names.yaml").read_text(encoding="utf-8"))["places"]
    for case in (c for c in cases if not c.illustrative):
        text = case.story + " ".join(case.results)
        for row in statuses:
            if (row["municipality"], row["municipality_country"]) != (case.municipality.name,
                                                                         case.municipality.country):
                continue
            local = names.get(f"{row['partner']}|{row['partner_country']}", {}).get(case.language,
                                                                                     row["partner"])
            if local in text:
                assert row["date"][:4] in text and ("ukonč" in text or "pozastav" in text), \
                    (case.id, row["partner"])
