"""The partnership data, the common part: file names, the EU of the data's date, the
checked Dataset, DataError, and the content-hash figure cache charts and maps share."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import pandas as pd

from press.core.files import write_atomic
from press.i18n.names import Names


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
    # The names of the project the data belongs to (its override table): the checks,
    # tables, charts and maps spell and recognise countries and places through it.
    names: Names = field(default_factory=Names)
    # The project's label catalogs (Project.locales) for press.i18n.labels.label; None: msgids.
    locales: Path | None = None
    # Numbers derived from this data, kept with it (computed once per loaded dataset)
    derived: dict = field(default_factory=dict, compare=False, repr=False)




def bilateral(ds: Dataset) -> pd.DataFrame:
    return ds.pairs[ds.pairs["network"] == ""]



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
