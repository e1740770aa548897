"""Ended and suspended partnerships: `cases/data/status.csv`, loaded and checked.

Stage: data -> numbers, beside press.data.partnerships. The partnership data records pairs as
each source listed them; a later council decision that ended or suspended a link is a
fact of its own, with its own source, so it lives in its own table and never edits a
partnership row. Columns:

- municipality, municipality_country, partner, partner_country: the pair, which must be
  a pair of partnerships.csv (in either direction);
- status: `ended` or `suspended`, as the source reports it;
- date: as precise as the source: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`;
- source: the http(s) address the status was read from;
- note (optional): what the source says beyond the status, in English, for editors.

Problems are reported like press.data.partnerships reports them, `path:line: column: message`,
all at once, as a press.data.partnerships.DataError. The file is optional: a project without
it has no statuses.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from press.data import checking
from press.i18n.names import Names
from press.data import partnerships as data

STATUS = "status.csv"
STATUSES = ("ended", "suspended")
COLUMNS = ("municipality", "municipality_country", "partner", "partner_country",
           "status", "date", "source")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_URL = re.compile(r"https?://[^\s/]+\.[^\s/]+\S*")


@dataclass(frozen=True)
class Status:
    """One checked row. `key` is the unordered pair, as press.data.partnerships folds pairs."""
    municipality: str
    municipality_country: str
    partner: str
    partner_country: str
    status: str
    date: str
    source: str
    note: str
    line: int

    @property
    def key(self) -> tuple:
        return tuple(sorted([(self.municipality, self.municipality_country),
                             (self.partner, self.partner_country)]))


def load(data_dir: Path, pairs, root: Path | None = None, today: date | None = None) -> list[Status]:
    """The rows of data_dir/status.csv, checked against `pairs` (a press.data.partnerships
    Dataset); raise DataError listing every problem. No file: no statuses."""
    path = Path(data_dir) / STATUS
    if not path.exists():
        return []
    shown = checking._shown(root)
    problems: list[str] = []
    frame = checking._read(path, COLUMNS, shown, problems)
    if problems:
        raise data.DataError(problems)
    where, today = shown(path), today or date.today()
    known = set(pairs.pairs.apply(lambda r: tuple(sorted([(r["a"], r["a_country"]),
                                                           (r["b"], r["b_country"])])), axis=1))
    rows: list[Status] = []
    seen: dict[tuple, int] = {}   # pair -> line of its first status
    for row in checking._rows(frame):
        status = Status(row.municipality, row.municipality_country, row.partner,
                        row.partner_country, row.status, row.date, row.source,
                        getattr(row, "note", "") if "note" in frame.columns else "", int(row.line))
        found = _check_row(status, f"{where}:{status.line}", known, today)
        if not found and status.key in seen:
            found.append(f"{where}:{status.line}: partner: the pair already has a status "
                         f"on line {seen[status.key]}")
        seen.setdefault(status.key, status.line)
        problems += found
        rows.append(status)
    if problems:
        raise data.DataError(problems)
    return rows


def _check_row(row: Status, at: str, known: set, today: date) -> list[str]:
    problems = []
    for column in ("municipality", "partner"):
        if not getattr(row, column):
            problems.append(f"{at}: {column}: empty")
    if not problems and row.key not in known:
        problems.append(f"{at}: partner: {row.municipality} ({row.municipality_country}) – "
                        f"{row.partner} ({row.partner_country}) is not a pair in {data.PARTNERSHIPS}")
    if row.status not in STATUSES:
        problems.append(f"{at}: status: {row.status!r} is not one of {', '.join(STATUSES)}")
    problem = _date_problem(row.date, today)
    if problem:
        problems.append(f"{at}: date: {problem}")
    if not _URL.fullmatch(row.source):
        problems.append(f"{at}: source: {row.source!r} is not an http(s) address")
    return problems


def _date_problem(text: str, today: date) -> str | None:
    """None for YYYY, YYYY-MM or YYYY-MM-DD naming a real day from 1945 to today."""
    match = _DATE.fullmatch(text)
    if not match:
        return f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    year = int(match.group(1))   # the one part the pattern requires
    month, day = (int(part) if part else None for part in match.groups()[1:])
    try:
        first = date(year, month or 1, day or 1)
    except ValueError:
        return f"{text!r} is not a date"
    if year < 1945 or first > today:
        return f"{text!r} is not between 1945 and today"
    return None


def load_project(project) -> list[Status]:
    """The project's statuses, checked against its partnership data."""
    return load(Path(project.data), data.load_project(project), Path(project.root))


