"""Untrusted content stays content: no file reads, no raw output, no odd links.

Chapters, case records and translations come from many hands. Sphinx parses a
translated message as markup, so a msgstr could carry a directive just as a chapter
can. The guards:

* directives that read files, emit raw output or evaluate other markup are replaced
  by versions that refuse, unless the document is listed in `press_trusted_documents`
  and the text is not a translation (Sphinx parses msgstrs with a source path ending
  in ':<translated>'); MyST's own include and eval-rst paths are guarded the same way;
* raw nodes (MyST turns inline HTML into them) are replaced by their text, escaped,
  except in trusted documents in their own language;
* links may only be http, https or mailto, images only local files of the book, and
  downloads (which Sphinx copies into the site) only files of the book;
* inline markup nested absurdly deep is kept as plain text rather than recursing;
* MathJax, which renders math in the reader's browser, filters the links and styles
  that math could carry.
"""
from __future__ import annotations


from docutils import nodes
from docutils.parsers.rst import Directive, directives
from docutils.parsers.rst.languages import en
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from press.core.files import inside
from press import patches
from press.core.unsafe import REASON, UNSAFE_DIRECTIVES, UNSAFE_ROLES

logger = logging.getLogger(__name__)

# Refused outright: core/unsafe.py's list. Checked for their arguments: these three.
CHECKED = ("csv-table", "image", "figure")
GUARDED = tuple(sorted(UNSAFE_DIRECTIVES)) + CHECKED
FILE_OPTIONS = {"csv-table": ("file", "url")}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
MAX_INLINE_DEPTH = 50    # emphasis inside emphasis: real text needs three levels at most


def _trusted(env, source: str) -> bool:
    return env.docname in env.config.press_trusted_documents and not source.endswith(
        ":<translated>")


def _guard(name: str, original: type[Directive]) -> type[Directive]:
    class Guarded(original):
        def run(self):
            env = self.state.document.settings.env
            source = self.state.document.get("source", "") or ""
            if name in ("image", "figure"):
                problem = _image_problem(self.arguments[0] if self.arguments else "")
            elif name in FILE_OPTIONS:
                used = [o for o in FILE_OPTIONS[name] if o in self.options]
                problem = f"'{name}' with :{used[0]}: reads a file" if used else ""
            else:
                problem = f"'{name}' {REASON}"
            if problem and not _trusted(env, source):
                where = "a translation" if source.endswith(":<translated>") else env.docname
                logger.warning("%s is not allowed in %s; removed", problem, where,
                               location=(env.docname, self.lineno), type="press",
                               subtype="unsafe")
                return []
            return super().run()

    Guarded.__name__ = f"Guarded_{name.replace('-', '_')}"
    return Guarded


def _image_problem(uri: str) -> str:
    if ":" in uri.split("/")[0] or uri.startswith("//"):
        return f"image '{uri}' is not a file of the book"
    if uri.startswith("/") and not uri.startswith("/_figures/"):
        return f"image '{uri}' is an absolute path"
    if ".." in uri.replace("\\", "/").split("/"):
        return f"image '{uri}' leaves the book's folders"
    return ""


class StripRaw(SphinxTransform):
    """Raw output is shown as text, escaped, and reported."""

    default_priority = 22  # after Locale (20), so translated raw nodes are caught too

    def apply(self, **kwargs) -> None:
        from press.ext.i18n import source_language

        own_language = source_language(self.env, self.env.docname) == self.config.language
        trusted = self.env.docname in self.config.press_trusted_documents and own_language
        for raw in list(self.document.findall(nodes.raw)):
            if trusted:
                continue
            logger.warning("raw %s is not allowed; shown as text", raw.get("format", "output"),
                           location=raw, type="press", subtype="unsafe")
            text = nodes.Text(raw.astext())
            raw.replace_self(nodes.literal(raw.astext(), "", text)
                             if isinstance(raw.parent, nodes.TextElement) else
                             nodes.literal_block(raw.astext(), raw.astext()))


class CheckLinks(SphinxTransform):
    """Links with another scheme (file:, javascript:, data:, …) become plain text."""

    default_priority = 23

    def apply(self, **kwargs) -> None:
        for ref in list(self.document.findall(nodes.reference)):
            uri = ref.get("refuri", "")
            scheme = uri.split(":", 1)[0].lower() if ":" in uri.split("/")[0] else ""
            if scheme and scheme not in ALLOWED_SCHEMES:
                logger.warning("link '%s' is not allowed (only %s); shown as text", uri,
                               ", ".join(sorted(ALLOWED_SCHEMES)), location=ref,
                               type="press", subtype="unsafe")
                ref.replace_self(nodes.inline(ref.astext(), ref.astext()))
        for ref in list(self.document.findall(addnodes.download_reference)):
            problem = self._download_problem(ref.get("reftarget", ""))
            if problem:
                logger.warning("%s; shown as text", problem, location=ref, type="press",
                               subtype="unsafe")
                ref.replace_self(nodes.inline(ref.astext(), ref.astext()))
        for image in list(self.document.findall(nodes.image)):
            problem = _image_problem(image.get("uri", ""))
            if problem:
                logger.warning("%s; removed", problem, location=image, type="press",
                               subtype="unsafe")
                image.parent.remove(image)

    def _download_problem(self, target: str) -> str:
        # Sphinx copies a download's file into the site: {download} and MyST's links to
        # local files must name a file of the book, not one anywhere on the machine.
        if "://" in target or ":" in target.split("/")[0]:
            scheme = target.split(":", 1)[0].lower()
            return "" if scheme in ALLOWED_SCHEMES else f"download '{target}' is not allowed"
        _, path = self.env.relfn2path(target, self.env.docname)
        if not inside(path, self.env.srcdir):
            return f"download '{target}' is not a file of the book"
        return ""


