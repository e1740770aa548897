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
from dataclasses import dataclass

import pytest

from press.core.project import Project
from press.content.records import load_records

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


# --- the cases' and chapters' counts agree with the data (computed here, from the CSV) ----

def network_pairs() -> dict[frozenset, tuple[bool, str]]:
    """Each pair -> (is a network-only link, since). A pair is a network link only if
    every row of it says so: a bilateral listing wins, as the statistics chapter says."""
    table: dict[frozenset, tuple[bool, str]] = {}
    for row in read_csv("partnerships.csv"):
        key = frozenset({(row["municipality"], row["municipality_country"]),
                         (row["partner"], row["partner_country"])})
        network = row["network"] != ""
        if key in table:
            network = network and table[key][0]
        table[key] = (network, row["since"])
    return table


def links_of(town: tuple[str, str], table) -> dict[tuple[str, str], bool]:
    """Partner -> network-only? for every pair with `town` on one side."""
    return {next(iter(key - {town})): network for key, (network, _) in table.items()
            if town in key and len(key) == 2}


def case_text(case) -> str:
    """All of a case's text, with every run of white space as one space."""
    return " ".join(" ".join([case.summary, case.story, *case.results, *case.lessons]).split())


CS_WORDS = {3: "tři", 26: "26", 27: "dvacet sedm", 30: "třicet"}
SK_WORDS = {26: "26", 27: "dvadsaťsedem", 29: "dvadsaťdeväť"}


def test_the_corrected_susice_links_are_bilateral_in_the_data():
    # The shared data's correction of 2026-12-04 (cases/data/README.md).
    table = network_pairs()
    for partner in (("Uetendorf", "CH"), ("Wenzenbach", "DE")):
        network, since = table[frozenset({("Sušice", "CZ"), partner})]
        assert not network and since, partner


def test_the_susice_case_states_the_counts_of_the_data(cases):
    table = network_pairs()
    susice, zvolen = ("Sušice", "CZ"), ("Zvolen", "SK")
    links = links_of(susice, table)
    network = {p for p, n in links.items() if n}
    bilateral = {p for p, n in links.items() if not n}
    shared = network & {p for p, n in links_of(zvolen, table).items() if n}
    assert len({country for _, country in shared}) == len(shared)   # one member per country
    assert not {"CZ", "SK"} & {country for _, country in shared}

    case = next(c for c in cases if c.id == "susice-douzelage")
    text = case_text(case).casefold()
    for number in (len(links), len(network), len(bilateral), len(shared)):
        assert CS_WORDS[number] in text, number
    assert "téměř všechny" not in text and "jedinou vazbou" not in text
    for name, _ in bilateral:
        assert name.casefold() in text, name
    assert zvolen in network


def test_the_medzev_case_states_the_counts_of_the_data(cases):
    table = network_pairs()
    medzev, poddvorov = ("Medzev", "SK"), ("Starý Poddvorov", "CZ")
    links = links_of(medzev, table)
    network = {p for p, n in links.items() if n}
    shared = network & {p for p, n in links_of(poddvorov, table).items() if n}
    case = next(c for c in cases if c.id == "medzev-charta-vidieckych-obci")
    text = case_text(case).casefold()
    for number in (len(links), len(network), len(shared)):
        assert SK_WORDS[number] in text, number
    for partner, is_network in links.items():
        if not is_network:
            assert fold(partner[0])[:5] in fold(text), partner   # Holice -> Holicami


def bilateral_by_country() -> tuple[dict[str, int], int]:
    """Bilateral pairs per foreign partner country, and the Slovak–Czech pairs."""
    counts: dict[str, int] = {}
    sk_cz = 0
    for key, (network, _) in network_pairs().items():
        if network:
            continue
        countries = sorted(country for _, country in key)
        if countries == ["CZ", "SK"]:
            sk_cz += 1
        for country in set(countries) - {"SK", "CZ"}:
            counts[country] = counts.get(country, 0) + 1
    return counts, sk_cz


def test_the_brno_case_quotes_the_country_counts_of_the_data(cases):
    counts, _ = bilateral_by_country()
    brno = next(c for c in cases if c.id == "brno-poznan-1966")
    text = case_text(brno)
    assert f"polskými obcemi obsahuje {counts['PL']}, s německými {counts['DE']}." in text


def test_the_twinning_chapter_ranks_partner_countries_as_the_data_does():
    # "Most partners are in Poland and Germany, then Slovak–Czech twinnings and Hungary."
    counts, sk_cz = bilateral_by_country()
    ranked = sorted(counts, key=counts.get, reverse=True)
    assert ranked[:3] == ["PL", "DE", "HU"]
    assert counts["DE"] > sk_cz > counts["HU"]
    chapter = (PROJECT.root / "book" / "chapters" / "twinning.md").read_text(encoding="utf-8")
    assert "Najviac je partnerov z Poľska a Nemecka, nasledujú slovensko-české partnerstvá a Maďarsko." in chapter


@pytest.mark.parametrize("chapter", ["twinning.md", "sources.md"])
def test_chapters_take_the_counts_of_the_data_from_roles(chapter):
    # Every count of the partnership data is computed (press/ext/datafigures.py roles);
    # what a paragraph about the data set may still type by hand is a year or a date.

    text = (PROJECT.root / "book" / "chapters" / chapter).read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n") if "záznamov o partnerstvách" in p]
    assert paragraphs
    for paragraph in paragraphs:
        assert "{partnership-count}`rows`" in paragraph
        visible = re.sub(r"\{[a-z-]+\}`[^`]*`", "", paragraph)
        assert re.findall(r"\d[\d\u00a0 ]*", visible) == [], visible


