"""The Sphinx side of the toolchain: one extension, one module per concern.

`book/conf.py` lists only `press.ext`; this module registers the shared config values
and sets up the stage modules in data-flow order.
"""
from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

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


def project(app: Sphinx) -> Project:
    """The repository this build belongs to (passed in as press_root by build.py)."""
    return Project(Path(app.config.press_root))


def _use_project_labels(app: Sphinx, config) -> None:
    from press.i18n.labels import use_locales

    use_locales(project(app).locales)


def setup(app: Sphinx) -> dict:
    app.add_config_value("press_root", "", "env")
    app.add_config_value("press_editions", {}, "env")
    app.add_config_value("press_source_language", "sk", "env")
    app.add_config_value("press_publication", "book", "env")
    app.add_config_value("press_date", "2013-01-01", "env")
    app.add_config_value("press_page_size", "A5", "env")
    app.add_config_value("press_trusted_documents", [], "env")
    app.add_config_value("press_draft", False, "html")
    # Directives render labels, names and vocabulary while a document is read, and the
    # toolchain's code decides what they render; a change to any of them must make
    # Sphinx read every document again, not reuse doctrees holding the old output.
    app.add_config_value("press_fingerprint", "", "env")
    app.connect("config-inited", _use_project_labels, priority=100)
    for stage in STAGES:
        app.setup_extension(stage)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
