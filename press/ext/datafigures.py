"""Read stage: the statistics tables, charts and maps, and the numbers in the prose.

Directives (all render in the edition's language, `app.config.language`):

- ```{partnership-table} <name> [SK|CZ]``` – by-country, top-municipalities, decades
  (a country, or none for the Slovak–Czech pairs), sk-cz, eu-share, networks;
- ```{partnership-chart} <name> [SK|CZ]``` – by-country, top-municipalities, decades,
  eu-share: a numbered figure with the SVG chart, alt text and caption;
- ```{partnership-map}``` – the overview map, inlined in HTML so that its points keep
  their titles and links to case pages;
- ```{locator-map}``` with `:place: Name|CC` and `:partners: Name|CC; …` – a small map on
  a case page, the same file in every edition; nothing when the place is unknown.
- ```{partnership-status}``` – the links a source reports as ended or suspended
  (press.data.status, cases/data/status.csv).

Roles: {partnership-count}`key` and {partnership-share}`key` put a number from the data
into the prose, so that no number in the chapter is typed by hand (keys: see
press.data.partnerships.summary and shares, and press.data.status.summary for `status-…`).

Generated text carries no source line and is marked untranslatable, so the gettext
builder does not extract it: it comes from press.i18n.labels, press.i18n.names and Babel.
"""
from __future__ import annotations

import re
from html import escape as html_escape
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

from press.data import charts, maps, status, tables
from press.data import partnerships as data
from press.core.files import write_atomic
from press.core.project import Project
from press.ext import edition
from press.i18n.labels import catalog_path, label

logger = logging.getLogger(__name__)
FIGURES = "_figures"            # folder in the Sphinx source copy that the images are copied to
CASES_DIR = "cases"


class partnership_map(nodes.General, nodes.Element):
    """The overview map; `svg` holds the markup the HTML writer inlines."""


# --- shared helpers ------------------------------------------------------------------

def _project(env) -> Project:
    return edition(env).project


def _dataset(env) -> data.Dataset | None:
    """The checked data, or None after reporting each problem once per build."""
    project = _project(env)
    inputs = [Path(project.data) / data.PARTNERSHIPS, Path(project.data) / data.PLACES,
              catalog_path(env.config.language, project.locales), project.names_file]
    for path in inputs:
        if path.exists():       # Sphinx re-reads a document whose dependency is missing
            env.note_dependency(str(path))
    try:
        return data.load_project(project)
    except data.DataError as err:
        for problem in err.problems:
            reported = env.__dict__.setdefault("press_data_reported", set())
            if problem not in reported:
                reported.add(problem)
                logger.error(problem, type="press", subtype="data")
        return None


def _statuses(env) -> list | None:
    """The checked rows of status.csv (press.data.status), or None after reporting problems."""
    path = Path(_project(env).data) / status.STATUS
    if path.exists():
        env.note_dependency(str(path))
    try:
        return status.load_project(_project(env))
    except data.DataError as err:
        reported = env.__dict__.setdefault("press_data_reported", set())
        for problem in err.problems:
            if problem not in reported:
                reported.add(problem)
                logger.error(problem, type="press", subtype="data")
        return None


def _numbers_for(env, ds: data.Dataset) -> tuple[dict, dict]:
    """(counts, shares) of the prose, computed once per dataset and kept with it."""
    if "prose" not in ds.derived:
        counts = {**data.summary(ds, _project(env).data),
                  **status.summary(ds, _statuses(env) or [])}
        ds.derived["prose"] = (counts, data.shares(ds))
    return ds.derived["prose"]


def _forget_reported(app, env, docnames) -> None:
    # Each build reports a data problem once, however many documents meet it.
    env.press_data_reported = set()


def _untranslatable(node: nodes.Element) -> nodes.Element:
    # Sphinx's source workarounds give some nodes a source; without this flag their
    # generated text would land in the chapter's catalog.
    for element in node.findall(nodes.TextElement):
        element["translatable"] = False
    return node


def _publish(env, path: Path, folder: str) -> str:
    """Copy a generated figure into the Sphinx source copy; return its image uri.

    The file name carries the content hash, so parallel edition builds write the
    same bytes to the same name; the copy is atomic all the same."""
    target = Path(env.srcdir) / FIGURES / folder / path.name
    if not target.exists():
        write_atomic(target, path.read_bytes())
    return f"/{FIGURES}/{folder}/{path.name}"


def _image(uri: str, alt: str, classes: list[str]) -> nodes.image:
    image = nodes.image(uri=uri, alt=alt, classes=classes)
    image["press_generated"] = True
    return image