def test_the_statistics_network_count_is_the_datas(cases):
    from press.data import partnerships as data
    table = network_pairs()
    counts = data.summary(data.load_project(PROJECT), PROJECT.data)
    assert counts["network"] == sum(1 for network, _ in table.values() if network)
    assert counts["total"] == sum(1 for network, _ in table.values() if not network)
    partner_countries = {row["partner_country"] for row in read_csv("partnerships.csv")
                         if not table[frozenset({(row["municipality"], row["municipality_country"]),
                                                 (row["partner"], row["partner_country"])})][0]}
    assert counts["partner-countries"] == len(partner_countries)


def test_real_cases_say_where_the_sources_disagree_on_a_year(cases):
    # A row whose source notes "also listed (year …)" has two years; a real case about
    # that municipality names both, as the Banská Bystrica and Zábřeh cases do.

    disagreements = []
    for row in read_csv("partnerships.csv"):
        for other in re.findall(r"also listed \(year (\d{4})\)", row["source"]):
            disagreements.append(({row["municipality"], row["partner"]}, row["since"], other))
    assert disagreements
    checked = 0
    for case in (c for c in cases if not c.illustrative):
        text = case_text(case)
        for towns, kept, other in disagreements:
            if case.municipality.name in towns:
                checked += 1
                assert kept in text and other in text, (case.id, towns, kept, other)
    assert checked >= 2      # Brno–Kharkiv and Banská Bystrica–Hradec Králové


# --- illustrative grants follow the funding chapter's rule --------------------------------

DAYS = {"dvojdňov": 2, "dvoudenn": 2, "trojdňov": 3, "třídenn": 3, "štvordňov": 4,
        "čtyřdenn": 4, "päťdňov": 5, "pětidenn": 5}
AMOUNT = r"(\d{1,3}(?:[ \u00a0]\d{3})*)\s*(?:EUR|eur)"


def euros(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def funding_rules() -> dict[str, int]:
    """The numbers of the flat-rate rule and the caps, read from the funding chapter."""
    chapter = (PROJECT.root / "book" / "chapters" / "funding.md").read_text(encoding="utf-8")
    found = {
        "rate": re.search(r"dennú sadzbu (\d+) EUR", chapter),
        "cap-1.1": re.search(r"grant je najviac ([\d ]+) EUR", chapter),
        "range-1.2": re.search(r"grant od ([\d ]+) EUR do ([\d ]+) EUR", chapter),
    }
    missing = [k for k, v in found.items() if v is None]
    assert not missing, f"book/chapters/funding.md no longer states {missing}; update this test"
    return {"rate": euros(found["rate"].group(1)), "cap-1.1": euros(found["cap-1.1"].group(1)),
            "min-1.2": euros(found["range-1.2"].group(1)),
            "max-1.2": euros(found["range-1.2"].group(2))}


def meeting(case) -> tuple[int, int]:
    """(invited participants, days) as the record's results state them."""
    for line in case.results:
        people = re.search(r"(\d+) pozvan", line)
        days = [n for stem, n in DAYS.items() if stem in line.casefold()]
        if people and days:
            return int(people.group(1)), days[0]
    raise AssertionError(f"{case.id}: no result states the invited participants and days")


def stated_part(case, part: str) -> int | None:
    """The amount the story gives for the organisational or travel part, if any."""
    match = re.search(part + r"\w* č[aá]s\w*\s+" + AMOUNT, case.story)
    return euros(match.group(1)) if match else None


def grant_problems(case, rules) -> list[str]:
    funding, text = case.funding, case_text(case)
    amount = funding.amount_eur
    stated = {euros(m) for m in re.findall(AMOUNT, text)}
    problems = [] if amount in stated else [f"{case.id}: the text never states {amount} EUR"]
    if funding.programme == "europe-for-citizens" and funding.measure == "1.1":
        participants, days = meeting(case)
        organisation = participants * days * rules["rate"]
        travel = stated_part(case, "cestovn") or 0
        if stated_part(case, "organizačn") not in (None, organisation):
            problems.append(f"{case.id}: organisational part is not {organisation}")
        if amount != organisation + travel:
            problems.append(f"{case.id}: {amount} != {participants} × {days} × "
                            f"{rules['rate']} + {travel}")
        if amount > rules["cap-1.1"]:
            problems.append(f"{case.id}: {amount} is over the cap {rules['cap-1.1']}")
    elif funding.programme == "europe-for-citizens" and funding.measure == "1.2":
        if not rules["min-1.2"] <= amount <= rules["max-1.2"]:
            problems.append(f"{case.id}: {amount} outside the network grant range")
    return problems


def test_illustrative_grants_follow_the_funding_chapters_rule(cases):
    rules = funding_rules()
    funded = [c for c in cases if c.illustrative and c.funding]
    assert any(c.funding.measure == "1.1" for c in funded)
    assert [p for c in funded for p in grant_problems(c, rules)] == []


def test_the_grant_check_catches_a_grant_that_does_not_add_up(cases):
    rules = funding_rules()
    sokolcany = next(c for c in cases if c.id == "sokolcany-beh-cez-most")
    assert grant_problems(sokolcany, rules) == []
    # the amount the case gave before the fix: about EUR 166 per participant and day
    inflated = sokolcany.model_copy(update={"funding": sokolcany.funding.model_copy(
        update={"amount_eur": 12600})})
    assert any("!=" in p for p in grant_problems(inflated, rules))


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
    # Independent of press.data.status: who ended or suspended what, and when, as the
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
