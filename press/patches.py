"""Every reach into another package's private code, in one place.

Each patch replaces one private function or attribute of MyST, Sphinx, pydyf or WeasyPrint
that has no public hook (or, for WeasyPrint's import, leans on how its private ffi module
names its libraries). Each names the version of the package it was written for
(and read against); applying it checks the installed version first and stops the
build with a clear message when they differ, so that an upgrade makes someone read
the replaced code again instead of silently patching code that has changed. Each
patch is applied once per process: `replace` is the one "applied twice?" guard.

docs/upstream.md says, for each, what the fix upstream would be, why, and what it
saved here. Sits beside the layers: imports only press.core, and the modules that
need a patch (ext/speed.py, ext/security.py, ext/search.py, print/pdf.py) apply it from here.
"""
from __future__ import annotations

import copy
import io
from dataclasses import dataclass
from importlib import metadata
from typing import Callable

from press.core.errors import BuildError

MARK = "press_patch"   # set on every replacement: the name of the patch it belongs to


@dataclass(frozen=True)
class Patch:
    name: str
    package: str          # the distribution, as pip names it
    written_for: str      # the version whose private code the patch was read against
    target: str           # what it replaces


class PatchError(BuildError):
    """An installed package is not the version a patch was written for."""


MYST_SETTINGS = Patch("myst-default-settings", "myst-parser", "5.2.0",
                      "myst_parser.mdit_to_docutils.base.make_document")
MYST_PARSERS = Patch("myst-parser-reuse", "myst-parser", "5.2.0",
                     "myst_parser.parsers.sphinx_.create_md_parser")
MYST_EVAL_RST = Patch("myst-eval-rst-guard", "myst-parser", "5.2.0",
                      "myst_parser.mdit_to_docutils.base.DocutilsRenderer.render_restructuredtext")
MYST_INCLUDE = Patch("myst-include-guard", "myst-parser", "5.2.0",
                     "myst_parser.mocking.MockIncludeDirective.run")
MYST_DEPTH = Patch("myst-depth-guard", "myst-parser", "5.2.0",
                   "myst_parser.mdit_to_docutils.base.DocutilsRenderer._render_tokens")
PYDYF_PAGES = Patch("pydyf-page-references", "pydyf", "0.13.0", "pydyf.PDF.page_references")
WEASYPRINT_TAGS = Patch("weasyprint-lang-scope-tags", "weasyprint", "70.0",
                        "weasyprint.pdf.tags._build_box_tree")
WEASYPRINT_PAGES = Patch("weasyprint-page-count", "weasyprint", "70.0",
                         "weasyprint.layout.page.make_page")
SPHINX_INDEX_ENTRIES = Patch("sphinx-search-index-entries", "sphinx", "9.0.4",
                             "sphinx.search.IndexBuilder.load and IndexBuilder.prune")
WEASYPRINT_IMPORT = Patch("weasyprint-import-sonames", "weasyprint", "70.0",
                          "ctypes.util.find_library, while weasyprint.text.ffi opens its libraries")
PATCHES = (WEASYPRINT_IMPORT, WEASYPRINT_PAGES, MYST_SETTINGS, MYST_PARSERS, MYST_EVAL_RST,
           MYST_INCLUDE, MYST_DEPTH, PYDYF_PAGES, WEASYPRINT_TAGS, SPHINX_INDEX_ENTRIES)


def installed_version(package: str) -> str:
    return metadata.version(package)


def check(patch: Patch) -> None:
    installed = installed_version(patch.package)
    if installed != patch.written_for:
        raise PatchError(
            f"press/patches.py: patch {patch.name!r} replaces {patch.target}, read against "
            f"{patch.package} {patch.written_for}, but {patch.package} {installed} is "
            "installed. Read that code in the installed version; if the patch still fits, "
            "set its version in press/patches.py (docs/upstream.md says what it does), "
            "else install the pinned version (requirements.lock).")


def _function(value):
    return value.fget if isinstance(value, property) else value


def replace(owner, attr: str, patch: Patch, make: Callable) -> bool:
    """owner.attr = make(original), once per process. False if already in place.

    The replacement keeps the original as __wrapped__ (tests unwrap it) and carries
    MARK, which is how a second call knows."""
    current = owner.__dict__.get(attr, getattr(owner, attr))
    if getattr(_function(current), MARK, None) == patch.name:
        return False
    check(patch)
    new = make(current)
    function = _function(new)
    setattr(function, MARK, patch.name)
    function.__wrapped__ = _function(current)
    setattr(owner, attr, new)
    return True


def applied(patch: Patch, owner, attr: str) -> bool:
    current = owner.__dict__.get(attr, getattr(owner, attr))
    return getattr(_function(current), MARK, None) == patch.name


# ------------------------------------------------------------------ MyST: speed

