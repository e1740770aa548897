"""The statistics chapter's tables, and the words they share with its charts, in an
edition's language.

Stage: numbers -> presentation. Everything here is built from press.data.partnerships'
counts and renders in one language: country names from press.i18n.names (CLDR plus the
override table), place names with their exonyms, labels through press.i18n.labels, numbers
through Babel. Nothing here depends on Sphinx, so tests and bench call it directly; the
charts (press.data.charts) take their captions, numbers and rankings from here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal, format_percent

from press.data import partnerships as data
from press.i18n.collation import collator
from press.i18n.labels import label
from press.i18n.names import Names

COUNTRY_LIMIT = 12          # countries shown by name; the rest are summed up
TOP_LIMIT = 10              # municipalities in "most partners" (ties at the cut included)

TABLE_KINDS = ("by-country", "top-municipalities", "decades", "sk-cz", "eu-share", "networks")
NEEDS_COUNTRY = ("by-country", "top-municipalities", "decades")


class UnknownFigure(ValueError):
    """A table or chart name, or country, that this module does not know."""


# --- words -------------------------------------------------------------------------

def number(value: int, lang: str) -> str:
    return format_decimal(value, locale=lang)


def percent(value: Decimal, lang: str, decimals: int = 1) -> str:
    """A share with the locale's sign and spacing ("12,3 %" in sk, "12.3%" in en):
    the locale's own percent pattern, with a fixed number of decimals."""
    pattern = Locale.parse(lang).percent_formats[None].pattern
    if decimals:
        pattern = pattern.replace("#,##0", "#,##0." + "0" * decimals, 1)
    return format_percent(value, format=pattern, locale=lang)


def decade(start: int) -> str:
    return f"{start}–{(start + 9) % 100:02d}"


def title(kind: str, country: str, lang: str, locales: Path | None) -> str:
    """The caption of a table or chart. One literal msgid per variant, so that the
    catalogs can inflect each one properly."""
    titles = {
        ("by-country", "SK"): lambda: label(lang, "Partnerships of Slovak municipalities by partner country", locales),
        ("by-country", "CZ"): lambda: label(lang, "Partnerships of Czech municipalities by partner country", locales),
        ("top-municipalities", "SK"): lambda: label(lang, "Slovak municipalities with the most partners", locales),
        ("top-municipalities", "CZ"): lambda: label(lang, "Czech municipalities with the most partners", locales),
        ("decades", "SK"): lambda: label(
            lang, "Partnerships of Slovak municipalities by the decade they began", locales),
        ("decades", "CZ"): lambda: label(
            lang, "Partnerships of Czech municipalities by the decade they began", locales),
        ("decades", ""): lambda: label(lang, "Slovak–Czech partnerships by the decade they began", locales),
        ("sk-cz", ""): lambda: label(lang, "Slovak–Czech partnerships", locales),
        ("eu-share", ""): lambda: label(lang, "Partners inside and outside the European Union", locales),
        ("networks", ""): lambda: label(
            lang, "Links through multilateral networks, not counted as partnerships", locales),
    }
    if (kind, country) not in titles:
        raise UnknownFigure(f"no figure {kind!r} for {country or 'both countries'!r}")
    return titles[(kind, country)]()


def check_name(kind: str, country: str, kinds: tuple) -> None:
    """Raise UnknownFigure, in words an editor understands, for an unknown request."""
    if kind not in kinds:
        raise UnknownFigure(f"unknown name {kind!r}; expected one of {', '.join(kinds)}")
    if kind == "decades" and country == "":
        return          # the Slovak–Czech pairs
    if kind in NEEDS_COUNTRY and country not in data.HOME:
        raise UnknownFigure(f"{kind!r} needs a country, SK or CZ, got {country or 'none'!r}")
    if kind not in NEEDS_COUNTRY and country:
        raise UnknownFigure(f"{kind!r} covers both countries and takes no country code")


# --- tables --------------------------------------------------------------------------

@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[str]]
    footer: list[list[str]] = field(default_factory=list)   # totals and notes
    numeric: list[bool] = field(default_factory=list)       # right-aligned columns


def table(kind: str, country: str, lang: str, ds: data.Dataset) -> Table:
    """One of the chapter's tables, every cell already in the edition's language."""
    check_name(kind, country, TABLE_KINDS)
    build = {"by-country": _country_table, "top-municipalities": _top_table,
             "decades": _decade_table, "sk-cz": _sk_cz_table, "eu-share": _eu_table,
             "networks": _network_table}[kind]
    return build(country, lang, ds)


