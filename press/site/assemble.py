"""The public website: the editions' HTML outputs, assembled into one static site.

    _build/site/            (a symlink to a complete, versioned folder; swapped atomically)
      index.html            landing page: the editions, each in its own language
      404.html              "page not found" in every edition's language
      robots.txt, sitemap.xml (the sitemap only when press_site_url is set)
      sk/ cs/ en/           the editions (from _build/html/<lang>/), each page with its
        downloads/          downloads: the edition's PDF (and EPUB) where built

This is its own step (`build.py site`, run after `build.py html`), over published
per-edition outputs only, so editions built on separate machines (each its own
`--build-dir`) can be assembled: `build.py site --from DIR DIR DIR`. The result
depends only on those outputs, the PDFs and EPUBs, and book/conf.py: the same inputs
give the same bytes wherever they were built.

The one thing written into the editions' pages is the downloads line: Sphinx leaves a
placeholder in every page's footer, because the PDF may be rendered after the HTML.
"""
from __future__ import annotations

import html
import shutil
from pathlib import Path
from urllib.parse import urlparse

from press.core.project import Project
from press.core.state import BuildError, inputs_hash, publish_tree, write_atomic
from press.site.downloads import (Download, _download, downloads_html, human_size,  # noqa: F401
                                  pdf_pages, site_url)

PLACEHOLDER = "<!--press:downloads-->"
SKIP = {".buildinfo", "_sources", ".doctrees"}
NOT_IN_SITEMAP = {"search.html", "genindex.html"}


def assemble(project: Project, sources: list[Path] | None = None, say=print,
             today=None) -> Path | None:
    """Build the site from the build folders `sources` (default: this project's) into
    `_build/site/`, and publish it atomically. Returns the published folder, or None
    when nothing it is made of changed since it was last published."""
    sources = [Path(s) for s in sources] if sources else [project.build]
    editions = _find_editions(project, sources)
    if not editions:
        raise BuildError("site: no edition has been built yet (make html); nothing to assemble")
    found = {lang: _download_paths(project, sources, lang, say) for lang in editions}
    for lang in project.editions:
        if lang not in editions:
            say(f"site: {lang}: not built; the site has the other editions")
    url = site_url(project)
    if not url:
        say("site: press_site_url in book/conf.py is empty: no sitemap.xml and no "
            "canonical links (set it before the site goes online)")
    key, memo = _key(project, editions, found, today), project.work / "site.key"
    if (project.build / "site").is_dir() and memo.exists() and memo.read_text() == key:
        return None
    work = project.work / "site"
    _write_site(project, work, editions, found, url, today, say)
    memo.unlink(missing_ok=True)
    publish_tree(work, project.build / "site")
    shutil.rmtree(work, ignore_errors=True)
    write_atomic(memo, key.encode())
    return project.build / "site"


def _write_site(project: Project, work: Path, editions: dict[str, Path], found, url: str, today, say) -> None:
    """The whole site in `work`: the editions with their downloads, the database, the
    board, the landing and 404 pages, robots.txt and (with a site URL) sitemap.xml."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    downloads = {}
    for lang, folder in editions.items():
        downloads[lang] = [_download(kind, path) for kind, path in found[lang]]
        _copy_edition(folder, work / lang, lang, downloads[lang], project.locales)
    langs = list(editions)
    from press.site import database      # the partnership database and map (its own stage)
    database.write(project, work, langs)
    # The partner board: its own inputs (board/, its catalogs, the board date), not Sphinx's.
    from press.site.board import write as write_board
    write_board(project, work, langs, today, _page, say, downloads)
    (work / "index.html").write_text(landing_page(project, langs, downloads), encoding="utf-8")
    (work / "404.html").write_text(not_found_page(project, langs), encoding="utf-8")
    (work / "robots.txt").write_text(robots(url), encoding="utf-8")
    if url:
        (work / "sitemap.xml").write_text(sitemap(work, langs, url), encoding="utf-8")


def _key(project: Project, editions: dict[str, Path], found, today=None) -> str:
    """What the site is made of: each edition's published folder (a new one at every
    publication), the downloads' bytes, conf.py, the site step's code and words, and the
    partner board: its records, catalogs and code, and its date, so that tomorrow's build
    is not "up to date" when an entry has expired since."""
    from press import ROOT
    from press.site.board import today_or

    files = [project.book / "conf.py", *sorted((ROOT / "press" / "site").rglob("*.py")),
             *sorted(p for p in (ROOT / "press" / "site" / "static").rglob("*") if p.is_file())]
    # the partnership database's data and the code it draws with
    files += sorted(p for p in Path(project.data).rglob("*") if p.is_file())
    files += sorted((ROOT / "press" / "data").glob("*.py"))
    # the board's entries and the database's case links are read by the content layer
    files += sorted((ROOT / "press" / "content").glob("*.py"))
    board = project.root / "board"
    files += sorted(p for p in board.rglob("*") if p.is_file()) if board.is_dir() else []
    files += [path for items in found.values() for _, path in items]
    files += [p for lang in editions
              for p in [project.locales / lang / "LC_MESSAGES" / "press.po"] if p.exists()]
    return inputs_hash(files, f"board-date={today_or(today).isoformat()}",
                       *(f"{lang}={folder}" for lang, folder in editions.items()),
                       *(str(path) for items in found.values() for _, path in items))


def _find_editions(project: Project, sources: list[Path]) -> dict[str, Path]:
    found = {}
    for lang in project.editions:
        for build in sources:
            folder = build / "html" / lang
            if (folder / "index.html").is_file():
                found[lang] = folder.resolve()
                break
    return found


# --- downloads ---------------------------------------------------------------------

def _download_paths(project: Project, sources: list[Path], lang: str, say):
    """(kind, path) of the edition's PDF and EPUB, from the first build folder that has it."""
    name = f"{project.publication}-{lang}"
    found = []
    for kind, sub, suffix in (("PDF", "pdf", ".pdf"), ("EPUB", "epub", ".epub")):
        path = next((b / sub / f"{name}{suffix}" for b in sources
                     if (b / sub / f"{name}{suffix}").is_file()), None)
        if path is not None:
            found.append((kind, path))
        elif kind == "PDF":
            say(f"site: {lang}: no PDF ({sub}/{name}{suffix}) yet; its link is left out "
                "(make pdf, then make html or build.py site)")
    return found


