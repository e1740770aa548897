"""Translation: passages left in their source language are marked, and counted.

Runs right after Sphinx's Locale transform (priority 20). In an edition whose
language differs from a document's source language, every message without a
translation keeps its source text; it gets the class `untranslated` (a margin bar for
proofreaders) and `language-<src>`, which docutils writes out as `lang="<src>"` so
that hyphenation treats it as the language it is really in. The counts feed the
draft marks: an edition with any fallback passage is a draft.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from press.core.files import stamp
from press.core.project import catalog_file
from press.ext import edition
from press.i18n import po


def source_language(env, docname: str) -> str:
    """The document's source language, from the edition (press.content.sources decides)."""
    return edition(env).source_language(docname)


# The node attribute that carries a fallback passage's language (its source language).
FALLBACK_LANGUAGE = "press_fallback_language"


class MarkFallback(SphinxTransform):
    default_priority = 25

    def apply(self, **kwargs) -> None:
        env, lang = self.env, self.config.language
        src = source_language(env, env.docname)
        counts = [0, 0]
        if src != lang:
            domain = docname_to_domain(env.docname, self.config.gettext_compact)
            known = frozenset().union(*(
                _translated(stamp(catalog_file(Path(env.srcdir, d), lang, domain)))
                for d in self.config.locale_dirs))
            for node, msg in extract_messages(self.document):
                if not isinstance(node, nodes.TextElement) or isinstance(node, nodes.Inline):
                    continue
                if _in_front_matter(node):
                    continue  # becomes docinfo and leaves the tree; never a message
                counts[1] += 1
                if node.get("translated") or msg in known:
                    continue
                counts[0] += 1
                # The class is for the writers (docutils writes language-xx as lang="xx")
                # and the proofreaders' margin bar; the attribute is for the transforms.
                node["classes"] += ["untranslated", f"language-{src}"]
                node[FALLBACK_LANGUAGE] = src
        fallback: dict[str, tuple[int, ...]] = getattr(env, "press_fallback", {})
        fallback[env.docname] = tuple(counts)
        # Sphinx keeps an extension's per-document data as attributes of the environment
        env.press_fallback = fallback  # type: ignore[attr-defined]


@lru_cache(maxsize=64)
def _translated(version: tuple) -> frozenset[str]:
    """The msgids a catalog translates (a translation equal to its source included,
    which Sphinx's `translated` flag does not mark); read by the one PO reader, by file version."""
    if version[1] is None:
        return frozenset()
    return frozenset(e.msgid for e in po.read(version[0]) if e.translated())


def _in_front_matter(node) -> bool:
    """MyST renders front matter as a field list at the top of the document."""
    while node.parent is not None:
        if isinstance(node, (nodes.field_list, nodes.docinfo)) and isinstance(
                node.parent, nodes.document):
            return True
        node = node.parent
    return False


def fallback_share(env) -> tuple[int, int]:
    """(passages shown in their source language, translatable passages) in the edition."""
    counts = getattr(env, "press_fallback", {}).values()
    return sum(c[0] for c in counts), sum(c[1] for c in counts)


def is_draft(app) -> bool:
    return edition(app).draft or fallback_share(app.env)[0] > 0


def translated_percent(env) -> int:
    missing, total = fallback_share(env)
    return 100 if not total else int(100 * (total - missing) / total)


def _purge(app, env, docname):
    getattr(env, "press_fallback", {}).pop(docname, None)


def _merge(app, env, docnames, other):
    env.press_fallback = getattr(env, "press_fallback", {})
    for docname in docnames:
        if docname in getattr(other, "press_fallback", {}):
            env.press_fallback[docname] = other.press_fallback[docname]


def _page_context(app, pagename, templatename, context, doctree):
    from press.ext import locales
    from press.i18n.labels import label

    lang = app.config.language
    context["press_draft"] = is_draft(app)
    context["press_draft_label"] = label(lang, "DRAFT", locales(app))
    context["press_translated"] = label(lang, "%(percent)s %% translated", locales(app)) % {
        "percent": translated_percent(app.env)}


def setup(app):
    app.add_transform(MarkFallback)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