def _country_table(country: str, lang: str, ds) -> Table:
    loc = ds.locales
    counts = data.by_partner_country(ds, country)
    total = sum(n for _, n in counts)
    shown, rest = split_countries(counts, lang, ds.names)
    rows = [[ds.names.country(code, lang), number(n, lang), percent(data.share(n, total), lang)]
            for code, n in shown]
    if rest:
        n = sum(count for _, count in rest)
        rows.append([label(lang, "Other countries (%s)", loc) % number(len(rest), lang),
                     number(n, lang), percent(data.share(n, total), lang)])
    footer = [[label(lang, "Total", loc), number(total, lang), percent(Decimal(1), lang)]]
    footer += _network_note(country, lang, ds, columns=3)
    return Table(title(kind="by-country", country=country, lang=lang, locales=ds.locales),
                 [label(lang, "Partner country", loc), label(lang, "Partnerships", loc), label(lang, "Share", loc)],
                 rows, footer, [False, True, True])


def split_countries(counts: list[tuple[str, int]], lang: str, names: Names):
    """The countries named in a table or chart: the largest ones, ties ordered by name
    in the edition's language; the rest are summed as "other countries"."""
    ordered = sorted(counts, key=lambda item: (-item[1], _collation_key(names.country(item[0], lang), lang)))
    return ordered[:COUNTRY_LIMIT], ordered[COUNTRY_LIMIT:]


def _collation_key(text: str, lang: str) -> bytes:
    return collator(lang).getSortKey(text)   # "ch" after "h" in sk and cs


def _top_table(country: str, lang: str, ds) -> Table:
    loc = ds.locales
    rows = [[ds.names.place(name, country, lang), number(partners, lang), number(countries, lang)]
            for name, partners, countries in ranked_top(ds, country, lang)]
    return Table(title("top-municipalities", country, lang, ds.locales),
                 [label(lang, "Municipality", loc), label(lang, "Partners", loc),
                  label(lang, "Partner countries", loc)],
                 rows, [], [False, True, True])


def ranked_top(ds, country: str, lang: str):
    top = data.top_municipalities(ds, country, TOP_LIMIT)
    return sorted(top, key=lambda item: (-item[1], _collation_key(ds.names.place(item[0], country, lang), lang)))


def _decade_table(country: str, lang: str, ds) -> Table:
    loc = ds.locales
    decades, unknown = data.by_decade(ds, country or None)
    total = sum(n for _, n in decades) + unknown
    rows = [[decade(start), number(n, lang)] for start, n in decades]
    footer = [[label(lang, "Year not known", loc), number(unknown, lang)],
              [label(lang, "Total", loc), number(total, lang)]]
    return Table(title("decades", country, lang, ds.locales),
                 [label(lang, "Began in", loc), label(lang, "Partnerships", loc)], rows, footer, [False, True])


def _sk_cz_table(country: str, lang: str, ds) -> Table:
    loc = ds.locales
    numbers = data.sk_cz_summary(ds)
    rows = [
        [label(lang, "Slovak–Czech partnerships, each counted once", loc), number(numbers["pairs"], lang)],
        [label(lang, "Slovak municipalities with a Czech partner", loc),
         number(numbers["slovak-municipalities"], lang)],
        [label(lang, "Czech municipalities with a Slovak partner", loc), number(numbers["czech-municipalities"], lang)],
        [label(lang, "Partnerships with a known start year", loc), number(numbers["with-year"], lang)],
    ]
    if numbers["with-year"]:
        rows.append([label(lang, "Earliest known start year", loc), str(numbers["earliest-year"])])
    return Table(title("sk-cz", "", lang, ds.locales), [label(lang, "Measure", loc), label(lang, "Value", loc)],
                 rows, [], [False, True])


def _eu_table(country: str, lang: str, ds) -> Table:
    loc = ds.locales
    rows = []
    for home in data.HOME:
        inside, total = data.eu_share(ds, home)
        rows.append([ds.names.country(home, lang), number(total, lang), number(inside, lang),
                     number(total - inside, lang), percent(data.share(inside, total), lang)])
    return Table(title("eu-share", "", lang, ds.locales),
                 [label(lang, "Country", loc), label(lang, "Partnerships", loc), label(lang, "Inside the EU", loc),
                  label(lang, "Outside the EU", loc), label(lang, "Share inside the EU", loc)],
                 rows, [], [False, True, True, True, True])


def _network_table(country: str, lang: str, ds) -> Table:
    loc = ds.locales
    rows = [[network, ds.names.place(name, home, lang), ds.names.country(home, lang), number(n, lang)]
            for network, name, home, n in data.network_links(ds)]
    return Table(title("networks", "", lang, ds.locales),
                 [label(lang, "Network", loc), label(lang, "Municipality", loc), label(lang, "Country", loc),
                  label(lang, "Links", loc)], rows, [], [False, False, False, True])


def _network_note(country: str, lang: str, ds, columns: int) -> list[list[str]]:
    """The line that reports network links apart from the bilateral counts."""
    loc = ds.locales
    links = data.sides(ds, country, network=True)["pair"].nunique()
    if not links:
        return []
    return [[label(lang, "Links through multilateral networks (not counted above)", loc),
             number(links, lang)] + [""] * (columns - 2)]
