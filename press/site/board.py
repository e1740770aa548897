"""The partner board on the website (issue 16): offers and requests of municipalities.

A stage of its own inside the site step (`build.py site`, press/site/assemble.py), not
Sphinx documents. Why: the board changes daily (an entry expires at midnight) while the
book changes by release; as Sphinx pages it would be part of every edition's Sphinx
build and of the print path's inputs, and its untranslated descriptions would count
against the release gate. Here it reads only `board/`, its catalogs and "today", so the
PDFs cannot depend on it, and a rebuilt board costs no Sphinx run.

Descriptions still go through catalogs like all other text, with the project's PO
tooling: `board/locales/<lang>/LC_MESSAGES/board.po`, one message per entry (msgctxt:
the entry's id; msgid: the description), made and merged by `update-po` (sphinx-intl's
per-file update, like every other catalog) and checked by check-po's rules in `check`.
An untranslated (or fuzzy) description is shown in its own language with `lang`, as the
book does; the board is outside the release gate.

Per edition it writes `<lang>/board/`:
  index.html   the entries, filters (type, country, theme, language), today's date
  add.html     the form: checks an entry against schema.json, writes the YAML record
  feed.atom    Atom (RFC 4287), entries.json: both without contact addresses
  schema.json  the JSON Schema of press/content/board_records.py's model
  board.js, form.js, validate.js   small scripts of our own (no library, no CDN)

Contact addresses never appear as text: each is split and reversed into data attributes
and put together by board.js; without JavaScript the reader is sent to the association.
"""
from __future__ import annotations

import datetime
import html
import json
import uuid
from functools import partial
from pathlib import Path

from press.content.board_records import (WARN_DAYS, Entry, expiring_soon,
                                         json_schema, load_board, split_by_date)
from press.core.project import Project
from press.i18n.labels import label

STATIC = Path(__file__).with_name("board_static")
DOMAIN = "board"


def today_or(today: datetime.date | None) -> datetime.date:
    return today or datetime.date.today()


# --- make check ------------------------------------------------------------------------

def check(project: Project, today: datetime.date | None = None) -> list[str]:
    """Problems in board/ (they fail `check`); prints the entries that expire soon."""
    today = today_or(today)
    entries, problems = load_board(project, examples=True)
    if not problems:
        print(f"board: {len(entries)} valid entries (today is {today.isoformat()})")
    for entry in sorted(entries, key=lambda e: (e.expiry, e.id)):
        if entry.expired(today):
            print(f"board: {entry.file}: expired on {entry.expires}; left out of the site "
                  "(renew it with a new expires:, or delete the file)")
    for entry in expiring_soon(entries, today):
        days = (entry.expiry - today).days
        print(f"board: {entry.file}: expires on {entry.expires}, in {days} day(s) "
              f"(within {WARN_DAYS}); ask the municipality whether to renew it")
    messages = [str(p) for p in problems]
    messages += _catalog_problems(project)
    return messages


def _catalog_problems(project: Project) -> list[str]:
    from press.i18n.pocheck import check_catalog

    found = []
    for lang in project.editions:
        path = catalog_path(project, lang)
        if path.is_file():
            found += [str(f) for f in check_catalog(path, lang, project.show(path), None, None)
                      if f.severity == "error"]
    return found


# --- catalogs ---------------------------------------------------------------------------

def catalog_path(project: Project, lang: str) -> Path:
    return project.root / "board" / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def template(entries: list[Entry]):
    import polib

    pot = polib.POFile(wrapwidth=79)
    pot.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Project-Id-Version": "board"}
    for e in entries:
        pot.append(polib.POEntry(msgctxt=e.id, msgid=e.description, msgstr="",
                                 occurrences=[(e.file, "")],
                                 comment=f"{e.municipality} ({e.country}), written in {e.language}"))
    return pot


