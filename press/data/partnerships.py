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

Loading and checking are in checking.py, the Dataset and the figure cache that charts
and maps share in dataset.py; their names stay importable from here.
"""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path
import sys

import pandas as pd
from press.data.dataset import (  # noqa: F401  (this module's names, as before)
    DATA_DATE,
    DataError,
    Dataset,
    EU_MEMBERS,
    HOME,
    OUTLINES,
    PAIR_COLUMNS,
    PARTNERSHIPS,
    PLACES,
    PLACE_COLUMNS,
    bilateral,
    cached_file)
from press.data.checking import (  # noqa: F401  (this module's names, as before)
    check,
    load,
    load_project)


# --- counting -----------------------------------------------------------------------

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
