"""The partner board, its catalogs: `board/locales/<lang>/LC_MESSAGES/board.po`, one
message per entry (msgctxt: the entry's id), made and merged by `update-po` (press/i18n/po.py, like every
other catalog), and the
description each edition shows."""
from __future__ import annotations

from pathlib import Path

from press.content.board_records import Entry, load_board
from press.core.project import Project

DOMAIN = "board"


def catalog_path(project: Project, lang: str) -> Path:
    return project.root / "board" / "locales" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def template(entries: list[Entry]):
    from press.i18n import po

    pot = po.new("", {"Project-Id-Version": "board",
                      "Content-Type": "text/plain; charset=UTF-8"})
    for e in entries:
        pot.append(po.POEntry(msgctxt=e.id, msgid=e.description, msgstr="",
                              occurrences=[(e.file, "")],
                              comment=f"{e.municipality} ({e.country}), written in {e.language}"))
    return pot


def update_po(project: Project, langs: list[str]) -> None:
    """Create and merge each edition's board.po from the entries, as update-po merges
    every catalog (press/i18n/po.py: a changed description comes back fuzzy, a removed
    entry's message is dropped)."""
    from press.content.board_records import board_files
    from press.i18n import po

    if not board_files(project):
        return                          # a project without a board gets no board catalogs
    entries, _ = load_board(project, examples=True)
    pot_path = project.build / "gettext" / "_board" / f"{DOMAIN}.pot"
    for lang in langs:
        # only the messages this edition has to translate
        po.write(template([e for e in entries if e.language != lang]), pot_path)
        path = catalog_path(project, lang)
        status = po.update(path, pot_path, lang)
        if status != "notchanged":
            print(f"{status}: {project.show(path)}")


def translations(project: Project, lang: str) -> dict[tuple[str, str], str]:
    from press.i18n import po

    path = catalog_path(project, lang)
    if not path.is_file():
        return {}
    return {(e.msgctxt or "", e.msgid): e.msgstr for e in po.messages(path) if e.translated()}


def description(entry: Entry, lang: str, table: dict) -> tuple[str, str]:
    """(text, its language): the edition's translation, or the source as written."""
    if entry.language == lang:
        return entry.description, lang
    text = table.get((entry.id, entry.description))
    return (text, lang) if text else (entry.description, entry.language)
