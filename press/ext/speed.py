"""Measured costs, removed (see bench/README.md).

MyST's renderer evaluates `options.get("document", make_document())`: it builds a
throw-away document, with docutils' default settings rebuilt from every component's
option specs, even when a document is passed in. Sphinx parses every translated
message through MyST, so a translated edition paid this ~1,400 times per read (5 of
19 s in the English HTML build). The settings are built once per process here; each
document still gets its own copy.

MyST also builds a new markdown-it parser, with its plugins and a renderer that
inspects its own methods, for every parse: ~1,400 times per translated edition, about
1.5 s. The parser holds no state between renders (each render starts with
`setup_render`), so one per configuration is kept and reused, unless it is in the middle
of a render (a parse inside a parse), which gets a fresh one as before.
"""
from __future__ import annotations

import copy


def _cache_default_settings() -> None:
    from docutils.frontend import get_default_settings
    from docutils.utils import new_document
    from myst_parser.mdit_to_docutils import base

    if getattr(base.make_document, "press_cached", False):
        return
    cache: dict = {}

    def make_document(source_path="notset", parser_cls=base.RSTParser):
        if parser_cls not in cache:
            cache[parser_cls] = get_default_settings(parser_cls)
        return new_document(source_path, settings=copy.copy(cache[parser_cls]))

    make_document.press_cached = True
    base.make_document = make_document


def _reuse_md_parsers() -> None:
    from myst_parser.parsers import sphinx_

    original = sphinx_.create_md_parser
    if getattr(original, "press_cached", False):
        return
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

    create_md_parser.press_cached = True
    sphinx_.create_md_parser = create_md_parser


def setup(app):
    _cache_default_settings()
    _reuse_md_parsers()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