def myst_default_settings() -> None:
    """MyST evaluates `options.get("document", make_document())`: it builds a throw-away
    document, docutils' default settings rebuilt from every component's option specs,
    even when a document is passed in. Built once per process here; each document
    still gets its own copy."""
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from myst_parser.mdit_to_docutils import base

    def make(original):
        cache: dict = {}

        def make_document(source_path="notset", parser_cls=base.RSTParser):
            if parser_cls not in cache:
                cache[parser_cls] = get_default_settings(parser_cls)
            return new_document(source_path, settings=copy.copy(cache[parser_cls]))
        return make_document

    replace(base, "make_document", MYST_SETTINGS, make)


def myst_parser_reuse() -> None:
    """MyST builds a new markdown-it parser (plugins, a renderer that inspects its own
    methods) for every parse. The parser holds no state between renders (each starts
    with `setup_render`), so one per configuration is kept, unless it is in the middle
    of a render (a parse inside a parse), which gets a fresh one as before."""
    from myst_parser.parsers import sphinx_

    def make(original):
        cache: dict[tuple[int, type], tuple[object, object]] = {}

        def create_md_parser(config, renderer):
            key = (id(config), renderer)
            kept = cache.get(key)
            if kept and kept[0] is config and not kept[1].press_busy:
                return kept[1]
            md = original(config, renderer)
            md.press_busy = False
            render = md.render

            def guarded_render(*args, **kwargs):
                md.press_busy = True
                try:
                    return render(*args, **kwargs)
                finally:
                    md.press_busy = False

            md.render = guarded_render
            if len(cache) > 8:   # file-level configs are new objects each time: keep few
                cache.clear()
            cache[key] = (config, md)   # the config is kept alive, so its id stays its own
            return md
        return create_md_parser

    replace(sphinx_, "create_md_parser", MYST_PARSERS, make)


# ------------------------------------------------------------------ MyST: guards

def myst_eval_rst(refuse: Callable[[object, object], bool]) -> None:
    """MyST renders ```{eval-rst} itself, not through a directive, so no directive
    override reaches it. refuse(renderer, token) -> True drops the block."""
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    def make(original):
        def render_restructuredtext(self, token):
            if not refuse(self, token):
                original(self, token)
        return render_restructuredtext

    replace(DocutilsRenderer, "render_restructuredtext", MYST_EVAL_RST, make)


def myst_include(refuse: Callable[[object], bool]) -> None:
    """MyST runs any Include subclass through its own MockIncludeDirective and never
    calls the registered class's run(). refuse(directive) -> True: nothing is read."""
    from myst_parser.mocking import MockIncludeDirective

    def make(original):
        def run(self):
            return [] if refuse(self) else original(self)
        return run

    replace(MockIncludeDirective, "run", MYST_INCLUDE, make)


def myst_depth(too_deep: Callable[[object, object], None]) -> None:
    """markdown-it caps the nesting of quotes and lists, not of emphasis. Before MyST
    renders a token, too_deep(renderer, token) may replace its children (and say so)."""
    from myst_parser.mdit_to_docutils.base import DocutilsRenderer

    def make(original):
        def _render_tokens(self, tokens):
            for token in tokens:
                if token.children:
                    too_deep(self, token)
            original(self, tokens)
        return _render_tokens

    replace(DocutilsRenderer, "_render_tokens", MYST_DEPTH, make)


# ------------------------------------------------------------------ Sphinx: search index

def sphinx_index_entries() -> None:
    """Sphinx 9 keeps the search index's index entries (`indexentries`: the search page
    finds a term of an {index} entry, a case's town, by them) only on the environment,
    fills them while it writes pages, and saves the environment before it writes any;
    `IndexBuilder.load` reads every other part of the last searchindex.js back, not
    these. So a run that wrote some pages (one edited chapter) or none (the documents
    were read by the print build) dumped the entries of the pages it wrote only
    (docs/upstream.md). Here load reads them back as it reads the titles, and
    prune keeps those of the documents kept, in document order, as a full build feeds
    them: the index is the same, byte for byte, as the full build's."""
    from sphinx.search import IndexBuilder

    def make_load(original):
        def load(self, stream, format):
            data = stream.read()
            original(self, io.BytesIO(data) if isinstance(data, bytes) else io.StringIO(data),
                     format)   # raises ValueError for an index it cannot use
            frozen = (self.formats[format] if isinstance(format, str) else format).loads(data)
            self._index_entries.clear()
            self._index_entries.update(index_entries(frozen))
        return load

    def make_prune(original):
        def prune(self, docnames):
            original(self, docnames)
            keep = set(docnames)
            kept = {doc: self._index_entries[doc] for doc in sorted(self._index_entries)
                    if doc in keep}
            self._index_entries.clear()
            self._index_entries.update(kept)
        return prune

    replace(IndexBuilder, "load", SPHINX_INDEX_ENTRIES, make_load)
    replace(IndexBuilder, "prune", SPHINX_INDEX_ENTRIES, make_prune)


