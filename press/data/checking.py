"""The partnership data, read and checked with pandas: every problem one
`path:line: column: message` line, all raised together as a DataError."""
from __future__ import annotations

from collections import namedtuple
import csv
from datetime import date
from functools import lru_cache
import io
from pathlib import Path
from typing import Callable

import pandas as pd

from press.core.state import stamp
from press.data import topojson
from press.i18n.names import Names
from press.data.dataset import (DataError, Dataset, HOME, OUTLINES, PAIR_COLUMNS, PARTNERSHIPS, PLACES, PLACE_COLUMNS,
                                _BOUNDS_MARGIN, _FIRST_YEAR)


# --- loading and checking ---------------------------------------------------------

def load(data_dir: Path, root: Path | None = None, outlines: Path | None = None,
         names: Names | None = None, locales: Path | None = None) -> Dataset:
    """Read and check both CSVs under data_dir; raise DataError listing every problem.

    root: paths in messages are shown relative to it. outlines: a TopoJSON whose
    country boxes bound the coordinates (default: data_dir/geo/countries-50m.json).
    names: the project's names (which codes are countries; default CLDR's alone).
    locales: the project's label catalogs, kept on the Dataset (default: the msgids)."""
    data_dir = Path(data_dir)
    names = names or Names()
    shown = _shown(root)
    pairs_path, places_path = data_dir / PARTNERSHIPS, data_dir / PLACES
    problems: list[str] = []
    pairs = _read(pairs_path, PAIR_COLUMNS, shown, problems)
    places = _read(places_path, PLACE_COLUMNS, shown, problems)
    if problems:
        raise DataError(problems)
    outlines = outlines if outlines is not None else data_dir / OUTLINES
    bounds = _country_bounds(outlines) if outlines.exists() else {}
    problems += _check_places(places, shown(places_path), bounds, names)
    problems += _check_pairs(pairs, shown(pairs_path), names)
    problems += _check_endpoints(pairs, places, shown(pairs_path))
    if problems:
        raise DataError(problems)
    distinct = _fold_duplicates(pairs)
    table = _place_table(places)
    return Dataset(pairs=distinct, places=table, rows=len(pairs),
                   duplicates=len(pairs) - len(distinct), coordinates=_coordinates(table),
                   names=names, locales=locales)


def load_project(project) -> Dataset:
    """The project's data (cases/data/), read once per process while the files are unchanged."""
    data = Path(project.data)
    stamps = tuple(stamp(data / name) for name in (PARTNERSHIPS, PLACES, OUTLINES))
    return _load_cached(str(data), str(project.root), Names.of(project), project.locales,
                        stamps + (stamp(project.names_file),))


def check(project) -> list[str]:
    """Every problem in the project's data, one line each; empty when the data is sound."""
    try:
        load_project(project)
    except DataError as err:
        return err.problems
    return []


# Keyed by the whole input: the folders, the names and every file's version.
@lru_cache(maxsize=4)
def _load_cached(data: str, root: str, names: Names, locales: Path, stamps: tuple) -> Dataset:
    return load(Path(data), Path(root), names=names, locales=locales)


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
    # the fields are the CSV's columns, known only at run time; mypy wants literal fields
    Row = namedtuple("Row", [str(c) for c in frame.columns], rename=True)  # type: ignore[misc]
    return [Row(*values) for values in zip(*(frame[c].tolist() for c in frame.columns))]


def _valid_code(code: str, names: Names) -> bool:
    return names.is_country(code)   # names.py knows which CLDR territories are no country


def _check_pairs(pairs: pd.DataFrame, where: str, names: Names) -> list[str]:
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
        if not _valid_code(row.partner_country, names):
            problems.append(f"{at}: partner_country: unknown country code {row.partner_country!r}")
        if row.since and not _plausible_year(row.since, this_year):
            problems.append(f"{at}: since: {row.since!r} is not a year between "
                            f"{_FIRST_YEAR} and {this_year}")
    return problems


def _plausible_year(text: str, this_year: int) -> bool:
    return text.isdigit() and _FIRST_YEAR <= int(text) <= this_year


def _check_places(places: pd.DataFrame, where: str, bounds: dict, names: Names) -> list[str]:
    problems: list[str] = []
    seen: dict[tuple[str, str], int] = {}   # (name, country) -> first line
    for row in _rows(places):
        at = f"{where}:{row.line}"
        key = (row.name, row.country)
        if key in seen:
            problems.append(f"{at}: name: {row.name!r} ({row.country}) already listed on line {seen[key]}")
        seen.setdefault(key, row.line)
        if not row.name:
            problems.append(f"{at}: name: empty")
        if not _valid_code(row.country, names):
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