def _copy_edition(src: Path, dest: Path, lang: str, downloads: list[Download], locales) -> None:
    shutil.copytree(src, dest, ignore=lambda d, names: [n for n in names if n in SKIP])
    for page in sorted(dest.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if PLACEHOLDER in text:
            up = "../" * (len(page.relative_to(dest).parts) - 1)
            page.write_text(text.replace(PLACEHOLDER, downloads_html(lang, downloads, up, locales)),
                            encoding="utf-8")
    if downloads:
        (dest / "downloads").mkdir()
        for d in downloads:
            shutil.copyfile(d.source, dest / "downloads" / d.name)


# --- the site's own pages ----------------------------------------------------------

def _edition_words(project: Project, lang: str) -> dict[str, str]:
    from press.ext.htmlsite import native_name
    from press.i18n.labels import label

    conf = project.conf
    return {"lang": lang, "name": native_name(lang),
            "title": label(lang, conf.get("press_title", project.publication), project.locales),
            "subtitle": label(lang, conf.get("press_subtitle", ""), project.locales)
            if conf.get("press_subtitle") else "",
            "open": label(lang, "Read this edition", project.locales),
            "missing": label(lang, "Page not found", project.locales),
            "missing_text": label(lang, "There is no page at this address. The publication "
                                  "starts here:", project.locales)}


STYLE = """
body { margin: 0; font-family: "Twinning Text", Georgia, serif; color: #1a1a1a;
  background: #fff; line-height: 1.5; }
main { max-width: 46rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
.bar { border-top: 0.6rem solid #8b1a1a; }
h1 { color: #8b1a1a; font-size: 1.9rem; line-height: 1.2; margin: 0 0 0.25rem; }
h1 .title { white-space: nowrap; }
h2 { font-size: 1.35rem; margin: 0 0 0.25rem; color: #8b1a1a; }
ul.editions { list-style: none; padding: 0; margin: 2rem 0 0; display: grid; gap: 1rem; }
ul.editions li { border: 1px solid #bbb; border-left: 0.4rem solid #8b1a1a; padding: 1rem 1.25rem; }
ul.editions li.suggested { border-color: #8b1a1a; background: #fbf3f3; }
a { color: #8b1a1a; }
a:focus-visible { outline: 3px solid #8b1a1a; outline-offset: 2px; }
.downloads { font-size: 0.95rem; margin: 0.5rem 0 0; }
p { margin: 0.25rem 0; overflow-wrap: break-word; }
@media (prefers-color-scheme: dark) {
  body { background: #131416; color: #e6e6e6; }
  h1, h2, a { color: #f2a5a5; }
  ul.editions li { border-color: #555; border-left-color: #f2a5a5; }
  ul.editions li.suggested { background: #2a1c1c; border-color: #f2a5a5; }
  a:focus-visible { outline-color: #f2a5a5; }
}
"""


def _page(lang: str, title: str, body: str, fonts: str, head: str = "", script: str = "") -> str:
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="color-scheme" content="light dark">\n'
            f"<title>{html.escape(title)}</title>\n{head}"
            f'<link rel="icon" href="{fonts.rsplit("/fonts/", 1)[0]}/favicon.svg">\n'
            f'<link rel="stylesheet" href="{fonts}">\n<style>{STYLE}</style>\n</head>\n'
            f'<body>\n<div class="bar"></div>\n<main>\n{body}\n</main>\n{script}</body>\n</html>\n')


