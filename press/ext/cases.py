"""Stage "Sphinx read": the directives of the good-practice pages, in the edition's language.

The generated case pages (press.content.casepages) are the same for every edition; these
directives fill in what depends on the language: the fact box, the section headings of
a case, the illustrative note, the contact links, the table of all cases and the
listings by theme and by partner country. Country names come from press.i18n.names (CLDR
plus the shared override table), theme and programme labels from the vocabularies,
amounts from Babel, and the toolchain's words from press.i18n.labels.

None of this is a message to translate: every text node made here is marked
untranslatable, so Sphinx's gettext builder never extracts it and the Locale transform
leaves it alone.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd
from babel import Locale
from babel.dates import format_date, format_skeleton
from babel.numbers import format_currency
from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from press.i18n.collation import sort_key
from press.i18n.labels import label
from press.i18n.names import Names
from press.core.files import stamp
from press.core.project import Project
from press.content.records import (Case, Vocab, load_records, load_vocab, record_files,
                                    records_frame)
from press.ext import edition
from press.ext.fiction import MARK, MARK_CLASS, legend_node, mark_node, marked_text

logger = logging.getLogger(__name__)


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
        (label(lang, "Municipality"), place_with_country(m.name, m.country, lang, m.region,
                                                         names=names)),
        (label(lang, "Partners"), ", ".join(place_with_country(p.name, p.country, lang, names=names)
                                            for p in case.partners)),
    ]
    if case.since is not None:
        rows.append((label(lang, "Partnership since"), str(case.since)))
    rows.append((label(lang, "Themes"), ", ".join(vocab.theme(t, lang) for t in case.themes)))
    if case.funding:
        rows.append((label(lang, "Funding"), funding_text(case.funding, lang, vocab)))
    return rows


def funding_text(funding, lang: str, vocab: Vocab) -> str:
    parts = [vocab.programme(funding.programme, lang)]
    if funding.measure:
        # replace, not %: a msgstr that lost its %s must not stop the build
        parts.append(label(lang, "measure %s").replace("%s", funding.measure))
    if funding.year is not None:
        parts.append(str(funding.year))
    text = ", ".join(parts)
    if funding.amount_eur is not None:
        text += ": " + format_amount(funding.amount_eur, lang)
    return text


def heading_text(kind: str, lang: str) -> str | None:
    labels = {
        "story": label(lang, "Story"),
        "results": label(lang, "Results"),
        "lessons": label(lang, "Lessons learned"),
        "contact": label(lang, "Contact"),
        "sources": label(lang, "Sources"),
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


# ---------------------------------------------------------------------------------------
# Nodes
# ---------------------------------------------------------------------------------------

def _untranslatable(node: nodes.Element) -> nodes.Element:
    # Rubrics and field names get a source from Sphinx's workarounds and would otherwise
    # be extracted into every case's catalog.
    for element in node.findall(nodes.TextElement):
        # Not on the fiction mark: Sphinx unwraps (and moves to the end) any inline
        # that has a "translatable" attribute.
        if MARK_CLASS not in element.get("classes", ()):
            element["translatable"] = False
    return node


def _paragraph(*children) -> nodes.paragraph:
    para = nodes.paragraph()
    for child in children:
        para += nodes.Text(child) if isinstance(child, str) else child
    return para


def _field_list(rows, classes: list[str]) -> nodes.field_list:
    fields = nodes.field_list(classes=classes)
    for name, value in rows:
        body = nodes.field_body("", value if isinstance(value, nodes.Node) else _paragraph(value))
        fields += nodes.field("", nodes.field_name(text=name), body)
    return fields


def case_link(env, case_id: str, text: str | None = None) -> addnodes.pending_xref:
    """A reference to a case page; without text, it shows the page's (translated) title."""
    ref = addnodes.pending_xref(
        "", refdomain="std", reftype="ref", reftarget=f"case-{case_id}",
        refexplicit=text is not None, refwarn=True, refdoc=env.docname)
    ref += nodes.inline(text or case_id, text or case_id)
    return ref


class CaseDirective(SphinxDirective):
    """Common ground: the edition's language and the records."""

    @property
    def lang(self) -> str:
        return self.config.language

    @property
    def names(self) -> Names:
        return self.data.vocab.names

    @cached_property       # once per directive: case_data checks every file's version
    def data(self) -> CaseData:
        return case_data(edition(self).project)

    def case(self) -> Case | None:
        case = self.data.cases.get(self.arguments[0])
        if case is None:
            logger.warning("no valid case record '%s'", self.arguments[0],
                           location=self.get_location(), type="press", subtype="cases")
        return case

    def depend_on(self, case: Case | None = None) -> None:
        for path in self.data.dependencies(case):
            self.env.note_dependency(str(path))


