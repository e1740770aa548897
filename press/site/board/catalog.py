"""The partner board, its catalogs: `board/locales/<lang>/LC_MESSAGES/board.po`, one
message per entry (msgctxt: the entry's id), made and merged by `update-po`, and the
description each edition shows."""
from __future__ import annotations

from pathlib import Path

from press.content.board_records import Entry, load_board
from press.core.project import Project

DOMAIN = "board"


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
