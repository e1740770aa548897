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

from functools import cached_property
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from press.i18n.collation import sort_key
from press.i18n.labels import label
from press.i18n.names import Names
from press.content.records import Case
from press.ext import edition
from press.ext.casedata import (CaseData, case_data, case_table_rows, cases_by_country,
                                cases_by_theme, factbox_rows, heading_text,
                                place_with_country, source_parts)
from press.ext.fiction import MARK, MARK_CLASS, legend_node, mark_node, marked_text

logger = logging.getLogger(__name__)


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

    @property
    def locales(self) -> Path | None:
        return self.data.vocab.locales

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
            rows = _mark_places(case, self.lang, rows, self.names, self.locales)
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
        text = heading_text(self.arguments[0], self.lang, self.locales)
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
        note += nodes.title(text=f"{MARK} " + label(self.lang, "Illustrative example", self.locales))
        note += _paragraph(label(
            self.lang, "This case is illustrative: the municipalities, people and events in it are made up.",
            self.locales))
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
            rows.append((label(self.lang, "E-mail", self.locales),
                         _paragraph(nodes.reference(email, email, refuri=f"mailto:{email}"))))
        if case.contact.web:
            web = case.contact.web
            rows.append((label(self.lang, "Web", self.locales), _paragraph(nodes.reference(web, web, refuri=web))))
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
            return [_untranslatable(_paragraph(label(self.lang, "No cases yet.", self.locales)))]
        return [_untranslatable(items)]


class CaseTable(CaseDirective):
    """```{case-table}```: all cases with municipality, partners, year and themes."""

    def run(self):
        self.depend_on()
        rows = case_table_rows(self.data.frame, self.lang, self.data.vocab)
        if not rows:
            return [_untranslatable(_paragraph(label(self.lang, "No cases yet.", self.locales)))]
        header = [label(self.lang, "Municipality", self.locales), label(self.lang, "Partners", self.locales),
                  label(self.lang, "Since", self.locales), label(self.lang, "Themes", self.locales)]
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
        legend = [legend_node(self.lang, self.locales)] if fictional else []
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


def _mark_places(case: Case, lang: str, rows, names: Names, locales: Path | None):
    """Fact box rows of an illustrative case: its places marked, then the legend."""
    m = case.municipality
    municipality = _paragraph(place_with_country(m.name, m.country, lang, m.region, names=names),
                              mark_node())
    marked = {label(lang, "Municipality", locales): municipality,
              label(lang, "Partners", locales): _places_paragraph(case, lang, names)}
    rows = [(name, marked.get(name, value)) for name, value in rows]
    return rows + [(MARK, legend_node(lang, locales, with_mark=False))]


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
            result.append(legend_node(self.lang, self.locales))
        if not result:
            result.append(_paragraph(label(self.lang, "No cases yet.", self.locales)))
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
