"""The case directives' content as plain data, in an edition's language (tested without
Sphinx): the records and vocabulary read once per process, the rows of a fact box, the
citation of a source, the table of all cases and the listings by theme and by partner
country. press.ext.cases turns these into nodes.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency

from press.i18n.collation import sort_key
from press.i18n.labels import label
from press.i18n.names import Names
from press.core.files import stamp
from press.core.project import Project
from press.content.records import (Case, Vocab, load_records, load_vocab, record_files,
                                    records_frame)


# ---------------------------------------------------------------------------------------
# The records, once per process (each edition builds in a process of its own)
# ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseData:
    project: Project
    cases: dict[str, Case]
    frame: pd.DataFrame
    vocab: Vocab

    def dependencies(self, case: Case | None = None) -> list[Path]:
        """Files a page's directive output depends on (one case, or all of them)."""
        chosen = [case] if case else self.cases.values()
        return ([self.project.root / c.file for c in chosen]
                + [self.project.vocab / "themes.yaml", self.project.vocab / "programmes.yaml", self.project.names_file])


def case_data(project: Project) -> CaseData:
    """The project's valid records and vocabulary, read once while their files stay as
    they are (a directive asks for them many times per document)."""
    files = [*record_files(project), *sorted(project.vocab.glob("*.yaml")),
             *sorted(p for p in project.images.rglob("*") if p.is_file())]
    return _case_data(project, tuple(stamp(path) for path in files))


# Keyed by the whole input, the Project (by value) and the version of every file the
# records are read from, so an edit is seen and two projects never share an entry.
@lru_cache(maxsize=8)
def _case_data(project: Project, versions: tuple) -> CaseData:
    # The build has already refused invalid records (make check); here only the valid
    # ones matter, and a page naming an unknown case gets a warning.
    records, _ = load_records(project)
    return CaseData(project, {c.id: c for c in records}, records_frame(records), load_vocab(project))


# ---------------------------------------------------------------------------------------
# What the directives show, as plain data (tested without Sphinx)
# ---------------------------------------------------------------------------------------

def format_amount(amount: float, lang: str) -> str:
    """A euro amount in the edition's locale; whole amounts without decimals."""
    if float(amount).is_integer():
        pattern = Locale.parse(lang).currency_formats["standard"].pattern
        whole = pattern.split(";")[0].replace(".00", "")
        return format_currency(amount, "EUR", format=whole, locale=lang, currency_digits=False)
    return format_currency(amount, "EUR", locale=lang)


def place_with_country(name: str, country: str, lang: str, region: str | None = None, *,
                       names: Names) -> str:
    """ "Wuppertal (Nemecko)"; with a region: "Fiktívov (Vymyslený kraj, Slovensko)"."""
    inside = ", ".join(part for part in (region, names.country(country, lang)) if part)
    return f"{names.place(name, country, lang)} ({inside})"


def factbox_rows(case: Case, lang: str, vocab: Vocab) -> list[tuple[str, str]]:
    """(label, value) rows of a case's fact box in one edition."""
    m, names = case.municipality, vocab.names
    rows = [
        (label(lang, "Municipality", vocab.locales), place_with_country(m.name, m.country, lang, m.region,
                                                         names=names)),
        (label(lang, "Partners", vocab.locales), ", ".join(place_with_country(p.name, p.country, lang, names=names)
                                            for p in case.partners)),
    ]
    if case.since is not None:
        rows.append((label(lang, "Partnership since", vocab.locales), str(case.since)))
    rows.append((label(lang, "Themes", vocab.locales), ", ".join(vocab.theme(t, lang) for t in case.themes)))
    if case.funding:
        rows.append((label(lang, "Funding", vocab.locales), funding_text(case.funding, lang, vocab)))
    return rows


def funding_text(funding, lang: str, vocab: Vocab) -> str:
    parts = [vocab.programme(funding.programme, lang)]
    if funding.measure:
        # replace, not %: a msgstr that lost its %s must not stop the build
        parts.append(label(lang, "measure %s", vocab.locales).replace("%s", funding.measure))
    if funding.year is not None:
        parts.append(str(funding.year))
    text = ", ".join(parts)
    if funding.amount_eur is not None:
        text += ": " + format_amount(funding.amount_eur, lang)
    return text