class FactBox(CaseDirective):
    """```{factbox} <case id}```: the case's facts, plus index entries for its places."""
    required_arguments = 1

    def run(self):
        case = self.case()
        if case is None:
            return []
        self.depend_on(case)
        rows = factbox_rows(case, self.lang, self.data.vocab)
        if case.illustrative:  # its places are made up: marked, with the legend in the box
            rows = _mark_places(case, self.lang, rows, self.names)
        box = _untranslatable(_field_list(rows, ["factbox"]))
        return self.index_entries(case) + [box]

    def index_entries(self, case: Case) -> list[nodes.Node]:
        places = [(case.municipality.name, case.municipality.country)]
        places += [(p.name, p.country) for p in case.partners]
        result = []
        for name, country in places:
            target_id = f"index-{self.env.new_serialno('index')}"
            # inline=True keeps the entry out of gettext: place names come from
            # press.i18n.names, not from the catalogs.
            term = marked_text(self.names.place(name, country, self.lang), case.illustrative)
            index = addnodes.index(entries=[("single", term, target_id, "", None)], inline=True)
            target = nodes.target("", "", ids=[target_id])
            self.state.document.note_explicit_target(target)
            result += [index, target]
        return result


class CaseHeading(CaseDirective):
    """```{case-heading} results```: a section heading of a case, in the edition's language."""
    required_arguments = 1

    def run(self):
        text = heading_text(self.arguments[0], self.lang)
        if text is None:
            logger.warning("unknown case heading '%s'", self.arguments[0],
                           location=self.get_location(), type="press", subtype="cases")
            return []
        return [_untranslatable(nodes.rubric(text, text, classes=["case-heading"]))]


class Illustrative(CaseDirective):
    """```{illustrative}```: the note that a case is made up."""

    def run(self):
        note = nodes.admonition(classes=["illustrative"])
        # The mark heads the note, so the page explains the mark its title carries.
        note += nodes.title(text=f"{MARK} " + label(self.lang, "Illustrative example"))
        note += _paragraph(label(
            self.lang, "This case is illustrative: the municipalities, people and events in it are made up."))
        return [_untranslatable(note)]


class CaseContact(CaseDirective):
    """```{case-contact} <case id>```: the contact's e-mail and web address as links."""
    required_arguments = 1

    def run(self):
        case = self.case()
        if case is None or case.contact is None:
            return []
        self.depend_on(case)
        rows = []
        if case.contact.email:
            email = case.contact.email
            rows.append((label(self.lang, "E-mail"),
                         _paragraph(nodes.reference(email, email, refuri=f"mailto:{email}"))))
        if case.contact.web:
            web = case.contact.web
            rows.append((label(self.lang, "Web"), _paragraph(nodes.reference(web, web, refuri=web))))
        return [_untranslatable(_field_list(rows, ["case-contact"]))]


class CaseSources(CaseDirective):
    """```{case-sources} <case id>```: the sources of a real case, one list item each.

    Titles are never messages to translate: a citation names a page as that page names
    itself, and a translator who "translated" it would make it unfindable. Whole
    citations are therefore rendered here, untranslatable, like the contact links; the
    URL is a link on the web and its own text in print."""
    required_arguments = 1

    def run(self):
        case = self.case()
        if case is None or not case.sources:
            return []
        self.depend_on(case)
        return [_untranslatable(citation_list(case, self.lang))]


def citation_list(case: Case, lang: str) -> nodes.enumerated_list:
    items = nodes.enumerated_list(classes=["case-sources"], enumtype="arabic", prefix="", suffix=".")
    for source in case.sources or []:
        text, url = source_parts(source, lang)
        para = _paragraph(text)
        if url:
            para += nodes.Text(" ")
            para += nodes.reference(url, url, refuri=url, classes=["source-url"])
        items += nodes.list_item("", para)
    return items


class AllCaseSources(CaseDirective):
    """```{all-case-sources}```: every real case with its sources, for the closing chapter.

    The same records and the same citations as on the case pages, so the two lists can
    never disagree."""

    def run(self):
        self.depend_on()
        real = [c for c in self.data.cases.values() if not c.illustrative and c.sources]
        key = sort_key(self.lang)
        named = sorted(((self.names.place(c.municipality.name, c.municipality.country, self.lang), c) for c in real),
                       key=lambda n: (key(n[0]), n[1].id))
        items = nodes.bullet_list(classes=["all-case-sources"])
        for where, case in named:
            items += nodes.list_item("", _paragraph(case_link(self.env, case.id), f" ({where})"),
                                     citation_list(case, self.lang))
        if not named:
            return [_untranslatable(_paragraph(label(self.lang, "No cases yet.")))]
        return [_untranslatable(items)]


