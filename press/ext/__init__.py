"""The Sphinx side of the toolchain: one extension, one module per concern.

`book/conf.py` lists only `press.ext`; this module registers the shared config values
and sets up the stage modules in data-flow order.
"""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError

from press.core.edition import Edition
from press.core.project import Project

STAGES = (
    "press.ext.speed",        # costs measured in bench/, removed
    "press.ext.security",     # read: confine directives, strip raw output, allowed front matter
    "press.ext.cases",        # read: fact box, case headings, locator maps for case pages
    "press.ext.datafigures",  # read: statistics tables, charts and maps
    "press.ext.i18n",         # translation: fallback language marks, draft counts
    "press.ext.typography",   # typography: spaces and quotes per edition
    "press.ext.htmlsite",     # HTML: draft banner, proofreading marks
    "press.ext.search",       # HTML: search languages for cs and sk (folding, stemming)
    "press.ext.frontmatter",  # print HTML: cover, title page, imprint, index
    "press.ext.printbuilder", # print HTML: one document with unique ids, for WeasyPrint
    "press.ext.epubbuilder",  # EPUB 3: cover, accessibility metadata, fonts, fixed bytes
)


def edition(holder) -> Edition:
    """The edition being built (press.core.edition), from anything that has the Sphinx
    config: the application, the environment, a directive or a transform."""
    return holder.config.press_edition


def locales(holder) -> Path:
    """The catalog folder of the edition's labels (press.i18n.labels.label names it)."""
    return edition(holder).project.locales


def project(app: Sphinx) -> Project:
    """The repository this build belongs to."""
    return edition(app).project


def _check_edition(app: Sphinx, config) -> None:
    ed = config.press_edition
    if not isinstance(ed, Edition):
        raise ConfigError("press.ext: no press_edition; build with build.py (press.build."
                          "edition.make_edition makes it)")
    if config.language != ed.lang:
        raise ConfigError(f"press.ext: language {config.language!r} is not the edition's "
                          f"{ed.lang!r}; set it from press_edition")
    config.press_pages_edition = ed


def setup(app: Sphinx) -> dict:
    # The edition as one value (press.core.edition): language, project, every document's
    # source language, draft, the fingerprint of what directives render. Its "env"
    # rebuild makes Sphinx read every document again when, and only when, it changes.
    app.add_config_value("press_edition", None, "env", types=[Edition])
    # The same edition again, as an "html" value: the HTML builder writes a page again
    # only when its source is newer or an "html" value changed, not when its document
    # was read again by another builder's run on the shared doctrees (the print HTML,
    # after a change of the toolchain): its pages would stay as the old code made them.
    # Set by _check_edition, never in conf.py.
    app.add_config_value("press_pages_edition", None, "html")
    app.add_config_value("press_editions", {}, "env")
    app.add_config_value("press_source_language", "sk", "env")
    app.add_config_value("press_publication", "book", "env")
    app.add_config_value("press_date", "2013-01-01", "env")
    app.add_config_value("press_page_size", "A5", "env")
    app.add_config_value("press_trusted_documents", [], "env")
    app.connect("config-inited", _check_edition, priority=100)
    for stage in STAGES:
        app.setup_extension(stage)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
