"""The EPUB 3 edition: Sphinx's epub builder, made to pass EPUBCheck and to say how
accessible it is.

Registered under Sphinx's own name, `epub`, so that Sphinx treats it as an EPUB
everywhere (no query strings on asset links). What it changes:

* the package document (press/epub/templates/content.opf.jinja) carries the schema.org
  accessibility metadata (ACCESSIBILITY below, the summary in the edition's words),
  the `cover-image` and `svg` manifest properties EPUBCheck requires, the edition's
  `dc:language`, an identifier (the edition's `epub_isbn`, else a UUID derived from
  the publication and edition) and the publication date; the navigation document
  lists every chapter and case and has landmarks;
* a cover page and a cover image drawn from the edition's title, subtitle, publishers,
  draft mark and year (press/epub/cover.py), independent of the PDF; the print book's
  imprint as the first page; the index in one column, grouped and sorted by ICU for
  the edition's language as the print index is;
* the vendored fonts embedded unmodified with their licences (Charis SIL: OFL, with
  Reserved Font Names, so no subsetting), in a style sheet of their own;
* every element with a `lang` of its own (a draft's untranslated passage) also gets
  `xml:lang`; no JavaScript; the zip written with fixed dates and order
  (press/epub/package.py), so the same inputs give the same bytes.

The epub_* settings are made in config-inited for every builder, not only this one:
some of them are "env" settings, and a value that differed between the HTML, print and
EPUB passes would make Sphinx read every document again for each of them.
"""
from __future__ import annotations

import html
import os
import re
import shutil
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import quote

from sphinx.builders.epub3 import Epub3Builder
from sphinx.writers.html5 import HTML5Translator

from press.ext import locales
from press.i18n.labels import label

TEMPLATES = Path(__file__).resolve().parent.parent / "epub" / "templates"
COVER_IMAGE = "_images/press-cover.png"
COVER_TEMPLATE = "press-epub-cover.html"
GENINDEX_TEMPLATE = "press-epub-genindex.html"
IMPRINT = "press-imprint"        # a page of our own, listed first in the contents
FONT_FOLDER = "_static/fonts"
WEB_FONTS_CSS = "_static/fonts/fonts.css"   # the website's, not the EPUB's
FONT_LICENCES = ("COPYING-CharisSIL.txt", "COPYING-DejaVu.txt")

# What the EPUB offers, in schema.org's accessibility vocabulary. Every figure, chart
# and map has a text alternative and the statistics are tables too (datafigures), so
# text alone suffices; the tests check the alternatives are there.
ACCESSIBILITY = (
    ("accessMode", "textual"),
    ("accessMode", "visual"),
    ("accessModeSufficient", "textual"),
    ("accessibilityFeature", "alternativeText"),
    ("accessibilityFeature", "structuralNavigation"),
    ("accessibilityFeature", "tableOfContents"),
    ("accessibilityFeature", "index"),
    ("accessibilityFeature", "readingOrder"),
    ("accessibilityFeature", "displayTransformability"),
    ("accessibilityHazard", "none"),
)


def summary(lang: str, locales: Path | None) -> str:
    """schema:accessibilitySummary, in the edition's words (press.po)."""
    return label(lang, "Every chart, map and photograph has a text description, and the "
                       "statistics are also given as tables. Headings structure the text; "
                       "the table of contents lists every chapter and case, and the index "
                       "links to its passages. The text reflows and follows the reader's "
                       "font size and colours.", locales)


_VIEWPORT = re.compile(r'\s*<meta name="viewport"[^>]*/>')
_LANG = re.compile(r'(\slang="([^"]*)")(?![^<>]*xml:lang)')


