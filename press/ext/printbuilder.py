"""Print HTML: the whole book as one HTML document, made for WeasyPrint.

Sphinx's singlehtml builder does the work: its write pipeline assembles the book
(every toctree inlined, references resolved), merges the section and figure numbers,
writes the page through `handle_page` and a template. The print builder only
overrides its hooks, for what print needs and screen HTML doesn't:

* `assemble_doctree`: the book's own title goes (it is on the cover); every id is made
  unique per source document ("<doc>--<id>"), because the same heading slug appears
  in many documents, and every internal link is pointed at its target's new id
  (singlehtml writes `#document-<doc>#<id>`, which WeasyPrint cannot follow); explicit
  cross-references get the class `xref-page`, and only they print a page number
  (forward page references make WeasyPrint lay pages out again);
* `assemble_toc_secnumbers`, `assemble_toc_fignumbers`: singlehtml keys the numbers
  "<doc>/#<id>" and "<doc>/<figtype>", which the HTML writer reads only for a builder
  called 'singlehtml'; here they are keyed by the new ids, as for one-page HTML, so a
  `:numbered:` toctree prints its numbers;
* `default_translator_class`: each document is wrapped in
  `<div class="doc level-N" id="doc-<doc>">`, so chapter breaks and running heads hang
  on the wrapper and not on a stray anchor; header cells get their scope;
* `handle_page`: the template press/templates/press-print.html instead of the theme's
  page (no theme, only press/style/print.css and a few edition rules), written next to
  the old page and renamed;
* `finish`: only the images and print.css; the page's parts around the body (front
  matter, contents, the back-of-book index sorted with ICU) come from `page_context`,
  an html-page-context handler.
"""
from __future__ import annotations

import html
import os
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging
from sphinx.writers.html5 import HTML5Translator

from press.core.errors import BuildError
from press.core.files import write_atomic
from press.i18n.collation import sort_key
from press.ext import locales
from press.i18n.labels import label
from press.print import doc_anchor
from press.print.tablescope import ScopedHeaders

STYLE = Path(__file__).resolve().parent.parent / "style"
PAGE_TEMPLATE = "press-print.html"    # in press/templates/, on templates_path (htmlsite.py)
XREF_CLASSES = {"std-ref", "std-doc", "std-numref"}
logger = logging.getLogger(__name__)

Renamed = dict[tuple[str, str], str]     # (document, id as read) -> id in the print HTML


class PrintTranslator(ScopedHeaders, HTML5Translator):
    def visit_start_of_file(self, node):
        self.docnames.append(node["docname"])
        self.body.append(f'<div class="doc level-{node.get("press_level", 1)}" '
                         f'id="{doc_anchor(node["docname"])}">')

    def depart_start_of_file(self, node):
        self.body.append("</div>")
        self.docnames.pop()


def drop_book_title(tree: nodes.document) -> None:
    """The book's title is on the cover: the root document's own heading goes."""
    top = next(iter(tree.findall(nodes.section)), None)
    if top is not None and isinstance(top[0], nodes.title):
        top.remove(top[0])


def unique_ids(tree: nodes.document, root: str) -> Renamed:
    """Prefix every id with its document; returns (doc, old id) -> new id."""
    mapping: Renamed = {}

    def walk(node, doc, level):
        if isinstance(node, addnodes.start_of_file):
            doc, level = node["docname"], level + 1
            node["press_level"] = level
        if isinstance(node, nodes.Element):
            prefix = doc_anchor(doc)
            if node.get("ids"):
                new = [f"{prefix}--{i}" for i in node["ids"]]
                for old, renamed in zip(node["ids"], new):
                    mapping.setdefault((doc, old), renamed)
                node["ids"] = new
            node["press_doc"] = doc
            for child in node.children:
                walk(child, doc, level)

    walk(tree, root, 0)
    return mapping


def resolve_links(tree: nodes.document, mapping: Renamed) -> list[str]:
    """Point every internal link (and index entry) at a renamed id; returns links
    that found no target."""
    dangling = []
    for node in tree.findall(nodes.Element):
        doc = node.get("press_doc")
        if node.get("refid"):
            node["refid"] = mapping.get((doc, node["refid"]), node["refid"])
        if node.get("backrefs"):
            node["backrefs"] = [mapping.get((doc, b), b) for b in node["backrefs"]]
        if isinstance(node, addnodes.index):
            node["entries"] = [(*e[:2], mapping.get((doc, e[2]), e[2]), *e[3:])
                               for e in node["entries"]]
        uri = node.get("refuri", "") if isinstance(node, nodes.reference) else ""
        if uri.startswith("#document-"):
            target_doc, _, anchor = uri[len("#document-"):].partition("#")
            new = mapping.get((target_doc, anchor)) if anchor else doc_anchor(target_doc)
            if new is None:
                dangling.append(uri)
                new = doc_anchor(target_doc)
            node["refuri"] = "#" + new
        elif uri.startswith("#") and len(uri) > 1:
            node["refuri"] = "#" + mapping.get((doc, uri[1:]), uri[1:])
    return dangling


def mark_page_references(tree: nodes.document) -> None:
    for ref in tree.findall(nodes.reference):
        inner = ref.children[0] if ref.children else None
        if isinstance(inner, nodes.Element) and XREF_CLASSES & set(inner.get("classes", [])):
            ref["classes"].append("xref-page")


def first_sections(tree: nodes.document) -> dict[str, str]:
    """Each inlined document's first section id: where its title's number goes."""
    first: dict[str, str] = {}
    for start in tree.findall(addnodes.start_of_file):
        section = next(iter(start.findall(nodes.section)), None)
        if section is not None and section["ids"]:
            first.setdefault(start["docname"], section["ids"][0])
    return first


