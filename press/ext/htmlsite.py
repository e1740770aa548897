"""HTML site: the theme (Furo) with the publication's templates and styles, the
website's text face, the language switcher, and the alternate and canonical links of
every page. The site around the editions (landing page, 404, sitemap, downloads) is
assembled afterwards by press/site/assemble.py."""
from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform

PACKAGE = Path(__file__).resolve().parent.parent


def _add_paths(app, config):
    # Our templates go first, so that page.html replaces Furo's. It extends Furo's
    # base.html, so it lives in templates/furo/, which the EPUB builder (another theme)
    # leaves out. press/static/ holds our stylesheet and the web fonts
    # (press/site/webfonts.py), copied to _static/.
    config.templates_path = [str(PACKAGE / "templates" / "furo"), str(PACKAGE / "templates"),
                             *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(PACKAGE / "static")]
    config.html_favicon = config.html_favicon or str(PACKAGE / "static" / "favicon.svg")
    site = site_url(config)
    if site:
        config.html_baseurl = f"{site}{config.language}/"  # Sphinx's canonical link


def site_url(config) -> str:
    """press_site_url with one closing slash, or "" while it is not set."""
    url = (config.press_site_url or "").strip()
    return url.rstrip("/") + "/" if url else ""


def _edition_title(app, config):
    """The site's title and name in the edition's language (conf.py has the English msgid)."""
    from press.i18n.labels import label

    locales = config.press_edition.project.locales
    config.html_title = config.project = label(config.language, config.press_title, locales)
    config.copyright = label(config.language, config.copyright, locales)  # the footer's line


def native_name(lang: str) -> str:
    """A language named in its own language ("Slovenčina", "Čeština", "English")."""
    from babel import Locale

    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


def _page_context(app, pagename, templatename, context, doctree):
    lang = app.config.language
    up = "../" * (pagename.count("/") + 1)     # from this page to the site's root
    site = site_url(app.config)
    editions = list(app.config.press_editions)
    context["press_switcher"] = [
        {"lang": other, "name": native_name(other), "current": other == lang,
         "href": f"{up}{other}/{pagename}.html"} for other in editions]
    context["press_alternates"] = [
        {"lang": other, "url": f"{site or up}{other}/{pagename}.html"} for other in editions]
    context["press_root_url"] = site or up
    # Syntax colours (20 kB) only for a page that shows code; the book has none so far.
    if not _has_code(doctree) and "css_files" in context:
        context["css_files"] = [css for css in context["css_files"]
                                if not str(getattr(css, "filename", css)).endswith("pygments.css")]


def _has_code(doctree) -> bool:
    from docutils import nodes

    return doctree is not None and any(True for _ in doctree.findall(nodes.literal_block))


JS_CATALOG = "press-translations.js"


def _catalog_path(app) -> Path:
    from press.ext import project

    return project(app).locales / app.config.language / "LC_MESSAGES" / "sphinx.po"


def _add_js_catalog(app):
    """Sphinx's own Czech and Slovak catalogs leave the search's closing message ("Search
    finished, found … pages") untranslated, and the search page shows it from JavaScript.
    Our sphinx.po has it; its messages go to the browser after Sphinx's translations.js,
    with the catalog's plural rule. Written before the pages, so that their links to it
    carry its checksum like the other static files."""
    import json
    import re

    from press.i18n import po

    if app.builder.format != "html" or app.builder.name != "html" or \
            not _catalog_path(app).exists():
        return
    app.add_js_file(JS_CATALOG, priority=600)
    sphinx_po = po.read(_catalog_path(app))
    messages = {}
    for entry in sphinx_po:
        if not entry.translated() or entry.obsolete:
            continue
        if entry.msgid_plural:
            messages[entry.msgid] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            messages[entry.msgid] = entry.msgstr
    rule = re.search(r"plural=([^;]+);?", sphinx_po.metadata.get("Plural-Forms", ""))
    catalog = {"messages": messages, "plural_expr": rule.group(1).strip() if rule else "0",
               "locale": app.config.language}
    out = Path(app.outdir) / "_static" / JS_CATALOG
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("Documentation.addTranslations(" +
                   json.dumps(catalog, ensure_ascii=False, sort_keys=True, indent=1) + ");\n",
                   encoding="utf-8")


class OneIdPerTable(SphinxPostTransform):
    """Furo wraps every table in a `table-wrapper` container and copies the table's
    attributes, ids included, onto it: each table's id then stands twice in the page
    (invalid HTML, and WeasyPrint's "Anchor defined twice" in print). The id stays on
    the table, where links and page numbers point; the wrapper keeps only its classes."""
    formats = ("html",)
    default_priority = 501      # right after Furo's wrapping (500)

    def run(self, **kwargs) -> None:
        for wrapper in self.document.findall(nodes.container):
            if "table-wrapper" in wrapper["classes"] and wrapper.children:
                table = wrapper.children[0]
                wrapper["ids"] = [i for i in wrapper["ids"] if i not in table.get("ids", [])]


def setup(app):
    app.add_post_transform(OneIdPerTable)
    app.add_config_value("press_site_url", "", "html")
    app.connect("config-inited", _add_paths)
    app.connect("config-inited", _edition_title, priority=600)
    app.connect("html-page-context", _page_context)
    app.connect("builder-inited", _add_js_catalog)
    app.add_css_file("fonts/fonts.css")
    app.add_css_file("press.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
