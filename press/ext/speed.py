"""Measured costs, removed (see bench/README.md).

MyST's renderer evaluates `options.get("document", make_document())`: it builds a
throw-away document, with docutils' default settings rebuilt from every component's
option specs, even when a document is passed in. Sphinx parses every translated
message through MyST, so a translated edition paid this ~1,400 times per read (5 of
19 s in the English HTML build). The settings are built once per process here; each
document still gets its own copy.
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


def setup(app):
    _cache_default_settings()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
