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

The package: catalog.py (board.po and the description each edition shows), words.py,
page.py (index.html), form.py (add.html), feed.py (Atom and JSON), parts.py (what the
pages share), and this module, the stage (`write`) and its check (`check`).

Contact addresses never appear as text: each is split and reversed into data attributes
and put together by board.js; without JavaScript the reader is sent to the association.
"""
from __future__ import annotations

import datetime
import json
from functools import partial
from pathlib import Path

from press.content.board_records import WARN_DAYS, expiring_soon, json_schema, load_board, split_by_date
from press.core.project import Project
from press.site.board.catalog import catalog_path, translations
from press.site.board.feed import atom, export
from press.site.board.form import add_page
from press.site.board.page import board_page
from press.site.board.parts import _downloads, _languages
from press.site.board.words import words

STATIC = Path(__file__).parent.parent / "board_static"    # board.js, form.js, validate.js, board.css


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


# --- the site step --------------------------------------------------------------------

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