class CaseTable(CaseDirective):
    """```{case-table}```: all cases with municipality, partners, year and themes."""

    def run(self):
        self.depend_on()
        rows = case_table_rows(self.data.frame, self.lang, self.data.vocab)
        if not rows:
            return [_untranslatable(_paragraph(label(self.lang, "No cases yet.")))]
        header = [label(self.lang, "Municipality"), label(self.lang, "Partners"),
                  label(self.lang, "Since"), label(self.lang, "Themes")]
        table = nodes.table(classes=["case-table"])
        group = nodes.tgroup(cols=len(header))
        table += group
        for width in (22, 40, 10, 28):
            group += nodes.colspec(colwidth=width)
        group += nodes.thead("", _row(header))
        body = nodes.tbody()
        fictional = False
        for row in rows:
            municipality = _paragraph(case_link(self.env, row.id, row.municipality))
            partners: nodes.Node | str = row.partners
            if self.data.cases[row.id].illustrative:
                fictional = True
                municipality += mark_node()
                partners = _places_paragraph(self.data.cases[row.id], self.lang, self.names)
            body += _row([municipality, partners, row.year, row.themes])
        group += body
        legend = [legend_node(self.lang)] if fictional else []
        return [_untranslatable(node) for node in [table, *legend]]


def _places_paragraph(case: Case, lang: str, names: Names) -> nodes.paragraph:
    """A fictional case's partners, each "Name (Country) †"."""
    para = nodes.paragraph()
    for i, partner in enumerate(case.partners):
        if i:
            para += nodes.Text(", ")
        para += nodes.Text(place_with_country(partner.name, partner.country, lang, names=names))
        para += mark_node()
    return para


def _mark_places(case: Case, lang: str, rows, names: Names):
    """Fact box rows of an illustrative case: its places marked, then the legend."""
    m = case.municipality
    municipality = _paragraph(place_with_country(m.name, m.country, lang, m.region, names=names),
                              mark_node())
    marked = {label(lang, "Municipality"): municipality,
              label(lang, "Partners"): _places_paragraph(case, lang, names)}
    rows = [(name, marked.get(name, value)) for name, value in rows]
    return rows + [(MARK, legend_node(lang, with_mark=False))]


def _row(cells) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", cell if isinstance(cell, nodes.Node) else _paragraph(cell))
    return row


class CasesListing(CaseDirective):
    """A heading per group and a list of links to its cases."""

    def groups(self) -> list[tuple[str, list[str]]]:
        raise NotImplementedError

    def run(self):
        self.depend_on()
        result = []
        for heading, ids in self.groups():
            result.append(nodes.rubric(heading, heading, classes=["cases-group"]))
            items = nodes.bullet_list(classes=["cases-listing"])
            for case_id in ids:
                case = self.data.cases[case_id]
                where = self.names.place(case.municipality.name, case.municipality.country, self.lang)
                item = _paragraph(case_link(self.env, case_id), f" ({where}")
                if case.illustrative:
                    item += mark_node()
                item += nodes.Text(")")
                items += nodes.list_item("", item)
            result.append(items)
        if any(self.data.cases[i].illustrative for _, ids in self.groups() for i in ids):
            result.append(legend_node(self.lang))
        if not result:
            result.append(_paragraph(label(self.lang, "No cases yet.")))
        return [_untranslatable(node) for node in result]


class CasesByTheme(CasesListing):
    def groups(self):
        return cases_by_theme(self.data.frame, self.lang, self.data.vocab)


class CasesByCountry(CasesListing):
    def groups(self):
        return cases_by_country(self.data.frame, self.lang, self.names)


DIRECTIVES = {
    "factbox": FactBox,
    "case-heading": CaseHeading,
    "illustrative": Illustrative,
    "case-contact": CaseContact,
    "case-sources": CaseSources,
    "all-case-sources": AllCaseSources,
    "case-table": CaseTable,
    "cases-by-theme": CasesByTheme,
    "cases-by-country": CasesByCountry,
}


def setup(app):
    # The illustrative note made here is what marks a page's title as fiction.
    app.setup_extension("press.ext.fiction")
    for name, directive in DIRECTIVES.items():
        app.add_directive(name, directive)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