def update_po(project: Project, langs: list[str]) -> None:
    """Create and merge each edition's board.po from the entries (sphinx-intl's merge:
    a changed description comes back fuzzy, a removed entry's message is dropped)."""
    from sphinx_intl.basic import UpdateItem, _update_single_file

    from press.content.board_records import board_files

    if not board_files(project):
        return                          # a project without a board gets no board catalogs
    entries, _ = load_board(project, examples=True)
    pot_path = project.build / "gettext" / "_board" / f"{DOMAIN}.pot"
    pot_path.parent.mkdir(parents=True, exist_ok=True)
    for lang in langs:
        # only the messages this edition has to translate
        pot = template([e for e in entries if e.language != lang])
        pot.save(str(pot_path))
        po = catalog_path(project, lang)
        result = _update_single_file(UpdateItem(str(po), str(pot_path), lang, 79, True))
        if result.status != "notchanged":
            print(f"{result.status}: {project.show(po)}")


def translations(project: Project, lang: str) -> dict[tuple[str, str], str]:
    import polib

    path = catalog_path(project, lang)
    if not path.is_file():
        return {}
    return {(e.msgctxt or "", e.msgid): e.msgstr for e in polib.pofile(str(path))
            if e.translated() and not e.obsolete}


def description(entry: Entry, lang: str, table: dict) -> tuple[str, str]:
    """(text, its language): the edition's translation, or the source as written."""
    if entry.language == lang:
        return entry.description, lang
    text = table.get((entry.id, entry.description))
    return (text, lang) if text else (entry.description, entry.language)


# --- words --------------------------------------------------------------------------

def words(project: Project, lang: str) -> dict[str, str]:
    loc = project.locales
    return {
        "board": label(lang, "Partner board", loc),
        "intro": label(lang, "Municipalities offer themselves as partners or look for one. "
                       "Entries are checked by the association's secretariat before they "
                       "are published.", loc),
        "privacy": label(lang, "What is published: the entry as the municipality sent it, "
                         "with the address of an office (never a private person's). Each "
                         "entry is shown until its expiry date, at most 12 months after "
                         "publication, and then taken off the site unless it is renewed. "
                         "The feed and the data export leave the contact addresses out.", loc),
        "as_of": label(lang, "Board as of %s", loc),
        "add": label(lang, "Add your entry", loc),
        "feed": label(lang, "Atom feed", loc),
        "json": label(lang, "Data (JSON)", loc),
        "filters": label(lang, "Filter the entries", loc),
        "type": label(lang, "Type", loc),
        "offer": label(lang, "Offer", loc),
        "request": label(lang, "Request", loc),
        "offers": label(lang, "Offers partnership", loc),
        "requests": label(lang, "Looks for a partner", loc),
        "country": label(lang, "Country", loc),
        "theme": label(lang, "Theme", loc),
        "language": label(lang, "Language", loc),
        "all": label(lang, "All", loc),
        "shown": label(lang, "Entries shown: %s of %s", loc),
        "none": label(lang, "There are no entries on the board at present.", loc),
        "example": label(lang, "Example", loc),
        "example_note": label(lang, "A fictional municipality, shown to demonstrate the "
                              "board.", loc),
        "published": label(lang, "Published", loc),
        "expires": label(lang, "Shown until", loc),
        "region": label(lang, "Region", loc),
        "population": label(lang, "Population", loc),
        "languages": label(lang, "Languages spoken", loc),
        "themes": label(lang, "Themes", loc),
        "seeking": label(lang, "Looking for", loc),
        "countries": label(lang, "Countries", loc),
        "regions": label(lang, "Regions", loc),
        "size": label(lang, "Size", loc),
        "smaller": label(lang, "smaller", loc),
        "similar": label(lang, "similar size", loc),
        "larger": label(lang, "larger", loc),
        "any": label(lang, "any size", loc),
        "contact": label(lang, "Contact", loc),
        "write": label(lang, "Write to the office", loc),
        "nojs_contact": label(lang, "Contact addresses are shown with JavaScript only. "
                              "Without it, please contact the association, which forwards "
                              "your message:", loc),
        "untranslated": label(lang, "Not translated yet; shown as the municipality wrote it.", loc),
        "link": label(lang, "Link to this entry", loc),
        "back": label(lang, "Back to the publication", loc),
    }


