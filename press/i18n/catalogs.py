"""The catalogs' templates of the toolchain's own words: press.pot and sphinx.pot.

`label(lang, "…")` msgids in press/ and the book's words in conf.py go to press.pot;
the Sphinx interface words our outputs show go to sphinx.pot. The commands that use
them (gettext, update-po, stats, check-po, the release gate) orchestrate whole
editions and live above every stage, in press/build/commands.py.
"""
from __future__ import annotations

import os
from pathlib import Path

from press.core.files import write_atomic
from press.core.project import Project
from press.i18n import gnu

LINE_WIDTH = gnu.LINE_WIDTH  # GNU gettext's, so catalogs look as msgmerge writes them
# Catalogs whose msgids are English whatever the edition: the toolchain's labels
# and the overrides of Sphinx's own interface text.
ENGLISH_DOMAINS = ("press", "sphinx")
# The Sphinx interface words that appear in our outputs. Sphinx's own Czech catalog
# lacks most of them, so each edition's sphinx.po (same layout, same tools) overrides.
SPHINX_WORDS = ("Table of Contents", "Contents", "Search", "Quick search", "Go",
                "Navigation", "Index", "Previous topic", "Next topic", "previous", "next",
                "Fig. %s", "Table %s", "Search Page", "Related Topics", "Overview",
                "Documentation overview", "Show Source", "Please activate JavaScript to "
                "enable the search functionality.", "Searching for multiple words only "
                "shows matches that contain all words.", "General Index", "Permalink to "
                "this heading", "Permalink to this term", "Permalink to this table",
                "Permalink to this image", "Glossary",
                # the website's theme (press/templates/furo/page.html, press-languages.html)
                "Skip to content", "Back to top", "On this page", "Next", "Previous", "Home",
                "Toggle site navigation sidebar", "Toggle table of contents sidebar",
                "Language", "Previous and next page", "Error",
                # shown by the search page's JavaScript (press/ext/htmlsite.py)
                ("Search finished, found one page matching the search query.",
                 "Search finished, found ${resultCount} pages matching the search query."))


def _write_pot(path: Path, msgids, project: Project) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po
    from datetime import datetime, timezone
    import io

    when = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), timezone.utc)
    catalog = Catalog(project=project.conf.get("project", ""), creation_date=when,
                      revision_date=when, fuzzy=False)
    for msgid, where in msgids:
        catalog.add(msgid, locations=where)
    buf = io.BytesIO()
    write_po(buf, catalog, width=LINE_WIDTH, sort_output=True, omit_header=False)
    write_atomic(path, buf.getvalue())


def label_msgids(project: Project) -> list[tuple[str, list]]:
    """Every `label(lang, "…")` msgid in press/, plus the book's words from conf.py."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, list] = {}
    package = Path(__file__).resolve().parent.parent  # press/, every stage
    for filename, lineno, message, _, _ in extract_from_dir(
            str(package), method_map=[("**.py", "python")],
            keywords={"label": (2,)}, comment_tags=()):
        if isinstance(message, str):
            found.setdefault(message, []).append((f"press/{filename}", lineno))
    conf = project.conf
    for key in ("press_title", "press_subtitle", "press_funding", "press_licence",
                "copyright", "press_blurb"):
        if conf.get(key):
            found.setdefault(conf[key], []).append(("book/conf.py", 0))
    for key in ("press_publishers", "press_keywords", "press_data_credits"):
        for value in conf.get(key, []):
            found.setdefault(value, []).append(("book/conf.py", 0))
    return sorted(found.items())


def write_press_pot(project: Project) -> None:
    _write_pot(project.gettext / "press.pot", label_msgids(project), project)


def write_sphinx_pot(project: Project) -> None:
    _write_pot(project.gettext / "sphinx.pot", [(w, []) for w in SPHINX_WORDS], project)
