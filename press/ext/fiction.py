"""Fiction is always marked: a mark after every mention of an illustrative case's places.

The foreword promises that made-up examples are marked. A case page says so in its
note; everywhere else a fictional municipality or partner appears (the case table, the
listings by theme and country, the fact box, the index) it carries MARK, and the
table, listings, fact box and index print LEGEND once beside it. One mark, one legend,
one rule (illustrative: true in the record), for every edition and both formats.
"""
from __future__ import annotations

from pathlib import Path

from docutils import nodes

from press.i18n.labels import label

MARK = "\u2020"              # † dagger
MARK_CLASS = "fiction-mark"
NBSP = "\u00a0"              # the mark never starts a line


def legend_text(lang: str, locales: Path | None) -> str:
    """"† Illustrative example: …", in the edition's words."""
    return MARK + " " + label(
        lang, "Illustrative example: the municipality, its partners and events are made up.", locales)


def marked_text(text: str, illustrative: bool) -> str:
    """Plain text with the mark (index terms, where no inline markup is possible)."""
    return f"{text}{NBSP}{MARK}" if illustrative else text


def mark_node() -> nodes.inline:
    """The mark as its own inline, so the print and web styles and the tests find it."""
    # No "translatable" attribute: Sphinx's RemoveTranslatableInline would unwrap it.
    return nodes.inline(NBSP + MARK, NBSP + MARK, classes=[MARK_CLASS])


def legend_node(lang: str, locales: Path | None, with_mark: bool = True) -> nodes.paragraph:
    text = legend_text(lang, locales) if with_mark else legend_text(lang, locales)[len(MARK) + 1:]
    para = nodes.paragraph(text, text, classes=["fiction-legend"])
    return para


def _is_illustrative_page(document: nodes.document) -> bool:
    """A case page carries the {illustrative} note (press.ext.cases) when it is made up."""
    return any("illustrative" in node["classes"] for node in document.findall(nodes.admonition))


def _mark_title(document: nodes.document) -> None:
    title = next(iter(document.findall(nodes.title)), None)
    if title is not None and not any(MARK_CLASS in n["classes"] for n in title.findall(nodes.inline)):
        title += mark_node()


def _transform():
    from sphinx.transforms import SphinxTransform

    class MarkFictionTitles(SphinxTransform):
        """The title of an illustrative case's page carries the mark, so that it is marked
        wherever Sphinx copies it: contents, links to the page, the site's navigation.

        Priority 30: after Locale (20) and press.ext.i18n (25), so the translated title
        gets it; before doctree-read (880), where Sphinx copies titles into the
        environment. Not for the gettext builder: the mark is no part of the message."""
        default_priority = 30

        def apply(self, **kwargs) -> None:
            builder = getattr(self.env, "_builder_cls", None)
            if getattr(builder, "name", "") == "gettext":
                return
            if _is_illustrative_page(self.document):
                _mark_title(self.document)

    return MarkFictionTitles


def setup(app):
    app.add_transform(_transform())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