class DropGeneratedImages(SphinxPostTransform):
    """Keep generated images out of the catalogs. With "image" in
    gettext_additional_targets Sphinx marks every image translatable and would extract
    its hashed file name and its alt text, which is already in the edition's language."""

    default_priority = 5
    builders = ("gettext",)

    def run(self, **kwargs) -> None:
        for image in list(self.document.findall(nodes.image)):
            if image.get("press_generated"):
                image.parent.remove(image)


def _identify(directive: SphinxDirective, node: nodes.Element, default: str) -> None:
    """Give a table or figure the id Sphinx numbers it by. With :name: the name is
    also a target for {numref} and {ref}; without, a readable id is made up."""
    if "name" in directive.options:
        directive.add_name(node)
        return
    document = directive.state.document
    base = nodes.make_id(default)
    candidate, n = base, 1
    while candidate in document.ids:
        n += 1
        candidate = f"{base}-{n}"
    node["ids"] = [candidate]
    document.ids[candidate] = node


def _arguments(directive: SphinxDirective) -> tuple[str, str]:
    kind = directive.arguments[0].strip()
    country = directive.arguments[1].strip().upper() if len(directive.arguments) > 1 else ""
    return kind, country


def _problem(directive: SphinxDirective, message: str) -> list[nodes.Node]:
    logger.warning(f"{directive.name}: {message}", location=directive.get_location(),
                   type="press", subtype="data")
    return []


# --- tables --------------------------------------------------------------------------

class _DataFigure(SphinxDirective):
    """A table or chart of the data: `<kind> [SK|CZ]`, and an optional :name:."""

    required_arguments = 1
    optional_arguments = 1
    option_spec = {"name": directives.unchanged}

    def inputs(self):
        """(kind, country, dataset); the dataset is None when the data has problems."""
        kind, country = _arguments(self)
        return kind, country, _dataset(self.env)


class PartnershipTable(_DataFigure):
    """```{partnership-table} by-country SK```: a numbered table with a title."""

    def run(self) -> list[nodes.Node]:
        kind, country, ds = self.inputs()
        if ds is None:
            return []
        try:
            table = tables.table(kind, country, self.config.language, ds)
        except tables.UnknownFigure as err:
            return _problem(self, str(err))
        node = table_node(table, ["partnership-table", f"partnership-table-{kind}"])
        _identify(self, node, f"table-{kind}-{country.lower()}".rstrip("-"))
        return [_untranslatable(node)]


def table_node(table: tables.Table, classes: list[str]) -> nodes.table:
    """A docutils table: title, header row, body rows, then the total/note rows."""
    node = nodes.table(classes=classes)
    node += nodes.title(text=table.title)
    columns = len(table.header)
    group = nodes.tgroup(cols=columns)
    node += group
    for _ in range(columns):
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    head += _row(table.header, table.numeric)
    group += head
    body = nodes.tbody()
    for cells in table.rows:
        body += _row(cells, table.numeric)
    for cells in table.footer:
        body += _row(cells, table.numeric, classes=["total"])
    group += body
    return node


def _row(cells: list[str], numeric: list[bool], classes: list[str] | None = None) -> nodes.row:
    row = nodes.row(classes=classes or [])
    for index, text in enumerate(cells):
        align = ["num"] if index < len(numeric) and numeric[index] else []
        entry = nodes.entry(classes=align)
        entry += nodes.paragraph(text=text)
        row += entry
    return row


