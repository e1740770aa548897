"""The partnership data: load it, check it, and count it by the publication's rules.

Stage: data -> numbers. `cases/data/partnerships.csv` (one row per pair, a Slovak or
Czech municipality on at least one side) and `cases/data/places.csv` (coordinates) are
read with pandas and checked on load; every problem becomes one line
`path:line: column: message`, and all of them are raised together as a DataError.

Counting rules (the statistics chapter states them):
- a pair listed twice, in either direction, is one partnership;
- links that exist only through a multilateral network (`network` column) are kept out
  of the bilateral counts and reported on their own;
- a Slovak–Czech pair counts once in the Slovak–Czech total and appears in both
  countries' lists; a domestic pair is one partnership of its country, and a partner of
  both its municipalities;
- "inside the EU" means the EU-27 of February 2026, the date of the newest source.

The end of the module holds the content-hash cache that charts and maps share.
"""
from __future__ import annotations

import csv
from collections import namedtuple
import io
import re
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pandas as pd

from press.i18n.names import is_country
from press.core.files import write_atomic
from press.core.state import stamp
from press.data import topojson

HOME = ("SK", "CZ")
PARTNERSHIPS = "partnerships.csv"
PLACES = "places.csv"
OUTLINES = "geo/countries-50m.json"

PAIR_COLUMNS = ("municipality", "municipality_country", "partner", "partner_country",
                "since", "source", "network")
PLACE_COLUMNS = ("name", "country", "lat", "lon")

# The newest source (the Wikipedia lists) was read in February 2026, so membership is
# taken at that date: the EU-27 as it has stood since the United Kingdom left on
# 1 February 2020 (Croatia a member, the United Kingdom not).
EU_MEMBERS = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
DATA_DATE = "2026-02"

_FIRST_YEAR = 1945          # town twinning as a movement begins after the war
_BOUNDS_MARGIN = 1.0        # degrees around a country's outline box


class DataError(Exception):
    """Problems found in the data, one `path:line: column: message` line each."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Dataset:
    """Checked data. `pairs` has one row per distinct pair:
    a, a_country (the Slovak/Czech side as first read), b, b_country, since (Int64),
    network ("" for a bilateral partnership), line (first line in the CSV)."""
    pairs: pd.DataFrame
    places: pd.DataFrame        # index (name, country); columns lat, lon (float, NaN if unknown)
    rows: int                   # data rows read
    duplicates: int             # rows folded into another row of the same pair
    coordinates: dict           # (name, country) -> (lon, lat), for places that have them


# --- loading and checking ---------------------------------------------------------

def load(data_dir: Path, root: Path | None = None, outlines: Path | None = None) -> Dataset:
    """Read and check both CSVs under data_dir; raise DataError listing every problem.

    root: paths in messages are shown relative to it. outlines: a TopoJSON whose
    country boxes bound the coordinates (default: data_dir/geo/countries-50m.json)."""
    data_dir = Path(data_dir)
    shown = _shown(root)
    pairs_path, places_path = data_dir / PARTNERSHIPS, data_dir / PLACES
    problems: list[str] = []
    pairs = _read(pairs_path, PAIR_COLUMNS, shown, problems)
    places = _read(places_path, PLACE_COLUMNS, shown, problems)
    if problems:
        raise DataError(problems)
    outlines = outlines if outlines is not None else data_dir / OUTLINES
    bounds = _country_bounds(outlines) if outlines.exists() else {}
    problems += _check_places(places, shown(places_path), bounds)
    problems += _check_pairs(pairs, shown(pairs_path))
    problems += _check_endpoints(pairs, places, shown(pairs_path))
    if problems:
        raise DataError(problems)
    distinct = _fold_duplicates(pairs)
    table = _place_table(places)
    return Dataset(pairs=distinct, places=table, rows=len(pairs),
                   duplicates=len(pairs) - len(distinct), coordinates=_coordinates(table))


def load_project(project) -> Dataset:
    """The project's data (cases/data/), read once per process while the files are unchanged."""
    data = Path(project.data)
    stamps = tuple(stamp(data / name) for name in (PARTNERSHIPS, PLACES, OUTLINES))
    return _load_cached(str(data), str(project.root), stamps)


def check(project) -> list[str]:
    """Every problem in the project's data, one line each; empty when the data is sound."""
    try:
        load_project(project)
    except DataError as err:
        return err.problems
    return []


