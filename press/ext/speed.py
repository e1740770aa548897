"""Measured costs, removed (see bench/README.md and docs/upstream.md).

MyST rebuilt docutils' default settings for every parse (Sphinx parses every translated
message through MyST: ~1,400 times per read, 5 of 19 s in the English HTML build), and
a whole markdown-it parser for every parse (about 1.5 s per translated edition). The
patches themselves, with the MyST version they were written for, are in
press/patches.py.
"""
from __future__ import annotations

from press import patches


def setup(app):
    patches.myst_default_settings()
    patches.myst_parser_reuse()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