def heading_text(kind: str, lang: str, locales: Path | None) -> str | None:
    labels = {
        "story": label(lang, "Story", locales),
        "results": label(lang, "Results", locales),
        "lessons": label(lang, "Lessons learned", locales),
        "contact": label(lang, "Contact", locales),
        "sources": label(lang, "Sources", locales),
    }
    return labels.get(kind)


def source_date(text: str, lang: str) -> str:
    """A source's date (YYYY, YYYY-MM or YYYY-MM-DD, as the record checked it) in the
    edition's form: "3. marca 2017", "3. března 2017", "March 3, 2017"."""
    parts = [int(part) for part in text.split("-")]
    if len(parts) == 3:
        return format_date(datetime.date(*parts), format="long", locale=lang)
    if len(parts) == 2:
        return format_skeleton("yMMMM", datetime.date(parts[0], parts[1], 1), locale=lang)
    return text


def source_parts(source, lang: str) -> tuple[str, str | None]:
    """(citation text, URL or None): "Title. Publisher, 3. marca 2017." and the address.

    The title and publisher are the source's own words, in its own language, so every
    edition shows them as written; only the date follows the edition."""
    text = source.title.rstrip()
    if not text.endswith((".", "?", "!", "…")):
        text += "."
    details = ", ".join(part for part in (
        source.publisher, source_date(source.date, lang) if source.date else None) if part)
    if details:
        text += " " + details + "."
    return text, source.url


@dataclass(frozen=True)
class TableRow:
    id: str
    municipality: str
    partners: str
    year: str
    themes: str


def case_table_rows(frame: pd.DataFrame, lang: str, vocab: Vocab) -> list[TableRow]:
    """One row per case, sorted by the municipality's name in the edition's collation."""
    names = vocab.names
    rows = [
        TableRow(
            id=row.id,
            municipality=names.place(row.municipality, row.country, lang),
            partners=", ".join(place_with_country(name, cc, lang, names=names)
                               for name, cc in row.partners),
            year="" if pd.isna(row.since) else str(int(row.since)),
            themes=", ".join(vocab.theme(t, lang) for t in row.themes),
        )
        for row in frame.itertuples(index=False)
    ]
    key = sort_key(lang)
    return sorted(rows, key=lambda r: (key(r.municipality), r.id))


def cases_by_theme(frame: pd.DataFrame, lang: str, vocab: Vocab) -> list[tuple[str, list[str]]]:
    """(theme label, case ids) for every theme with cases, in the vocabulary's order."""
    exploded = frame.explode("themes")
    order = {key: i for i, key in enumerate(vocab.themes)}
    groups = sorted(exploded.groupby("themes", sort=False), key=lambda g: (order.get(g[0], len(order)), g[0]))
    return [(vocab.theme(theme, lang), _ordered_ids(group, lang, vocab.names))
            for theme, group in groups]


def cases_by_country(frame: pd.DataFrame, lang: str, names: Names) -> list[tuple[str, list[str]]]:
    """(partner country name, case ids), countries sorted in the edition's collation."""
    pairs = frame.explode("partners").dropna(subset=["partners"])
    pairs = pairs.assign(partner_country=[p[1] for p in pairs["partners"]])
    pairs = pairs.drop_duplicates(subset=["id", "partner_country"])
    key = sort_key(lang)
    groups = [(names.country(cc, lang), _ordered_ids(group, lang, names))
              for cc, group in pairs.groupby("partner_country")]
    return sorted(groups, key=lambda g: key(g[0]))


def _ordered_ids(group: pd.DataFrame, lang: str, names: Names) -> list[str]:
    key = sort_key(lang)
    named = [(names.place(r.municipality, r.country, lang), r.id) for r in group.itertuples(index=False)]
    return [case_id for _, case_id in sorted(named, key=lambda n: (key(n[0]), n[1]))]