@lru_cache(maxsize=4)
def _load_cached(data: str, root: str, stamps: tuple) -> Dataset:
    return load(Path(data), Path(root))


def _shown(root: Path | None) -> Callable[[Path], str]:
    def shown(path: Path) -> str:
        if root is not None:
            try:
                return Path(path).resolve().relative_to(Path(root).resolve()).as_posix()
            except ValueError:
                pass
        return str(path)
    return shown


def _read(path: Path, required: tuple, shown, problems: list[str]) -> pd.DataFrame:
    """The CSV as strings, with a `line` column giving each record's first line."""
    where = shown(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.append(f"{where}:0: file: not found")
        return pd.DataFrame()
    except UnicodeDecodeError as err:
        problems.append(f"{where}:0: file: not valid UTF-8 ({err.reason} at byte {err.start})")
        return pd.DataFrame()
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as err:
        problems.append(f"{where}:1: file: not a readable CSV ({_one_line(err)})")
        return pd.DataFrame()
    missing = [c for c in required if c not in frame.columns]
    for column in missing:
        problems.append(f"{where}:1: {column}: required column missing from the header")
    if missing:
        return pd.DataFrame()
    frame = frame.apply(lambda col: col.str.strip())
    frame["line"] = _record_lines(text)[: len(frame)]
    return frame


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def _record_lines(text: str) -> list[int]:
    """The line on which each data record starts (quoted fields may span lines)."""
    reader = csv.reader(io.StringIO(text))
    starts, previous_end = [], 0
    for _ in reader:
        starts.append(previous_end + 1)
        previous_end = reader.line_num
    return starts[1:]


def _rows(frame: pd.DataFrame):
    """The rows as plain tuples with attribute access (much faster than itertuples)."""
    Row = namedtuple("Row", [str(c) for c in frame.columns], rename=True)
    return [Row(*values) for values in zip(*(frame[c].tolist() for c in frame.columns))]


def _valid_code(code: str) -> bool:
    return is_country(code)   # names.py knows which CLDR territories are no country


def _check_pairs(pairs: pd.DataFrame, where: str) -> list[str]:
    problems = []
    this_year = date.today().year
    for row in _rows(pairs):
        at = f"{where}:{row.line}"
        for column in ("municipality", "partner", "source"):
            if not getattr(row, column):
                problems.append(f"{at}: {column}: empty")
        if row.municipality_country not in HOME:
            problems.append(f"{at}: municipality_country: expected SK or CZ, got "
                            f"{row.municipality_country!r}")
        if not _valid_code(row.partner_country):
            problems.append(f"{at}: partner_country: unknown country code {row.partner_country!r}")
        if row.since and not _plausible_year(row.since, this_year):
            problems.append(f"{at}: since: {row.since!r} is not a year between "
                            f"{_FIRST_YEAR} and {this_year}")
    return problems


def _plausible_year(text: str, this_year: int) -> bool:
    return text.isdigit() and _FIRST_YEAR <= int(text) <= this_year


def _check_places(places: pd.DataFrame, where: str, bounds: dict) -> list[str]:
    problems, seen = [], {}
    for row in _rows(places):
        at = f"{where}:{row.line}"
        key = (row.name, row.country)
        if key in seen:
            problems.append(f"{at}: name: {row.name!r} ({row.country}) already listed on line {seen[key]}")
        seen.setdefault(key, row.line)
        if not row.name:
            problems.append(f"{at}: name: empty")
        if not _valid_code(row.country):
            problems.append(f"{at}: country: unknown country code {row.country!r}")
        problems += _check_coordinates(row, at, bounds)
    return problems


def _check_coordinates(row, at: str, bounds: dict) -> list[str]:
    if not row.lat and not row.lon:
        return []       # a place may lack coordinates; it is simply not drawn
    values = {}
    for column, limit in (("lat", 90.0), ("lon", 180.0)):
        text = getattr(row, column)
        try:
            value = float(text)
        except ValueError:
            return [f"{at}: {column}: {text!r} is not a number"]
        if not -limit <= value <= limit:
            return [f"{at}: {column}: {text} is outside -{limit:g}..{limit:g}"]
        values[column] = value
    box = bounds.get(row.country)
    if box and not _inside(values["lon"], values["lat"], box):
        return [f"{at}: lat: ({values['lat']:g}, {values['lon']:g}) lies outside the bounds "
                f"of {row.country} ({_box_text(box)})"]
    return []


def _inside(lon: float, lat: float, box: tuple) -> bool:
    west, south, east, north = box
    return (south - _BOUNDS_MARGIN <= lat <= north + _BOUNDS_MARGIN
            and west - _BOUNDS_MARGIN <= lon <= east + _BOUNDS_MARGIN)


def _box_text(box: tuple) -> str:
    west, south, east, north = box
    return f"lat {south:.1f}..{north:.1f}, lon {west:.1f}..{east:.1f}"


def _country_bounds(outlines: Path) -> dict[str, tuple]:
    return topojson.bounds_of(outlines)


def _check_endpoints(pairs: pd.DataFrame, places: pd.DataFrame, where: str) -> list[str]:
    known = set(zip(places["name"], places["country"]))
    problems = []
    for row in _rows(pairs):
        for name_col, country_col in (("municipality", "municipality_country"),
                                      ("partner", "partner_country")):
            key = (getattr(row, name_col), getattr(row, country_col))
            if key[0] and key not in known:
                problems.append(f"{where}:{row.line}: {name_col}: no row for {key[0]!r} "
                                f"({key[1]}) in {PLACES}")
    return problems


def _place_table(places: pd.DataFrame) -> pd.DataFrame:
    table = places[["name", "country"]].copy()
    table["lat"] = pd.to_numeric(places["lat"].replace("", None), errors="coerce").astype(float)
    table["lon"] = pd.to_numeric(places["lon"].replace("", None), errors="coerce").astype(float)
    return table.set_index(["name", "country"]).sort_index()


def _coordinates(table: pd.DataFrame) -> dict[tuple[str, str], tuple[float, float]]:
    known = table.dropna(subset=["lat", "lon"])
    return {key: (float(lon), float(lat))
            for key, lat, lon in zip(known.index, known["lat"].tolist(), known["lon"].tolist())}


def _fold_duplicates(pairs: pd.DataFrame) -> pd.DataFrame:
    """One row per unordered pair, in file order. The earliest known year wins; a pair
    is a network link only if every row of it is one (a bilateral listing wins)."""
    frame = pairs.rename(columns={"municipality": "a", "municipality_country": "a_country",
                                  "partner": "b", "partner_country": "b_country"})
    ends = zip(frame["a"].tolist(), frame["a_country"].tolist(),
               frame["b"].tolist(), frame["b_country"].tolist())
    frame["key"] = [tuple(sorted([(a, ac), (b, bc)])) for a, ac, b, bc in ends]
    frame["since"] = pd.to_numeric(frame["since"].replace("", None), errors="coerce").astype("Int64")
    grouped = frame.groupby("key", sort=False)
    earliest = grouped["since"].min()
    bilateral = (frame["network"] == "").groupby(frame["key"], sort=False).any()
    named = frame[frame["network"] != ""].drop_duplicates("key").set_index("key")["network"]
    folded = frame.drop_duplicates("key").set_index("key")
    folded["since"] = earliest
    folded["network"] = named.reindex(folded.index).where(~bilateral, "").fillna("")
    folded = folded[["a", "a_country", "b", "b_country", "since", "network", "line"]]
    folded["line"] = folded["line"].astype(int)
    return folded.sort_values("line", kind="stable").reset_index(drop=True)


# --- counting -----------------------------------------------------------------------

def bilateral(ds: Dataset) -> pd.DataFrame:
    return ds.pairs[ds.pairs["network"] == ""]


def sides(ds: Dataset, country: str, network: bool = False) -> pd.DataFrame:
    """Each partnership as seen from `country`: one row per endpoint in that country,
    with columns pair, municipality, partner, partner_country, since.
    A domestic pair gives two rows (one per municipality) with the same `pair`."""
    pairs = ds.pairs[(ds.pairs["network"] != "") == network]
    forward = pairs[pairs["a_country"] == country]
    backward = pairs[pairs["b_country"] == country]
    columns = ["pair", "municipality", "partner", "partner_country", "since"]
    seen_a = pd.DataFrame({"pair": forward.index, "municipality": forward["a"].values,
                           "partner": forward["b"].values,
                           "partner_country": forward["b_country"].values,
                           "since": forward["since"].values}, columns=columns)
    seen_b = pd.DataFrame({"pair": backward.index, "municipality": backward["b"].values,
                           "partner": backward["a"].values,
                           "partner_country": backward["a_country"].values,
                           "since": backward["since"].values}, columns=columns)
    both = pd.concat([seen_a, seen_b], ignore_index=True)
    return both.sort_values(["pair", "municipality"], kind="stable").reset_index(drop=True)


def partnership_count(ds: Dataset, country: str) -> int:
    """Bilateral partnerships with at least one municipality in `country`."""
    return sides(ds, country)["pair"].nunique()


def by_partner_country(ds: Dataset, country: str) -> list[tuple[str, int]]:
    """(partner country, partnerships), most first, ties by code."""
    seen = sides(ds, country).drop_duplicates("pair")
    counts = seen.groupby("partner_country")["pair"].nunique()
    return sorted(((code, int(n)) for code, n in counts.items()), key=lambda item: (-item[1], item[0]))


def top_municipalities(ds: Dataset, country: str, limit: int = 10) -> list[tuple[str, int, int]]:
    """(municipality, partners, partner countries) for the `limit` municipalities with
    the most partners; those tied with the last one are included too."""
    grouped = sides(ds, country).groupby("municipality")
    partners, countries = grouped["partner"].nunique(), grouped["partner_country"].nunique()
    table = sorted(((str(name), int(partners[name]), int(countries[name])) for name in partners.index),
                   key=lambda item: (-item[1], item[0]))
    if len(table) <= limit:
        return table
    cutoff = table[limit - 1][1]
    return [item for item in table if item[1] >= cutoff]


def municipality_count(ds: Dataset, country: str) -> int:
    """Municipalities of `country` with at least one bilateral partner."""
    return sides(ds, country)["municipality"].nunique()


def partner_counts(ds: Dataset) -> dict[tuple[str, str], int]:
    """Distinct bilateral partners of every Slovak and Czech municipality."""
    counts = {}
    for country in HOME:
        seen = sides(ds, country)
        for name, n in seen.groupby("municipality")["partner"].nunique().items():
            counts[(name, country)] = int(n)
    return dict(sorted(counts.items()))


def by_decade(ds: Dataset, country: str | None = None) -> tuple[list[tuple[int, int]], int]:
    """([(decade, partnerships begun in it)], partnerships without a known year).

    country None: the Slovak–Czech pairs."""
    if country is None:
        seen = sk_cz_pairs(ds)
    else:
        seen = ds.pairs.loc[sides(ds, country)["pair"].unique()]
    known = seen["since"].dropna().astype(int)
    decades = (known // 10 * 10).value_counts().sort_index()
    return [(int(d), int(n)) for d, n in decades.items()], int(seen["since"].isna().sum())


def sk_cz_pairs(ds: Dataset) -> pd.DataFrame:
    pairs = bilateral(ds)
    mixed = ((pairs["a_country"] == "SK") & (pairs["b_country"] == "CZ")) | \
            ((pairs["a_country"] == "CZ") & (pairs["b_country"] == "SK"))
    return pairs[mixed]


def sk_cz_summary(ds: Dataset) -> dict[str, int]:
    pairs = sk_cz_pairs(ds)
    slovak = set(pairs.loc[pairs["a_country"] == "SK", "a"]) | set(pairs.loc[pairs["b_country"] == "SK", "b"])
    czech = set(pairs.loc[pairs["a_country"] == "CZ", "a"]) | set(pairs.loc[pairs["b_country"] == "CZ", "b"])
    known = pairs["since"].dropna()
    return {
        "pairs": len(pairs),
        "slovak-municipalities": len(slovak),
        "czech-municipalities": len(czech),
        "with-year": len(known),
        "earliest-year": int(known.min()) if len(known) else 0,
    }


def eu_share(ds: Dataset, country: str) -> tuple[int, int]:
    """(partnerships with the partner inside the EU, all partnerships) of `country`."""
    seen = sides(ds, country).drop_duplicates("pair")
    inside = seen["partner_country"].isin(EU_MEMBERS)
    return int(inside.sum()), len(seen)


def share(part: int, whole: int) -> Decimal:
    """part/whole rounded to a tenth of a percent, exact for Babel's percent format."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"))


def network_links(ds: Dataset) -> list[tuple[str, str, str, int]]:
    """(network, municipality, country, links) for the links that exist only through a
    multilateral network; a municipality on both sides counts the link once each."""
    rows = []
    for country in HOME:
        seen = sides(ds, country, network=True)
        if seen.empty:
            continue
        seen = seen.assign(network=ds.pairs.loc[seen["pair"], "network"].values)
        for (network, name), group in seen.groupby(["network", "municipality"]):
            rows.append((network, name, country, int(group["pair"].nunique())))
    return sorted(rows)


def source_counts(data_dir: Path) -> dict[str, int]:
    """Rows by source: English Wikipedia lists only, SMO ČR 2013 only, both, other only."""
    frame = pd.read_csv(Path(data_dir) / PARTNERSHIPS, dtype=str, keep_default_na=False)
    wiki = frame["source"].str.contains("en.wikipedia.org", regex=False)
    smo = frame["source"].str.contains("SMO ČR", regex=False)
    return {"wikipedia-only": int((wiki & ~smo).sum()), "smo-only": int((smo & ~wiki).sum()),
            "wikipedia-and-smo": int((wiki & smo).sum()), "other-only": int((~wiki & ~smo).sum())}


def summary(ds: Dataset, data_dir: Path | None = None) -> dict[str, int]:
    """Every number the chapter's prose quotes, by the key its role uses."""
    pairs = bilateral(ds)
    domestic = pairs[pairs["a_country"] == pairs["b_country"]]
    numbers = {
        "rows": ds.rows,
        "duplicates": ds.duplicates,
        "distinct": len(ds.pairs),
        "total": len(pairs),
        "network": int((ds.pairs["network"] != "").sum()),
        "domestic": len(domestic),
        "sk-cz": len(sk_cz_pairs(ds)),
        "with-year": int(pairs["since"].notna().sum()),
        "partner-countries": pairs["b_country"].nunique(),
        "places": len(ds.places),
        "places-without-coordinates": int(ds.places["lat"].isna().sum()),
        "eu-members": len(EU_MEMBERS),
    }
    numbers["eu"] = int(pairs["b_country"].isin(EU_MEMBERS).sum())   # the a side is SK or CZ
    for country in HOME:
        low = country.lower()
        numbers[low] = partnership_count(ds, country)
        numbers[f"municipalities-{low}"] = municipality_count(ds, country)
        numbers[f"with-year-{low}"] = int(ds.pairs.loc[sides(ds, country)["pair"].unique(), "since"].notna().sum())
        numbers[f"eu-{low}"] = eu_share(ds, country)[0]
        numbers[f"network-{low}"] = sides(ds, country, network=True)["pair"].nunique()
    for network, count in ds.pairs.loc[ds.pairs["network"] != "", "network"].value_counts().items():
        numbers[f"network:{network}"] = int(count)
    if data_dir is not None:
        numbers.update({f"source-{k}": v for k, v in source_counts(data_dir).items()})
    return numbers


def shares(ds: Dataset) -> dict[str, Decimal]:
    """The shares the prose quotes, by role key."""
    numbers = summary(ds)
    result = {"eu": share(numbers["eu"], numbers["total"])}
    for country in HOME:
        low = country.lower()
        result[f"eu-{low}"] = share(*eu_share(ds, country))
        result[f"with-year-{low}"] = share(numbers[f"with-year-{low}"], numbers[low])
    result["with-year"] = share(numbers["with-year"], numbers["total"])
    return result


# --- the figure cache shared by charts and maps --------------------------------------

def cached_file(folder: Path, stem: str, key: str, render: Callable[[], bytes],
                suffix: str = ".svg") -> tuple[Path, bool]:
    """folder/<stem>-<key><suffix>, rendered only when absent. Returns (path, drawn).

    The write is atomic, so parallel edition builds that draw the same file meet no
    half-written figure."""
    path = Path(folder) / f"{stem}-{key}{suffix}"
    if path.exists():
        return path, False
    write_atomic(path, render())
    return path, True


def main(argv: list[str] | None = None) -> int:
    """`python -m press.data.partnerships [ROOT]`: check the data, print problems, exit 1 on any."""
    from press.core.project import Project

    args = sys.argv[1:] if argv is None else argv
    project = Project(Path(args[0])) if args else Project()
    problems = check(project)
    for line in problems:
        print(line, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