def collate(genindex: list, lang: str) -> list:
    """Sphinx's [(letter, [(term, entry), …]), …] regrouped under ICU's index letters
    for lang, terms in ICU's collation order."""
    import icu

    locale = icu.Locale(lang)
    collator = icu.Collator.createInstance(locale)
    buckets = icu.AlphabeticIndex(locale).buildImmutableIndex()
    terms = [item for _, items in genindex for item in items]
    grouped: dict[str, list] = {}
    for term, entry in sorted(terms, key=lambda t: collator.getSortKey(t[0])):
        letter = buckets.getBucket(buckets.getBucketIndex(term))[0]
        grouped.setdefault(letter, []).append((term, entry))
    return list(grouped.items())


class EpubTranslator(HTML5Translator):
    """XHTML wants `xml:lang` beside `lang`: docutils writes only `lang` for the
    `language-<src>` class that press.ext.i18n puts on untranslated passages."""

    def starttag(self, node, tagname, suffix="\n", empty=False, **attributes):
        tag = super().starttag(node, tagname, suffix, empty, **attributes)
        return _LANG.sub(r'\1 xml:lang="\2"', tag)


class EpubBuilder(Epub3Builder):
    name = "epub"
    # Sphinx declares this as its private _StrPath (a Path subclass); a Path is what it uses
    template_dir = TEMPLATES  # type: ignore[assignment]
    default_translator_class = EpubTranslator

    def init(self) -> None:
        super().init()
        lang = self.config.language
        self.guide_titles = {"toc": label(lang, "Contents", locales(self)),
                             "cover": label(lang, "Cover", locales(self))}
        self.html_tag = ('<html xmlns="http://www.w3.org/1999/xhtml" '
                         'xmlns:epub="http://www.idpf.org/2007/ops" '
                         f'lang="{lang}" xml:lang="{lang}">')

    def init_templates(self) -> None:
        # press/templates/furo/ holds the website's page.html, which extends Furo's
        # base.html; the EPUB has a theme of its own, so that folder stays out of its path.
        keep = self.config.templates_path
        self.config.templates_path = [p for p in keep if Path(p).name != "furo"]
        try:
            super().init_templates()
        finally:
            self.config.templates_path = keep

    def init_js_files(self) -> None:
        self._js_files = []   # an EPUB without scripts: nothing to run, nothing to declare

    def init_css_files(self) -> None:
        super().init_css_files()
        self._drop_web_fonts()
        self.add_css_file("press-epub.css", priority=900)

    def _drop_web_fonts(self) -> None:
        # The website's subset web fonts (fonts/fonts.css, press/ext/htmlsite.py) are
        # not in the EPUB, which embeds the vendored fonts (press-epub.css). Sphinx adds
        # the extensions' stylesheets again in prepare_writing, so both lists are kept
        # clean in place (the page context holds the same list objects).
        for files in (self._css_files, getattr(self, "_orig_css_files", [])):
            files[:] = [css for css in files if css.filename != WEB_FONTS_CSS]

    def prepare_writing(self, docnames) -> None:
        super().prepare_writing(docnames)
        self._drop_web_fonts()
        cfg = self.config
        self.globalcontext["press_cover_alt"] = (
            f"{label(cfg.language, cfg.press_title, locales(self))}: "
            f"{label(cfg.language, cfg.press_subtitle, locales(self))}")

    def write_genindex(self) -> None:
        """The index grouped and sorted as the edition's language does it (ICU, like
        the print index): Sphinx's own groups by the first letter stripped of accents,
        so Slovak and Czech "Č" and "Ch" would land under "C"."""
        from sphinx.environment.adapters.indexentries import IndexEntries

        entries = IndexEntries(self.env).create_index(self)
        context = {"genindexentries": collate(entries, self.config.language),
                   "genindexcounts": [], "split_index": False}
        self.handle_page("genindex", context, GENINDEX_TEMPLATE)

    # --- finishing: fonts, cover, package document, navigation, zip ----------------

    def handle_finish(self) -> None:
        # Sphinx writes the cover page while listing the files; one left by the last
        # build would be listed first and land in the spine twice (EPUBCheck RSC-005).
        Path(self.outdir, self.coverpage_name).unlink(missing_ok=True)
        self._write_imprint()
        self._copy_fonts()
        self._draw_cover()
        super().handle_finish()

    def _drop_viewport(self) -> None:
        """The theme's viewport meta is for browsers; reading systems must ignore it in
        a reflowable book, and EPUBCheck says so (HTM-060b)."""
        for page in Path(self.outdir).rglob("*.xhtml"):
            text = page.read_text(encoding="utf-8")
            if _VIEWPORT.search(text):
                page.write_text(_VIEWPORT.sub("", text), encoding="utf-8")

    def _write_imprint(self) -> None:
        """The print book's imprint page (publishers, year, edition, ISBN, funding,
        licence, data credits), cut from the same front matter so both say the same."""
        from press.ext.frontmatter import front_matter

        lang = self.config.language
        found = re.search(r'<section class="imprint">(.*?)</section>', front_matter(self.app), re.S)
        heading = html.escape(label(lang, "Imprint", locales(self)))
        # front matter is HTML; the page is XML, where an empty element closes itself
        inner = re.sub(r"<(br|hr|img)\b([^>]*?)\s*/?>", r"<\1\2 />", found.group(1) if found else "")
        body = (f'<section class="imprint" epub:type="copyright-page"><h1>{heading}</h1>'
                f'{inner}</section>')
        self.handle_page(IMPRINT, {"body": body, "title": heading}, "page.html")

    def _copy_fonts(self) -> None:
        from press.ext import project
        from press.ext.frontmatter import FONT_FACES

        fonts, out = project(self.app).fonts, Path(self.outdir, FONT_FOLDER)
        # The website's subset web fonts (press/static/fonts/, WOFF2) come along with the
        # static files; the EPUB embeds the vendored fonts unmodified instead.
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True, exist_ok=True)
        faces = []
        for family, style, weight, file in FONT_FACES:
            shutil.copyfile(fonts / file, out / file)
            faces.append(f'@font-face {{ font-family: "{family}"; font-style: {style}; '
                         f'font-weight: {weight}; src: url("fonts/{file}"); }}')
        css = "\n".join(faces) + """
body { font-family: "Charis SIL", serif; }
pre, code, kbd, samp, tt { font-family: "DejaVu Sans Mono", monospace; }
dl.field-list > dt:after { content: none; }  /* epub.css adds a colon; ours is in the text */
.epub-cover { text-align: center; margin: 0; padding: 0; }
.epub-cover img { max-width: 100%; max-height: 100%; }
"""
        Path(self.outdir, "_static", "press-epub.css").write_text(css, encoding="utf-8")

    def _draw_cover(self) -> None:
        from babel import Locale

        from press.epub.cover import render_cover
        from press.ext import project
        from press.ext.frontmatter import draft_mark

        from press.i18n.typography import typeset

        cfg, lang = self.config, self.config.language

        def words(msgid: str) -> str:
            # the book's typography: no one-letter word left at a line's end (the cover
            # wraps lines at ordinary spaces only, never at a no-break space)
            return typeset(label(lang, msgid, locales(self)), lang)

        png = render_cover(project(self.app).fonts, words(cfg.press_title),
                           words(cfg.press_subtitle), [words(p) for p in cfg.press_publishers],
                           str(date.fromisoformat(cfg.press_date).year),
                           Locale.parse(lang).get_display_name(lang) or lang, draft_mark(self.app))
        path = Path(self.outdir, COVER_IMAGE)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)

    def content_metadata(self) -> dict:
        meta = super().content_metadata()
        cfg, lang = self.config, self.config.language
        meta["creators"] = [html.escape(label(lang, p, locales(self))) for p in cfg.press_publishers]
        meta["day"] = html.escape(cfg.press_date)
        meta["accessibility"] = [*ACCESSIBILITY,
                                 ("accessibilitySummary", html.escape(summary(lang, locales(self))))]
        meta["item_properties"] = self._item_properties()
        return meta

    def _item_properties(self) -> dict[str, str]:
        """Manifest properties by href: the cover image, and pages with inline SVG."""
        found = {html.escape(quote(COVER_IMAGE)): "cover-image"}
        for page in sorted(Path(self.outdir).rglob("*.xhtml")):
            if "<svg" in page.read_text(encoding="utf-8"):
                found[html.escape(quote(page.relative_to(self.outdir).as_posix()))] = "svg"
        return found

    def navigation_doc_metadata(self, navlist) -> dict:
        meta = super().navigation_doc_metadata(navlist)
        lang = self.config.language
        # (no "toc" landmark: the navigation document is not in the spine)
        landmarks = [("cover", self.coverpage_name, label(lang, "Cover", locales(self))),
                     ("bodymatter", self.config.root_doc + self.out_suffix,
                      label(lang, self.config.press_title, locales(self)))]
        if self.use_index:
            landmarks.append(("index", "genindex" + self.out_suffix, label(lang, "Index", locales(self))))
        meta["landmarks"] = [(t, html.escape(h), html.escape(x)) for t, h, x in landmarks]
        return meta

    def toc_metadata(self, level, navpoints) -> dict:
        meta = super().toc_metadata(level, navpoints)
        meta["uid"] = html.escape(self.config.epub_identifier)  # the NCX names the book by it
        return meta

    def build_epub(self) -> None:
        from press.ext import project
        from press.epub.package import write_epub

        self._drop_viewport()   # every page is written by now, the cover page included
        fonts = project(self.app).fonts
        licences = {f"META-INF/{name}": (fonts / name).read_bytes()
                    for name in FONT_LICENCES if (fonts / name).exists()}
        write_epub(Path(self.outdir), self.files,
                   Path(self.outdir, self.config.epub_basename + ".epub"),
                   os.environ.get("SOURCE_DATE_EPOCH"), licences)


