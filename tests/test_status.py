"""The status table (press/data/status.py): ended and suspended partnerships, on the fixture
data (made-up municipalities) and one failing file per validation rule in
tests/fixtures/status/. Expected numbers are counted here with the csv module."""
from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from press.data import partnerships as data
from press.data import status
from press.core.edition import Edition
from press.core.project import Project

DATA = Path(__file__).parent / "fixtures" / "data"
CASES = Path(__file__).parent / "fixtures" / "status"


def project_with(tmp_path: Path, status_file: str | None) -> Project:
    """A project whose cases/data/ is the fixture data plus the given status file."""
    folder = tmp_path / "cases" / "data"
    shutil.copytree(DATA, folder)
    if status_file:
        shutil.copy(CASES / status_file, folder / status.STATUS)
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "conf.py").write_text('press_editions = {"sk": {}, "cs": {}, "en": {}}\n')
    return Project(tmp_path)


def problems(tmp_path: Path, status_file: str) -> list[str]:
    return status.check(project_with(tmp_path, status_file))


# --- one failing fixture per rule ---------------------------------------------------------

WHERE = "cases/data/status.csv"


@pytest.mark.parametrize("fixture, expected", [
    ("unknown-pair.csv", [f"{WHERE}:3: partner: Testovo (SK) – Musterstadt (DE) is not a pair in partnerships.csv"]),
    ("bad-status.csv", [f"{WHERE}:2: status: 'frozen' is not one of ended, suspended"]),
    ("bad-date-format.csv", [f"{WHERE}:2: date: 'March 2022' is not YYYY, YYYY-MM or YYYY-MM-DD"]),
    ("impossible-date.csv", [f"{WHERE}:2: date: '2022-02-30' is not a date"]),
    ("future-date.csv", [f"{WHERE}:2: date: '2999-01' is not between 1945 and today"]),
    ("early-date.csv", [f"{WHERE}:2: date: '1939' is not between 1945 and today"]),
    ("bad-source.csv", [f"{WHERE}:2: source: 'file:///etc/passwd' is not an http(s) address"]),
    ("duplicate-pair.csv", [f"{WHERE}:3: partner: the pair already has a status on line 2"]),
    ("empty-name.csv", [f"{WHERE}:2: municipality: empty"]),
    ("missing-column.csv", [f"{WHERE}:1: status: required column missing from the header"]),
])
def test_each_rule_reports_file_line_and_column(tmp_path, fixture, expected):
    assert problems(tmp_path, fixture) == expected


def test_the_valid_fixture_and_a_missing_file_have_no_problems(tmp_path):
    assert problems(tmp_path / "a", "valid.csv") == []
    assert status.load_project(project_with(tmp_path / "b", None)) == []


def test_make_check_reports_status_problems(tmp_path, capsys):
    from conftest import make_project
    from press.build.commands import check

    project = Project(make_project(tmp_path))
    shutil.copy(CASES / "bad-status.csv", project.data / status.STATUS)
    assert check(project, []) == 1
    assert f"{WHERE}:2: status: 'frozen'" in capsys.readouterr().out