def _associations() -> str:
    # Public web sites only (FACTS-2026.md, section 6): no address to harvest.
    return ('<a href="https://www.zmos.sk" hreflang="sk">ZMOS</a>, '
            '<a href="https://www.smocr.cz" hreflang="cs">SMO ČR</a>')


def _date(d: str | datetime.date, lang: str) -> str:
    from babel.dates import format_date

    value = datetime.date.fromisoformat(d) if isinstance(d, str) else d
    return f'<time datetime="{value.isoformat()}">{html.escape(format_date(value, "long", locale=lang))}</time>'


def _hidden_address(address: str) -> str:
    """data attributes from which board.js puts the address together; reversed, so that
    neither the address nor its parts read as one."""
    local, domain = address.rsplit("@", 1)
    return f'data-u="{html.escape(local[::-1])}" data-d="{html.escape(domain[::-1])}"'


# --- the board page -------------------------------------------------------------------

def _downloads(project: Project, lang: str, found) -> str:
    """The edition's downloads, as on every other page (press/site/assemble.py)."""
    from press.site.downloads import downloads_html

    links = downloads_html(lang, found, "../", project.locales)
    return f'\n<footer class="board-downloads">{links}</footer>' if links else ""


def _languages(project: Project, lang: str, langs: list[str], name: str) -> tuple[str, str]:
    """Like every page of the site: hreflang alternates and canonical link (when
    press_site_url is set), and the switcher to the same page in the other editions."""
    from press.ext.htmlsite import native_name
    from press.site.downloads import site_url

    url = site_url(project)
    head = ""
    if url:
        head = "".join(f'<link rel="alternate" hreflang="{o}" href="{url}{o}/board/{name}">\n'
                       for o in langs)
        head += (f'<link rel="alternate" hreflang="x-default" href="{url}">\n'
                 f'<link rel="canonical" href="{url}{lang}/board/{name}">\n')
    items = "".join(
        f'<li><a href="../../{o}/board/{name}" lang="{o}" '
        + ('aria-current="true"' if o == lang else f'hreflang="{o}"')
        + f">{html.escape(native_name(o))}</a></li>" for o in langs)
    nav = (f'<nav class="press-languages" aria-label="{html.escape(label(lang, "Language", project.locales))}">'
           f"<ul>{items}</ul></nav>\n")
    return head, nav