def index_entries(frozen: dict) -> dict[str, list[tuple[str, str, str]]]:
    """docname -> its index entries as IndexBuilder.feed keeps them, from a frozen index
    ({term: [(document number, target id, is main), ...]}); the term is lower case
    already, and freezing lowers it again, so it comes out as it went in."""
    docnames = frozen["docnames"]
    found: dict[str, set[tuple[str, str, str]]] = {}
    for term, places in frozen.get("indexentries", {}).items():
        for number, target, main in places:
            found.setdefault(docnames[number], set()).add((term, target, "main" if main else ""))
    return {doc: sorted(found[doc]) for doc in sorted(found)}


# ------------------------------------------------------------------ pydyf, WeasyPrint

def pydyf_page_references() -> None:
    """pydyf 0.13 rebuilds the tuple of every page's reference each time
    `PDF.page_references` is read, and WeasyPrint's tagger reads it once per tagged box.
    The tuple changes only when a page is added (`add_page` extends `Kids`), so it is
    cached against the length of `Kids`; the bytes written are the same."""
    import pydyf

    def make(original):
        def page_references(self):
            kids = self.pages["Kids"]
            cached = self.__dict__.get("_press_page_references")
            if cached is None or cached[0] != len(kids):
                cached = (len(kids), original.fget(self))
                self.__dict__["_press_page_references"] = cached
            return cached[1]
        return property(page_references, doc=original.__doc__)

    replace(pydyf.PDF, "page_references", PYDYF_PAGES, make)


ROW_SCOPES = {"row", "rowgroup"}


def scope_name(scope_attribute: str | None) -> str:
    """The PDF /Scope for an HTML th's scope attribute (/Column is what WeasyPrint itself
    assumes for a th without one)."""
    return "/Row" if (scope_attribute or "").strip().lower() in ROW_SCOPES else "/Column"


def weasyprint_tags() -> None:
    """Two things PDF/UA asks of the structure tree that WeasyPrint 70 leaves out, both
    added where it builds a box's structure element (one wrapper, so that one guard
    knows it is in place):

    - /Lang: every change of language is marked; WeasyPrint writes the document's
      language into the catalog only. An element with a `lang` of its own (a draft's
      untranslated passage) gives that /Lang to its structure element; elements inside
      it inherit it in the tree.
    - /Scope: every TH says whether it heads a column or a row (ISO 14289-1, 7.5;
      checkers' UA-15-003), so that a screen reader can tie data cells to it.
      WeasyPrint reads the HTML `scope` (to sort row from column headers) but writes no
      /Scope; it goes into the TH's /Table attribute dictionary."""
    import pydyf
    from weasyprint.pdf import tags

    def make(original):
        def build_box_tree(box, parent, pdf, *args):
            lang, is_th = None, False
            if box.element is not None and box.element_tag not in ("html", "body"):
                lang = box.element.get("lang")
                is_th = box.element_tag == "th"
            for element in original(box, parent, pdf, *args):
                # A box yields its own element, or (html, body) its children's;
                # anonymous boxes inside a th are NonStruct and keep no scope.
                if lang and "Lang" not in element:
                    element["Lang"] = pydyf.String(lang)
                if is_th and element.get("S") == "/TH":
                    attributes = element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
                    attributes["Scope"] = scope_name(box.element.get("scope"))
                yield element
        return build_box_tree

    replace(tags, "_build_box_tree", WEASYPRINT_TAGS, make)


_layouts = [0]


def weasyprint_page_count() -> None:
    """Counts WeasyPrint's page layouts: `remake_page` calls the module-global
    `make_page` once per page it lays out, the first time and at every re-layout that
    a forward `target-counter` forces. The page map (press/print/pagemap.py) is meant to
    bring the count down to one per page, and the build reports it. Changes nothing else."""
    from weasyprint.layout import page

    def make(original):
        def make_page(*args, **kwargs):
            _layouts[0] += 1
            return original(*args, **kwargs)
        return make_page

    replace(page, "make_page", WEASYPRINT_PAGES, make)


def page_layouts() -> int:
    """Page layouts made in this process since it started."""
    return _layouts[0]


def weasyprint_import():
    """WeasyPrint, imported without ctypes.util.find_library.

    WeasyPrint opens Pango, HarfBuzz and the rest by trying several names each, and cffi
    hands every name that dlopen refuses to find_library, which on Linux runs ldconfig,
    gcc and ld (54 processes, about 0.15 s of CPU and 0.3 s of wall time an import, in
    every render process; issue 21). Each list ends in the library's soname, which
    dlopen finds by itself wherever find_library would. The same libraries are loaded,
    so the PDFs are the same; if that ever fails, the import is tried the usual way."""
    import contextlib
    import ctypes.util
    import io
    import sys

    if "weasyprint" not in sys.modules:
        check(WEASYPRINT_IMPORT)
        find, ctypes.util.find_library = ctypes.util.find_library, lambda name: None
        try:    # a failed first try prints WeasyPrint's installation advice: not shown
            with contextlib.redirect_stdout(io.StringIO()):
                import weasyprint  # noqa: F401
        except OSError:         # a library known by another name only: find_library's turn
            for name in [m for m in sys.modules if m.split(".")[0] == "weasyprint"]:
                del sys.modules[name]
        finally:
            ctypes.util.find_library = find
    import weasyprint
    return weasyprint