def test_command_line_prints_problems_without_traceback(tmp_path, capsys):
    project_with(tmp_path, "bad-source.csv")
    assert status.main([str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{WHERE}:2: source:") and "Traceback" not in err


# --- counting, against an independent count ------------------------------------------------

def independent_counts(status_path: Path, pairs_path: Path) -> dict[str, int]:
    def key(a, ac, b, bc):
        return frozenset({(a, ac), (b, bc)})

    with open(pairs_path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    bilateral = {key(r["municipality"], r["municipality_country"], r["partner"], r["partner_country"])
                 for r in rows if not r["network"]}
    network_only = {key(r["municipality"], r["municipality_country"], r["partner"], r["partner_country"])
                    for r in rows if r["network"]} - bilateral
    assert network_only, "the fixture should have a network-only pair"
    with open(status_path, encoding="utf-8", newline="") as f:
        statuses = list(csv.DictReader(f))
    ended = [r for r in statuses if r["status"] == "ended"]
    ended_keys = {key(r["municipality"], r["municipality_country"], r["partner"], r["partner_country"])
                  for r in ended}
    return {
        "status-ended": len(ended),
        "status-suspended": sum(r["status"] == "suspended" for r in statuses),
        "status-ended-sk": sum("SK" in (r["municipality_country"], r["partner_country"]) for r in ended),
        "status-ended-cz": sum("CZ" in (r["municipality_country"], r["partner_country"]) for r in ended),
        "status-total-without-ended": len(bilateral - ended_keys),
    }


def test_counts_match_an_independent_count(tmp_path):
    project = project_with(tmp_path, "valid.csv")
    ds = data.load_project(project)
    counts = status.summary(ds, status.load_project(project))
    expected = independent_counts(project.data / status.STATUS, project.data / data.PARTNERSHIPS)
    assert {k: counts[k] for k in expected} == expected
    # the fixture is built so that each rule matters: a network link ended, a pair
    # listed from the other side, links of both countries
    assert expected == {"status-ended": 3, "status-suspended": 1, "status-ended-sk": 2,
                        "status-ended-cz": 1, "status-total-without-ended": data.summary(ds)["total"] - 2}


def test_dates_are_shown_as_precisely_as_the_source():
    assert status.date_text("2022", "sk") == "2022"
    assert status.date_text("2022-03", "cs") == "březen 2022"
    assert status.date_text("2014-09-02", "en") == "September 2, 2014"
    assert status.host("https://www.example.org/a/b") == "example.org"


# --- the chapter: roles and table through Sphinx ------------------------------------------

CONF = '''
extensions = ["myst_parser", "press.ext.datafigures"]
root_doc = "index"
numfig = True

def setup(app):
    app.add_config_value("press_edition", None, "env")
'''


def render(project: Project, page: str, lang: str = "sk") -> str:
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    src = project.root / "src"
    src.mkdir()
    (src / "conf.py").write_text(CONF, encoding="utf-8")
    (src / "index.md").write_text(page, encoding="utf-8")
    out = project.root / "out"
    with docutils_namespace():
        app = Sphinx(str(src), str(src), str(out), str(project.root / "doctrees"), "html",
                     confoverrides={"language": lang, "press_edition": Edition(lang, project)},
                     status=io.StringIO(), warning=io.StringIO())
        app.build()
        assert app.statuscode == 0
    return (out / "index.html").read_text(encoding="utf-8")


def chapter_section(label: str) -> str:
    """The statistics chapter's section after `(label)=`, up to the next section."""
    text = (Path(__file__).resolve().parent.parent / "book" / "chapters" / "statistics.md").read_text(
        encoding="utf-8")
    start = text.index(f"({label})=")
    following = re.search(r"^\(statistics-[a-z-]+\)=$", text[start + 1:], re.M)
    return text[start: start + 1 + following.start()] if following else text[start:]


def test_the_chapter_section_shows_the_independent_counts(tmp_path):
    project = project_with(tmp_path, "valid.csv")
    section = chapter_section("statistics-ended")
    # the section takes every number from the data: no digit typed by hand
    assert not re.search(r"\d", re.sub(r"\{[a-z-]+\}`[^`]*`|\(statistics-ended\)=", "", section))
    page = render(project, "# Book\n\n" + section.replace("{ref}`agreement-after-2022`", "X"))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    expected = independent_counts(project.data / status.STATUS, project.data / data.PARTNERSHIPS)
    assert (f"Ukončené partnerstvá: {expected['status-ended']}, z toho so slovenskou obcou "
            f"{expected['status-ended-sk']} a s českou obcou {expected['status-ended-cz']}") in text
    assert f"Pozastavené partnerstvá: {expected['status-suspended']}" in text
    assert f"bol {expected['status-total-without-ended']}" in text
    # the table: one row per status, ended first, names and dates in the edition's language
    table = re.search(r'<table class="[^"]*partnership-status[^"]*".*?</table>', page, re.S).group(0)
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1), re.S)
    cells = [[re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
             for r in rows]
    assert len(cells) == 4
    assert [c[3] for c in cells] == ["2022", "marec 2022", "2023", "2. septembra 2014"]
    # the Slovak or Czech side first, even where the row names it second
    assert cells[0][:2] == ["Ukázkov", "Exampleton (Spojené kráľovstvo)"]
    assert cells[-1][:2] == ["Vzorová Lhota", "Musterstadt (Nemecko)"]