class PartnershipStatus(SphinxDirective):
    """```{partnership-status}```: the links reported as ended or suspended (press.data.status)."""

    option_spec = {"name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        ds = _dataset(self.env)
        rows = _statuses(self.env) if ds is not None else None
        if not rows or ds is None:
            return []
        node = table_node(status.table(rows, self.config.language, ds.names, ds.locales),
                          ["partnership-table", "partnership-status"])
        _identify(self, node, "table-status")
        return [_untranslatable(node)]


# --- charts --------------------------------------------------------------------------

class PartnershipChart(_DataFigure):
    """```{partnership-chart} decades CZ```: a numbered figure with an SVG chart."""

    def run(self) -> list[nodes.Node]:
        kind, country, ds = self.inputs()
        if ds is None:
            return []
        lang = self.config.language
        project = _project(self.env)
        try:
            path, _ = charts.chart_file(project, kind, country, lang, ds)
        except tables.UnknownFigure as err:
            return _problem(self, str(err))
        uri = _publish(self.env, path, lang)
        figure = nodes.figure(classes=["partnership-chart"])
        figure += _image(uri, charts.alt_text(kind, country, lang, ds), ["partnership-chart"])
        figure += nodes.caption(text=tables.title(kind, country, lang, ds.locales))
        _identify(self, figure, f"figure-{kind}-{country.lower()}".rstrip("-"))
        return [_untranslatable(figure)]


# --- maps ----------------------------------------------------------------------------

class PartnershipMap(SphinxDirective):
    """```{partnership-map}```: the overview map as a numbered figure."""

    option_spec = {"name": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        ds = _dataset(self.env)
        if ds is None:
            return []
        lang = self.config.language
        project = _project(self.env)
        path, _ = maps.overview_file(project, ds, lang, maps.case_places(project))
        figure = nodes.figure(classes=["partnership-map"])
        figure += partnership_map(svg=path.read_text(encoding="utf-8"))
        figure += nodes.caption(text=label(lang, "Slovak and Czech municipalities and their partners", ds.locales))
        _identify(self, figure, "figure-map")
        return [_untranslatable(figure)]


_CASE_LINK = re.compile(r'<a href="#case-([a-z0-9-]+)">(.*?)</a>', re.S)


def case_href(builder, case_id: str) -> str | None:
    """Where a case page's heading is, seen from the page being written."""
    docname = f"{CASES_DIR}/{case_id}"
    if docname not in builder.env.all_docs:
        return None
    if builder.name == "print":
        from press.print import doc_anchor   # the print builder renames ids

        return f"#{doc_anchor(docname)}--case-{case_id}"
    uri = builder.get_relative_uri(builder.current_docname, docname)
    if uri.startswith("#"):         # one-page builders: the anchor alone
        return f"#case-{case_id}"
    return f"{uri}#case-{case_id}"


def visit_map_html(self, node: partnership_map) -> None:
    def link(match: re.Match) -> str:
        href = case_href(self.builder, match.group(1))
        if href is None:
            return match.group(2)
        return f'<a href="{html_escape(href, quote=True)}">{match.group(2)}</a>'

    self.body.append(_CASE_LINK.sub(link, node["svg"]))
    raise nodes.SkipNode


def skip_node(self, node) -> None:
    raise nodes.SkipNode


class LocatorMap(SphinxDirective):
    """```{locator-map}``` with :place: Name|CC and :partners: Name|CC; Name|CC."""

    option_spec = {"place": directives.unchanged_required, "partners": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        place = maps.parse_place(self.options.get("place", ""))
        if place is None:
            return _problem(self, "the place must be written as Name|CC")
        partners = [p for p in (maps.parse_place(text) for text in
                                self.options.get("partners", "").split(";")) if p]
        ds = _dataset(self.env)
        if ds is None:
            return []
        result = maps.locator_file(_project(self.env), ds, place, partners)
        if result is None:
            return []       # no coordinates (an illustrative case): no map
        lang = self.config.language
        alt = (label(lang, "Map: %s and its partner municipalities", ds.locales)
               % ds.names.place(place[0], place[1], lang))
        uri = _publish(self.env, result[0], "common")
        image = _image(uri, alt, ["locator-map"])
        return [_untranslatable(image)]


# --- roles ---------------------------------------------------------------------------

def _number_role(kind: str):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        ds = _dataset(env)
        if ds is None:
            return [nodes.Text("?")], []
        counts, shares = _numbers_for(env, ds)
        table = counts if kind == "count" else shares
        key = text.strip()
        if key not in table:
            message = inliner.reporter.error(
                f"{name}: unknown key {key!r}; known keys: {', '.join(sorted(table))}", line=lineno)
            return [inliner.problematic(rawtext, rawtext, message)], [message]
        lang = env.config.language
        value = table[key]
        text = tables.number(value, lang) if kind == "count" else tables.percent(value, lang)
        return [nodes.Text(text)], []
    return role


def setup(app):
    app.setup_extension("press.ext.printfigures")   # the print book's own maps
    app.add_node(partnership_map, html=(visit_map_html, None), latex=(skip_node, None),
                 text=(skip_node, None), man=(skip_node, None), texinfo=(skip_node, None))
    app.add_directive("partnership-table", PartnershipTable)
    app.add_directive("partnership-chart", PartnershipChart)
    app.add_directive("partnership-map", PartnershipMap)
    app.add_directive("partnership-status", PartnershipStatus)
    app.add_directive("locator-map", LocatorMap)
    app.add_role("partnership-count", _number_role("count"))
    app.add_role("partnership-share", _number_role("share"))
    app.add_post_transform(DropGeneratedImages)
    app.connect("env-before-read-docs", _forget_reported)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