# Preselects the edition of the reader's preferred language: it is marked and moved to
# the top. Without JavaScript the page is the same list, in the order of book/conf.py.
PRESELECT = """<script>
(function () {
  var list = document.querySelector("ul.editions");
  var wanted = (navigator.languages || [navigator.language || ""]);
  for (var i = 0; i < wanted.length; i++) {
    var item = list.querySelector('li[lang="' + String(wanted[i]).slice(0, 2).toLowerCase() + '"]');
    if (item) { item.classList.add("suggested"); list.insertBefore(item, list.firstChild); return; }
  }
})();
</script>
"""


def landing_page(project: Project, langs: list[str], downloads: dict[str, list[Download]]) -> str:
    from press.i18n.labels import label

    first = _edition_words(project, langs[0])
    url = site_url(project)
    head = "".join(f'<link rel="alternate" hreflang="{lang}" href="{url or ""}{lang}/index.html">\n'
                   for lang in langs)
    if url:
        head = f'<link rel="canonical" href="{url}">\n' + head
    items = []
    for lang in langs:
        w = _edition_words(project, lang)
        dl = downloads_html(lang, downloads.get(lang, []), f"{lang}/", project.locales)
        items.append(
            f'<li lang="{lang}">\n<h2><a href="{lang}/index.html" hreflang="{lang}">'
            f'{html.escape(w["title"])}</a></h2>\n'
            f'<p>{html.escape(w["subtitle"])}</p>\n'
            f'<p><a href="{lang}/index.html" hreflang="{lang}">{html.escape(w["name"])}: '
            f'{html.escape(w["open"])}</a></p>\n'
            f'<p><a href="{lang}/board/index.html" hreflang="{lang}">'
            f'{html.escape(label(lang, "Partner board", project.locales))}</a></p>\n'
            + (f'<div class="downloads">{dl}</div>\n' if dl else "") + "</li>")
    names = list(dict.fromkeys(_edition_words(project, code)["title"] for code in langs))
    titles = " · ".join(names)
    heading = " · ".join(f'<span class="title">{html.escape(t)}</span>' for t in names)
    body = (f"<h1>{heading}</h1>\n"
            f'<ul class="editions">\n' + "\n".join(items) + "\n</ul>")
    return _page(first["lang"], titles, body, f"{langs[0]}/_static/fonts/fonts.css", head,
                 PRESELECT)


def not_found_page(project: Project, langs: list[str]) -> str:
    """One page for every missing address: served from any folder, so its links are
    absolute paths (from press_site_url, or the server's root while it is empty). The
    reader's edition, known from the address, comes first."""
    base = urlparse(site_url(project)).path or "/"
    blocks = []
    for lang in langs:
        w = _edition_words(project, lang)
        blocks.append(f'<section lang="{lang}">\n<h2>{html.escape(w["missing"])}</h2>\n'
                      f'<p>{html.escape(w["missing_text"])} '
                      f'<a href="{base}{lang}/index.html" hreflang="{lang}">'
                      f'{html.escape(w["title"])}</a></p>\n</section>')
    first = _edition_words(project, langs[0])
    script = ("<script>\n(function () {\n  var m = location.pathname.slice("
              f"{len(base)}).split('/')[0];\n"
              "  var s = document.querySelector('section[lang=\"' + m + '\"]');\n"
              "  var first = document.querySelector('main section');\n"
              "  if (s && first) { first.parentNode.insertBefore(s, first);"
              " document.documentElement.lang = m; }\n})();\n</script>\n")
    body = (f'<h1><a href="{base}index.html">{html.escape(first["title"])}</a></h1>\n'
            + "\n".join(blocks))
    return _page(first["lang"], " · ".join(_edition_words(project, code)["missing"] for code in langs),
                 body, f"{base}{langs[0]}/_static/fonts/fonts.css",
                 '<meta name="robots" content="noindex">\n', script)


def robots(url: str) -> str:
    lines = ["User-agent: *", "Allow: /"]
    if url:
        lines.append(f"Sitemap: {url}sitemap.xml")
    return "\n".join(lines) + "\n"


def sitemap(site: Path, langs: list[str], url: str) -> str:
    """Every page of every edition, each with its alternates in the other editions."""
    pages = sorted({p.relative_to(site / lang).as_posix()
                    for lang in langs for p in (site / lang).rglob("*.html")
                    if p.name not in NOT_IN_SITEMAP})
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
           f"<url><loc>{html.escape(url)}</loc></url>"]
    for page in pages:
        have = [lang for lang in langs if (site / lang / page).is_file()]
        alternates = "".join(f'<xhtml:link rel="alternate" hreflang="{lang}" '
                             f'href="{html.escape(url + lang + "/" + page)}"/>' for lang in have)
        for lang in have:
            out.append(f"<url><loc>{html.escape(url + lang + '/' + page)}</loc>{alternates}</url>")
    return "\n".join(out) + "\n</urlset>\n"