def _guard_role(name: str, original):
    """A role on core/unsafe.py's list: its text stays, as literal text, and is reported."""
    def role(role_name, rawtext, text, lineno, inliner, options=None, content=None):
        document = inliner.document
        env = getattr(document.settings, "env", None)
        source = document.get("source", "") or ""
        if env is not None and _trusted(env, source):
            return original(role_name, rawtext, text, lineno, inliner, options or {},
                            content or [])
        where = "a translation" if source.endswith(":<translated>") else (
            env.docname if env is not None else source)
        logger.warning("role '%s' %s: not allowed in %s; shown as text", role_name, REASON,
                       where, location=(env.docname, lineno) if env is not None else None,
                       type="press", subtype="unsafe")
        return [nodes.literal(rawtext, text)], []

    return role


def _lookup_role(name: str):
    """The role registered now under this name (docutils' public lookup), or None."""
    from docutils.parsers.rst import roles
    from docutils.utils import new_document

    role, _ = roles.role(name, en, 0, new_document("<guard>").reporter)
    return role


def _lookup(name: str):
    """The directive class registered now (Sphinx's or MyST's, else docutils' own), through
    docutils' public lookup; None when nothing has that name."""
    from docutils.utils import new_document

    found, _ = directives.directive(name, en, new_document("<guard>"))
    return found


def _refuse_eval_rst(renderer, token) -> bool:
    """MyST renders ```{eval-rst} itself, not as a directive (press/patches.py)."""
    # token_line: the line MyST itself reports for a directive at this token.
    from myst_parser.mdit_to_docutils.base import token_line

    env = renderer.sphinx_env
    source = renderer.document.get("source", "") or ""
    if env is None or _trusted(env, source):
        return False
    logger.warning("'eval-rst' %s: not allowed in %s; removed", REASON, env.docname,
                   location=(env.docname, token_line(token, 0) or None),
                   type="press", subtype="unsafe")
    return True


def _refuse_myst_include(directive) -> bool:
    """MyST runs any Include subclass through its own MockIncludeDirective, never calling
    the guarded class's run(), so ```{include} would read files unguarded."""
    env = getattr(directive.document.settings, "env", None)
    source = directive.document.get("source", "") or ""
    if env is None or _trusted(env, source):
        return False
    where = "a translation" if source.endswith(":<translated>") else env.docname
    logger.warning("'%s' %s: not allowed in %s; removed", directive.name, REASON, where,
                   location=(env.docname, directive.lineno), type="press", subtype="unsafe")
    return True


def _inline_depth(children) -> int:
    depth = deepest = 0
    for child in children:
        depth += child.nesting
        deepest = max(deepest, depth)
    return deepest


def _flatten_deep(renderer, token) -> None:
    """markdown-it caps the nesting of quotes and lists, not of emphasis: '*' * 5000
    nests 2,500 levels, and building the tree of that exhausts Python's recursion. Text
    nested deeper than MAX_INLINE_DEPTH is kept as its plain source instead."""
    from markdown_it.token import Token

    if _inline_depth(token.children) <= MAX_INLINE_DEPTH:
        return
    env = renderer.sphinx_env
    line = token.map[0] + 1 if token.map else None  # maps are 0-based here
    logger.warning("text nested more than %d levels deep; shown as plain text",
                   MAX_INLINE_DEPTH, type="press", subtype="unsafe",
                   location=(env.docname, line) if env is not None else None)
    token.children = [Token("text", "", 0, content=token.content)]


def _safe_mathjax(app, config) -> None:
    """Math is rendered in the reader's browser by MathJax, which turns \\href{javascript:…}
    into a live link, and \\style or \\class into markup, unless its `ui/safe` extension
    filters them; MathJax does not load it by default."""
    name = "mathjax3_config" if config.mathjax3_config else "mathjax4_config"
    settings = dict(config[name] or {})
    loader = dict(settings.get("loader") or {})
    loader["load"] = sorted(set(loader.get("load") or []) | {"ui/safe"})
    config[name] = {**settings, "loader": loader}


def setup(app):
    for name in GUARDED:
        original = _lookup(name)
        if original is not None:
            app.add_directive(name, _guard(name, original), override=True)
    # `raw-*` roles are made by the `role` directive, which is refused: the named ones
    # are all that can exist.
    for name in sorted(UNSAFE_ROLES):
        original = _lookup_role(name)
        if original is not None:
            app.add_role(name, _guard_role(name, original), override=True)
    patches.myst_eval_rst(_refuse_eval_rst)
    patches.myst_include(_refuse_myst_include)
    patches.myst_depth(_flatten_deep)
    app.connect("config-inited", _safe_mathjax)
    app.add_transform(StripRaw)
    app.add_transform(CheckLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