def contents(tree: nodes.document) -> list[dict]:
    """Depth, id and title (escaped) of chapters (1) and their first-level sections (2).

    Walks down from the root: singlehtml splices documents in by assigning child
    lists, which leaves their parent pointers on the old trees.
    """
    entries = []

    def walk(node, depth):
        if isinstance(node, nodes.section):
            depth += 1
            if 1 <= depth <= 2 and node["ids"] and isinstance(node[0], nodes.title):
                entries.append({"depth": depth, "id": node["ids"][0],
                                "title": html.escape(node[0].astext())})
            if depth >= 2:
                return
        for child in node.children:
            if isinstance(child, nodes.Element):
                walk(child, depth)

    walk(tree, -1)  # the root document's own section is depth 0: the whole book
    return entries


def index_entries(tree: nodes.document) -> list[tuple[str, str]]:
    """(term, target id) for every single index entry, in document order."""
    found = []
    for node in tree.findall(addnodes.index):
        for entry in node["entries"]:
            kind, value, target = entry[0], entry[1], entry[2]
            if kind == "single" and target:
                found.append((value.split(";")[0].strip(), target))
    return found


def render_index(entries, lang: str) -> str:
    import icu

    locale = icu.Locale(lang)
    buckets = icu.AlphabeticIndex(locale).buildImmutableIndex()
    grouped: dict[str, list[str]] = {}
    for term, target in entries:
        grouped.setdefault(term, []).append(target)
    out, letter = [], None
    for term in sorted(grouped, key=sort_key(lang)):
        bucket = buckets.getBucket(buckets.getBucketIndex(term))[0]
        if bucket != letter:
            out.append(f'<li class="index-letter">{html.escape(bucket)}</li>')
            letter = bucket
        links = ", ".join(f'<a class="index-page" href="#{t}"></a>' for t in grouped[term])
        out.append(f"<li>{html.escape(term)} <span class=\"index-pages\">{links}</span></li>")
    return '<ul class="index-entries">\n' + "\n".join(out) + "\n</ul>"


class PrintBuilder(SingleFileHTMLBuilder):
    """singlehtml's write pipeline (write_documents, write_doc, handle_page) with the
    hooks above; assemble_doctree runs first, and the number hooks read its renaming."""
    name = "print"
    epilog = "The print HTML is in %(outdir)s."
    search = False
    use_index = False
    default_translator_class = PrintTranslator

    renamed: Renamed              # set by assemble_doctree
    first_ids: dict[str, str]

    def assemble_doctree(self) -> nodes.document:
        tree = super().assemble_doctree()
        drop_book_title(tree)
        self.renamed = unique_ids(tree, self.config.root_doc)
        for uri in resolve_links(tree, self.renamed):
            logger.warning("print: no target for link %s", uri)
        mark_page_references(tree)
        self.first_ids = first_sections(tree)
        return tree

    def assemble_toc_secnumbers(self) -> dict[str, dict[str, tuple[int, ...]]]:
        """Section numbers by '#<renamed id>', which the HTML writer looks up for a
        builder not called 'singlehtml'; a document's title ("<doc>/") is its first
        section."""
        root = self.config.root_doc
        flat: dict[str, tuple[int, ...]] = {}
        for alias, number in super().assemble_toc_secnumbers()[root].items():
            doc, _, anchor = alias.rpartition("/")
            new = self.renamed.get((doc, anchor[1:])) if anchor else self.first_ids.get(doc)
            if new:
                flat["#" + new] = number
        return {root: flat}

    def assemble_toc_fignumbers(self) -> dict[str, dict[str, dict[str, tuple[int, ...]]]]:
        """Figure and table numbers by figure type and renamed id: with every id unique
        in the book, one table per figure type serves, as for one-page HTML."""
        root = self.config.root_doc
        flat: dict[str, dict[str, tuple[int, ...]]] = {}
        for alias, numbers in super().assemble_toc_fignumbers()[root].items():
            doc, figtype = alias.rsplit("/", 1)
            for old, number in numbers.items():
                flat.setdefault(figtype, {})[self.renamed.get((doc, old), old)] = number
        return {root: flat}

    def handle_page(self, pagename, addctx, templatename="page.html", *, outfilename=None,
                    event_arg=None) -> None:
        """The book's one page, from the print template, replaced only when complete:
        Sphinx writes it beside the old one, write_atomic puts it in place."""
        final = Path(outfilename or self.get_output_path(pagename))
        draft = final.with_name(f".{final.name}.{os.getpid()}.page")
        try:
            super().handle_page(pagename, addctx, PAGE_TEMPLATE, outfilename=draft,
                                event_arg=event_arg)
            if not draft.is_file():     # Sphinx warned why: a template or write error
                raise BuildError(f"print: {final} was not written")
            write_atomic(final, draft.read_bytes())
        finally:
            draft.unlink(missing_ok=True)

    def finish(self) -> None:
        self.copy_image_files()
        write_atomic(Path(self.outdir, "print.css"), (STYLE / "print.css").read_bytes())


def page_context(app, pagename, templatename, context, doctree) -> None:
    """The parts of the print page around its body (html-page-context)."""
    if templatename != PAGE_TEMPLATE:
        return
    from press.ext.frontmatter import back_matter, front_matter, head

    lang = app.config.language
    index = index_entries(doctree)
    context.update(
        press_head=head(app), press_front_matter=front_matter(app),
        press_contents_heading=html.escape(label(lang, "Contents", locales(app))),
        press_contents=contents(doctree),
        press_back_matter=back_matter(app, render_index(index, lang) if index else ""))


def setup(app):
    app.add_builder(PrintBuilder)
    app.connect("html-page-context", page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
