"""The catalogs' templates of the toolchain's own words: press.pot and sphinx.pot.

`label(lang, "…", locales)` msgids in press/ and the book's words in conf.py go to press.pot;
the Sphinx interface words our outputs show go to sphinx.pot. The commands that use
them (gettext, update-po, stats, check-po, the release gate) orchestrate whole
editions and live above every stage, in press/build/commands.py.
"""
from __future__ import annotations

import os
from pathlib import Path

from press.core.project import Project
from press.i18n import po

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
    """A template with Babel's header and format flags (the layout these templates have
    always had), written by the one PO writer."""
    from datetime import datetime, timezone

    from babel.messages.catalog import Message

    when = datetime.fromtimestamp(int(os.environ.get("SOURCE_DATE_EPOCH", "0")), timezone.utc)
    name, stamp = project.conf.get("project", ""), when.strftime("%Y-%m-%d %H:%M%z")
    pot = po.new(f"Translations template for {name}.\n"
                 f"Copyright (C) {when.year} ORGANIZATION\n"
                 f"This file is distributed under the same license as the {name} project.\n"
                 f"FIRST AUTHOR <EMAIL@ADDRESS>, {when.year}.\n",
                 {"Project-Id-Version": f"{name} VERSION",
                  "Report-Msgid-Bugs-To": "EMAIL@ADDRESS", "POT-Creation-Date": stamp,
                  "PO-Revision-Date": stamp, "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
                  "Language-Team": "LANGUAGE <LL@li.org>", "MIME-Version": "1.0",
                  "Content-Type": "text/plain; charset=utf-8",
                  "Content-Transfer-Encoding": "8bit"})
    for msgid, where in sorted(msgids, key=lambda m: m[0] if isinstance(m[0], str) else m[0][0]):
        singular, plural = (msgid, None) if isinstance(msgid, str) else msgid
        # Babel's reading of python-format and python-brace-format, as xgettext's
        flags = sorted(Message(msgid).flags)
        entry = po.POEntry(msgid=singular, msgstr="", flags=flags,
                           occurrences=[(file, str(line) if line else "") for file, line in where])
        if plural is not None:
            entry.msgid_plural, entry.msgstr_plural = plural, {0: "", 1: ""}
        pot.append(entry)
    po.write(pot, path)


def label_msgids(project: Project) -> list[tuple[str, list]]:
    """Every `label(lang, "…", locales)` msgid in press/, plus the book's words from conf.py."""
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


def publish_templates(project: Project, docnames: list[str]) -> list[Path]:
    """Copy the templates of the documents that have catalogs to locales/templates/, where
    a translation platform finds them (Weblate's "template for new translations" and its
    msgmerge add-on), through the one PO writer; a template is rewritten only when its
    bytes change."""
    written = []
    folder = project.locales / "templates"
    for doc in docnames:
        target = folder / f"{doc}.pot"
        if po.write(po.read(project.gettext / f"{doc}.pot"), target):
            written.append(target)
    for stale in sorted(folder.rglob("*.pot")) if folder.is_dir() else []:
        if stale.relative_to(folder).with_suffix("").as_posix() not in docnames:
            stale.unlink()
            written.append(stale)
    return written
