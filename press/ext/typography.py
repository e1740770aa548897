"""Typography: non-breaking spaces and quotation marks per edition, on the final text.

A read-phase transform applies `press.i18n.typography` to every Text node of the
translated doctree, in the edition's language (`app.config.language`). A passage the
i18n stage left in its source language (class `language-<src>`) is set by the rules
of the language it is really in.

Text is handled a paragraph (any non-inline text element: paragraph, title, caption,
term, …) at a time, so a quotation that spans several Text nodes ('"' **word** '"')
pairs up, and "v" at the end of one node is tied to the word opening the next.
Nodes in SKIPPED_NODES, and links whose visible text is their own URL or an e-mail
address, are never changed; their text still counts as context.
"""
from __future__ import annotations


from docutils import nodes
from sphinx.transforms import SphinxTransform

from press.ext.i18n import FALLBACK_LANGUAGE
from press.i18n.typography import conventions, protected_spans, typeset_runs

# Code, maths, raw output, link targets and comments keep their characters.
SKIPPED_NODES: tuple[type[nodes.Node], ...] = (
    nodes.literal,
    nodes.literal_block,
    nodes.doctest_block,
    nodes.raw,
    nodes.math,
    nodes.math_block,
    nodes.target,
    nodes.comment,
    nodes.substitution_definition,
)

# Builders whose output must show the text as parsed: message catalogs.
_UNTOUCHED_BUILDERS = {"gettext"}


def is_url_reference(node: nodes.Node) -> bool:
    """A link that shows its own address: <https://…>, <info@obec.sk>."""
    if not isinstance(node, nodes.reference):
        return False
    text = node.astext().strip()
    uri = node.get("refuri", "")
    if text and text in (uri, uri.removeprefix("mailto:")):
        return True
    return any(start == 0 and end == len(text) for start, end in protected_spans(text))


def is_skipped(node: nodes.Node) -> bool:
    """Whether a node's text must be left exactly as it is."""
    return isinstance(node, SKIPPED_NODES) or is_url_reference(node)


class Typography(SphinxTransform):
    # Priority 740: after Locale (20) and the press i18n transform (25), so it sees the
    # translated text; after Substitutions (220) and footnote numbering (620), so it
    # sees substituted text too; before SphinxDomains (850) and doctree-read (880),
    # where Sphinx copies section titles into the environment (toctree, :ref: texts,
    # the HTML <title>), which therefore carry the same typography as the page. The
    # few texts made later, at reference resolution (numbered figure references), are
    # labels rather than prose, so a post-transform re-running on every write is not
    # worth its cost. 750 is the slot of Sphinx's SmartQuotes, off in this book.
    default_priority = 740

    def apply(self, **kwargs) -> None:
        if getattr(self.env, "press_builder", "") in _UNTOUCHED_BUILDERS:
            return
        typeset_document(self.document, self.config.language or "")


def typeset_document(document: nodes.Node, lang: str) -> None:
    """Apply the typography of `lang` to every Text node of a doctree, in place."""
    for block, texts in _paragraphs(document).items():
        runs = [(str(text), not _in_skipped(text)) for text in texts]
        if not any(editable for _, editable in runs):
            continue
        new = typeset_runs(runs, _language_of(block, lang))
        for text, value in zip(texts, new):
            if value != text:
                _replace(text, nodes.Text(value))
    _mark_addresses(document)


def _mark_addresses(document: nodes.Node) -> None:
    """Wrap URLs and e-mail addresses in running text in `inline.url`, so that print
    never hyphenates them (a hyphen inside an address changes the address)."""
    for text in list(document.findall(nodes.Text)):
        if _in_skipped(text) or isinstance(text.parent, nodes.inline) and "url" in \
                text.parent.get("classes", []):
            continue
        value = str(text)
        spans = protected_spans(value)
        if not spans:
            continue
        pieces, at = [], 0
        for start, end in spans:
            if start > at:
                pieces.append(nodes.Text(value[at:start]))
            pieces.append(nodes.inline(value[start:end], value[start:end], classes=["url"]))
            at = end
        if at < len(value):
            pieces.append(nodes.Text(value[at:]))
        parent = text.parent
        index = next(i for i, child in enumerate(parent.children) if child is text)
        parent[index:index + 1] = pieces


def _replace(old: nodes.Text, new: nodes.Text) -> None:
    # By identity: Text nodes compare as strings, and a paragraph often holds two
    # equal ones ('"' before and after **word**), which Element.replace would confuse.
    parent = old.parent
    index = next(i for i, child in enumerate(parent.children) if child is old)
    parent[index] = new


def _paragraphs(document: nodes.Node) -> dict[nodes.Node, list[nodes.Text]]:
    """Text nodes grouped by the block they flow in, in document order."""
    groups: dict[nodes.Node, list[nodes.Text]] = {}
    for text in document.findall(nodes.Text):
        groups.setdefault(_block_of(text), []).append(text)
    return groups


def _block_of(text: nodes.Text) -> nodes.Node:
    node = text.parent
    while isinstance(node, nodes.Inline) and node.parent is not None:
        node = node.parent
    return node


def _in_skipped(text: nodes.Text) -> bool:
    node = text.parent
    while node is not None:
        if is_skipped(node):
            return True
        node = node.parent
    return False


def _language_of(block: nodes.Node, edition: str) -> str:
    # The i18n stage gives a fallback passage its source language as an attribute
    # (ext/i18n.py, FALLBACK_LANGUAGE); it is set in that language.
    node = block
    while node is not None:
        lang = node.get(FALLBACK_LANGUAGE) if isinstance(node, nodes.Element) else None
        if lang and conventions(lang) is not None:
            return lang
        node = node.parent
    return edition


def _note_builder(app) -> None:
    # The builder's name, public at builder-inited, for the transforms that read the
    # environment; set again by every run, so a pickled environment never misleads.
    app.env.press_builder = app.builder.name


def setup(app):
    app.connect("builder-inited", _note_builder)
    app.add_transform(Typography)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
