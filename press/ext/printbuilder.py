"""Print HTML: the whole book as one HTML document, made for WeasyPrint.

Based on Sphinx's singlehtml builder, with what print needs and screen HTML doesn't:

* every id is made unique per source document ("<doc>--<id>"), because the same
  heading slug appears in many documents, and every internal link is rewritten to
  its target's new id (singlehtml writes `#document-<doc>#<id>`, which WeasyPrint
  cannot follow);
* each document is wrapped in `<div class="doc level-N" id="doc-<doc>">`, so chapter
  breaks and running heads hang on the wrapper and not on a stray anchor;
* explicit cross-references get the class `xref-page`, and only they print a page
  number (forward page references make WeasyPrint lay pages out again);
* front matter, contents and a back-of-book index sorted with ICU are added around
  the body; no theme, only press/style/print.css plus a few edition-specific rules.
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.writers.html5 import HTML5Translator

from press.core.files import write_atomic
from press.i18n.collation import sort_key
from press.i18n.labels import label
from press.print.tablescope import ScopedHeaders

STYLE = Path(__file__).resolve().parent.parent / "style"
XREF_CLASSES = {"std-ref", "std-doc", "std-numref"}


def doc_anchor(docname: str) -> str:
    return "doc-" + re.sub(r"[^A-Za-z0-9_-]", "-", docname)


class PrintTranslator(ScopedHeaders, HTML5Translator):
    def visit_start_of_file(self, node):
        self.docnames.append(node["docname"])
        self.body.append(f'<div class="doc level-{node.get("press_level", 1)}" '
                         f'id="{doc_anchor(node["docname"])}">')

    def depart_start_of_file(self, node):
        self.body.append("</div>")
        self.docnames.pop()


def unique_ids(tree: nodes.document, root: str) -> dict[tuple[str, str], str]:
    """Prefix every id with its document; returns (doc, old id) -> new id."""
    mapping: dict[tuple[str, str], str] = {}

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


def resolve_links(tree: nodes.document, mapping: dict[tuple[str, str], str]) -> list[str]:
    """Point every internal link at a renamed id; returns links that found no target."""
    dangling = []
    for node in tree.findall(nodes.Element):
        doc = node.get("press_doc")
        if node.get("refid"):
            node["refid"] = mapping.get((doc, node["refid"]), node["refid"])
        if node.get("backrefs"):
            node["backrefs"] = [mapping.get((doc, b), b) for b in node["backrefs"]]
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


def contents(tree: nodes.document) -> list[tuple[int, str, str]]:
    """(depth, id, title) of chapters (1) and their first-level sections (2).

    Walks down from the root: singlehtml splices documents in by assigning child
    lists, which leaves their parent pointers on the old trees.
    """
    entries = []

    def walk(node, depth):
        if isinstance(node, nodes.section):
            depth += 1
            if 1 <= depth <= 2 and node["ids"] and isinstance(node[0], nodes.title):
                entries.append((depth, node["ids"][0], node[0].astext()))
            if depth >= 2:
                return
        for child in node.children:
            if isinstance(child, nodes.Element):
                walk(child, depth)

    walk(tree, -1)  # the root document's own section is depth 0: the whole book
    return entries


def index_entries(tree: nodes.document, mapping) -> list[tuple[str, str]]:
    """(term, target id) for every single index entry, in document order."""
    found = []
    for node in tree.findall(addnodes.index):
        doc = node.get("press_doc")
        for entry in node["entries"]:
            kind, value, target = entry[0], entry[1], entry[2]
            if kind == "single" and target:
                term = value.split(";")[0].strip()
                found.append((term, mapping.get((doc, target), target)))
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
    name = "print"
    epilog = "The print HTML is in %(outdir)s."
    search = False
    use_index = False
    default_translator_class = PrintTranslator

    def write_documents(self, _docnames) -> None:
        self.prepare_writing(self.env.all_docs.keys())
        root = self.config.root_doc
        tree = self.assemble_doctree()
        self.env.toc_secnumbers = self.assemble_toc_secnumbers()
        self.env.toc_fignumbers = self.assemble_toc_fignumbers()
        # The book's title is on the cover: the root document's own heading goes.
        top = next(iter(tree.findall(nodes.section)), None)
        if top is not None and isinstance(top[0], nodes.title):
            top.remove(top[0])
        mapping = unique_ids(tree, root)
        fignumbers = self._remap_numbers(mapping)
        for uri in resolve_links(tree, mapping):
            from sphinx.util import logging
            logging.getLogger(__name__).warning("print: no target for link %s", uri)
        mark_page_references(tree)
        self.imgpath = "_images"
        self.post_process_images(tree)
        tree.settings = self.docsettings
        self.secnumbers = self._remap_secnumbers(tree, mapping)
        self.fignumbers = fignumbers
        self.current_docname = root
        visitor = self.create_translator(tree, self)
        tree.walkabout(visitor)
        body = "".join(visitor.fragment)
        page = self.page(body, contents(tree), index_entries(tree, mapping))
        write_atomic(Path(self.outdir, "index.html"), page.encode("utf-8"))

    def _remap_numbers(self, mapping) -> dict[str, dict[str, tuple[int, ...]]]:
        """Figure and table numbers by figure type and renamed id.

        singlehtml keys them by "<doc>/<figtype>"; once every id is unique in the book,
        one table per figure type serves, which is what the HTML writer looks up for
        any builder that is not called 'singlehtml'."""
        flat: dict[str, dict[str, tuple[int, ...]]] = {}
        for alias, numbers in self.env.toc_fignumbers.get(self.config.root_doc, {}).items():
            doc, figtype = alias.rsplit("/", 1)
            for old, number in numbers.items():
                flat.setdefault(figtype, {})[mapping.get((doc, old), old)] = number
        return flat

    def _remap_secnumbers(self, tree, mapping) -> dict[str, tuple[int, ...]]:
        """Section numbers (of a `:numbered:` toctree) by '#<renamed id>'.

        singlehtml keys them "<doc>/#<id>", and a document's title "<doc>/"; the HTML
        writer looks up '#<id>' for any builder not called 'singlehtml'. A document's
        title is its first section, whose id the renaming made unique."""
        first: dict[str, str] = {}
        for start in tree.findall(addnodes.start_of_file):
            section = next(iter(start.findall(nodes.section)), None)
            if section is not None and section["ids"]:
                first.setdefault(start["docname"], section["ids"][0])
        flat: dict[str, tuple[int, ...]] = {}
        for alias, number in self.env.toc_secnumbers.get(self.config.root_doc, {}).items():
            doc, _, anchor = alias.rpartition("/")
            new = mapping.get((doc, anchor[1:])) if anchor else first.get(doc)
            if new:
                flat["#" + new] = number
        return flat

    def page(self, body: str, toc, index) -> str:
        from press.ext.frontmatter import back_matter, front_matter, head

        lang = self.config.language
        heading = html.escape(label(lang, "Contents"))
        toc_html = "\n".join(
            f'<li class="toc-{depth}"><a href="#{target}">{html.escape(title)}</a></li>'
            for depth, target, title in toc)
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{head(self.app)}\n</head>\n'
            f'<body class="{"draft" if self._draft() else "final"}">\n'
            f"{front_matter(self.app)}\n"
            f'<nav class="toc" id="contents"><h2>{heading}</h2>'
            f"<ul>\n{toc_html}\n</ul></nav>\n"
            f'<main>\n{body}\n</main>\n'
            f'{back_matter(self.app, render_index(index, lang) if index else "")}\n'
            "</body>\n</html>\n")

    def _draft(self) -> bool:
        from press.ext.i18n import is_draft
        return is_draft(self.app)

    def finish(self) -> None:
        self.copy_image_files()
        shutil.copyfile(STYLE / "print.css", Path(self.outdir, "print.css"))


def setup(app):
    app.add_builder(PrintBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