def write(project: Project, site: Path, langs: list[str], today: datetime.date | None,
          page, say=print, downloads=None) -> None:
    """Write every edition's board into the assembled site folder."""
    today = today_or(today)
    entries, problems = load_board(project)
    if problems:
        from press.core.state import BuildError
        raise BuildError("board: entries with problems (make check):\n"
                         + "\n".join(str(p) for p in problems))
    split = split_by_date(entries, today)
    for entry in split.expired:
        say(f"board: {entry.file}: expired on {entry.expires}; left out of the site "
            f"(board date {today.isoformat()}; the file is kept)")
    schema = json_schema(project)
    for lang in langs:
        out = site / lang / "board"
        out.mkdir(parents=True, exist_ok=True)
        table = translations(project, lang)
        w = words(project, lang)
        # partial binds this language's values now; each page is made in this iteration.
        for name, make in (("index.html", partial(board_page, project, lang, split.shown, today, w, table)),
                           ("add.html", partial(add_page, project, lang, schema, today, w))):
            body, title, head, script = make()
            alternates, nav = _languages(project, lang, langs, name)
            body += _downloads(project, lang, (downloads or {}).get(lang, []))
            (out / name).write_text(page(lang, title, nav + body, "../_static/fonts/fonts.css",
                                         alternates + head, script), encoding="utf-8")
        (out / "feed.atom").write_text(atom(project, lang, split.shown, today, w, table), encoding="utf-8")
        (out / "entries.json").write_text(export(project, lang, split.shown, today, table), encoding="utf-8")
        (out / "schema.json").write_text(json.dumps(schema, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                         encoding="utf-8")
        for name in ("board.js", "form.js", "validate.js", "board.css"):
            (out / name).write_bytes((STATIC / name).read_bytes())


def _names(project: Project, lang: str, codes) -> dict[str, str]:
    from press.i18n.names import Names

    names = Names.of(project)
    return {c: names.country(c, lang) for c in codes}


def _language_name(code: str, lang: str) -> str:
    from babel import Locale

    return Locale.parse(lang).languages.get(code, code)


def _theme_names(project: Project, lang: str) -> dict[str, str]:
    from press.content.records import load_vocab

    vocab = load_vocab(project)
    return {k: vocab.theme(k, lang) for k in vocab.themes}


def board_page(project, lang, entries, today, w, table) -> tuple[str, str, str, str]:
    themes = _theme_names(project, lang)
    countries = sorted({e.country for e in entries})
    country_names = _names(project, lang, set(countries))
    spoken = sorted({code for e in entries for code in e.languages})
    used_themes = sorted({t for e in entries for t in e.themes}, key=lambda k: themes[k])

    def select(name, text, options):
        opts = "".join(f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in options)
        return (f'<p><label for="f-{name}">{html.escape(text)}</label> '
                f'<select id="f-{name}" name="{name}"><option value="">{html.escape(w["all"])}</option>'
                f"{opts}</select></p>")

    filters = (f'<form class="board-filters" aria-label="{html.escape(w["filters"])}">'
               + select("type", w["type"], [("offer", w["offer"]), ("request", w["request"])])
               + select("country", w["country"], sorted(((c, country_names[c]) for c in countries), key=lambda x: x[1]))
               + select("theme", w["theme"], [(t, themes[t]) for t in used_themes])
               + select("language", w["language"],
                        sorted(((code, _language_name(code, lang)) for code in spoken), key=lambda x: x[1]))
               + "</form>")
    articles = [_article(project, lang, e, w, table, themes) for e in
                sorted(entries, key=lambda e: (e.published, e.id), reverse=True)]
    total = len(entries)
    count = (f'<p id="board-count" role="status" data-template="{html.escape(w["shown"])}">'
             f'{html.escape(w["shown"] % (total, total))}</p>')
    body = (f'<p><a href="../index.html">{html.escape(w["back"])}</a></p>\n'
            f'<h1>{html.escape(w["board"])}</h1>\n<p>{html.escape(w["intro"])}</p>\n'
            f'<p class="board-privacy">{html.escape(w["privacy"])}</p>\n'
            f'<p>{w["as_of"] % _date(today, lang)}</p>\n'
            f'<p class="board-links"><a href="add.html">{html.escape(w["add"])}</a> · '
            f'<a href="feed.atom" type="application/atom+xml">{html.escape(w["feed"])}</a> · '
            f'<a href="entries.json" type="application/json">{html.escape(w["json"])}</a></p>\n'
            + filters + "\n" + count + "\n"
            + ("\n".join(articles) if articles else f'<p>{html.escape(w["none"])}</p>')
            + f'\n<section id="board-nojs" class="board-nojs"><p>{html.escape(w["nojs_contact"])} '
            f'{_associations()}</p></section>')
    head = '<link rel="stylesheet" href="board.css">\n'
    return body, w["board"], head, '<script src="board.js"></script>\n'


def _article(project, lang, e: Entry, w, table, themes) -> str:
    from press.i18n.names import Names

    country_name = Names.of(project).country

    text, text_lang = description(e, lang, table)
    size = {"smaller": w["smaller"], "similar": w["similar"], "larger": w["larger"], "any": w["any"]}
    seeking = []
    if e.seeking.countries:
        seeking.append(f'{html.escape(w["countries"])}: '
                       + html.escape(", ".join(country_name(c, lang) for c in e.seeking.countries)))
    if e.seeking.regions:
        seeking.append(f'{html.escape(w["regions"])}: ' + html.escape(", ".join(e.seeking.regions)))
    seeking.append(f'{html.escape(w["size"])}: {html.escape(size[e.seeking.size])}')
    seeking.append(f'{html.escape(w["themes"])}: ' + html.escape(", ".join(themes[t] for t in e.seeking.themes)))
    from babel.numbers import format_decimal

    rows = [(w["languages"], ", ".join(_language_name(code, lang) for code in e.languages)),
            (w["themes"], ", ".join(themes[t] for t in e.themes)),
            (w["population"], format_decimal(e.population, locale=lang))]
    if e.region:
        rows.insert(0, (w["region"], e.region))
    dl = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    dl += f'<dt>{html.escape(w["seeking"])}</dt><dd>{"; ".join(seeking)}</dd>'
    kind = w["offers"] if e.type == "offer" else w["requests"]
    example = (f' <strong class="board-example">{html.escape(w["example"])}</strong>' if e.example else "")
    note = (f'<p class="board-example-note">{html.escape(w["example_note"])}</p>' if e.example else "")
    untranslated = (f' <span class="board-untranslated">({html.escape(w["untranslated"])})</span>'
                    if text_lang != lang else "")
    lang_attr = f' lang="{text_lang}"' if text_lang != lang else ""
    return (f'<article class="board-entry" id="{html.escape(e.id)}" data-type="{e.type}" '
            f'data-country="{e.country}" data-themes="{" ".join(e.themes)}" '
            f'data-languages="{" ".join(e.languages)}">\n'
            f'<h2><span class="board-kind board-{e.type}">{html.escape(kind)}</span>: '
            f'{html.escape(e.municipality)} ({html.escape(country_name(e.country, lang))}){example}</h2>\n'
            f'{note}<p class="board-dates">{html.escape(w["published"])} {_date(e.published, lang)} · '
            f'{html.escape(w["expires"])} {_date(e.expires, lang)} · '
            f'<a href="#{html.escape(e.id)}">{html.escape(w["link"])}</a></p>\n'
            f'<p class="board-description"{lang_attr}>{html.escape(text)}</p>{untranslated}\n'
            f'<dl>{dl}</dl>\n'
            f'<p class="board-contact">{html.escape(w["contact"])}: {html.escape(e.contact.office)} · '
            f'<a class="board-mail" href="#board-nojs" {_hidden_address(e.contact.email)}>'
            f'{html.escape(w["write"])}</a></p>\n</article>')


# --- feed and export --------------------------------------------------------------------

def _uuid(*parts: str) -> str:
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "twinning-board:" + ":".join(parts)))