def _configure(app, config) -> None:
    """The epub_* settings from book/conf.py's press_* ones, for every builder."""
    lang, loc = config.language, config.press_edition.project.locales
    publishers = [label(lang, p, loc) for p in config.press_publishers]
    # An e-book has an ISBN of its own, never the print one's; without it, a UUID
    # derived from the publication and edition, so it stays the same from build to build.
    isbn = config.press_editions.get(lang, {}).get("epub_isbn", "")
    config.epub_basename = f"{config.press_publication}-{lang}"
    config.epub_title = label(lang, config.press_title, loc)
    config.epub_author = config.epub_publisher = "; ".join(publishers)
    config.epub_contributor = config.epub_author   # Sphinx warns if empty; not written
    config.epub_description = label(lang, config.press_subtitle, loc)
    config.epub_copyright = label(lang, config.press_licence, loc) or config.copyright
    config.epub_uid = "publication-id"
    config.epub_identifier = (f"urn:isbn:{isbn.replace('-', '')}" if isbn else
                              "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL,
                                                           f"press:{config.press_publication}/{lang}")))
    config.epub_cover = (COVER_IMAGE, COVER_TEMPLATE)
    config.epub_pre_files = [(IMPRINT + ".xhtml", label(lang, "Imprint", loc))]
    # the basic theme's files that no EPUB page uses
    # Static files of the website that no EPUB page links: the site's favicon, and the
    # syntax colours, which the website loads only on a page that shows code (the book
    # has none; a page with code would need them back).
    config.epub_exclude_files = ["_static/basic.css", "_static/minus.png", "_static/plus.png",
                                 "_static/favicon.svg", "_static/pygments.css"]
    config.epub_tocscope = "includehidden"
    config.epub_tocdepth = 2
    config.epub_show_urls = "no"   # links stay links; no URLs spliced into the text
    if not config.version:
        config.version = config.press_date   # Sphinx's EPUB wants one; not shown


def setup(app):
    app.add_builder(EpubBuilder, override=True)
    app.connect("config-inited", _configure, priority=700)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