def check(project) -> list[str]:
    """Every problem in status.csv, one line each (none when the partnership data
    itself has problems: press.data.partnerships.check reports those)."""
    try:
        pairs = data.load_project(project)
    except data.DataError:
        return []
    try:
        load(Path(project.data), pairs, Path(project.root))
    except data.DataError as err:
        return err.problems
    return []


# --- counting -------------------------------------------------------------------------

def summary(ds, rows: list[Status]) -> dict[str, int]:
    """The numbers the statistics chapter quotes, by role key (all `status-…`)."""
    bilateral = set(data.bilateral(ds).apply(
        lambda r: tuple(sorted([(r["a"], r["a_country"]), (r["b"], r["b_country"])])), axis=1))
    numbers = {f"status-{name}": sum(1 for r in rows if r.status == name) for name in STATUSES}
    numbers["status-all"] = len(rows)
    ended_bilateral = {r.key for r in rows if r.status == "ended"} & bilateral
    numbers["status-total-without-ended"] = len(bilateral) - len(ended_bilateral)
    for home in data.HOME:
        numbers[f"status-ended-{home.lower()}"] = sum(
            1 for r in rows if r.status == "ended" and home in (r.municipality_country, r.partner_country))
    return numbers


def ordered(rows: list[Status]) -> list[Status]:
    """The table's order: ended before suspended, then by date, municipality, partner."""
    return sorted(rows, key=lambda r: (STATUSES.index(r.status), r.date, r.municipality, r.partner))


# --- presentation ---------------------------------------------------------------------

def date_text(text: str, lang: str) -> str:
    """The date as precise as the source, in the edition's language:
    "2022", "marec 2022", "2. septembra 2014"."""
    from babel.dates import format_date, format_skeleton

    match = _DATE.fullmatch(text)
    year = int(match.group(1))   # the one part the pattern requires
    month, day = (int(p) if p else None for p in match.groups()[1:])
    if day and month is not None:   # a day is only ever written after a month
        return format_date(date(year, month, day), "long", locale=lang)
    if month:
        return format_skeleton("yMMMM", date(year, month, 1), locale=lang)
    return str(year)


def host(url: str) -> str:
    """The site a source is on, as the table shows it (the full address is in the
    chapter "Sources")."""
    name = url.split("://", 1)[1].split("/", 1)[0]
    return name[4:] if name.startswith("www.") else name


def table(rows: list[Status], lang: str, names: Names, locales: Path | None):
    """The statistics chapter's table of ended and suspended partnerships."""
    from press.data.tables import Table
    from press.i18n.labels import label

    def ends(r: Status) -> tuple[tuple[str, str], tuple[str, str]]:
        # the Slovak or Czech municipality first, whichever side the row names it on;
        # its country is plain from the name, the partner's is not
        home, other = (r.municipality, r.municipality_country), (r.partner, r.partner_country)
        return (other, home) if home[1] not in data.HOME and other[1] in data.HOME else (home, other)

    words = {"ended": label(lang, "ended", locales), "suspended": label(lang, "suspended", locales)}
    body = []
    for r in ordered(rows):
        (name, country), (partner, partner_country) = ends(r)
        body.append([names.place(name, country, lang),
                     f"{names.place(partner, partner_country, lang)} ({names.country(partner_country, lang)})",
                     words[r.status], date_text(r.date, lang), host(r.source)])
    return Table(label(lang, "Partnerships reported as ended or suspended", locales),
                 [label(lang, "Municipality", locales), label(lang, "Partner", locales), label(lang, "Status", locales),
                  label(lang, "Date", locales), label(lang, "Source", locales)], body, [], [False] * 5)


def main(argv: list[str] | None = None) -> int:
    """`python -m press.data.status [ROOT]`: check status.csv, print problems, exit 1 on any."""
    import sys

    from press.core.project import Project

    args = sys.argv[1:] if argv is None else argv
    problems = check(Project(Path(args[0])) if args else Project())
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