def _stamp(d: str | datetime.date) -> str:
    return (d if isinstance(d, str) else d.isoformat()) + "T00:00:00Z"


def atom(project, lang, entries, today, w, table) -> str:
    """Atom 1.0 (RFC 4287). `updated` is the newest publication date (not the build's
    clock), so the same board gives the same bytes."""
    from press.i18n.names import Names
    from press.site.downloads import site_url

    country_name = Names.of(project).country

    base = site_url(project)
    here = f"{base}{lang}/board/" if base else ""
    themes = _theme_names(project, lang)
    updated = max((e.published for e in entries), default=project.conf.get("press_date", today.isoformat()))
    authors = "".join(f"<author><name>{html.escape(label(lang, p, project.locales))}</name></author>"
                      for p in project.conf.get("press_publishers", [])) or \
        "<author><name>Partner board</name></author>"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
           f'<id>{_uuid("feed", lang)}</id>',
           f'<title>{html.escape(w["board"])}</title>',
           f'<updated>{_stamp(updated)}</updated>', authors,
           f'<link rel="self" type="application/atom+xml" href="{here}feed.atom"/>',
           f'<link rel="alternate" type="text/html" href="{here}index.html"/>']
    for e in sorted(entries, key=lambda e: (e.published, e.id), reverse=True):
        text, text_lang = description(e, lang, table)
        kind = w["offers"] if e.type == "offer" else w["requests"]
        title = f'{kind}: {e.municipality} ({country_name(e.country, lang)})'
        if e.example:
            title += f' [{w["example"]}]'
        out += ["<entry>", f"<id>{_uuid(e.id, e.published)}</id>",
                f"<title>{html.escape(title)}</title>",
                f"<published>{_stamp(e.published)}</published>",
                f"<updated>{_stamp(e.published)}</updated>",
                f'<link rel="alternate" type="text/html" href="{here}index.html#{e.id}"/>']
        out += [f'<category term="{t}" label="{html.escape(themes[t])}"/>' for t in e.themes]
        out += [f'<summary type="text" xml:lang="{text_lang}">{html.escape(text)}</summary>', "</entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


def export(project, lang, entries, today, table) -> str:
    """The board as data, contact addresses left out (the office's name stays)."""
    rows = []
    for e in sorted(entries, key=lambda e: e.id):
        data = e.model_dump(exclude={"contact", "consent"})
        text, text_lang = description(e, lang, table)
        data.update(description=text, description_language=text_lang,
                    source_description=e.description, source_language=e.language,
                    office=e.contact.office)
        del data["language"]
        rows.append(data)
    return json.dumps({"board_date": today.isoformat(), "edition": lang, "entries": rows},
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"


# --- the form -----------------------------------------------------------------------

def form_words(project: Project, lang: str) -> dict[str, str]:
    loc = project.locales
    return {
        "title": label(lang, "Add your entry to the partner board", loc),
        "how": label(lang, "Fill in the form. It checks the entry in your browser and makes a "
                     "record file, which you download or send by e-mail to the "
                     "secretariat. Nothing is sent until you do so; the secretariat checks "
                     "the entry before it is published.", loc),
        "municipality": label(lang, "Municipality", loc),
        "region_hint": label(lang, "Optional.", loc),
        "languages_hint": label(lang, "Language codes separated by commas, e.g. sk, de, en.", loc),
        "countries_hint": label(lang, "Country codes separated by commas, e.g. DE, AT; empty: any country.", loc),
        "regions_hint": label(lang, "Optional; one per line.", loc),
        "desc_lang": label(lang, "Language of the description", loc),
        "description": label(lang, "Description", loc),
        "desc_hint": label(lang, "One paragraph of plain text: who you are and what partnership you seek.", loc),
        "office": label(lang, "Office or role", loc),
        "email": label(lang, "Office e-mail address", loc),
        "email_hint": label(lang, "The address of an office (e.g. podatelna@…), not of a person.", loc),
        "consent": label(lang, "The municipality agrees that this entry, with the office's "
                         "address, is published on the board until the date below.", loc),
        "expires_hint": label(lang, "At most 12 months after publication.", loc),
        "make": label(lang, "Check and make the record", loc),
        "errors": label(lang, "The entry has problems:", loc),
        "ok": label(lang, "The record is ready. Download it or send it by e-mail to the secretariat.", loc),
        "record": label(lang, "The record (YAML)", loc),
        "download": label(lang, "Download the record", loc),
        "send": label(lang, "Send by e-mail to the secretariat", loc),
        "nojs": label(lang, "The form needs JavaScript. Without it, write to the association:", loc),
        "required": label(lang, "required", loc),
        # messages of the validator
        "e_required": label(lang, "This field is required.", loc),
        "e_type": label(lang, "The value has the wrong type.", loc),
        "e_enum": label(lang, "Not one of the allowed values: %s", loc),
        "e_short": label(lang, "Too short.", loc),
        "e_long": label(lang, "Too long (at most %s characters).", loc),
        "e_pattern": label(lang, "The format is not valid.", loc),
        "e_markup": label(lang, "Plain text only: no HTML, links, headings or markup.", loc),
        "e_min": label(lang, "Must be at least %s.", loc),
        "e_max": label(lang, "Must be at most %s.", loc),
        "e_items_min": label(lang, "Choose at least %s.", loc),
        "e_items_max": label(lang, "At most %s items.", loc),
        "e_unique": label(lang, "An item is listed twice.", loc),
        "e_unknown": label(lang, "Unknown field.", loc),
        "e_private": label(lang, "Give the address of an office, not a private or personal one.", loc),
        "e_consent": label(lang, "The municipality's consent is required.", loc),
        "e_order": label(lang, "The expiry date must be after the publication date.", loc),
        "e_months": label(lang, "At most 12 months after publication (at the latest %s).", loc),
    }


def add_page(project, lang, schema, today, w) -> tuple[str, str, str, str]:
    f = form_words(project, lang)
    themes = _theme_names(project, lang)
    email = project.conf.get("press_board_email", "")
    country_enum = schema["properties"]["country"]["enum"]
    countries = sorted(_names(project, lang, country_enum).items(), key=lambda x: x[1])
    languages = sorted(((c, _language_name(c, lang)) for c in schema["properties"]["language"]["enum"]),
                       key=lambda x: x[1])
    req = f' <span class="board-req">({html.escape(f["required"])})</span>'

    def field(name, text, control, hint="", required=True):
        hint_html = f'<span class="board-hint" id="h-{name}">{html.escape(hint)}</span>' if hint else ""
        return (f'<div class="board-field" data-field="{name}"><label for="i-{name}">'
                f'{html.escape(text)}{req if required else ""}</label>{hint_html}{control}'
                f'<span class="board-error" id="e-{name}"></span></div>')

    def described(name, hint):
        return f'aria-describedby="{"h-" + name + " " if hint else ""}e-{name}"'

    def text(name, label_text, hint="", required=True, kind="text", extra=""):
        return field(name, label_text,
                     f'<input type="{kind}" id="i-{name}" name="{name}" {described(name, hint)}'
                     f'{" required" if required else ""}{extra}>', hint, required)

    def options(pairs, blank=True):
        return ('<option value="">—</option>' if blank else "") + "".join(
            f'<option value="{html.escape(v)}">{html.escape(t)}</option>' for v, t in pairs)

    def checks(name, legend, pairs):
        boxes = "".join(f'<label><input type="checkbox" name="{name}" value="{html.escape(v)}"> '
                        f'{html.escape(t)}</label>' for v, t in pairs)
        return (f'<fieldset class="board-field" data-field="{name}" aria-describedby="e-{name}">'
                f'<legend>{html.escape(legend)}{req}</legend>{boxes}'
                f'<span class="board-error" id="e-{name}"></span></fieldset>')

    theme_pairs = sorted(themes.items(), key=lambda x: x[1])
    size = [("any", w["any"]), ("similar", w["similar"]), ("smaller", w["smaller"]), ("larger", w["larger"])]
    published = today.isoformat()
    from press.content.board_records import latest_expiry
    form = "".join([
        f'<fieldset class="board-field" data-field="type" aria-describedby="e-type">'
        f'<legend>{html.escape(w["type"])}{req}</legend>'
        f'<label><input type="radio" name="type" value="offer"> {html.escape(w["offers"])}</label>'
        f'<label><input type="radio" name="type" value="request"> {html.escape(w["requests"])}</label>'
        f'<span class="board-error" id="e-type"></span></fieldset>',
        text("municipality", f["municipality"]),
        field("country", w["country"], f'<select id="i-country" name="country" {described("country", "")} required>'
              f'{options(countries)}</select>'),
        text("region", w["region"], f["region_hint"], required=False),
        text("population", w["population"], kind="number", extra=' min="1" step="1" inputmode="numeric"'),
        text("languages", w["languages"], f["languages_hint"]),
        checks("themes", w["themes"], theme_pairs),
        f'<fieldset><legend>{html.escape(w["seeking"])}</legend>',
        text("seeking.countries", w["countries"], f["countries_hint"], required=False),
        field("seeking.regions", w["regions"], f'<textarea id="i-seeking.regions" name="seeking.regions" rows="2" '
              f'{described("seeking.regions", f["regions_hint"])}></textarea>', f["regions_hint"], required=False),
        field("seeking.size", w["size"],
              f'<select id="i-seeking.size" name="seeking.size" {described("seeking.size", "")}>'
              f'{options(size, blank=False)}</select>', required=False),
        checks("seeking.themes", f'{w["seeking"]}: {w["themes"]}', theme_pairs),
        "</fieldset>",
        field("language", f["desc_lang"],
              f'<select id="i-language" name="language" {described("language", "")} required>'
              f'{options(languages)}</select>'),
        field("description", f["description"], f'<textarea id="i-description" name="description" rows="5" '
              f'{described("description", f["desc_hint"])} required></textarea>', f["desc_hint"]),
        text("contact.office", f["office"]),
        text("contact.email", f["email"], f["email_hint"], kind="email"),
        f'<div class="board-field" data-field="consent"><label><input type="checkbox" id="i-consent" name="consent" '
        f'aria-describedby="e-consent" required> {html.escape(f["consent"])}{req}</label>'
        f'<span class="board-error" id="e-consent"></span></div>',
        text("published", w["published"], kind="date", extra=f' value="{published}"'),
        text("expires", w["expires"], f["expires_hint"], kind="date",
             extra=f' value="{latest_expiry(today).isoformat()}"'),
    ])
    messages = {k: v for k, v in f.items() if k.startswith("e_")}
    data = json.dumps({"schema": schema, "messages": messages}, ensure_ascii=False, sort_keys=True)
    data = data.replace("</", "<\\/")
    local, _, domain = email.rpartition("@")
    body = (f'<p><a href="index.html">{html.escape(w["board"])}</a></p>\n'
            f'<h1>{html.escape(f["title"])}</h1>\n<p>{html.escape(f["how"])}</p>\n'
            f'<p class="board-privacy">{html.escape(w["privacy"])}</p>\n'
            f'<noscript><p>{html.escape(f["nojs"])} {_associations()}</p></noscript>\n'
            f'<form id="board-form" novalidate>\n'
            f'<div id="board-summary" role="alert" tabindex="-1" hidden>'
            f'<p>{html.escape(f["errors"])}</p><ul></ul></div>\n'
            f'{form}\n<p><button type="submit">{html.escape(f["make"])}</button></p>\n</form>\n'
            f'<section id="board-result" hidden tabindex="-1" aria-labelledby="board-result-h">'
            f'<h2 id="board-result-h">{html.escape(f["record"])}</h2><p role="status">{html.escape(f["ok"])}</p>'
            f'<label for="board-yaml">{html.escape(f["record"])}</label>'
            f'<textarea id="board-yaml" rows="24" readonly></textarea>'
            f'<p><a id="board-download" download="entry.yaml" href="#board-yaml">{html.escape(f["download"])}</a> · '
            f'<a id="board-send" href="#board-yaml" data-u="{html.escape(local[::-1])}" '
            f'data-d="{html.escape(domain[::-1])}">{html.escape(f["send"])}</a></p></section>\n'
            f'<script type="application/json" id="board-data">{data}</script>')
    head = '<link rel="stylesheet" href="board.css">\n'
    return (body, f["title"], head,
            '<script src="validate.js"></script>\n<script src="form.js"></script>\n')
